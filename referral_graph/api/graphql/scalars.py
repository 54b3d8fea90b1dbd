"""The validated argument scalars: `StateCode` and `ServiceId` (issue 18).

A state argument accepts what people write — ``OAX``, ``MX-OAX``, "Oaxaca", "CDMX",
"Edomex" — through the domain's one state function (`referral_graph.reference.states`), and
reaches the resolver as the ISO 3166-2 code; a service argument accepts an id, a name or a
usual word (`referral_graph.reference.services`) and reaches it as the id. A value that names
no state or service is refused before any resolver runs, with code BAD_USER_INPUT naming the
argument (`api/graphql/errors.py`), the same for every field.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NewType

import strawberry
from strawberry.scalars import JSON
from strawberry.types.scalar import ScalarDefinition

from referral_graph.api.graphql.errors import ScalarRefused
from referral_graph.api.graphql.ids import decode
from referral_graph.reference.services import ServiceError, parse_service
from referral_graph.reference.states import StateError, parse_state

StateCode = NewType("StateCode", str)
ServiceId = NewType("ServiceId", str)


def parse_state_code(value: Any) -> str:
    """The ISO 3166-2:MX code of a code, a name or a usual alias.

    >>> parse_state_code("oax"), parse_state_code("CDMX"), parse_state_code("MX-PUE")
    ('MX-OAX', 'MX-CMX', 'MX-PUE')
    """
    if isinstance(value, str):
        decoded = decode(value)  # a State's global id names it too
        if decoded is not None and decoded[0] == "State":
            value = decoded[1]
        try:
            return parse_state(value, "state")
        except StateError:
            pass
    raise ScalarRefused("not_a_state", value)


def parse_service_id(value: Any) -> str:
    """A service type's id from its id, its name or a usual word for it.

    >>> parse_service_id("legal_aid"), parse_service_id("abogado")
    ('legal_aid', 'legal_aid')
    >>> try:
    ...     parse_service_id("astrology")
    ... except ScalarRefused as e:
    ...     print(e.key, e.value)
    not_a_service astrology
    """
    if isinstance(value, str):
        try:
            return parse_service(value, "service")
        except ServiceError:
            pass
    raise ScalarRefused("not_a_service", value)


def parse_datetime(value: Any) -> dt.datetime:
    """An ISO 8601 / RFC 3339 date-time; one without a zone is taken as UTC.

    >>> parse_datetime("2009-03-31T12:00:00Z").isoformat()
    '2009-03-31T12:00:00+00:00'
    """
    if isinstance(value, str):
        try:
            found = dt.datetime.fromisoformat(value)
        except ValueError:
            pass
        else:
            return found if found.tzinfo else found.replace(tzinfo=dt.UTC)
    raise ScalarRefused("not_a_datetime", value)


SCALARS: dict[object, ScalarDefinition] = {
    dt.datetime: strawberry.scalar(
        name="DateTime", serialize=lambda v: v.isoformat(), parse_value=parse_datetime,
        description="An instant: an ISO 8601 date-time with its UTC offset "
                    "(2026-11-26T03:12:45.123456+00:00), as RFC 3339 profiles it.",
        specified_by_url="https://datatracker.ietf.org/doc/html/rfc3339"),
    JSON: strawberry.scalar(
        name="JSON", serialize=lambda v: v, parse_value=lambda v: v,
        description="Any JSON value (object, array, string, number, boolean or null), as "
                    "ECMA-404 defines it.",
        specified_by_url="https://ecma-international.org/publications-and-standards/"
                         "standards/ecma-404/"),
    StateCode: strawberry.scalar(
        name="StateCode", serialize=str, parse_value=parse_state_code,
        description="One of Mexico's 32 federal entities. As an argument it accepts the ISO "
                    "3166-2 code (MX-OAX), the code without the prefix (OAX), the Spanish or "
                    "English name with or without accents (Querétaro, State of Mexico) and "
                    "the usual aliases (CDMX, DF, Edomex); answered as the ISO 3166-2 code.",
        specified_by_url="https://www.iso.org/obp/ui/#iso:code:3166:MX"),
    ServiceId: strawberry.scalar(
        name="ServiceId", serialize=str, parse_value=parse_service_id,
        description="A service type of the directory's taxonomy (see `serviceTypes`). As an "
                    "argument it accepts the id (legal_aid), the Spanish or English name and "
                    "the usual words for it (asesoría jurídica, abogado, lawyer); answered as "
                    "the id."),
}
