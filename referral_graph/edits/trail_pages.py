"""The audit trail one page at a time (Relay's forward and backward paging), for
`auditTrailConnection`. The cursor carries the event's time and id, which the caller has
already seen; pages are cut in the database, so the trail's length does not matter."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

from referral_graph.edits.audit import AuditEvent
from referral_graph.edits.errors import BadArgument
from referral_graph.store import audit_page_cypher as q
from referral_graph.store.driver import Database

_SEP = "\x1f"


def cursor_of(e: AuditEvent) -> str:
    """
    >>> e = AuditEvent("ev-1", "2026-11-26T03:00:00Z", "cli", "admin", "create", "X", "x",
    ...                None, None)
    >>> parse_cursor(cursor_of(e), "after")
    ('2026-11-26T03:00:00Z', 'ev-1')
    """
    return base64.urlsafe_b64encode(f"audit{_SEP}{e.at}{_SEP}{e.id}".encode()).decode()


def parse_cursor(cursor: str, argument: str) -> tuple[str, str]:
    try:
        kind, at, event = base64.urlsafe_b64decode(cursor.encode()).decode().split(_SEP)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise BadArgument(argument, "not a cursor this service issued") from None
    if kind != "audit":
        raise BadArgument(argument, "not a cursor this service issued")
    return at, event


@dataclass(frozen=True, slots=True)
class TrailPage:
    total: int
    events: tuple[AuditEvent, ...]
    has_next: bool
    has_previous: bool


def page(db: Database, *, target: str | None, tokens: bool, first: int | None = None,
         after: str | None = None, last: int | None = None, before: str | None = None,
         max_page: int = 100) -> TrailPage:
    """Events newest first: the `first` after `after`, or the `last` before `before`."""
    if first is not None and last is not None:
        raise BadArgument("first", "give first or last, not both")
    if first is None and last is None:
        first = 50
    size = first if first is not None else last
    assert size is not None
    if not 1 <= size <= max_page:
        raise BadArgument("first" if first is not None else "last",
                          f"must be between 1 and {max_page}")
    after_at, after_id = parse_cursor(after, "after") if after else (None, None)
    before_at, before_id = parse_cursor(before, "before") if before else (None, None)
    backward = last is not None
    rows = db.read(q.PAGE_BACKWARD if backward else q.PAGE, target=target, tokens=tokens,
                   after_at=after_at, after_id=after_id, before_at=before_at,
                   before_id=before_id, limit=size + 1)
    total = db.read(q.COUNT, target=target, tokens=tokens)[0]["total"]
    events = [AuditEvent(**r["event"]) for r in rows]
    more = len(events) > size
    events = events[:size]
    if backward:
        events.reverse()
        return TrailPage(total, tuple(events), before is not None, more)
    return TrailPage(total, tuple(events), more, after is not None)
