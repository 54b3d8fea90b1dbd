"""API tokens: random, shown once, stored only as a SHA-256 hash, revocable.

A token has 256 bits of randomness, so a plain SHA-256 (no salt, no slow hash) is enough:
there is nothing to guess, and lookups by hash stay a single indexed read.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Hashable
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from neo4j import ManagedTransaction

from referral_graph.auth.verified import VERIFIED
from referral_graph.store import changes, cypher
from referral_graph.store.driver import Database

PREFIX = "rg_"


class Role(IntEnum):
    PUBLIC = 0
    STAFF = 1
    EDITOR = 2
    ADMIN = 3

    @classmethod
    def parse(cls, name: str) -> Role:
        try:
            return cls[name.upper()]
        except KeyError:
            allowed = ", ".join(r.name.lower() for r in cls)
            raise ValueError(f"role: {name!r} is not one of {allowed}") from None


@dataclass(frozen=True, slots=True)
class Caller:
    role: Role
    name: str | None = None

    def can(self, role: Role) -> bool:
        return self.role >= role


PUBLIC = Caller(Role.PUBLIC)



def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# Who acts when a token is issued or revoked from a shell on the server.
COMMAND_LINE = Caller(Role.ADMIN, "command line")


@dataclass(frozen=True, slots=True)
class Issued:
    id: str  # as the write stored it: what `token revoke` and `revokeToken` take
    token: str  # the secret; shown once, stored only as its hash


def _audit_record(tx: ManagedTransaction, by: Caller, action: str, token_id: str,
                  before: dict[str, Any] | None, after: dict[str, Any]) -> None:
    # Imported here: the audit trail names callers (this module's Caller) and would be a
    # circular import at module level.
    from referral_graph.edits import audit

    audit.record(tx, by, action, "ApiToken", token_id, before, after)


def _public_part(token_id: str, role: str, name: str, revoked: bool) -> dict[str, Any]:
    """What the audit trail keeps of a token: never the token, nor its hash."""
    return {"properties": {"id": token_id, "role": role, "name": name, "revoked": revoked},
            "relationships": []}


def issue(db: Database, role: Role, name: str, *, by: Caller = COMMAND_LINE) -> Issued:
    """Store a new token and its audit event in one transaction; the id comes from the
    write itself (listing tokens afterwards could name another caller's new token)."""
    if role == Role.PUBLIC:
        raise ValueError("role: public callers need no token")
    if not name.strip():
        raise ValueError("name: say who the token is for")
    token = PREFIX + secrets.token_urlsafe(32)
    role_name, clean = role.name.lower(), name.strip()

    def work(tx: ManagedTransaction) -> str:
        token_id = tx.run(cypher.CREATE_TOKEN, id=secrets.token_hex(8), hash=_hash(token),
                          role=role_name, name=clean).single(strict=True)["id"]
        _audit_record(tx, by, "issue_token", token_id, None,
                      _public_part(token_id, role_name, clean, False))
        return token_id

    return Issued(db.write_tx(work), token)


def create(db: Database, role: Role, name: str, *, by: Caller = COMMAND_LINE) -> str:
    """Store a new token and return it; this is the only time it is ever visible."""
    return issue(db, role, name, by=by).token


def caller_for(db: Database, authorization: str | None, *,
               at: Hashable | None = None) -> Caller | None:
    """The caller a `Authorization: Bearer` header names; PUBLIC without one, None if bad.

    ``at`` is the data version the asking process stands at (its projection's epoch and
    change number), or None: a token verified at that version is not looked up again
    (`auth.verified` says why that is safe).
    """
    if not authorization:
        return PUBLIC
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    token_hash = _hash(token.strip())
    kept = VERIFIED.get(token_hash, at)
    if kept is not None:
        return kept
    rows = db.read(cypher.TOKEN_BY_HASH, hash=token_hash)
    if not rows:
        return None
    caller = Caller(Role.parse(rows[0]["role"]), rows[0]["name"])
    VERIFIED.put(token_hash, at, caller)
    return caller


def list_tokens(db: Database) -> list[dict]:
    return db.read(cypher.LIST_TOKENS)


def revoke(db: Database, token_id: str, *, by: Caller = COMMAND_LINE) -> bool:
    """Revoke a token (False if there is none with that id), audited in the same
    transaction; revoking it again changes nothing and records nothing.

    A revocation is a change in the database's log, though it touches no organization:
    every serving process's data version moves, and with it what `VERIFIED` kept.
    """

    def work(tx: ManagedTransaction) -> bool:
        row = tx.run(cypher.REVOKE_TOKEN, id=token_id).single()
        if row is None:
            return False
        if not row["was"]:
            seq = changes.begin(tx)
            changes.record(tx, seq, by=by.name or by.role.name.lower(),
                           action=f"revoke token {row['id']}", scope=changes.TOKENS)
            _audit_record(tx, by, "revoke_token", row["id"],
                          _public_part(row["id"], row["role"], row["name"], False),
                          _public_part(row["id"], row["role"], row["name"], True))
        return True

    try:
        return db.write_tx(work)
    finally:
        VERIFIED.clear()  # this process at once, whatever its projection has seen
