"""`organizations(where:, sort:)`: the organizations connection computed on the request's
snapshot (`referral_graph.directory.where`), paged in memory with offset cursors.

The plain search pages on the snapshot's search index (`directory.search_index`, with the
database search's cursors); a filter with operators or a sort order is evaluated on the
projection every answer already reads, so no Cypher is built from a client's filter. For
both, only the page's records are then read whole (one batch, `edges_of`), for the fields
the projection does not hold.
"""

from __future__ import annotations

from collections.abc import Sequence

from strawberry.types import Info

from referral_graph.api.graphql.types.connection import OrganizationConnection, OrganizationEdge
from referral_graph.api.graphql.types.organization import Organization
from referral_graph.api.graphql.types.pages import check_page, offset_cursor, page_info, window
from referral_graph.directory import model as rec
from referral_graph.directory import where as w
from referral_graph.directory.errors import DirectoryError
from referral_graph.network.model import OrgNode


async def edges_of(info: Info, page: Sequence[tuple[str, OrgNode]]) -> list[OrganizationEdge]:
    """A page of (cursor, organization) found on the snapshot, as edges of records read
    whole (kept per data version): the snapshot holds what searches and filters read, not
    every field an answer may ask for. A record the database no longer shows the caller
    (hidden a moment ago, before the snapshot caught up) is left out, never filled in
    from the snapshot; for staff, a record gone from the database is."""
    ctx = info.context
    records = await ctx.loaders.organization.load_many([o.id for _, o in page])
    return [OrganizationEdge(cursor=c, node=Organization.of(r) if r is not None
                             else Organization.of_node(o))
            for (c, o), r in zip(page, records, strict=True)
            if r is not None or ctx.see_confidential]


async def filtered(info: Info, filters: rec.Filters, where: w.Where | None,
                   sort: Sequence[w.Sort], *, first: int | None, after: str | None,
                   last: int | None, before: str | None) -> OrganizationConnection:
    if first is not None and last is not None:
        raise DirectoryError("first, last: give one of them, not both")
    check_page(first, last, after, before)
    ctx = info.context
    ctx.spend()  # every organization of the snapshot is read: a costly public question
    found = w.select(ctx.graph, see_confidential=ctx.see_confidential, where=where, sort=sort,
                     legacy=filters)
    start, end = window(len(found), first=first, after=after, last=last, before=before)
    page = found[start:end]
    edges = await edges_of(info, [(offset_cursor(start + i), o) for i, o in enumerate(page)])
    return OrganizationConnection(
        total_count=len(found), edges=edges,
        page_info=page_info(edges, has_next=end < len(found), has_previous=start > 0))
