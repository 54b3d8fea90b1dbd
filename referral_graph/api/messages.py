"""Words the API says about faults, in Spanish and English (see directory/lang.py for labels).

Caseworkers read the outage message in the pages, so it follows the caller's language; the
driver and domain raise it in English, and `localize` swaps it at the edge.
"""

from __future__ import annotations

from referral_graph.directory.lang import Lang
from referral_graph.store.driver import MESSAGE, UNKNOWN_OUTCOME

BAD_TOKEN = ("Authorization: the token is not valid (unknown, revoked or mistyped); send "
             "a valid one, or none to read as the public")
MUTATION_OVER_GET = "method: mutations are only accepted over POST"
NO_SUCH_OPERATION = "operationName: the document has no operation of that name"
NO_QUERY = "query: the request holds no GraphQL query"
WHICH_OPERATION = "operationName: the document has several operations; name the one to run"

MESSAGES: dict[str, tuple[str, str]] = {
    MESSAGE: ("La base de datos del directorio no responde en este momento; intente de nuevo "
              "en unos segundos.", MESSAGE),
    UNKNOWN_OUTCOME: ("La base de datos dejó de responder mientras se guardaba: el cambio pudo "
                      "haberse guardado o no. Envíelo de nuevo con la misma Idempotency-Key: se "
                      "guardará una sola vez.", UNKNOWN_OUTCOME),
    BAD_TOKEN: ("Authorization: el token no es válido (desconocido, revocado o mal copiado); "
                "envíe uno válido, o ninguno para leer como público", BAD_TOKEN),
    MUTATION_OVER_GET: ("method: las mutaciones solo se aceptan por POST", MUTATION_OVER_GET),
    NO_SUCH_OPERATION: ("operationName: el documento no tiene ninguna operación con ese nombre",
                        NO_SUCH_OPERATION),
    WHICH_OPERATION: ("operationName: el documento tiene varias operaciones; nombre la que se "
                      "ha de ejecutar", WHICH_OPERATION),
    "Unsupported content type": (
        "Content-Type: envíe application/json", "Content-Type: send application/json"),
    "Unable to parse request body as JSON": (
        "body: no es JSON válido", "body: not valid JSON"),
    NO_QUERY: ("query: la petición no contiene ninguna consulta GraphQL", NO_QUERY),
    "GraphQL only supports GET and POST requests.": (
        "method: use GET o POST", "method: use GET or POST"),
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
