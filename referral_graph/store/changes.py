"""The database's change counter and change log, written in the same transaction as data.

`begin` is the first statement of every write transaction (edits, referrals, imports,
restores): it numbers the change and serialises writers on one lock, so that reading a
record and writing it back in one transaction cannot lose a concurrent update. `record`
logs which organizations the change touched; `head` and `between` let any process — a
second worker, a service while `referral-graph import` runs — follow the database.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from neo4j import ManagedTransaction

from referral_graph.store import version_cypher as q
from referral_graph.store.driver import Database, DatabaseUnavailable

KEEP_CHANGES = 10_000  # log entries kept; a process further behind than this reloads all
PRUNE_EVERY = 64


class RestoreInProgress(DatabaseUnavailable):
    """A restore is writing the database: writes wait until it has finished."""


@dataclass(frozen=True, slots=True)
class Head:
    """The database's data version: `epoch` changes when the data is replaced wholesale."""

    value: int
    epoch: str | None
    restoring: bool = False


# A change's scope: only the referrals of its organizations changed (a referral
# recorded), so a refresh re-reads those alone (`network.loading.referrals_refreshed`).
REFERRALS = "referrals"
# Or: a token was revoked; no organization changed (`auth.verified`).
TOKENS = "tokens"


@dataclass(frozen=True, slots=True)
class Change:
    seq: int
    orgs: tuple[str, ...]
    full: bool
    scope: str | None = None  # None: anything about ``orgs`` may have changed; REFERRALS; TOKENS


def begin(tx: ManagedTransaction) -> int:
    """Number this write transaction, holding the writers' lock until it ends."""
    return begin_keyed(tx, None)[0]


def begin_keyed(tx: ManagedTransaction, key: str | None) -> tuple[int, dict[str, Any] | None]:
    """`begin`, and in the same statement the stored idempotency key ``key`` (its
    ``fingerprint``, ``result`` and ``at``), or None when there is none."""
    row = tx.run(q.BEGIN_CHANGE, key=key).single()
    assert row is not None
    if row["restoring"]:
        raise RestoreInProgress("A restore is in progress; try again when it has finished.")
    stored = None
    if row["fingerprint"] is not None:
        stored = {k: row[k] for k in ("fingerprint", "result", "at")}
    return int(row["seq"]), stored


def record(tx: ManagedTransaction, seq: int, *, orgs: Iterable[str] = (), full: bool = False,
           by: str = "", action: str = "", scope: str | None = None) -> None:
    """Log change ``seq``: the organizations it touched, or ``full`` (re-read everything);
    ``scope`` as `Change` has it."""
    tx.run(q.RECORD_CHANGE, seq=seq, orgs=sorted(set(orgs)), full=full, by=by,
           action=action, scope=scope).consume()
    if seq % PRUNE_EVERY == 0:
        tx.run(q.PRUNE_CHANGES, below=seq - KEEP_CHANGES).consume()


def head(db: Database) -> Head:
    row = db.peek(q.HEAD)[0]
    return Head(int(row["value"] or 0), row["epoch"], bool(row["restoring"]))


def between(db: Database, since: int, upto: int) -> list[Change] | None:
    """The changes after ``since`` up to ``upto``, or None when some are no longer logged."""
    rows = db.read(q.CHANGES_BETWEEN, since=since, upto=upto)
    if [r["seq"] for r in rows] != list(range(since + 1, upto + 1)):
        return None
    return [Change(r["seq"], tuple(r["orgs"] or ()), bool(r["full"]), r["scope"])
            for r in rows]


def set_version(tx: ManagedTransaction, label: str, node_id: str, seq: int) -> None:
    tx.run(q.set_version(label), id=node_id, seq=seq).consume()


def set_versions(tx: ManagedTransaction, label: str, ids: list[str], seq: int) -> None:
    if ids:
        tx.run(q.set_versions(label), ids=ids, seq=seq).consume()
