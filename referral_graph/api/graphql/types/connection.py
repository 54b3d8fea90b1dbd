"""The Relay connection of organizations."""

from __future__ import annotations

import strawberry

from referral_graph.api.graphql.types.organization import Organization


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class OrganizationEdge:
    cursor: str
    node: Organization


@strawberry.type
class OrganizationConnection:
    total_count: int
    edges: list[OrganizationEdge]
    page_info: PageInfo
