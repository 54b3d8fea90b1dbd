"""Words the API says about faults, in the caller's language (catalogue group ``fault``).

Caseworkers read the outage message in the pages, so it follows the caller's language; the
driver and domain raise it in English, and `localize` swaps it at the edge.
"""

from __future__ import annotations

from referral_graph import i18n
from referral_graph.directory.lang import Lang
from referral_graph.store.driver import MESSAGE, UNKNOWN_OUTCOME

# The English message the driver raises -> its key in the catalogue.
KEYS: dict[str, str] = {MESSAGE: "unavailable", UNKNOWN_OUTCOME: "unknown_outcome"}


def localize(message: str, lang: Lang) -> str:
    """``message`` in ``lang`` when it is one of ours; otherwise as it is.

    >>> localize(MESSAGE, Lang.ES).startswith("La base de datos")
    True
    >>> localize(MESSAGE, Lang.EN) == MESSAGE
    True
    >>> localize("no State with id 'MX-XXX'", Lang.ES)
    "no State with id 'MX-XXX'"
    """
    key = KEYS.get(message)
    return message if key is None else i18n.text("fault", key, lang)
