"""What every edit writes beside its data, in two statements.

`begin` numbers the change, takes the writers' lock, refuses while a restore writes, and
reads the caller's idempotency key (`edits.guard`); `finish` writes the audit event, the
change log entry and the key. Each distinct statement costs a plan per Neo4j start, and
on a just-restarted JVM a plan costs 0.1–1 s: five statements here were the bulk of the
first writes' wait after an outage (docs/reliability.md, "recovery").
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from neo4j import ManagedTransaction

from referral_graph.auth.tokens import Caller
from referral_graph.edits import audit
from referral_graph.edits import guard as guards
from referral_graph.edits.guard import WriteGuard
from referral_graph.store import changes
from referral_graph.store import version_cypher as q
from referral_graph.store.driver import Database


class Replayed(Exception):
    """A retry with a stored key: its transaction is rolled back (`write`), so that it
    takes no change number either. A number committed with no change log entry was a gap
    in the log, and a gap makes every process reload its whole projection."""

    def __init__(self, first: str) -> None:
        super().__init__(first)
        self.first = first


def begin(tx: ManagedTransaction, guard: WriteGuard) -> int:
    """The change number; `Replayed` (the id the first request produced) when the key
    was used before by the same request: the caller answers that and writes nothing."""
    key = guard.idempotency
    seq, stored = changes.begin_keyed(tx, key.id if key is not None else None)
    first = guards.replay(stored, guard)
    if first is not None:
        raise Replayed(first)
    return seq


def write(db: Database, work: Callable[[ManagedTransaction], str]) -> str:
    """Run an edit's transaction (which starts with `begin`); a retry's first answer."""
    try:
        return db.write_tx(work)
    except Replayed as r:
        return r.first


def finish(tx: ManagedTransaction, caller: Caller, action: str, label: str, node_id: str,
           before: dict[str, Any] | None, after: dict[str, Any] | None, *, seq: int,
           orgs: Iterable[str], guard: WriteGuard, scope: str | None = None) -> None:
    """Audit event, change log entry (the organizations touched; ``scope``: what of
    them, `store.changes.Change`) and idempotency key."""
    key = guard.idempotency
    stored = None if key is None else {"id": key.id, "fingerprint": key.fingerprint,
                                       "result": json.dumps({"id": node_id})}
    tx.run(q.FINISH_EDIT, seq=seq, event=audit.event(caller, action, label, node_id, before,
                                                     after),
           by=caller.name or caller.role.name.lower(), change=f"{action} {label} {node_id}",
           orgs=sorted(set(orgs)), key=stored, scope=scope).consume()
    if seq % changes.PRUNE_EVERY == 0:
        tx.run(q.PRUNE_CHANGES, below=seq - changes.KEEP_CHANGES).consume()
    if key is not None and seq % guards.PRUNE_EVERY == 0:
        tx.run(q.PRUNE_IDEMPOTENCY_KEYS, keep=guards.KEEP).consume()
