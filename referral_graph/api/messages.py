"""Words the API says about faults, in Spanish and English (see directory/lang.py for labels).

Caseworkers read the outage message in the pages, so it follows the caller's language; the
driver and domain raise it in English, and `localize` swaps it at the edge.
"""

from __future__ import annotations

from referral_graph.directory.lang import Lang
from referral_graph.store.driver import MESSAGE, UNKNOWN_OUTCOME

MESSAGES: dict[str, tuple[str, str]] = {
    MESSAGE: ("La base de datos del directorio no responde en este momento; intente de nuevo "
              "en unos segundos.", MESSAGE),
    UNKNOWN_OUTCOME: ("La base de datos dejó de responder mientras se guardaba: el cambio pudo "
                      "haberse guardado o no. Envíelo de nuevo con la misma Idempotency-Key: se "
                      "guardará una sola vez.", UNKNOWN_OUTCOME),
}


def localize(message: str, lang: Lang) -> str:
    """``message`` in ``lang`` when it is one of ours; otherwise as it is.

    >>> localize(MESSAGE, Lang.ES).startswith("La base de datos")
    True
    >>> localize("no State with id 'MX-XXX'", Lang.ES)
    "no State with id 'MX-XXX'"
    """
    pair = MESSAGES.get(message)
    if pair is None:
        return message
    return pair[0] if lang is Lang.ES else pair[1]
