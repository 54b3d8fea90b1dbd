"""Backup and restore: the round trip is exact, damage is caught, data is never merged."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import threading
from pathlib import Path

import pytest

from referral_graph.auth.tokens import Caller, Role, create
from referral_graph.edits import referrals
from referral_graph.edits import service as edits
from referral_graph.edits.guard import IdempotencyKey, WriteGuard
from referral_graph.store.backup import BackupError, backup, verify
from referral_graph.store.driver import Database
from referral_graph.store.restore import NotEmpty, restore
from tests.conftest import wipe

EDITOR = Caller(Role.EDITOR, "Backup test editor")

# Independent of the backup's own queries: every property with its Cypher type and text.
NODES = """
MATCH (n)
RETURN elementId(n) AS id, labels(n) AS labels,
       [k IN keys(n) | [k, valueType(n[k]), CASE WHEN valueType(n[k]) STARTS WITH 'LIST'
                        THEN [x IN n[k] | toString(x)] ELSE toString(n[k]) END]] AS props
"""
RELS = """
MATCH (a)-[r]->(b)
RETURN elementId(a) AS a, elementId(b) AS b, type(r) AS type,
       [k IN keys(r) | [k, valueType(r[k]), toString(r[k])]] AS props
"""


def canonical(db: Database) -> tuple[list[str], list[str]]:
    """Every node and relationship, as text that does not depend on internal ids."""
    nodes = {r["id"]: json.dumps([sorted(r["labels"]), sorted(r["props"])], ensure_ascii=False)
             for r in db.read(NODES)}
    rels = [json.dumps([r["type"], nodes[r["a"]], nodes[r["b"]], sorted(r["props"])],
                       ensure_ascii=False) for r in db.read(RELS)]
    return sorted(nodes.values()), sorted(rels)


def add_history(db: Database) -> None:
    """What a running service accumulates besides the seeds."""
    create(db, Role.STAFF, "Caseworker, Oaxaca")
    edits.save_organization(db, EDITOR, {"city": "Oaxaca de Juárez", "note": "ñ — “quoted”"},
                            org_id="cndh")
    key = IdempotencyKey.of(EDITOR, "retry-1", 1, {"x": 1})
    referrals.record_referral(db, Caller(Role.STAFF, "Staff"), from_org="cndh", to_org="proteja",
                          needs=["legal_aid"], date=dt.date(2009, 3, 1), outcome="accepted",
                          guard=WriteGuard(key))


def test_backup_then_restore_into_an_empty_database_is_exact(seeded_db: Database,
                                                           tmp_path: Path) -> None:
    add_history(seeded_db)
    before = canonical(seeded_db)
    labels = {json.loads(n)[0][0] for n in before[0]}
    assert {"AuditEvent", "ApiToken", "IdempotencyKey", "Change", "DataVersion",
            "SchemaMigration", "Organization"} <= labels
    summary = backup(seeded_db, tmp_path / "graph.jsonl.gz")
    assert summary.nodes == len(before[0]) and summary.relationships == len(before[1])
    wipe(seeded_db)
    done = restore(seeded_db, tmp_path / "graph.jsonl.gz")
    assert done.header.nodes == summary.nodes
    assert canonical(seeded_db) == before


def test_restore_refuses_a_database_with_data_unless_forced(seeded_db: Database,
                                                            tmp_path: Path) -> None:
    path = tmp_path / "graph.jsonl.gz"
    backup(seeded_db, path)
    before = canonical(seeded_db)
    edits.save_organization(seeded_db, EDITOR, {"note": "after the backup"}, org_id="cndh")
    after_edit = canonical(seeded_db)
    with pytest.raises(NotEmpty, match="--force"):
        restore(seeded_db, path)
    assert canonical(seeded_db) == after_edit  # nothing written
    restore(seeded_db, path, force=True)
    assert canonical(seeded_db) == before


def test_a_damaged_or_cut_file_is_refused_before_anything_is_written(seeded_db: Database,
                                                                     tmp_path: Path) -> None:
    path = tmp_path / "graph.jsonl.gz"
    backup(seeded_db, path)
    lines = gzip.decompress(path.read_bytes()).splitlines(keepends=True)
    altered = tmp_path / "altered.jsonl.gz"
    altered.write_bytes(gzip.compress(b"".join(
        [lines[0], lines[1].rstrip(b"\n") + b" \n", *lines[2:]])))
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(gzip.compress(b"".join(lines[:-1])))
    truncated = tmp_path / "truncated.jsonl.gz"
    truncated.write_bytes(path.read_bytes()[:-40])
    wipe(seeded_db)
    for bad, reason in ((altered, "checksum"), (cut, "incomplete"), (truncated, "complete")):
        with pytest.raises(BackupError, match=reason):
            restore(seeded_db, bad)
        assert seeded_db.read("MATCH (n) RETURN count(n) AS n")[0]["n"] == 0
    assert verify(path).nodes > 100


def test_backup_while_writes_land_is_consistent(seeded_db: Database, tmp_path: Path) -> None:
    """Writers keep going during the backup: the file still restores whole (no relationship
    without its nodes) and holds every write acknowledged before the backup began."""
    done_before = [referrals.record_referral(
        seeded_db, Caller(Role.STAFF, "Staff"), from_org="cndh", to_org="proteja",
        needs=["shelter"], date=dt.date(2008, 1, 1), outcome="accepted")[0] for _ in range(3)]
    stop = threading.Event()

    def write() -> None:
        while not stop.is_set():
            referrals.record_referral(seeded_db, Caller(Role.STAFF, "Staff"), from_org="cndh",
                                  to_org="proteja", needs=["medical"],
                                  date=dt.date(2008, 2, 1), outcome="completed")

    writer = threading.Thread(target=write)
    writer.start()
    try:
        summary = backup(seeded_db, tmp_path / "live.jsonl.gz")
    finally:
        stop.set()
        writer.join()
    wipe(seeded_db)
    restore(seeded_db, tmp_path / "live.jsonl.gz")
    ids = {r["id"] for r in seeded_db.read("MATCH (r:Referral) RETURN r.id AS id")}
    assert set(done_before) <= ids
    counts = seeded_db.read("MATCH (r:Referral) RETURN count{ (r)-->() } AS ties")
    assert all(c["ties"] == 2 for c in counts)
    assert summary.data_version == seeded_db.read(
        "MATCH (v:DataVersion) RETURN v.value AS v")[0]["v"]
