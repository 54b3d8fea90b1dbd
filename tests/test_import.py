"""Import into a real Neo4j: idempotent, sourced, and all-or-nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from referral_graph.config import DEFAULT_SEED
from referral_graph.dataset.load import DataSetError, load_dataset
from referral_graph.importer.mapping import to_graph
from referral_graph.importer.run import import_dataset
from referral_graph.importer.sync import sync
from referral_graph.store import cypher
from referral_graph.store.driver import Database
from tests.test_dataset_load import _replace, copy_seed

SNAPSHOT = """
MATCH (n) OPTIONAL MATCH (n)-[r]->(m)
RETURN labels(n) AS labels, properties(n) AS props,
       collect([type(r), properties(r), m.id]) AS out
"""


def snapshot(db: Database) -> list[str]:
    return sorted(repr(row) for row in db.read(SNAPSHOT))


def test_import_then_reimport_changes_nothing(empty_db: Database) -> None:
    first = import_dataset(empty_db, DEFAULT_SEED)
    assert first.changed
    assert first.nodes["Organization"].created == len(
        load_dataset(DEFAULT_SEED).records("organizations"))
    before = snapshot(empty_db)
    second = import_dataset(empty_db, DEFAULT_SEED)
    assert not second.changed
    assert "Nothing changed" in second.describe()
    assert all(c.created == c.updated == c.deleted == 0 for c in second.nodes.values())
    assert snapshot(empty_db) == before


def test_every_seeded_node_has_a_source(seeded_db: Database) -> None:
    assert seeded_db.read(cypher.NODES_WITHOUT_SOURCE) == []
    total = seeded_db.read("MATCH (n) WHERE n.dataset IS NOT NULL RETURN count(n) AS c")
    assert total[0]["c"] > 100


def test_shelters_are_confidential_and_labelled(seeded_db: Database) -> None:
    rows = seeded_db.read(
        "MATCH (o:Organization {kind: 'shelter'}) RETURN o.confidential AS c, "
        "'Shelter' IN labels(o) AS labelled"
    )
    assert len(rows) >= 5
    assert all(r["c"] is True and r["labelled"] for r in rows)


def test_bad_input_writes_nothing(seeded_db: Database, tmp_path: Path) -> None:
    before = snapshot(seeded_db)
    seed = copy_seed(tmp_path)
    # A valid change and an invalid one in the same data set: neither may land.
    _replace(seed / "organizations.yaml", "name: ", "name: Renamed ")
    _replace(seed / "capabilities.yaml", "\n  basis: stated", "\n  basis: rumour")
    with pytest.raises(DataSetError) as info:
        import_dataset(seeded_db, seed)
    assert any(p.field == "basis" for p in info.value.problems)
    assert snapshot(seeded_db) == before


def test_failed_write_rolls_back_everything(seeded_db: Database, tmp_path: Path) -> None:
    before = snapshot(seeded_db)
    seed = copy_seed(tmp_path)
    _replace(seed / "organizations.yaml", "name: ", "name: Renamed ")
    rows = to_graph(load_dataset(seed))
    # A property Neo4j cannot store (a map) makes a later statement fail mid-transaction.
    bad = next(n for n in rows.nodes if n.label == "Figure")
    bad.props["value"] = {"not": "storable"}
    with pytest.raises(Exception):  # noqa: B017 - any driver error; what matters is the rollback
        sync(seeded_db, rows, "proteja")
    assert snapshot(seeded_db) == before


def test_changed_row_updates_only_that_node(seeded_db: Database, tmp_path: Path) -> None:
    seed = copy_seed(tmp_path)
    _replace(seed / "organizations.yaml", "name: ", "name: Renamed ")
    report = import_dataset(seeded_db, seed)
    assert report.nodes["Organization"].updated == 1
    assert sum(c.updated + c.created for c in report.nodes.values()) == 1
    renamed = seeded_db.read(
        "MATCH (o:Organization) WHERE o.name STARTS WITH 'Renamed ' RETURN o.search_key AS k"
    )
    assert len(renamed) == 1 and renamed[0]["k"].startswith("renamed ")


def test_removed_membership_is_removed(seeded_db: Database, tmp_path: Path) -> None:
    seed = copy_seed(tmp_path)
    text = (seed / "activities.yaml").read_text()
    assert "participants: [proteja, " in text
    text = text.replace("participants: [proteja, ", "participants: [", 1)
    (seed / "activities.yaml").write_text(text)
    report = import_dataset(seeded_db, seed)
    assert report.rels["PARTICIPATED_IN"].deleted == 1
    assert report.rels["PARTICIPATED_IN"].created == 0
