"""API tokens: random, shown once, stored only as a SHA-256 hash, revocable.

A token has 256 bits of randomness, so a plain SHA-256 (no salt, no slow hash) is enough:
there is nothing to guess, and lookups by hash stay a single indexed read.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from enum import IntEnum

from referral_graph.store import cypher
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


def create(db: Database, role: Role, name: str) -> str:
    """Store a new token and return it; this is the only time it is ever visible."""
    if role == Role.PUBLIC:
        raise ValueError("role: public callers need no token")
    if not name.strip():
        raise ValueError("name: say who the token is for")
    token = PREFIX + secrets.token_urlsafe(32)
    db.write(cypher.CREATE_TOKEN, id=secrets.token_hex(8), hash=_hash(token),
             role=role.name.lower(), name=name.strip())
    return token


def caller_for(db: Database, authorization: str | None) -> Caller | None:
    """The caller a `Authorization: Bearer` header names; PUBLIC without one, None if bad."""
    if not authorization:
        return PUBLIC
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    rows = db.read(cypher.TOKEN_BY_HASH, hash=_hash(token.strip()))
    if not rows:
        return None
    return Caller(Role.parse(rows[0]["role"]), rows[0]["name"])


def list_tokens(db: Database) -> list[dict]:
    return db.read(cypher.LIST_TOKENS)


def revoke(db: Database, token_id: str) -> bool:
    return db.write(cypher.REVOKE_TOKEN, id=token_id)[0]["n"] > 0
