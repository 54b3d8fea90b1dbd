"""The Relay connection of organizations."""

from __future__ import annotations

import strawberry
from strawberry.relay import PageInfo

from referral_graph.api.graphql.types.organization import Organization
from referral_graph.api.graphql.types.pages import Aggregate

__all__ = ["OrganizationConnection", "OrganizationEdge", "PageInfo"]


@strawberry.type
class OrganizationEdge:
    cursor: str
    node: Organization


@strawberry.type
class OrganizationConnection:
    total_count: int
    edges: list[OrganizationEdge]
    page_info: PageInfo

    @strawberry.field(description="Figures over every organization the filters select.")
    def aggregate(self) -> Aggregate:
        return Aggregate(count=self.total_count)
