"""What a caller may attach to a write so that retries and concurrent editors are safe.

- An idempotency key (the `Idempotency-Key` header): stored in the same transaction as the
  write, with the id it produced; the same request sent again with the same key (a retry
  after a timeout, a lost answer, a dropped connection) gets that first answer and writes
  nothing. Keys are kept for `KEEP` and scoped to the caller.
- The version the editor loaded (`expectedVersion`): a save whose record changed since is
  refused with a `Conflict` naming who changed it and when, instead of silently
  overwriting their work.

Both checks run after `store.changes.begin`, under the writers' lock, so two concurrent
saves cannot both pass them.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from neo4j import ManagedTransaction

from referral_graph.auth.tokens import Caller
from referral_graph.edits.errors import Conflict, EditRejected, FieldError
from referral_graph.store import version_cypher as q

KEEP = "PT24H"  # how long a key answers retries (a Cypher duration)
MAX_KEY_LENGTH = 200
PRUNE_EVERY = 64
KEY_FIELD = "Idempotency-Key"


@dataclass(frozen=True, slots=True)
class IdempotencyKey:
    id: str  # the stored key: the caller's key, scoped to the caller and the mutation
    fingerprint: str  # what was asked; the same key for another request is an error

    @classmethod
    def of(cls, caller: Caller, key: str, ordinal: int, request: Any) -> IdempotencyKey:
        """``ordinal`` tells apart the mutations of one request; ``request`` is what they
        asked (the mutation and its arguments), as JSON-ready data.

        >>> from referral_graph.auth.tokens import Caller, Role
        >>> a = IdempotencyKey.of(Caller(Role.STAFF, "Ana"), "k1", 1, {"x": 1})
        >>> b = IdempotencyKey.of(Caller(Role.STAFF, "Ana"), "k1", 1, {"x": 2})
        >>> a.id == b.id, a.fingerprint == b.fingerprint
        (True, False)
        """
        scope = json.dumps([caller.role.name, caller.name, key, ordinal])
        asked = json.dumps(request, sort_keys=True, default=str)
        return cls(_sha(scope), _sha(asked))


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def check_key(key: str | None) -> None:
    """A key a caller sent must be short printable text."""
    if key is not None and not (0 < len(key) <= MAX_KEY_LENGTH and key.isprintable()):
        raise EditRejected([FieldError(KEY_FIELD, f"1 to {MAX_KEY_LENGTH} printable characters",
                                       params={"key": "user_bad_key", "limit": MAX_KEY_LENGTH},
                                       code="BAD_USER_INPUT")])


@dataclass(frozen=True, slots=True)
class WriteGuard:
    idempotency: IdempotencyKey | None = None
    expected_version: int | None = None


NO_GUARD = WriteGuard()


def replay(stored: dict[str, Any] | None, guard: WriteGuard) -> str | None:
    """The id the first request with this key produced, or None if the key is new.

    ``stored`` is the key as `store.changes.begin_keyed` read it under the writers' lock.

    >>> from referral_graph.auth.tokens import Caller, Role
    >>> key = IdempotencyKey.of(Caller(Role.STAFF, "Ana"), "k1", 1, {"x": 1})
    >>> replay(None, WriteGuard(key)) is None
    True
    >>> replay({"fingerprint": key.fingerprint, "result": '{"id": "r-1"}', "at": "t"},
    ...        WriteGuard(key))
    'r-1'
    """
    key = guard.idempotency
    if key is None or stored is None:
        return None
    if stored["fingerprint"] != key.fingerprint:
        raise EditRejected([FieldError(
            KEY_FIELD, f"was used at {stored['at']} for a different request; send a new key "
                       "with a new request", code="BAD_USER_INPUT")])
    return str(json.loads(stored["result"])["id"])


def check_version(tx: ManagedTransaction, guard: WriteGuard, label: str, node_id: str,
                  before: dict[str, Any] | None) -> None:
    """Refuse a save based on an older version of the record than the stored one."""
    expected = guard.expected_version
    if expected is None or before is None:
        return
    current = int(before["properties"].get("version") or 0)
    if current == expected:
        return
    by, at = last_change(tx, label, node_id, current)
    raise Conflict(
        "expectedVersion",
        f"{label} {node_id!r} was changed by {by} at {at}, after you loaded it (your version "
        f"{expected}, now {current}); load it again and redo your change",
        changed_by=by, changed_at=at, current_version=current,
        params={"label": label, "value": node_id, "expected": expected})


def last_change(tx: ManagedTransaction, label: str, node_id: str, version: int
                ) -> tuple[str, str]:
    """Who made version ``version`` of a record, and when: the audit trail, or the change
    log for writes that are not edits (an import)."""
    row = tx.run(q.LAST_AUDIT_OF, id=node_id, label=label).single()
    if row is not None and row["seq"] in (None, version):
        return f"{row['by'] or 'an editor'} ({row['role']})", row["at"]
    change = tx.run(q.CHANGE_AT, seq=version).single()
    if change is not None:
        return change["by"] or "an import", change["at"]
    return "another writer", "an unknown time"
