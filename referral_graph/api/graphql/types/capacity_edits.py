"""Inputs and payload of the staff mutations ``setCapacity`` / ``clearCapacity``."""

from __future__ import annotations

import datetime as dt

import strawberry

from referral_graph.api.graphql.types.edits import MutationInput, MutationPayload
from referral_graph.api.graphql.types.organization import Capability


@strawberry.type(description="What setCapacity or clearCapacity did.")
class CapacityPayload(MutationPayload):
    capability: Capability | None = strawberry.field(
        description="The capability with its capacity as saved; null when nothing was "
                    "written.")
    capability_id: strawberry.ID | None = strawberry.field(
        description="The capability's slug, when saved.",
        deprecation_reason="Use `capability { id }`.")


@strawberry.input(description="A service's free beds or places, as staff know them now.")
class CapacityInput(MutationInput):
    capability: strawberry.ID = strawberry.field(
        description="The capability (global id or slug) whose capacity this is.")
    available: int = strawberry.field(description="Beds or places free now.")
    unit: str = strawberry.field(default="beds", description="beds or places")
    total: int | None = strawberry.field(default=None, description="How many in all, if known.")
    updated_at: dt.datetime | None = strawberry.field(
        default=None, description="When this was true; default now.")


@strawberry.input(description="The service whose capacity to forget.")
class ClearCapacityInput(MutationInput):
    capability: strawberry.ID = strawberry.field(
        description="The capability (global id or slug).")
