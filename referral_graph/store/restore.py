"""`referral-graph restore FILE`: a backup (store/backup.py) back into a database.

Into an empty database only (one that holds nothing but schema records), unless forced:
then everything is deleted first. The file is verified from end to end before anything is
written. While the restore runs, a `RestoreMarker` node makes every writer wait
(`store.changes.begin` refuses) and every running service keep its current snapshot; once
it is gone they follow the restored data (whose change number and epoch come from the file).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from referral_graph.store import backup_cypher as q
from referral_graph.store import migrations
from referral_graph.store.backup import BackupError, Header, records, verify
from referral_graph.store.driver import Database

BATCH = 2000


class NotEmpty(BackupError):
    """The target database holds data and the restore was not forced."""


@dataclass(frozen=True, slots=True)
class Restored:
    header: Header
    replaced: int  # nodes deleted first (with force)

    def describe(self) -> str:
        h = self.header
        gone = f"; {self.replaced} nodes deleted first" if self.replaced else ""
        return (f"Restored {h.nodes} nodes and {h.relationships} relationships from the backup "
                f"of {h.created_at} (data version {h.data_version}){gone}.")


def _batches(items: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def _auto_commit(db: Database, query: str) -> None:
    """Statements Neo4j runs only outside an explicit transaction (schema, IN TRANSACTIONS)."""
    with db.driver.session(database=db.database) as session:
        session.run(query).consume()


def restore(db: Database, path: Path, *, force: bool = False,
            progress: Callable[[str], None] = lambda _: None) -> Restored:
    header = verify(Path(path))
    existing = db.read(q.COUNT_DATA)[0]["nodes"]
    if existing and not force:
        raise NotEmpty(f"the database holds {existing} nodes; restore into an empty database, "
                       "or pass --force to delete them and replace them with the backup")
    migrations.apply(db)  # constraints and indexes first: they are not in the file
    db.write(q.BEGIN_RESTORE)
    progress("deleting what the database held" if existing else "preparing")
    _auto_commit(db, q.WIPE)  # also the schema records: the backup carries its own
    _auto_commit(db, q.KEY_INDEX)
    _auto_commit(db, q.AWAIT_INDEXES)
    created_nodes = created_rels = 0
    for batch in _batches((r for r in records(path) if "node" in r), BATCH):
        rows = [{"key": r["node"], "labels": r["labels"], "props": r["props"],
                 "temporal": r["temporal"]} for r in batch]
        db.write(q.CREATE_NODES, rows=rows)
        created_nodes += len(rows)
        progress(f"{created_nodes}/{header.nodes} nodes")
    for batch in _batches((r for r in records(path) if "rel" in r), BATCH):
        rows = [{"type": r["rel"], "a": r["from"], "b": r["to"], "props": r["props"],
                 "temporal": r["temporal"]} for r in batch]
        created_rels += _count_created(db, rows)
        progress(f"{created_rels}/{header.relationships} relationships")
    if created_rels != header.relationships:
        raise BackupError(f"only {created_rels} of {header.relationships} relationships found "
                          "both their nodes; restore again with --force")
    while db.write(q.UNMARK)[0]["n"]:
        pass
    _auto_commit(db, q.DROP_KEY_INDEX)
    migrations.apply(db)  # a backup from an older release gets the newer migrations
    db.write(q.END_RESTORE)
    return Restored(header, existing)


def _count_created(db: Database, rows: list[dict[str, Any]]) -> int:
    def work(tx: Any) -> int:
        summary = tx.run(q.CREATE_RELATIONSHIPS, rows=rows).consume()
        return int(summary.counters.relationships_created)

    return db.write_tx(work)
