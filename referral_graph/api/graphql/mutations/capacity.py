"""Staff set and clear a service's free beds or places."""

from __future__ import annotations

from collections.abc import Callable

import strawberry
from strawberry.types import Info

from referral_graph.api.graphql.types.capacity import (
    CapacityFieldError,
    CapacityInput,
    CapacityPayload,
)
from referral_graph.capacity import service as capacity
from referral_graph.edits.errors import EditRejected


def _done(info: Info, capability: str, action: Callable[[], str]) -> CapacityPayload:
    try:
        org = action()
    except EditRejected as e:
        return CapacityPayload(ok=False, capability_id=None, errors=[
            CapacityFieldError(field=x.field, message=x.message) for x in e.errors])
    info.context.projection.refresh([org])
    return CapacityPayload(ok=True, errors=[], capability_id=strawberry.ID(capability))


@strawberry.type
class CapacityMutation:
    @strawberry.mutation(description="Staff: how many beds or places a service has free. "
                                     "Audited; plans prefer a provider with room.")
    def set_capacity(self, info: Info, input: CapacityInput) -> CapacityPayload:
        ctx = info.context
        return _done(info, str(input.capability), lambda: capacity.set_capacity(
            ctx.db, ctx.caller, str(input.capability), unit=input.unit,
            available=input.available, total=input.total, updated_at=input.updated_at))

    @strawberry.mutation(description="Staff: forget a service's capacity (unknown again).")
    def clear_capacity(self, info: Info, capability: strawberry.ID) -> CapacityPayload:
        ctx = info.context
        return _done(info, str(capability), lambda: capacity.clear_capacity(
            ctx.db, ctx.caller, str(capability)))
