"""Import a seed directory: validate everything, apply the schema, then write in one go."""

from __future__ import annotations

from pathlib import Path

from referral_graph.config import DEFAULT_SEED
from referral_graph.dataset.load import DataSet, load_dataset
from referral_graph.importer.mapping import to_graph
from referral_graph.importer.sync import ImportReport, sync
from referral_graph.store import cypher, migrations
from referral_graph.store.driver import Database


def import_dataset(db: Database, path: Path, *, dry_run: bool = False) -> ImportReport:
    """Validate the data set at `path` and write it.

    Raises DataSetError (naming file, row and field) before anything is written.
    """
    return write_dataset(db, load_dataset(path), dry_run=dry_run)


def write_dataset(db: Database, ds: DataSet, *, dry_run: bool = False) -> ImportReport:
    """Write a data set already read and validated (`load_dataset`): the schema brought up
    to date, then the rows synchronised."""
    rows = to_graph(ds)
    migrations.apply(db)
    return sync(db, rows, ds.name, dry_run=dry_run)


def seed_if_empty(db: Database, path: Path = DEFAULT_SEED) -> ImportReport | None:
    """Load the default seed data set when the database holds no organization yet."""
    migrations.apply(db)
    if db.read(cypher.IS_EMPTY)[0]["empty"]:
        return import_dataset(db, path)
    return None
