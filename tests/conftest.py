"""Fixtures: a real Neo4j started once per test run (lazily), never a mock.

With NEO4J_URI set, the tests use that server instead and wipe it: point it only at a
throw-away database.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path

import pytest

from referral_graph.config import DEFAULT_SEED, Settings
from referral_graph.dataset.load import DataSet, load_dataset
from referral_graph.importer.bulk import bulk_import
from referral_graph.importer.run import write_dataset
from referral_graph.neo4j_server import start, stop
from referral_graph.store import cypher, migrations
from referral_graph.store.driver import Database
from referral_graph.synth.write import synthesize
from tests.neo4j_harness import throwaway_settings

TEST_RATE = "100000/minute"


@pytest.fixture(scope="session")
def neo4j_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    # Tests ask for costly reports many times a minute from one address: the per-client
    # limit would refuse them (tests/security/ checks the limit with a rate of its own).
    env = Settings.from_env().replace(heavy_rate=TEST_RATE)
    if env.external_neo4j:
        yield env
        return
    settings = throwaway_settings(tmp_path_factory.mktemp("neo4j-state")).replace(
        heavy_rate=TEST_RATE)
    start(settings)
    try:
        yield settings
    finally:
        stop(settings)


@pytest.fixture(scope="session")
def database(neo4j_settings: Settings) -> Iterator[Database]:
    # Not installed as the process-wide database (set_database): code under test that
    # replaces that one closes the previous (`serve` does), which would close this one for
    # every later test.
    db = Database.from_settings(neo4j_settings)
    yield db
    db.close()


def wipe(db: Database) -> None:
    # CALL ... IN TRANSACTIONS needs an auto-commit transaction, hence session.run.
    with db.driver.session(database=db.database) as session:
        session.run(cypher.WIPE_ALL).consume()


@functools.cache
def _seeds() -> DataSet:
    return load_dataset(DEFAULT_SEED)


def import_seeds(db: Database) -> None:
    """Write the PROTEJA seeds as `import_dataset(db, DEFAULT_SEED)` does, with the seed
    files read and validated once per run rather than once per test (~0.4 s each, several
    hundred times): they do not change while the tests run. The rows are made afresh each
    time, so no test sees another's. tests/test_import.py calls `import_dataset` itself:
    reading the files is what it tests."""
    write_dataset(db, _seeds())


def import_data(db: Database, data: str, folder: Path, seed: int = 3) -> None:
    """The PROTEJA seeds (`data` "seeds"), or a synthetic network of 300 organizations
    written to `folder` and bulk-imported ("synthetic"): the two data sets a test of a
    read path holds its answers equal on."""
    if data == "seeds":
        import_seeds(db)
    else:
        synthesize(300, seed, folder / "net")
        bulk_import(db, folder / "net")


# Everything but the migrations' records; and what a migration makes.
WIPE_DATA = ("MATCH (n) WHERE NOT n:SchemaMigration "
             "CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS")
SCHEMA = ["SHOW INDEXES YIELD name, type, labelsOrTypes, properties, options "
          "RETURN * ORDER BY name",
          "SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties, options "
          "RETURN * ORDER BY name"]
_migrated: dict[int, tuple[list[list[dict]], dict[int, str]]] = {}


def _schema_and_records(db: Database) -> tuple[list[list[dict]], dict[int, str]]:
    return ([db.read(q) for q in SCHEMA],
            {r["version"]: r["checksum"] for r in db.read(cypher.APPLIED_MIGRATIONS)})


@pytest.fixture
def empty_db(database: Database) -> Database:
    """A database with the schema and no data."""
    return empty(database)


def empty(database: Database) -> Database:
    """Make `database` hold the schema and no data.

    When the indexes, constraints and migration records are exactly those the migrations
    made after the last full wipe (three reads), only the data is deleted: applying the
    migrations' 33 schema statements again (~0.35 s, before ~150 tests a run) would make
    that same database. Anything else (a test changed the schema or the records) is wiped
    and migrated from nothing."""
    if _migrated.get(id(database)) == _schema_and_records(database):
        with database.driver.session(database=database.database) as session:
            session.run(WIPE_DATA).consume()
        return database
    wipe(database)
    migrations.apply(database)
    _migrated[id(database)] = _schema_and_records(database)
    return database


@pytest.fixture
def seeded_db(empty_db: Database) -> Database:
    """A database holding exactly the PROTEJA seed data set."""
    import_seeds(empty_db)
    return empty_db
