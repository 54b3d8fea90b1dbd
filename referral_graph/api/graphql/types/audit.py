"""Who is calling, the audit trail and the issued tokens."""

from __future__ import annotations

from typing import Any

import strawberry

from referral_graph.api.graphql.types.enums import Role
from referral_graph.edits import audit


@strawberry.type
class AuditEvent:
    id: str
    at: str
    actor: str
    role: Role
    action: str
    target_label: str
    target_id: str
    before: str | None = strawberry.field(description="JSON of the node before the change.")
    after: str | None = strawberry.field(description="JSON of the node after the change.")


@strawberry.type
class ApiToken:
    id: str
    role: Role
    name: str
    revoked: bool
    created_at: str




@strawberry.type
class Viewer:
    role: Role
    name: str | None




def vars_of(e: audit.AuditEvent) -> dict[str, Any]:
    return {f: getattr(e, f) for f in e.__slots__}
