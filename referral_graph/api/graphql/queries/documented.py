"""GraphQL `figures`, `conflicts`, `activities` and `agreements`: what the documents report
besides the directory, each with its sources — thin over `referral_graph.directory.documented`.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry
from strawberry.types import Info

from referral_graph.api.graphql.ids import any_slug, local_id
from referral_graph.api.graphql.scalars import StateCode
from referral_graph.api.graphql.types.common import state_code
from referral_graph.api.graphql.types.documented import Activity, Conflict, Figure, agreement_of
from referral_graph.api.graphql.types.enums import ActivityKind, AgreementKind
from referral_graph.api.graphql.types.organization import Agreement
from referral_graph.directory import documented as doc


def _ids(value: strawberry.ID | None, type_name: str | None = None,
         argument: str = "organization") -> list[str] | None:
    """The slug an argument names (a global id of `type_name`, any type when None, or a
    slug), as the one-item list the domain reads take."""
    if value is None:
        return None
    if type_name is None:
        return [any_slug(str(value))]
    return [local_id(str(value), type_name, argument)]


def _period(start: dt.date | None, end: dt.date | None) -> None:
    if start and end and end < start:
        from referral_graph.directory.errors import DirectoryError

        raise DirectoryError("to: is before from")


@strawberry.type
class DocumentedQuery:
    @strawberry.field(description="Numbers the documents report (people trained, victims "
                                  "assisted, grants…), each as written with its passage. "
                                  "`about`: a record id; `metric`: part of a metric id.")
    def figures(self, info: Info, about: strawberry.ID | None = None,
                metric: str | None = None) -> list[Figure] | None:
        ctx = info.context
        return [Figure.of(f) for f in doc.figures(
            ctx.db, see_confidential=ctx.see_confidential, about=_ids(about), metric=metric)]

    @strawberry.field(description="Where the documents disagree: both sides with their "
                                  "passages, never resolved. `about`: a record id.")
    def conflicts(self, info: Info, about: strawberry.ID | None = None) -> list[Conflict] | None:
        ctx = info.context
        return [Conflict.of(c) for c in doc.conflicts(
            ctx.db, see_confidential=ctx.see_confidential, about=_ids(about))]

    @strawberry.field(description="Activities by date: those of an organization, in a state, "
                                  "overlapping [from, to], of a kind; with participant counts "
                                  "and the organizations that took part.")
    def activities(
        self, info: Info, organization: strawberry.ID | None = None,
        state: StateCode | None = None,
        from_: Annotated[dt.date | None, strawberry.argument(name="from")] = None,
        to: dt.date | None = None, kind: ActivityKind | None = None,
    ) -> list[Activity] | None:
        ctx = info.context
        _period(from_, to)
        return [Activity.of(a) for a in doc.activities(
            ctx.db, see_confidential=ctx.see_confidential,
            organizations=_ids(organization, "Organization"),
            state=state_code(state), start=from_, end=to, kind=kind)]

    @strawberry.field(description="MOUs, agreements and grants: of an organization, in a "
                                  "state, that may overlap [from, to] (undated ones are kept "
                                  "with what the documents say), of a kind.")
    def agreements(
        self, info: Info, organization: strawberry.ID | None = None,
        state: StateCode | None = None,
        from_: Annotated[dt.date | None, strawberry.argument(name="from")] = None,
        to: dt.date | None = None, kind: AgreementKind | None = None,
    ) -> list[Agreement] | None:
        ctx = info.context
        _period(from_, to)
        return [agreement_of(a) for a in doc.agreements(
            ctx.db, see_confidential=ctx.see_confidential,
            organizations=_ids(organization, "Organization"),
            state=state_code(state), start=from_, end=to, kind=kind)]
