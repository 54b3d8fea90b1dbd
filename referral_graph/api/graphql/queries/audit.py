"""Editors' and admins' reads: the audit trail and the issued tokens."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from referral_graph.api.graphql.ids import any_slug
from referral_graph.api.graphql.types.audit import (
    ApiToken,
    AuditEvent,
    AuditEventConnection,
    AuditEventEdge,
)
from referral_graph.api.graphql.types.pages import page_info
from referral_graph.auth import tokens
from referral_graph.auth.tokens import Role
from referral_graph.edits import audit, trail_pages
from referral_graph.edits import service as edits


@strawberry.type
class AuditQuery:
    @strawberry.field(description="Editors: the audit trail, newest first.",
                      deprecation_reason="Use `auditTrailConnection`, which pages both ways.")
    def audit_trail(self, info: Info, target_id: strawberry.ID | None = None,
                    before: str | None = None, first: int = 50) -> list[AuditEvent] | None:
        edits.require(info.context.caller, Role.EDITOR, "auditTrail")
        return [AuditEvent.of(e) for e in audit.trail(
            info.context.db, target=any_slug(str(target_id)) if target_id else None,
            before=audit.instant("before", before), limit=first,
            tokens=info.context.caller.can(Role.ADMIN))]

    @strawberry.field(description="Editors: the audit trail, newest first, as Relay pages: "
                                  "`first` (50 when no size is given) after `after`, or "
                                  "`last` before `before`; at most 100 a page.")
    def audit_trail_connection(
        self, info: Info, target_id: strawberry.ID | None = None, first: int | None = None,
        after: str | None = None, last: int | None = None, before: str | None = None,
    ) -> AuditEventConnection | None:
        caller = info.context.caller
        edits.require(caller, Role.EDITOR, "auditTrailConnection")
        found = trail_pages.page(info.context.db,
                                 target=any_slug(str(target_id)) if target_id else None,
                                 tokens=caller.can(Role.ADMIN), first=first, after=after,
                                 last=last, before=before)
        edges = [AuditEventEdge(cursor=trail_pages.cursor_of(e), node=AuditEvent.of(e))
                 for e in found.events]
        return AuditEventConnection(
            total_count=found.total, edges=edges,
            page_info=page_info(edges, has_next=found.has_next,
                                has_previous=found.has_previous))

    @strawberry.field(description="Admins: the issued tokens (never the tokens themselves).")
    def api_tokens(self, info: Info) -> list[ApiToken] | None:
        edits.require(info.context.caller, Role.ADMIN, "apiTokens")
        return [ApiToken.of(t) for t in tokens.list_tokens(info.context.db)]
