"""GraphQL for service capacity: ``Capability.capacity`` and the staff mutations
``setCapacity`` / ``clearCapacity``, thin over `referral_graph.capacity`.

A public caller sees only the status ("has capacity", "full", "unknown") of a public
organization's service; numbers and dates are for staff; a confidential shelter's
capacity is never shown to a public caller, not even as "full".
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import strawberry
from strawberry.types import Info

from referral_graph.api.graphql.types.common import Lang
from referral_graph.capacity.model import Status, rank
from referral_graph.directory import model as rec
from referral_graph.directory.lang import Lang as DomainLang
from referral_graph.directory.lang import label


@strawberry.enum(description="What a caller may know of a service's free beds or places.")
class CapacityStatus(Enum):
    HAS_CAPACITY = "has_capacity"
    FULL = "full"
    UNKNOWN = "unknown"


@strawberry.type(description="Free beds or places as staff last set them. Public callers get "
                             "only `status`; the numbers and the date are for staff.")
class Capacity:
    status: CapacityStatus
    unit: str | None
    available: int | None
    total: int | None
    updated_at: str | None

    @strawberry.field
    def status_label(self, info: Info, lang: Annotated[
            Lang, strawberry.lazy("referral_graph.api.graphql.types.common")] | None = None) -> str:
        chosen = DomainLang(lang.value) if lang is not None else info.context.lang
        return label("capacity", self.status.value, chosen) or self.status.value


def capacity_of(info: Info, c: rec.Capability) -> Capacity:
    """What this caller may know of one capability's capacity."""
    G = info.context.graph
    org = G.nodes[c.organization]["org"] if c.organization in G else None
    staff = info.context.see_confidential
    if c.capacity_available is None or (not staff and (org is None or org.confidential)):
        return Capacity(status=CapacityStatus.UNKNOWN, unit=None, available=None, total=None,
                        updated_at=None)
    status = CapacityStatus((Status.HAS_CAPACITY, Status.UNKNOWN, Status.FULL)[
        rank(c.capacity_available)].value)
    if not staff:
        return Capacity(status=status, unit=None, available=None, total=None, updated_at=None)
    return Capacity(status=status, unit=c.capacity_unit, available=c.capacity_available,
                    total=c.capacity_total, updated_at=c.capacity_updated_at)
