"""Bulk import: the same graph as the one-transaction import, idempotent, resumable after a
kill (a real process, SIGKILLed mid-import), nothing written when a row is bad."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from referral_graph.config import DEFAULT_SEED, REPO_ROOT, Settings
from referral_graph.dataset.load import DataSetError, load_dataset
from referral_graph.importer import bulk
from referral_graph.importer.batches import plan
from referral_graph.importer.mapping import GraphRows, NodeRow, RelRow, to_graph
from referral_graph.importer.run import import_dataset
from referral_graph.store.driver import Database
from referral_graph.synth.write import synthesize
from tests.conftest import wipe
from tests.test_import import snapshot

N = 400

DUPLICATE_RELS = """
MATCH (a)-[r]->(b) WITH a, b, type(r) AS t, r.dataset AS d, count(*) AS c WHERE c > 1
RETURN count(*) AS n
"""
COUNTS = "MATCH (n) RETURN count(n) AS nodes, count{ ()-[]->() } AS rels"


ORDERED = """
MATCH (n) WHERE NOT (n:SchemaMigration OR n:DataVersion OR n:Change)
OPTIONAL MATCH (n)-[r]->(m)
WITH n, r, m ORDER BY type(r), m.id, r.dataset
RETURN labels(n) AS labels, properties(n) AS props,
       collect([type(r), properties(r), m.id]) AS out
"""


def ordered(db: Database) -> list[str]:
    """Every node with its properties and outgoing relationships, in an order that does not
    depend on the order they were written in; less the bookkeeping: the bulk path's content
    hash, and the change number the one-transaction import stamps on each record (the bulk
    path logs the whole import as one change, which makes services reload everything)."""
    return sorted(repr((sorted(r["labels"]), sorted((k, v) for k, v in r["props"].items()
                                                    if k not in ("content_hash", "version")),
                        [[t, sorted(p.items()) if p else p, m] for t, p, m in r["out"]]))
                  for r in db.read(ORDERED))


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bulk") / "net"
    synthesize(N, 11, out)
    return out


def test_same_graph_as_the_one_transaction_import(empty_db: Database) -> None:
    import_dataset(empty_db, DEFAULT_SEED)
    expected = ordered(empty_db)
    wipe(empty_db)
    report = bulk.bulk_import(empty_db, DEFAULT_SEED, batch_rows=300)
    assert report.changed
    assert ordered(empty_db) == expected


def test_import_twice_changes_nothing(empty_db: Database, synthetic: Path) -> None:
    first = bulk.bulk_import(empty_db, synthetic)
    rows = to_graph(load_dataset(synthetic))
    assert first.nodes["Organization"].created == N
    assert sum(c.created for c in first.rels.values()) == len(rows.rels)
    before = snapshot(empty_db)
    second = bulk.bulk_import(empty_db, synthetic)
    assert not second.changed and "Nothing changed" in second.describe()
    assert snapshot(empty_db) == before
    assert empty_db.read("MATCH (b:ImportBatch) RETURN count(b) AS n")[0]["n"] == 0


def _env(settings: Settings) -> dict[str, str]:
    env = dict(os.environ)
    if not settings.external_neo4j:
        env.update(REFERRAL_GRAPH_STATE=str(settings.state_dir),
                   REFERRAL_GRAPH_CACHE=str(settings.cache_dir),
                   REFERRAL_GRAPH_BOLT_PORT=str(settings.bolt_port))
    return env


def _wait_for_other_transactions(db: Database, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        others = db.read("SHOW TRANSACTIONS YIELD currentQuery "
                         "WHERE NOT currentQuery STARTS WITH 'SHOW TRANSACTIONS' "
                         "RETURN count(*) AS n")[0]["n"]
        if others == 0:
            return
        time.sleep(0.05)
    raise AssertionError("the killed import's transactions were still open after 30 s")


def test_resumes_after_a_kill_without_duplicates(
    empty_db: Database, neo4j_settings: Settings, synthetic: Path
) -> None:
    batch = 50
    cmd = [sys.executable, "-m", "referral_graph.cli", "import", str(synthetic), "--bulk",
           "--batch-size", str(batch)]
    proc = subprocess.Popen(cmd, env=_env(neo4j_settings), cwd=REPO_ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        done = 0
        while time.monotonic() < deadline and proc.poll() is None:
            done = empty_db.read("MATCH (b:ImportBatch) RETURN count(b) AS n")[0]["n"]
            if done >= 10:
                break
            time.sleep(0.05)
        assert proc.poll() is None, "the import finished before it could be killed"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    # A batch whose commit had reached the server before the kill still lands (CI, stop
    # 24: 10 batches counted here, 11 found by the resume): count once the server has
    # finished with the killed client's transactions.
    _wait_for_other_transactions(empty_db)
    committed = empty_db.read("MATCH (b:ImportBatch) RETURN count(b) AS n")[0]["n"]
    assert committed >= 10
    partial = empty_db.read(COUNTS)[0]
    assert partial["nodes"] > 0  # the kill left a partial import behind

    report = bulk.bulk_import(empty_db, synthetic, batch_rows=batch)
    assert report.resumed_at == committed and "Resumed" in report.describe()
    resumed = empty_db.read(COUNTS)[0]
    assert empty_db.read(DUPLICATE_RELS)[0]["n"] == 0
    assert empty_db.read("MATCH (b:ImportBatch) RETURN count(b) AS n")[0]["n"] == 0

    assert resumed["nodes"] > partial["nodes"]
    wipe(empty_db)
    bulk.bulk_import(empty_db, synthetic, batch_rows=batch)
    assert empty_db.read(COUNTS)[0] == resumed  # the same graph as an import never killed


def test_bad_row_stops_before_anything_is_written(
    seeded_db: Database, synthetic: Path, tmp_path: Path
) -> None:
    before = snapshot(seeded_db)
    bad = tmp_path / "bad"
    shutil.copytree(synthetic, bad)
    path = bad / "capabilities.yaml"
    text = path.read_text()
    path.write_text(text[: len(text) * 3 // 4] + text[len(text) * 3 // 4:].replace(
        '"basis": "stated"', '"basis": "rumour"', 1))
    with pytest.raises(DataSetError) as info:
        bulk.bulk_import(seeded_db, bad)
    (problem,) = info.value.problems
    assert problem.file.endswith("capabilities.yaml") and problem.field == "basis"
    assert problem.row is not None and problem.line == problem.row + 2
    assert snapshot(seeded_db) == before


def test_changed_reimport_removes_what_the_data_set_no_longer_holds(
    empty_db: Database, synthetic: Path, tmp_path: Path
) -> None:
    bulk.bulk_import(empty_db, synthetic)
    changed = tmp_path / "changed"
    shutil.copytree(synthetic, changed)
    path = changed / "activities.yaml"
    lines = path.read_text().splitlines()
    row = lines[2]
    first = row.split('"participants": ["')[1].split('"')[0]
    lines[2] = row.replace(f'"participants": ["{first}", ', '"participants": [')
    path.write_text("\n".join(lines) + "\n")
    report = bulk.bulk_import(empty_db, changed)
    assert report.swept == 1 and report.rels["PARTICIPATED_IN"].deleted == 1
    assert bulk.bulk_import(empty_db, changed).changed is False


def test_rows_dropped_from_the_files_are_listed_first_then_removed(
    empty_db: Database, synthetic: Path, tmp_path: Path
) -> None:
    """Issue 13, finding 6, on the bulk path too: a row removed from the files is reported
    (and by --dry-run) and deleted; rows written by edits are never candidates."""
    bulk.bulk_import(empty_db, synthetic)
    empty_db.write("CREATE (:Activity {id: 'edit-made-activity', dataset: 'edits'})")
    changed = tmp_path / "dropped"
    shutil.copytree(synthetic, changed)
    path = changed / "activities.yaml"
    lines = path.read_text().splitlines()
    dropped = lines.pop(2).split('"id": "')[1].split('"')[0]
    path.write_text("\n".join(lines) + "\n")

    dry = bulk.bulk_import(empty_db, changed, dry_run=True)
    assert [(r.label, r.id) for r in dry.removed] == [("Activity", dropped)]
    assert empty_db.read("MATCH (a:Activity {id: $id}) RETURN a.id", id=dropped)

    report = bulk.bulk_import(empty_db, changed)
    assert report.nodes["Activity"].deleted == 1 and "removed (1)" in report.describe()
    assert not empty_db.read("MATCH (a:Activity {id: $id}) RETURN a.id", id=dropped)
    assert empty_db.read("MATCH (a:Activity {id: 'edit-made-activity'}) RETURN a.id")
    again = bulk.bulk_import(empty_db, changed)
    assert not again.changed and not again.removed


def _org_batch(ids: list[str]) -> list[bulk.Batch]:
    rows = GraphRows([NodeRow("Organization", i, {"name": i, "dataset": "t"}) for i in ids],
                     [RelRow("SOURCED_FROM", "Organization", i, "Source", "src-t", {}, "t")
                      for i in ids])
    return [b for b in plan(rows) if b.node]


def test_a_node_stored_after_the_import_began_is_upserted_not_duplicated(
    empty_db: Database,
) -> None:
    """The CREATE path trusts the ids read when the import began; an id stored meanwhile
    (an edit while a large import runs) makes that batch fall back to the upsert."""
    empty_db.write("CREATE (:Source {id: 'src-t'}) CREATE (:Organization {id: 'T2', name: 'old'})")
    stored: dict[str, set[str]] = {"Organization": set()}  # read before T2 was stored
    (batch,) = _org_batch(["T1", "T2"])
    written = bulk._write_batch(empty_db, batch, 0, dataset="t", fp="x", stored=stored)
    assert written.created == 1 and written.updated == 1
    assert stored["Organization"] == {"T1", "T2"}  # their ties go through the upsert batches
    assert empty_db.read("MATCH (o:Organization) RETURN o.id AS id, o.name AS name "
                         "ORDER BY id") == [{"id": "T1", "name": "T1"}, {"id": "T2", "name": "T2"}]
    assert not empty_db.read("MATCH ()-[r:SOURCED_FROM]->() RETURN r")


def test_a_new_node_whose_tie_cannot_be_made_is_not_written(empty_db: Database) -> None:
    """A new node's relationships are created with it and counted: one missing end rolls
    the whole batch back rather than leave a node without its source."""
    (batch,) = _org_batch(["T1"])  # its source, src-t, is not stored
    with pytest.raises(bulk.LinksMissing, match="1 relationships expected"):
        bulk._write_batch(empty_db, batch, 0, dataset="t", fp="x",
                          stored={"Organization": set()})
    assert empty_db.read("MATCH (n) WHERE n:Organization OR n:ImportBatch "
                         "RETURN count(n) AS n") == [{"n": 0}]


def test_the_cli_batch_size_defaults_to_the_importers() -> None:
    # The CLI spells the default out (it does not import the importer to start); they
    # must agree, or `import` and the benchmark would cut other batches than documented.
    import inspect

    from referral_graph.importer import batches, cli
    default = inspect.signature(cli.import_).parameters["batch_size"].default
    assert default == batches.BATCH_ROWS
