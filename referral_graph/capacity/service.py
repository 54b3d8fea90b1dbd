"""Set or clear a service's capacity on behalf of a staff caller: checked, written with its
audit event in one transaction. Shared by GraphQL ``setCapacity`` and the CLI."""

from __future__ import annotations

import datetime as dt
from typing import Any

from neo4j import ManagedTransaction

from referral_graph.auth.tokens import Caller, Role
from referral_graph.capacity.model import Capacity, Unit
from referral_graph.edits import audit
from referral_graph.edits.errors import EditRejected, FieldError
from referral_graph.edits.service import require
from referral_graph.store import capacity_cypher as q
from referral_graph.store import changes
from referral_graph.store.driver import Database
from referral_graph.store.values import native

MAX_PLACES = 100_000


def _check(unit: str, available: int, total: int | None,
           updated_at: dt.datetime | None) -> list[FieldError]:
    errors = []
    if unit not in {u.value for u in Unit}:
        errors.append(FieldError("input.unit", "must be beds or places",
                                 params={"key": "user_one_of", "values": "beds, places"}))
    if not 0 <= available <= MAX_PLACES:
        errors.append(FieldError("input.available", f"must be between 0 and {MAX_PLACES}",
                                 params={"key": "user_between", "low": 0, "high": MAX_PLACES}))
    if total is not None and not (1 <= total <= MAX_PLACES and available <= total):
        errors.append(FieldError("input.total", "must be at least 1, at most "
                                                f"{MAX_PLACES}, and not below available",
                                 params={"key": "user_capacity_total", "limit": MAX_PLACES}))
    if updated_at is not None and updated_at > dt.datetime.now(dt.UTC) + dt.timedelta(
            minutes=5):
        errors.append(FieldError("input.updatedAt", "is in the future",
                                 params={"key": "user_future"}))
    return errors


def set_capacity(db: Database, caller: Caller, capability: str, *, unit: str = "beds",
                 available: int, total: int | None = None,
                 updated_at: dt.datetime | None = None) -> str:
    """Record how many beds or places a service has free; returns its organization's id."""
    require(caller, Role.STAFF, "setCapacity")
    errors = _check(unit, available, total, updated_at)
    if errors:
        raise EditRejected(errors)
    when = (updated_at or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    return _write(db, caller, capability, "set_capacity", q.SET_CAPACITY, {
        "unit": unit, "available": available, "total": total,
        "updated_at": when.isoformat()})


def clear_capacity(db: Database, caller: Caller, capability: str) -> str:
    """Forget a service's capacity: it is "unknown" again."""
    require(caller, Role.STAFF, "clearCapacity")
    return _write(db, caller, capability, "clear_capacity", q.CLEAR_CAPACITY, {})


def _write(db: Database, caller: Caller, capability: str, action: str, query: str,
           params: dict[str, Any]) -> str:
    def work(tx: ManagedTransaction) -> str:
        seq = changes.begin(tx)  # numbered like every write, so other processes follow it
        before = audit.snapshot(tx, "Capability", capability)
        rows = tx.run(query, id=capability, **params).data()
        if not rows:
            raise EditRejected([FieldError("input.capability",
                                           f"no Capability with id {capability!r}",
                                           code="NOT_FOUND",
                                           params={"label": "Capability", "value": capability})])
        org = str(rows[0]["organization"])
        changes.set_version(tx, "Capability", capability, seq)
        audit.record(tx, caller, action, "Capability", capability, before,
                     audit.snapshot(tx, "Capability", capability), seq=seq)
        changes.record(tx, seq, orgs=[org], by=caller.name or caller.role.name.lower(),
                       action=f"{action} Capability {capability}")
        return org

    return db.write_tx(work)


def capacities(db: Database, ids: list[str]) -> dict[str, tuple[bool, Capacity | None]]:
    """Capability id -> (its organization is confidential, its capacity or None)."""
    out: dict[str, tuple[bool, Capacity | None]] = {}
    for r in db.read(q.CAPACITY_OF, ids=ids):
        cap = None
        if r["available"] is not None:
            cap = Capacity(Unit(r["unit"]), int(r["available"]),
                           int(r["total"]) if r["total"] is not None else None,
                           native(r["updated_at"]))
        out[r["id"]] = (bool(r["confidential"]), cap)
    return out
