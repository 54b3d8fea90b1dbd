"""Words the API says about faults, in the caller's language (catalogue group ``fault``).

Caseworkers read the outage message in the pages, so it follows the caller's language; the
driver and domain raise it in English, and `localize` swaps it at the edge.
"""

from __future__ import annotations

from referral_graph import i18n
from referral_graph.directory.lang import Lang
from referral_graph.store.driver import MESSAGE, UNKNOWN_OUTCOME

# The API's own refusals, raised in English (the catalogue's English, group ``fault``) and
# swapped for the caller's language at the edge.
BAD_TOKEN = i18n.text("fault", "bad_token", "en")
MUTATION_OVER_GET = i18n.text("fault", "mutation_over_get", "en")
NO_SUCH_OPERATION = i18n.text("fault", "no_such_operation", "en")
NO_QUERY = i18n.text("fault", "no_query", "en")
WHICH_OPERATION = i18n.text("fault", "which_operation", "en")

# The English message the driver, the auth layer or the GraphQL server raises -> its key in
# the catalogue (group ``fault``).
KEYS: dict[str, str] = {
    MESSAGE: "unavailable", UNKNOWN_OUTCOME: "unknown_outcome", BAD_TOKEN: "bad_token",
    MUTATION_OVER_GET: "mutation_over_get", NO_SUCH_OPERATION: "no_such_operation",
    WHICH_OPERATION: "which_operation", "Unsupported content type": "content_type",
    "Unable to parse request body as JSON": "not_json", NO_QUERY: "no_query",
    "GraphQL only supports GET and POST requests.": "method",
}


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
