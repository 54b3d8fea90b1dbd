"""Records by id, as the caller may see them: what the Relay `node` field resolves.

A record the caller may not see is absent from the answer exactly as an unknown id is: the
same reads decide it as everywhere else (a capability is visible when its organization is,
a membership when the collaboration lists the member for the caller).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from referral_graph.directory import service
from referral_graph.directory.model import Capability, Legislation, Membership, source
from referral_graph.edits.audit import AuditEvent
from referral_graph.network.model import SourceRef
from referral_graph.store import node_cypher as q
from referral_graph.store.driver import Database


def capabilities(db: Database, ids: Sequence[str], *, see_confidential: bool
                 ) -> dict[str, Capability]:
    owners = {r["id"]: r["organization"] for r in db.read(q.CAPABILITY_OWNERS, ids=list(ids))}
    visible = service.organizations(db, sorted(set(owners.values())),
                                    see_confidential=see_confidential)
    found = service.capabilities_of(db, list(visible))
    return {c.id: c for caps in found.values() for c in caps if c.id in owners}


def memberships(db: Database, ids: Sequence[tuple[str, str]], *, see_confidential: bool
                ) -> dict[tuple[str, str], Membership]:
    """Memberships by (collaboration, organization)."""
    wanted = set(ids)
    found = service.collaborations(db, see_confidential=see_confidential,
                                   ids=sorted({c for c, _ in wanted}))
    return {(m.collaboration, m.organization): m for c in found for m in c.members
            if (m.collaboration, m.organization) in wanted}


def sources(db: Database, ids: Sequence[str]) -> dict[str, SourceRef]:
    return {r["source"]["id"]: source(r["source"])
            for r in db.read(q.SOURCES, ids=list(ids))}


def referrals(db: Database, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Recorded referrals by id: the two organizations, date, needs and outcome."""
    return {r["id"]: dict(r) for r in db.read(q.REFERRALS, ids=list(ids))}


def audit_events(db: Database, ids: Sequence[str], *, tokens: bool) -> dict[str, AuditEvent]:
    """Audit events by id; token events only when `tokens` (admins), as in the trail."""
    return {r["event"]["id"]: AuditEvent(**r["event"])
            for r in db.read(q.AUDIT_EVENTS, ids=list(ids), tokens=tokens)}


def legislation(db: Database, ids: Sequence[str]) -> dict[str, Legislation]:
    """Laws by id (federal and state ones), read as `states` and `federal_legislation` do."""
    found = (service.legislation_of(r["law"]) for r in db.read(q.LEGISLATION, ids=list(ids)))
    return {law.id: law for law in found if law is not None}
