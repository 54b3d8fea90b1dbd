"""Removals on behalf of an editor: a capability, an agreement, an activity.

Each is one transaction under the writers' lock (`store.changes.begin`): the record must
exist (NOT_FOUND otherwise), the ``expectedVersion`` the editor loaded must still be the
stored one (CONFLICT), an idempotency key answers a retry with the first answer, the audit
trail records the record as it was (``after`` null), and the change log names the
organizations whose ties or services changed, so every process refreshes its projection
and a removed record leaves plans, the network and reports at once.

The GraphQL mutations and the CLI (`referral-graph edit remove …`) call these.
"""

from __future__ import annotations

import json

from neo4j import ManagedTransaction

from referral_graph.auth.tokens import Caller, Role
from referral_graph.edits import audit, ledger
from referral_graph.edits import guard as guards
from referral_graph.edits.errors import EditRejected, FieldError
from referral_graph.edits.guard import NO_GUARD, WriteGuard
from referral_graph.edits.service import _incoming, require
from referral_graph.store import cypher, removal_cypher
from referral_graph.store import edit_removal_cypher as removed_cypher
from referral_graph.store.driver import Database


def _remove(db: Database, caller: Caller, label: str, node_id: str, action: str,
            ties: str | None, guard: WriteGuard) -> tuple[str, list[str]]:
    """Delete one node with its relationships; ``ties`` is the relationship by which
    organizations reach it (None: a capability's PROVIDES). The audit event's ``before``
    holds the node, its outgoing relationships and those organizations (``incoming``),
    so the trail keeps everything the record said."""
    require(caller, Role.EDITOR, action)
    touched: list[str] = []

    def work(tx: ManagedTransaction) -> str:
        try:
            seq = ledger.begin(tx, guard)
        except ledger.Replayed as r:  # a retry: the organizations the first request named
            row = tx.run(removed_cypher.REMOVED_BEFORE, id=r.first, label=label).single()
            if row is not None and row["before"]:
                touched[:] = [i["from"] for i in json.loads(row["before"]).get("incoming", ())]
            raise
        before = audit.snapshot(tx, label, node_id)
        if before is None:
            raise EditRejected([FieldError("id", f"no {label} with id {node_id!r}",
                                           code="NOT_FOUND",
                                           params={"label": label, "value": node_id})])
        guards.check_version(tx, guard, label, node_id, before)
        if ties is None:
            orgs = [r["owner"] for r in tx.run(cypher.OWNER_OF_CAPABILITY, id=node_id)]
        else:
            orgs = _incoming(tx, ties, label, node_id)
        touched[:] = sorted(set(orgs))
        before["incoming"] = [{"type": ties or "PROVIDES", "from": o} for o in touched]
        tx.run(removal_cypher.delete_nodes(label), ids=[node_id]).consume()
        ledger.finish(tx, caller, "delete", label, node_id, before, None, seq=seq,
                      orgs=touched, guard=guard)
        return node_id

    removed = ledger.write(db, work)
    return removed, touched


def remove_capability(db: Database, caller: Caller, capability_id: str, *,
                      guard: WriteGuard = NO_GUARD) -> tuple[str, list[str]]:
    """An organization no longer provides this service: the capability goes (with its
    capacity and coverage). Returns its id and its organization's."""
    return _remove(db, caller, "Capability", capability_id, "removeCapability", None, guard)


def delete_agreement(db: Database, caller: Caller, agreement_id: str, *,
                     guard: WriteGuard = NO_GUARD) -> tuple[str, list[str]]:
    """An agreement recorded in error goes; its parties lose the tie it made."""
    return _remove(db, caller, "Agreement", agreement_id, "deleteAgreement", "PARTY_TO", guard)


def delete_activity(db: Database, caller: Caller, activity_id: str, *,
                    guard: WriteGuard = NO_GUARD) -> tuple[str, list[str]]:
    """An activity recorded in error goes; its participants lose the tie it made."""
    return _remove(db, caller, "Activity", activity_id, "deleteActivity", "PARTICIPATED_IN",
                   guard)
