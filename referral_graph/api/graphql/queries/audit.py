"""Editors' and admins' reads: the audit trail and the issued tokens."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from referral_graph.api.graphql.types.audit import ApiToken, AuditEvent, vars_of
from referral_graph.auth import tokens
from referral_graph.auth.tokens import Role
from referral_graph.edits import audit
from referral_graph.edits import service as edits


@strawberry.type
class AuditQuery:
    @strawberry.field(description="Editors: the audit trail, newest first.")
    def audit_trail(self, info: Info, target_id: strawberry.ID | None = None,
                    before: str | None = None, first: int = 50) -> list[AuditEvent] | None:
        edits.require(info.context.caller, Role.EDITOR, "auditTrail")
        return [AuditEvent(**vars_of(e)) for e in audit.trail(
            info.context.db, target=str(target_id) if target_id else None,
            before=audit.instant("before", before), limit=first,
            tokens=info.context.caller.can(Role.ADMIN))]

    @strawberry.field(description="Admins: the issued tokens (never the tokens themselves).")
    def api_tokens(self, info: Info) -> list[ApiToken] | None:
        edits.require(info.context.caller, Role.ADMIN, "apiTokens")
        return [ApiToken(id=t["id"], role=t["role"], name=t["name"], revoked=bool(t["revoked"]),
                         created_at=t["created_at"]) for t in tokens.list_tokens(info.context.db)]
