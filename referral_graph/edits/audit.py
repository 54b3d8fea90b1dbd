"""The audit trail: who changed what, when, and the value before and after.

An event is written in the same transaction as the change it describes, so the trail
can never miss a change or record one that did not happen.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from dataclasses import dataclass
from typing import Any

from neo4j import ManagedTransaction

from referral_graph.auth.tokens import Caller
from referral_graph.edits.errors import BadArgument
from referral_graph.store import cypher
from referral_graph.store.driver import Database
from referral_graph.store.values import native

MAX_EVENTS = 200


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in sorted(value.items())}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    value = native(value)
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    return value


def snapshot_of(props: dict[str, Any], out: list[dict[str, Any]]) -> dict[str, Any]:
    """`snapshot` of a node a statement read itself (``properties(n)`` and its outgoing
    relationships as `cypher.snapshot` lists them)."""
    out = sorted(out, key=lambda r: (r["type"], r["to"] or ""))
    return {"properties": _plain(props), "relationships": _plain(out)}


def snapshot(tx: ManagedTransaction, label: str, node_id: str) -> dict[str, Any] | None:
    """The node's properties and outgoing relationships, as JSON-ready data; None if absent."""
    rows = tx.run(cypher.snapshot(label), id=node_id).data()
    if not rows:
        return None
    return snapshot_of(rows[0]["props"], rows[0]["out"])


def event(caller: Caller, action: str, label: str, target: str,
          before: dict[str, Any] | None, after: dict[str, Any] | None) -> dict[str, Any]:
    """The audit event's fields, as `cypher.CREATE_AUDIT_EVENT` takes them (less ``seq``)."""
    return {"id": secrets.token_hex(8), "actor": caller.name or "",
            "role": caller.role.name.lower(), "action": action, "label": label,
            "target": target,
            "before": json.dumps(before, ensure_ascii=False) if before is not None else None,
            "after": json.dumps(after, ensure_ascii=False) if after is not None else None}


def record(tx: ManagedTransaction, caller: Caller, action: str, label: str, target: str,
           before: dict[str, Any] | None, after: dict[str, Any] | None,
           seq: int | None = None) -> None:
    """``seq`` is the change number of the write (`store.changes`), when it has one."""
    tx.run(cypher.CREATE_AUDIT_EVENT, seq=seq,
           **event(caller, action, label, target, before, after)).consume()


@dataclass(frozen=True, slots=True)
class AuditEvent:
    id: str
    at: str
    actor: str
    role: str
    action: str
    target_label: str
    target_id: str
    before: str | None
    after: str | None


def instant(argument: str, text: str | None) -> str | None:
    """An ISO date or date-time given by a caller, as the ISO date-time Cypher reads (UTC
    when it names no zone), or BadArgument naming ``argument``.

    >>> instant("before", "2009-03-01")
    '2009-03-01T00:00:00+00:00'
    >>> try:
    ...     instant("before", "x")
    ... except BadArgument as e:
    ...     e.extensions
    {'code': 'BAD_USER_INPUT', 'argument': 'before'}
    """
    if text is None:
        return None
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        raise BadArgument(argument, f"{text[:40]!r} is not a date or date-time (YYYY-MM-DD or "
                                    "YYYY-MM-DDTHH:MM:SSZ)") from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.isoformat()


def trail(db: Database, *, target: str | None = None, before: str | None = None,
          limit: int = 50, tokens: bool = False) -> list[AuditEvent]:
    """Events newest first, optionally about one node, older than `before` (an ISO time).

    Token events (who was given which role) are left out unless `tokens`: admins only.
    """
    limit = max(1, min(limit, MAX_EVENTS))
    rows = db.read(cypher.AUDIT_TRAIL, target=target, after_at=before, limit=limit,
                   tokens=tokens)
    return [AuditEvent(**r["event"]) for r in rows]
