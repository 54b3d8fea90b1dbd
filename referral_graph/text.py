"""Text folding for search: accents and case do not matter ("Querétaro" = "queretaro")."""

from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lower-case, strip accents, and collapse punctuation to single spaces.

    >>> fold("Fundación Casa Alianza, I.A.P.")
    'fundacion casa alianza i a p'
    >>> fold("QUERÉTARO") == fold("queretaro")
    True
    """
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACE.sub(" ", bare.lower()).strip()
