"""Rows removed from a data set's files: found before anything is written, reported first,
deleted in the import's one transaction.

Only rows that the imported data set (or one it includes) stored are candidates; rows
written by edits (``dataset = "edits"``), by other data sets, and the `Dataset` records
themselves are never removed here. A removed row takes its relationships with it, so the
report says how many of those edits had recorded.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from neo4j import ManagedTransaction

from referral_graph.importer.mapping import GraphRows
from referral_graph.store import cypher
from referral_graph.store import removal_cypher as q

EDITS = "edits"  # the data set name of rows written through the API (edits/service.py)
KEPT_LABELS = frozenset({"Dataset"})


@dataclass(frozen=True, slots=True)
class Removal:
    label: str
    id: str
    dataset: str
    edit_ties: int = 0  # relationships recorded by edits that go with it

    def describe(self) -> str:
        """
        >>> Removal("Organization", "casa-x", "proteja", 2).describe()
        "Organization 'casa-x' (data set proteja; 2 relationship(s) recorded by edits go with it)"
        """
        extra = (f"; {self.edit_ties} relationship(s) recorded by edits go with it"
                 if self.edit_ties else "")
        return f"{self.label} {self.id!r} (data set {self.dataset}{extra})"


def datasets_of(rows: GraphRows) -> list[str]:
    """The data sets an import speaks for: its own and those it includes."""
    return sorted({str(n.props["dataset"]) for n in rows.nodes
                   if n.props.get("dataset")} - {EDITS})


def plan(tx: ManagedTransaction, rows: GraphRows) -> list[Removal]:
    """Stored rows of these data sets that the data set no longer holds."""
    stored = tx.run(q.STORED_NODES, datasets=datasets_of(rows), edits=EDITS,
                    labels=sorted(cypher.NODE_LABELS - KEPT_LABELS)).data()
    if not stored:  # a first import: no need for the set of every row (736,568 at 100k)
        return []
    wanted = {(n.label, n.id) for n in rows.nodes}
    return sorted((Removal(r["label"], r["id"], r["dataset"], r["edit_ties"])
                   for r in stored if (r["label"], r["id"]) not in wanted),
                  key=lambda r: (r.label, r.id))


def delete(tx: ManagedTransaction, removals: list[Removal]) -> None:
    by_label: dict[str, list[str]] = defaultdict(list)
    for r in removals:
        by_label[r.label].append(r.id)
    for label, ids in sorted(by_label.items()):
        tx.run(q.delete_nodes(label), ids=ids).consume()
