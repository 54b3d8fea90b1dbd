"""The bulk import's writes: which rows go in which UNWIND batch, in which order.

A first import creates most of a national network's relationships together with the node
they hang from: a referral is created with its SOURCED_FROM, REFERRED_FROM and REFERRED_TO
in the same statement, instead of three more batches that each look the referral up again
by id. That needs the other end written first, hence phases: sources, states and services;
then organizations; then what ties to organizations; then figures and statements about all
of those. At 100k organizations this turns 2.4 M relationship rows into ~3 K.

Rows already stored (a re-import, a resumed one) keep the upsert path: MERGE on the id,
written only where they differ, their relationships MERGEd in the relationship batches.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from referral_graph.importer.mapping import EXTRA_LABELS, GraphRows
from referral_graph.store import bulk_cypher

# Rows per batch. Small enough that a batch's transaction state dies young in Neo4j's 1 GiB
# heap: with 10,000 rows the two batches in flight held 400-800 MiB, which G1 copied to the
# old generation and collected again (45 s of pauses and ~60 concurrent cycles in a 100k
# import; 5,000 rows the same); with 2,000, 4-7 s of pauses and one cycle, and Neo4j's CPU
# for the 100k import fell from 240-245 s to 136-143 s. 1,000 rows did no better.
BATCH_ROWS = 2_000

T = TypeVar("T")

# A label's nodes are written once every label of an earlier phase is.
PHASES: dict[str, int] = {
    "Source": 0, "State": 0, "ServiceType": 0, "Dataset": 0,
    "Organization": 1,
    "Capability": 2, "Collaboration": 2, "Agreement": 2, "Activity": 2, "Legislation": 2,
    "Referral": 2,
    "Figure": 3, "Statement": 3,
}

# Ids stored per label when the import began (a node batch that had to fall back to the
# upsert adds its ids: its relationships then go through the relationship batches).
Stored = dict[str, set[str]]


@dataclass(frozen=True, slots=True)
class Link:
    """Relationships of one type created with the node at one of their ends."""

    type: str
    other: str  # the label of the other end, written in an earlier phase
    outgoing: bool  # the node is the relationship's start
    # node id → its relationships: (other end's id, data set, properties)
    by_node: dict[str, list[tuple[str, str, dict[str, Any]]]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Written:
    """What one batch did: its own rows, and the relationships created with its nodes."""

    created: int = 0
    updated: int = 0
    skipped: int = 0  # relationship rows already created with their node
    linked: dict[str, int] = field(default_factory=dict)  # relationship type → created


@dataclass(frozen=True, slots=True)
class Batch:
    """One UNWIND write: `rows` of one label (or relationship type) at most BATCH_ROWS."""

    node: bool
    name: str  # label or relationship type, for the report
    query: str  # upsert: MERGE on the id, written only where it differs
    rows: list[dict[str, Any]]
    dataset: str = ""
    # Labels of the nodes whose locks it takes; batches sharing none may run at once.
    locks: frozenset[str] = frozenset()
    # The rows new to the database go through `create` instead (no lookup, no comparison):
    # a node whose id is not stored; a relationship one of whose ends is such a node.
    create: str = ""
    ends: tuple[str, ...] = ()  # the label of a node batch; a relationship's two
    phase: int = 0
    links: tuple[Link, ...] = ()  # a node batch: relationships created with its new nodes
    via: int | None = None  # a relationship batch: the end whose new nodes carry its rows

    @property
    def group(self) -> str:
        return f"{self.name}:{self.query}"

    def split(self, stored: Stored | None
              ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], int]:
        """(rows to create, rows to upsert, rows already created with their node).

        `stored` is None when every row must be upserted. A new node's row carries its
        links' relationships, as `create` expects them.

        >>> b = Batch(False, "PROVIDES", "…", [{"a": "o1", "b": "c1"}, {"a": "o2", "b": "c2"},
        ...           {"a": "o3", "b": "c3"}], create="…", ends=("Organization", "Capability"),
        ...           via=1)
        >>> b.split({"Organization": {"o1", "o2"}, "Capability": {"c1", "c3"}})
        ([{'a': 'o3', 'b': 'c3'}], [{'a': 'o1', 'b': 'c1'}], 1)
        >>> b.split(None)[1] == b.rows
        True
        """
        if stored is None or not self.create:
            return [], self.rows, 0
        new: list[dict[str, Any]] = []
        old: list[dict[str, Any]] = []
        if self.node:
            have = stored.get(self.ends[0], set())
            for row in self.rows:
                if row["id"] in have:
                    old.append(row)
                else:
                    new.append({**row, "links": [_entries(link, row["id"])
                                                 for link in self.links]})
            return new, old, 0
        starts = stored.get(self.ends[0], set())
        ends = stored.get(self.ends[1], set())
        skipped = 0
        for row in self.rows:
            a, b = row["a"] in starts, row["b"] in ends
            if self.via is not None and not (a, b)[self.via]:
                skipped += 1
            elif a and b:
                old.append(row)
            else:
                new.append(row)
        return new, old, skipped

    def carried_whole(self, stored: Stored | None) -> bool:
        """True when `split` would leave nothing to write: every row of this relationship
        batch was created with its node (a first import's SOURCED_FROM, REFERRED_TO...).

        >>> b = Batch(False, "PROVIDES", "…", [{"a": "o1", "b": "c1"}], create="…",
        ...           ends=("Organization", "Capability"), via=1)
        >>> b.carried_whole({}), b.carried_whole({"Capability": {"c1"}}), b.carried_whole(None)
        (True, False, False)
        """
        if stored is None or self.node or not self.create or self.via is None:
            return False
        have = stored.get(self.ends[self.via], set())
        end = ("a", "b")[self.via]
        return not any(row[end] in have for row in self.rows)


def _entries(link: Link, node: str) -> list[dict[str, Any]]:
    return [{"id": other, "dataset": ds, "props": props}
            for other, ds, props in link.by_node.get(node, ())]


def plan(rows: GraphRows, batch_rows: int = BATCH_ROWS) -> list[Batch]:
    """The writes, in a fixed order: nodes by phase and label, then relationships by type.

    >>> from referral_graph.importer.mapping import NodeRow, RelRow
    >>> g = GraphRows([NodeRow("State", f"MX-{i}", {}) for i in range(5)],
    ...               [RelRow("BORDERS", "State", "MX-0", "State", "MX-1", {}, "reference")])
    >>> [(b.name, len(b.rows)) for b in plan(g, batch_rows=2)]
    [('State', 2), ('State', 2), ('State', 1), ('BORDERS', 1)]
    """
    rels: dict[tuple[str, str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for r in rows.rels:
        rels[(r.type, r.start_label, r.end_label, r.dataset)].append(
            {"a": r.start, "b": r.end, "props": r.props})
    links: dict[str, dict[tuple[str, str, bool], Link]] = defaultdict(dict)
    via: dict[tuple[str, str, str], int] = {}
    for (rtype, start, end, ds), items in rels.items():
        end_at = _carrier(start, end)
        if end_at is None:
            continue
        via[(rtype, start, end)] = end_at
        outgoing = end_at == 0
        label, other = (start, end) if outgoing else (end, start)
        link = links[label].setdefault((rtype, other, outgoing), Link(rtype, other, outgoing))
        near, far = ("a", "b") if outgoing else ("b", "a")
        for item in items:
            link.by_node.setdefault(item[near], []).append((item[far], ds, item["props"]))

    groups: dict[tuple[str, tuple[str, ...]], list[dict[str, Any]]] = defaultdict(list)
    for n in rows.nodes:
        groups[(n.label, n.extra_labels)].append({"id": n.id, "props": n.props})
    batches: list[Batch] = []
    for (label, present), items in sorted(groups.items(), key=lambda g: PHASES.get(g[0][0], 0)):
        absent = tuple(e for e in EXTRA_LABELS.get(label, ()) if e not in present)
        query = bulk_cypher.merge_nodes(label, present, absent)
        own = tuple(links[label].values())
        create = bulk_cypher.create_nodes(
            label, present, [(lk.type, lk.other, lk.outgoing) for lk in own])
        batches += [Batch(True, label, query, chunk, create=create, ends=(label,),
                          phase=PHASES.get(label, 0), links=own)
                    for chunk in chunks(items, batch_rows)]
    for (rtype, start, end, ds), items in rels.items():
        query = bulk_cypher.merge_rels(rtype, start, end)
        create = bulk_cypher.create_rels(rtype, start, end)
        locks = frozenset({start, end})
        batches += [Batch(False, rtype, query, chunk, ds, locks, create, (start, end),
                          via=via.get((rtype, start, end)))
                    for chunk in chunks(items, batch_rows)]
    return batches


def _carrier(start: str, end: str) -> int | None:
    """Which end (0: start, 1: end) creates the relationship: the one written later."""
    if start not in PHASES or end not in PHASES or PHASES[start] == PHASES[end]:
        return None
    return 0 if PHASES[start] > PHASES[end] else 1


def chunks(items: list[T], size: int) -> Iterator[list[T]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]
