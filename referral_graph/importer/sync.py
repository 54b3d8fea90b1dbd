"""Bring Neo4j in line with a data set: diff first, then one transaction that writes it all.

Nodes are upserted by id; the relationships a data set owns (tagged with its name) are
made to match it exactly, and its rows that the files no longer hold are removed
(`importer.removals`). Nothing else is touched: edits made through the API live on
other relationships and properties. The transaction is numbered in the database's change
log (`store.changes`) like every write, so a running service sees the import at once.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from neo4j import ManagedTransaction

from referral_graph.importer import removals
from referral_graph.importer.mapping import EXTRA_LABELS, GraphRows, NodeRow, RelRow
from referral_graph.safety import check
from referral_graph.store import changes, cypher
from referral_graph.store.driver import Database
from referral_graph.store.values import native


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0


@dataclass
class ImportReport:
    dataset: str
    nodes: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    rels: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    removed: list[removals.Removal] = field(default_factory=list)
    dry_run: bool = False
    created: set[tuple[str, str]] = field(default_factory=set)  # (label, id) new nodes

    @property
    def changed(self) -> bool:
        return any(c.created or c.updated or c.deleted
                   for c in [*self.nodes.values(), *self.rels.values()])

    def describe(self) -> str:
        lines = [f"Data set {self.dataset!r}:"]
        if self.removed:
            verb = "would be removed" if self.dry_run else "removed"
            lines.append(f"  Rows no longer in the data set, {verb} ({len(self.removed)}):")
            lines += [f"    - {r.describe()}" for r in self.removed]
        for title, table in (("nodes", self.nodes), ("relationships", self.rels)):
            for name in sorted(table):
                c = table[name]
                parts = [f"{c.created} created", f"{c.updated} updated",
                         f"{c.unchanged} left alone"]
                if c.deleted:
                    parts.append(f"{c.deleted} removed")
                lines.append(f"  {title[:-1]} {name}: " + ", ".join(parts))
        if self.dry_run:
            lines.append("  Dry run: these changes were not written." if self.changed else
                         "  Nothing would change: the database matches the data set.")
        else:
            lines.append("  Changes written." if self.changed else
                         "  Nothing changed: the database already matched the data set.")
        return "\n".join(lines)


def _same(desired: dict[str, Any], stored: dict[str, Any]) -> bool:
    """Stored already holds every desired value (a None means the property is absent)."""
    return all(v == native(stored.get(k)) for k, v in desired.items())


def _plan_nodes(tx: ManagedTransaction, rows: GraphRows, report: ImportReport
                ) -> dict[str, list[NodeRow]]:
    by_label: dict[str, list[NodeRow]] = defaultdict(list)
    for n in rows.nodes:
        by_label[n.label].append(n)
    to_write: dict[str, list[NodeRow]] = {}
    for label, nodes in by_label.items():
        stored = {r["id"]: r for r in tx.run(cypher.existing_nodes(label),
                                              ids=[n.id for n in nodes]).data()}
        changed = []
        for n in nodes:
            have = stored.get(n.id)
            if have is None:
                report.nodes[label].created += 1
                report.created.add((label, n.id))
                changed.append(n)
            elif not _same(n.props, have["props"]) or (
                set(have["labels"]) & set(EXTRA_LABELS.get(label, ())) != set(n.extra_labels)
            ):
                report.nodes[label].updated += 1
                changed.append(n)
            else:
                report.nodes[label].unchanged += 1
        to_write[label] = changed
    return to_write


def _plan_rels(tx: ManagedTransaction, rows: GraphRows, report: ImportReport
               ) -> tuple[list[RelRow], list[tuple[str, ...]]]:
    desired = {(*r.key, r.dataset): r for r in rows.rels}
    datasets = sorted({r.dataset for r in rows.rels})
    existing: dict[tuple[str, ...], dict[str, Any]] = {}
    for ds in datasets:
        for r in tx.run(cypher.EXISTING_DATASET_RELS, dataset=ds,
                        labels=sorted(cypher.NODE_LABELS)).data():
            existing[(r["type"], r["al"], r["a"], r["bl"], r["b"], ds)] = r["props"]
    writes = []
    for key, rel in desired.items():
        have = existing.get(key)
        if have is None:
            report.rels[rel.type].created += 1
            writes.append(rel)
        elif not _same(rel.props, have):
            report.rels[rel.type].updated += 1
            writes.append(rel)
        else:
            report.rels[rel.type].unchanged += 1
    deletes = [k for k in existing if k not in desired]
    for k in deletes:
        report.rels[k[0]].deleted += 1
    return writes, deletes


class _Unchanged(Exception):
    """Nothing to write: roll back the change number the transaction took."""

    def __init__(self, report: ImportReport) -> None:
        self.report = report


def _stamp(tx: ManagedTransaction, seq: int, nodes: dict[str, list[NodeRow]],
           rels: list[RelRow], deletes: list[tuple[str, ...]],
           created: set[tuple[str, str]]) -> None:
    """Give every stored record this import changed (a property, or one of its own
    relationships) the version ``seq``, so an editor's save based on the older one is
    refused. A record it creates has no version yet: nobody can have loaded it."""
    stamped: dict[str, set[str]] = defaultdict(set)
    for label, changed in nodes.items():
        stamped[label].update(n.id for n in changed)
    for r in rels:
        stamped[r.start_label].add(r.start)
    for _rtype, start_label, start, *_ in deletes:
        stamped[start_label].add(start)
    for label, ids in sorted(stamped.items()):
        changes.set_versions(tx, label, sorted(i for i in ids if (label, i) not in created),
                             seq)


def sync(db: Database, rows: GraphRows, dataset: str, *, dry_run: bool = False) -> ImportReport:
    """Write `rows` in a single transaction; a failure anywhere leaves the database as it was."""

    def work(tx: ManagedTransaction) -> ImportReport:
        # A fresh report per attempt: the driver may retry this function.
        report = ImportReport(dataset, dry_run=dry_run)
        seq = None if dry_run else changes.begin(tx)  # first: the writers' lock
        nodes = _plan_nodes(tx, rows, report)
        rels, deletes = _plan_rels(tx, rows, report)
        report.removed = removals.plan(tx, rows)
        for gone_node in report.removed:
            report.nodes[gone_node.label].deleted += 1
        if dry_run:
            return report
        if not report.changed:
            raise _Unchanged(report)
        assert seq is not None
        removals.delete(tx, report.removed)
        for label, changed in nodes.items():
            if not changed:
                continue
            tx.run(cypher.merge_nodes(label),
                   rows=[{"id": n.id, "props": n.props} for n in changed]).consume()
            for extra in EXTRA_LABELS.get(label, ()):
                have = [n.id for n in changed if extra in n.extra_labels]
                lack = [n.id for n in changed if extra not in n.extra_labels]
                tx.run(cypher.set_extra_label(label, extra), ids=have).consume()
                tx.run(cypher.remove_extra_label(label, extra), ids=lack).consume()
        grouped: dict[tuple[str, ...], list[RelRow]] = defaultdict(list)
        for r in rels:
            grouped[(r.type, r.start_label, r.end_label, r.dataset)].append(r)
        for (rtype, sl, el, ds), items in grouped.items():
            tx.run(cypher.merge_rels(rtype, sl, el), dataset=ds,
                   rows=[{"a": r.start, "b": r.end, "props": r.props} for r in items]).consume()
        gone: dict[tuple[str, ...], list[dict[str, str]]] = defaultdict(list)
        for rtype, sl, a, el, b, ds in deletes:
            gone[(rtype, sl, el, ds)].append({"a": a, "b": b})
        for (rtype, sl, el, ds), pairs in gone.items():
            tx.run(cypher.delete_rels(rtype, sl, el), dataset=ds, rows=pairs).consume()
        # Before committing: the whole store, not only these rows, obeys the
        # confidentiality rule; otherwise the import is undone and says why.
        check.ensure_consistent(check.find_in(tx))
        _stamp(tx, seq, nodes, rels, deletes, report.created)
        changes.record(tx, seq, full=True, by=f"import of data set {dataset!r}",
                       action="import")
        return report

    try:
        # Unbounded: a large data set takes longer than an edit's time limit.
        return db.write_tx(work, timeout=None)
    except _Unchanged as e:
        return e.report
