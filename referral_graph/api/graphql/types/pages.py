"""Relay connections over lists already read: `strawberry.relay.ListConnection` (the
maintained implementation of the Relay cursor specification) with `totalCount` and
`aggregate { count }`, and arguments refused with BAD_USER_INPUT naming them.

Nested lists (an organization's capabilities, agreements, activities; a task force's
members) are read whole by one DataLoader batch per level, so paging them slices in memory:
the cursor is an offset (``arrayconnection:N``, Strawberry's encoding).
"""

from __future__ import annotations

import binascii
from collections.abc import Sequence
from typing import Any, Protocol, Self

import strawberry
from graphql import GraphQLObjectType, GraphQLSchema
from strawberry import relay
from strawberry.relay.types import PREFIX
from strawberry.relay.utils import from_base64, to_base64
from strawberry.types import Info

from referral_graph.api.graphql.errors import InputError

MAX_PAGE = 100  # the largest page a connection serves (`first`/`last`)


class _Edge(Protocol):
    cursor: str


def page_info(edges: Sequence[_Edge], *, has_next: bool, has_previous: bool
              ) -> relay.PageInfo:
    """A page's `PageInfo`: whether pages follow or come before, and its first and last
    edges' cursors (None for an empty page)."""
    return relay.PageInfo(has_next_page=has_next, has_previous_page=has_previous,
                          start_cursor=edges[0].cursor if edges else None,
                          end_cursor=edges[-1].cursor if edges else None)


@strawberry.type(description="Figures over every record the connection holds (not only "
                             "this page), in the Neo4j GraphQL Library's shape.")
class Aggregate:
    count: int = strawberry.field(description="How many records match, on every page.")


def check_page(first: int | None, last: int | None, after: str | None,
               before: str | None) -> None:
    """Refuse a page size out of [0, MAX_PAGE] or a cursor this service did not give."""
    for name, value in (("first", first), ("last", last)):
        if value is not None and not 0 <= value <= MAX_PAGE:
            raise InputError("between", name, low=0, high=MAX_PAGE)
    for name, cursor in (("after", after), ("before", before)):
        if cursor is None:
            continue
        try:
            prefix, offset = from_base64(cursor)
            ok = prefix == PREFIX and int(offset) >= 0
        except (ValueError, TypeError, binascii.Error):
            ok = False
        if not ok:
            raise InputError("not_a_cursor", name)


@strawberry.type(description="A page of records (Relay cursor connection): `first`/`after` "
                             "forwards, `last`/`before` backwards, at most 100 a page.")
class Connection(relay.ListConnection[relay.NodeType]):
    total_count: int = strawberry.field(default=0, description="How many records match, on "
                                                               "every page.")

    @strawberry.field(description="Figures over every matching record.")
    def aggregate(self) -> Aggregate:
        return Aggregate(count=self.total_count)

    @classmethod
    def resolve_connection(cls, nodes: Any, *, info: Info,
                           before: str | None = None, after: str | None = None,
                           first: int | None = None, last: int | None = None,
                           max_results: int | None = None, **kwargs: Any) -> Self:
        check_page(first, last, after, before)
        items = list(nodes)  # already a list read whole: a copy of references
        page = super().resolve_connection(items, info=info, before=before, after=after,
                                          first=first, last=last,
                                          max_results=max_results or MAX_PAGE, **kwargs)
        assert isinstance(page, cls)  # a list in, a page out (no awaitable)
        page.total_count = len(items)
        return page


# Strawberry describes `last` with `after`'s words; ours say what it does.
_WRONG_LAST = "Returns the items in the list that come after the specified cursor."
LAST = "Returns the last n items from the list (before `before` when given)."


def describe_paging(schema: GraphQLSchema) -> None:
    """Set `LAST` on every `last` argument that carries Strawberry's text."""
    for t in schema.type_map.values():
        for field in getattr(t, "fields", {}).values() if isinstance(t, GraphQLObjectType) \
                else ():
            arg = field.args.get("last")
            if arg is not None and arg.description == _WRONG_LAST:
                arg.description = LAST


def offset_cursor(index: int) -> str:
    """The cursor of the item at `index` of a list paged in memory (Strawberry's encoding)."""
    return to_base64(PREFIX, index)


def window(total: int, *, first: int | None, after: str | None, last: int | None,
           before: str | None, default: int = 20) -> tuple[int, int]:
    """[start, end) of the page Relay's algorithm gives over `total` items (cursors already
    checked by `check_page`); `default` items forwards when no size is given.

    >>> c = offset_cursor
    >>> window(10, first=3, after=c(2), last=None, before=None)
    (3, 6)
    >>> window(10, first=None, after=None, last=3, before=c(5))
    (2, 5)
    >>> window(10, first=None, after=c(8), last=None, before=None)
    (9, 10)
    """
    start, end = 0, total
    if after is not None:
        start = max(start, int(from_base64(after)[1]) + 1)
    if before is not None:
        end = min(end, int(from_base64(before)[1]))
    if first is not None:
        end = min(end, start + first)
    if last is not None:
        start = max(start, end - last)
    if first is None and last is None:
        end = min(end, start + default)
    return start, max(start, end)
