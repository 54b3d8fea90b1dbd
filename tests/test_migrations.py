"""Schema migrations: constraints exist, applying twice is a no-op, edits are refused."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from referral_graph.store import cypher, migrations
from referral_graph.store.driver import Database


def test_constraints_exist_after_migrate(empty_db: Database) -> None:
    rows = empty_db.read(cypher.SHOW_CONSTRAINTS)
    unique = {(r["labelsOrTypes"][0], r["properties"][0]) for r in rows
              if r["type"] == "UNIQUENESS"}
    for label in ("Organization", "ServiceType", "State", "Capability", "Collaboration",
                  "Agreement", "Activity", "Legislation", "Source", "Referral", "ApiToken"):
        assert (label, "id") in unique, label
    assert migrations.schema_version(empty_db) == max(m.version for m in migrations.discover())


def test_apply_twice_is_a_no_op(empty_db: Database) -> None:
    assert migrations.apply(empty_db) == []


def test_uniqueness_is_enforced(empty_db: Database) -> None:
    empty_db.write("CREATE (:Organization {id: 'dup'})")
    with pytest.raises(Exception, match="already exists"):
        empty_db.write("CREATE (:Organization {id: 'dup'})")


def test_edited_migration_is_refused(empty_db: Database, tmp_path: Path) -> None:
    copy = tmp_path / "migrations"
    shutil.copytree(migrations.MIGRATIONS_DIR, copy)
    first = sorted(copy.glob("*.cypher"))[0]
    first.write_text(first.read_text() + "\n// edited\n")
    with pytest.raises(migrations.MigrationError, match="changed after it was applied"):
        migrations.apply(empty_db, copy)


def test_statement_splitting_ignores_comments() -> None:
    text = "// a comment; with a semicolon\nCREATE INDEX a IF NOT EXISTS FOR (n:X) ON (n.y);\n"
    assert migrations._statements(text) == ("CREATE INDEX a IF NOT EXISTS FOR (n:X) ON (n.y)",)
