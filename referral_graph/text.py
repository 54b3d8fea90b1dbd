"""Text folding for search: accents and case do not matter ("Querétaro" = "queretaro")."""

from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"[^a-z0-9]+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# Characters whose bare form is kept: the Latin, Greek and Cyrillic letters a directory
# meets many times over fit in a few hundred; a text of every code point cannot grow it
# past this.
_BARE_KEPT = 65_536


def bare(ch: str) -> str:
    """One character's compatibility decomposition (NFKD) without its combining marks.

    >>> bare("é"), bare("ﬁ"), bare("ß")
    ('e', 'fi', 'ß')
    """
    return "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))


class _Bare(dict[str, str]):
    """`bare` of each character, worked out the first time it is asked."""

    def __missing__(self, ch: str) -> str:
        found = bare(ch)
        if len(self) < _BARE_KEPT:
            self[ch] = found
        return found


_BARES = _Bare()


def _bare_of(m: re.Match[str]) -> str:
    return _BARES[m.group()]


def fold(text: str) -> str:
    """Lower-case, strip accents, and collapse punctuation to single spaces.

    The same as decomposing the whole text (NFKD), dropping the combining marks and then
    lower-casing: decomposition works character by character, and the canonical reordering
    it adds only moves combining marks, which are dropped. Why per character: every public
    answer's new strings are folded for the redactor, and the per-character generator over
    the whole text was a tenth of a first directory answer's time at 100k organizations;
    ASCII text (most of it) is not decomposed at all.

    >>> fold("Fundación Casa Alianza, I.A.P.")
    'fundacion casa alianza i a p'
    >>> fold("QUERÉTARO") == fold("queretaro")
    True
    """
    if not text.isascii():
        text = _NON_ASCII.sub(_bare_of, text)
    return _SPACE.sub(" ", text.lower()).strip()
