"""A referral as recorded: evidence that two organizations work together, never a person.

There is no field for anything about the person referred: the record holds the two
organizations, the date, the needs and the outcome, and nothing else (`recordReferral`).
"""

from __future__ import annotations

import datetime as dt

import strawberry
from strawberry import relay
from strawberry.types import Info

from referral_graph.api.graphql.types.enums import Outcome
from referral_graph.api.graphql.types.node import Slugged, slug_field
from referral_graph.api.graphql.types.organization import Organization
from referral_graph.api.graphql.types.reference import ServiceType


@strawberry.type(description="A referral between two organizations, as staff recorded it. "
                             "It holds nothing about the person referred, by design.")
class Referral(Slugged, relay.Node):
    id: relay.NodeID[str]
    slug: str = slug_field()
    date: dt.date = strawberry.field(description="When the referral was made.")
    outcome: Outcome = strawberry.field(description="What came of it.")
    _from: strawberry.Private[str]
    _to: strawberry.Private[str]
    _needs: strawberry.Private[tuple[str, ...]]

    @strawberry.field(description="The organization that referred (confidential ones for "
                                  "staff only).")
    async def from_organization(self, info: Info) -> Organization | None:
        return Organization.maybe(await info.context.loaders.organization.load(self._from))

    @strawberry.field(description="The organization referred to (confidential ones for "
                                  "staff only).")
    async def to_organization(self, info: Info) -> Organization | None:
        return Organization.maybe(await info.context.loaders.organization.load(self._to))

    @strawberry.field(description="The services the person was referred for.")
    async def needs(self, info: Info) -> list[ServiceType]:
        found = await info.context.loaders.service.load_many(list(self._needs))
        return [ServiceType.of(t) for t in found if t is not None]
