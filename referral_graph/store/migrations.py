"""Apply the versioned Cypher migrations in schema/migrations, once each, in order.

A migration file is ``NNNN_name.cypher``: statements separated by ``;``, each one
idempotent (``IF NOT EXISTS``), so a run interrupted between statements is simply
repeated. A migration already applied is recorded with its checksum; a changed file is
an error rather than a silent divergence between databases.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from referral_graph.config import SCHEMA_DIR
from referral_graph.store import cypher
from referral_graph.store.driver import Database

MIGRATIONS_DIR = SCHEMA_DIR / "migrations"
_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.cypher$")


class MigrationError(RuntimeError):
    pass


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]
    checksum: str


def _statements(text: str) -> tuple[str, ...]:
    body = "\n".join(line for line in text.splitlines() if not line.strip().startswith("//"))
    return tuple(s.strip() for s in body.split(";") if s.strip())


def discover(directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    found = []
    for path in sorted(directory.glob("*.cypher")):
        m = _NAME.match(path.name)
        if not m:
            raise MigrationError(f"{path.name}: migration files are named NNNN_name.cypher")
        text = path.read_text(encoding="utf-8")
        found.append(
            Migration(
                int(m.group(1)), m.group(2), _statements(text),
                hashlib.sha256(text.encode()).hexdigest(),
            )
        )
    versions = [m.version for m in found]
    if len(set(versions)) != len(versions):
        raise MigrationError("two migration files share a version number")
    return found


def schema_version(db: Database) -> int:
    rows = db.read(cypher.SCHEMA_VERSION)
    return rows[0]["version"] if rows and rows[0]["version"] is not None else 0


def apply(db: Database, directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    """Apply what is missing; return the migrations applied now."""
    applied = {r["version"]: r["checksum"] for r in db.read(cypher.APPLIED_MIGRATIONS)}
    done = []
    for mig in discover(directory):
        if mig.version in applied:
            if applied[mig.version] != mig.checksum:
                raise MigrationError(
                    f"migration {mig.version:04d}_{mig.name} changed after it was applied; "
                    "add a new migration instead of editing an applied one"
                )
            continue
        for statement in mig.statements:
            # Schema commands cannot share a transaction with data writes.
            db.write(statement)
        db.write(cypher.RECORD_MIGRATION, version=mig.version, name=mig.name,
                 checksum=mig.checksum)
        done.append(mig)
    return done
