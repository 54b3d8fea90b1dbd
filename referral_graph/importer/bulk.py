"""Bulk import of a large data set (a synthetic national network): batched, resumable.

The one-transaction import (`referral_graph.importer.sync`) diffs the whole data set in
memory and writes it at once: right for the seeds, too heavy for 100,000 organizations.
This path keeps its rules and changes how the rows travel:

- the whole data set is validated first (`load_dataset`): a bad row stops the import
  before anything is written, naming file, line, row and field;
- the rows are the same (`to_graph`), written with UNWIND in batches (`batches.py`), nodes
  phase by phase, then relationships, each batch in its own transaction;
- rows not stored yet are CREATEd, a new node with its relationships (no lookups, no
  comparison: a first import of 100k organizations takes under two minutes); stored rows
  are MERGEd on their ids and written only where they differ, so importing twice changes
  (and writes) nothing;
- each batch's transaction also records that batch as done (an `ImportBatch` node keyed
  by the files' content hash), so a run that was interrupted resumes with the batches
  that were not committed; what they wrote counts as stored then, so nothing is created
  twice (relationship batches left with nothing to write, their rows created with their
  nodes, are recorded together, up to BATCH_ROWS per transaction);
- two batches run at once (Neo4j works on one per core, Python packs the next), never two
  relationship batches that lock nodes of a common label, which could deadlock;
- relationships the data set no longer holds are removed after a changed re-import, and
  rows (nodes) it no longer holds are found before anything is written, listed first in
  the report (`--dry-run` shows them too) and deleted after the batches, as the
  one-transaction import does (`importer/removals.py`: never rows written by edits).

Unlike the one-transaction import, a write that fails half-way (Neo4j stops) leaves the
batches before it in place: run the import again to finish.
"""

from __future__ import annotations

import hashlib
import time
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from neo4j import ManagedTransaction, Record
from neo4j.exceptions import ConstraintError, TransientError
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from referral_graph import collector
from referral_graph.dataset.load import KINDS, load_dataset
from referral_graph.importer import removals
from referral_graph.importer.batches import BATCH_ROWS, Batch, Stored, Written, chunks, plan
from referral_graph.importer.mapping import GraphRows, to_graph
from referral_graph.importer.sync import ImportReport
from referral_graph.safety import check
from referral_graph.store import bulk_cypher, changes, cypher, migrations
from referral_graph.store.driver import Database, DatabaseBusy

DEADLOCK_TRIES = 8
# Part of the resume markers' key: a resumed import must cut the same batches.
PLAN_VERSION = 2
# Data sets larger than this (bytes of YAML) go through the bulk path by default.
LARGE_BYTES = 2_000_000


def dataset_bytes(path: Path) -> int:
    """Size of a seed directory's own YAML files (not what it includes)."""
    return sum(f.stat().st_size for f in Path(path).glob("*.y*ml"))


def fingerprint(directories: list[Path]) -> str:
    """Hash of every seed file a data set reads: the same files, the same batches."""
    h = hashlib.sha256()
    for d in directories:
        for kind in ["dataset", *KINDS]:
            f = d / f"{kind}.yaml"
            if f.exists():
                h.update(f"{d.name}/{f.name}\0".encode())
                h.update(f.read_bytes())
    return h.hexdigest()


class _RowsPerSecond(ProgressColumn):
    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.0f} rows/s" if speed else "… rows/s", style="progress.data.speed")


def _progress(console: Console) -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    _RowsPerSecond(), TextColumn("elapsed"), TimeElapsedColumn(),
                    TextColumn("ETA"), TimeRemainingColumn(), console=console)


@dataclass
class BulkReport(ImportReport):
    """The one-transaction import's report, and where this run started."""

    resumed_at: int = 0  # batches an interrupted run had committed
    batches: int = 0
    rows: int = 0
    swept: int = 0  # relationships removed because the data set no longer holds them

    def describe(self) -> str:
        lines = [super().describe()]
        if self.resumed_at:
            lines.insert(1, f"  Resumed an interrupted import: {self.resumed_at} of "
                            f"{self.batches} batches were already written.")
        return "\n".join(lines)


def _stored_ids(db: Database, batches: list[Batch]) -> Stored:
    """The ids stored now of every label the batches write (none on a first import)."""
    labels = sorted({b.ends[0] for b in batches if b.node})
    return {label: {r["id"] for r in db.read(bulk_cypher.stored_ids(label))}
            for label in labels}


class LinksMissing(RuntimeError):
    """A new node's relationships were not all created: an end was not found."""


def _write_batch(db: Database, batch: Batch, index: int, *, dataset: str, fp: str,
                 stored: Stored | None) -> Written:
    """Run one batch and record it as done, in one transaction."""
    new, old, skipped = batch.split(stored)
    linked: dict[str, int] = defaultdict(int)
    for row in new if batch.node else ():
        for link, entries in zip(batch.links, row["links"], strict=True):
            linked[link.type] += len(entries)

    def work(tx: ManagedTransaction) -> Written:
        created = updated = 0
        if new:
            counters = tx.run(batch.create, rows=new, dataset=batch.dataset).consume().counters
            if batch.node:
                created += counters.nodes_created
                if counters.relationships_created != sum(linked.values()):
                    # Rolled back: the data set was validated, so an end is missing only
                    # if something removed it while the import ran.
                    raise LinksMissing(
                        f"batch {index} ({batch.name}): {sum(linked.values())} relationships "
                        f"expected with the new nodes, {counters.relationships_created} "
                        "created; run the import again")
            else:
                created += counters.relationships_created
        if old:
            result = tx.run(batch.query, rows=old, dataset=batch.dataset)
            updated = result.single(strict=True)["updated"]
            counters = result.consume().counters
            created += counters.nodes_created if batch.node else counters.relationships_created
        tx.run(bulk_cypher.MARK_BATCHES, dataset=dataset, fingerprint=fp,
               indices=[index]).consume()
        return Written(created, updated, skipped, dict(linked))

    for attempt in range(DEADLOCK_TRIES):
        try:
            # No query timeout: a large batch on a busy machine can take longer
            # than the service's 30 s; the import is not a request someone waits on.
            return db.write_tx(work, timeout=None)
        except ConstraintError:
            if not new or stored is None:
                raise
            # Someone stored one of these ids after the import began (an edit while it
            # ran): this batch upserts every row, and its nodes' relationships go through
            # the relationship batches, which therefore must see them as stored.
            stored[batch.ends[0]].update(row["id"] for row in batch.rows)
            return _write_batch(db, batch, index, dataset=dataset, fp=fp, stored=None)
        except (TransientError, DatabaseBusy):
            # The driver already retried for a while; a busy machine can outlast it.
            if attempt == DEADLOCK_TRIES - 1:
                raise
            time.sleep(0.5 * (attempt + 1))
    raise AssertionError("unreachable")


def bulk_import(db: Database, path: Path, *, batch_rows: int = BATCH_ROWS, workers: int = 2,
                console: Console | None = None, dry_run: bool = False,
                after_batch: Callable[[int], None] | None = None) -> BulkReport:
    """Validate the data set at `path`, then write it in batches; see the module doc.

    `workers` transactions run at once (Neo4j uses a core for each): nodes first, then,
    once every node is written, relationships. Raises DataSetError (naming file, row and
    field) before anything is written.
    """
    # The whole import holds millions of rows alive; see `collector` for why it pauses.
    with collector.paused():
        return _bulk_import(db, path, batch_rows=batch_rows, workers=workers,
                            console=console or Console(stderr=True), dry_run=dry_run,
                            after_batch=after_batch)


def _bulk_import(db: Database, path: Path, *, batch_rows: int, workers: int,
                 console: Console, dry_run: bool,
                 after_batch: Callable[[int], None] | None) -> BulkReport:
    with console.status("Validating the data set…"):
        ds = load_dataset(path)
        rows = to_graph(ds)
        # The batches follow from the files and the batch size: both key the resume markers.
        fp = f"{fingerprint(ds.directories)}:{batch_rows}:{PLAN_VERSION}"
        batches = plan(rows, batch_rows)
    report = BulkReport(ds.name, batches=len(batches), rows=sum(len(b.rows) for b in batches),
                        dry_run=dry_run)
    report.removed = db.read_tx(lambda tx: removals.plan(tx, rows), timeout=None)
    for gone in report.removed:
        report.nodes[gone.label].deleted += 1
    if dry_run:
        return report
    if report.removed:
        console.print(f"Rows no longer in the data set, to be removed: {len(report.removed)}")
    migrations.apply(db)
    db.write(bulk_cypher.CLEAR_BATCHES, dataset=ds.name, keep=fp)
    done = set(db.read(bulk_cypher.DONE_BATCHES, dataset=ds.name, fingerprint=fp)[0]["done"])
    report.resumed_at = len(done)
    before = db.read(bulk_cypher.IMPORTED_HASH, dataset=ds.name)
    stored = _stored_ids(db, batches)
    with _progress(console) as bar:
        task = bar.add_task(f"Importing {ds.name}", total=report.rows,
                            completed=sum(len(batches[i].rows) for i in done))

        def finished(index: int, written: Written) -> None:
            batch = batches[index]
            counts = (report.nodes if batch.node else report.rels)[batch.name]
            counts.created += written.created
            counts.updated += written.updated
            counts.unchanged += (len(batch.rows) - written.skipped - written.created
                                 - written.updated)
            for rtype, n in written.linked.items():
                report.rels[rtype].created += n
            bar.advance(task, len(batch.rows))
            if after_batch is not None:
                after_batch(index)

        # Nodes phase by phase (a new node's relationships are created with it, so their
        # other ends must be in), then the relationships not created with a node.
        steps = sorted({b.phase for b in batches if b.node})
        for step in [*steps, None]:
            todo = [i for i, b in enumerate(batches) if i not in done
                    and ((b.node and b.phase == step) or (not b.node and step is None))]
            if step is None:
                todo = _mark_carried(db, batches, todo, finished, dataset=ds.name, fp=fp,
                                     stored=stored)
            _run_batches(db, batches, todo, workers, finished, dataset=ds.name, fp=fp,
                         stored=stored)
    if before and before[0]["hash"] != fp:
        # The data set was imported before from other files: drop what it no longer holds.
        report.swept = _sweep(db, ds.name, rows, report)
    for chunk in chunks(report.removed, BATCH_ROWS):
        db.write_tx(partial(removals.delete, removals=chunk), timeout=None)
    changed = report.changed or report.resumed_at > 0 or bool(report.removed)
    db.write_tx(lambda tx: _finish(tx, ds.name, fp, changed))
    # Batches commit one by one, so this cannot undo them; it says at once, and `serve`
    # refuses to start, if the store now breaks the confidentiality rule.
    check.ensure_consistent(check.find(db))
    return report


def _mark_carried(db: Database, batches: list[Batch], todo: list[int],
                  finished: Callable[[int, Written], None], *, dataset: str, fp: str,
                  stored: Stored | None) -> list[int]:
    """Mark as done, in one transaction per BATCH_ROWS of them, the relationship batches
    whose rows were all created with their nodes; return the others. A kill before the
    commit leaves them unmarked: the resumed run upserts their rows, which are stored."""
    carried = [i for i in todo if batches[i].carried_whole(stored)]
    for chunk in chunks(carried, BATCH_ROWS):
        db.write(bulk_cypher.MARK_BATCHES, dataset=dataset, fingerprint=fp, indices=chunk)
        for index in chunk:
            finished(index, Written(skipped=len(batches[index].rows)))
    gone = set(carried)
    return [i for i in todo if i not in gone]


def _run_batches(db: Database, batches: list[Batch], todo: list[int], workers: int,
                 finished: Callable[[int, Written], None], *, dataset: str, fp: str,
                 stored: Stored | None) -> None:
    """Run the batches `todo`, `workers` at a time, never two that lock the same nodes.

    Two relationship batches that touch nodes of a common label could each hold a lock
    the other waits for (Neo4j detects it and one of them is retried from scratch); two
    that share no label cannot. Node batches upsert distinct ids and may always overlap.
    Among the batches that may start, the one of the largest group goes first, so the
    long groups (a data set's referrals) overlap with the short ones.
    """
    left: dict[str, int] = defaultdict(int)
    for i in todo:
        left[batches[i].group] += len(batches[i].rows)
    pending = list(todo)
    running: dict[Future[Written], int] = {}
    with ThreadPoolExecutor(max(1, workers)) as pool:
        while pending or running:
            busy = {label for i in running.values() for label in batches[i].locks}
            ready = [i for i in pending if not batches[i].locks & busy]
            if ready and len(running) < max(1, workers):
                index = max(ready, key=lambda i: left[batches[i].group])
                pending.remove(index)
                running[pool.submit(_write_batch, db, batches[index], index,
                                    dataset=dataset, fp=fp, stored=stored)] = index
                continue
            complete, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in complete:
                index = running.pop(future)
                left[batches[index].group] -= len(batches[index].rows)
                finished(index, future.result())


def _finish(tx: ManagedTransaction, dataset: str, fp: str, changed: bool) -> None:
    # One change in the database's log for the whole import (store/changes.py): running
    # services then reload the projection once, when every batch is in. An import that
    # changed nothing is no change (importing twice changes nothing, the log included).
    if changed:
        seq = changes.begin(tx)
        changes.record(tx, seq, full=True, by=f"bulk import of data set {dataset!r}",
                       action="import")
    tx.run(bulk_cypher.SET_IMPORTED_HASH, dataset=dataset, hash=fp).consume()
    tx.run(bulk_cypher.CLEAR_BATCHES, dataset=dataset, keep=None).consume()


def _sweep(db: Database, dataset: str, rows: GraphRows, report: ImportReport) -> int:
    """Delete relationships tagged with `dataset` that its rows no longer hold."""
    desired = {r.key for r in rows.rels if r.dataset == dataset}
    labels = sorted(cypher.NODE_LABELS)
    removed = 0

    def run(query: str, **params: Any) -> Callable[[ManagedTransaction], list[Record]]:
        return lambda tx: list(tx.run(query, params))

    for rtype in sorted(cypher.REL_TYPES):
        gone: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
        found = db.read_tx(run(bulk_cypher.dataset_rels(rtype), dataset=dataset,
                               labels=labels), timeout=None)
        for r in found:
            if (rtype, r["al"], r["a"], r["bl"], r["b"]) not in desired:
                gone[(r["al"], r["bl"])].append({"a": r["a"], "b": r["b"]})
        for (start, end), items in gone.items():
            delete = cypher.delete_rels(rtype, start, end)
            for chunk in chunks(items, BATCH_ROWS):
                db.write_tx(run(delete, dataset=dataset, rows=chunk), timeout=None)
            report.rels[rtype].deleted += len(items)
            removed += len(items)
    return removed
