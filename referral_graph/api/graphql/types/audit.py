"""Who is calling, the audit trail and the issued tokens."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import strawberry
from strawberry import relay
from strawberry.scalars import JSON

from referral_graph.api.graphql.types.enums import Role
from referral_graph.api.graphql.types.node import Slugged, slug_field
from referral_graph.api.graphql.types.pages import Aggregate
from referral_graph.edits import audit


@strawberry.type
class AuditEvent(Slugged, relay.Node):
    id: relay.NodeID[str]
    slug: str = slug_field()
    at: dt.datetime
    actor: str
    role: Role
    action: str
    target_label: str
    target_id: str
    before: JSON | None = strawberry.field(description="The record's properties before the "
                                                       "change (null when it was created).")
    after: JSON | None = strawberry.field(description="The record's properties after the "
                                                      "change (null when it was removed).")

    @classmethod
    def of(cls, e: audit.AuditEvent) -> AuditEvent:
        return cls(id=e.id, at=instant(e.at), actor=e.actor, role=e.role,
                   action=e.action, target_label=e.target_label, target_id=e.target_id,
                   before=_json(e.before), after=_json(e.after))


@strawberry.type(description="An audit event and its cursor.")
class AuditEventEdge:
    cursor: str = strawberry.field(description="Where this event is in the trail.")
    node: AuditEvent = strawberry.field(description="The event.")


@strawberry.type(description="A page of the audit trail, newest first (Relay).")
class AuditEventConnection:
    total_count: int = strawberry.field(description="How many events match, on every page.")
    edges: list[AuditEventEdge] = strawberry.field(description="The page's events.")
    page_info: relay.PageInfo = strawberry.field(description="Where the page lies.")

    @strawberry.field(description="Figures over every matching event.")
    def aggregate(self) -> Aggregate:
        return Aggregate(count=self.total_count)


@strawberry.type
class ApiToken(Slugged, relay.Node):
    id: relay.NodeID[str]
    slug: str = slug_field()
    role: Role
    name: str
    revoked: bool
    created_at: dt.datetime

    @classmethod
    def of(cls, row: dict[str, Any]) -> ApiToken:
        return cls(id=row["id"], role=row["role"], name=row["name"],
                   revoked=bool(row["revoked"]), created_at=instant(row["created_at"]))




@strawberry.type
class Viewer:
    role: Role
    name: str | None




def instant(text: str) -> dt.datetime:
    """A stored instant (Neo4j's ISO text, nanoseconds and all) as an aware datetime.

    >>> instant("2026-11-26T03:12:45.123456789Z").isoformat()
    '2026-11-26T03:12:45.123456+00:00'
    """
    return dt.datetime.fromisoformat(text)


def _json(text: str | None) -> Any:
    """The JSON text the audit trail stores, as the value it encodes."""
    return json.loads(text) if text is not None else None
