"""Staff set and clear a service's free beds or places."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import strawberry
from strawberry.types import Info

from referral_graph.api.graphql.mutations.support import answered, one_id
from referral_graph.api.graphql.types.capacity_edits import (
    CapacityInput,
    CapacityPayload,
    ClearCapacityInput,
)
from referral_graph.api.graphql.types.organization import Capability
from referral_graph.capacity import service as capacity
from referral_graph.directory import service as reads
from referral_graph.edits.errors import EditRejected


def _done(info: Info, input: Any, capability: str, action: Callable[[], str]
          ) -> CapacityPayload:
    try:
        org = action()
    except EditRejected as e:
        return CapacityPayload(**answered(info, input, e.errors), capability=None,
                               capability_id=None)
    info.context.projection.refresh([org])
    caps = reads.capabilities_of(info.context.db, [org])
    saved = next((Capability.of(c) for c in caps.get(org, ()) if c.id == capability), None)
    return CapacityPayload(**answered(info, input, []), capability=saved,
                           capability_id=strawberry.ID(capability))


@strawberry.type
class CapacityMutation:
    @strawberry.mutation(description="Staff: how many beds or places a service has free. "
                                     "Audited; plans prefer a provider with room.")
    def set_capacity(self, info: Info, input: CapacityInput) -> CapacityPayload:
        ctx = info.context
        cap = one_id(input.capability, "Capability", "capability")
        return _done(info, input, cap, lambda: capacity.set_capacity(
            ctx.db, ctx.caller, cap, unit=input.unit,
            available=input.available, total=input.total, updated_at=input.updated_at))

    @strawberry.mutation(description="Staff: forget a service's capacity (unknown again).")
    def clear_capacity(self, info: Info, input: ClearCapacityInput) -> CapacityPayload:
        ctx = info.context
        cap = one_id(input.capability, "Capability", "capability")
        return _done(info, input, cap, lambda: capacity.clear_capacity(ctx.db, ctx.caller, cap))
