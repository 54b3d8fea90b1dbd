"""Immutable, versioned snapshots of the projection, and the copy-on-write that makes them.

A reader (a request, a report, an export) takes one `Snapshot` and reads it to the end:
nobody changes a published snapshot. A change builds the next one aside and publishes it
with one reference assignment, so readers see the old graph or the new one, never a half-
updated one (the data race of /reports and /exports, which read the projection while an
edit changed it in place).

Building aside must stay cheap at 100,000 organizations, where `G.copy()` takes seconds.
`Draft` copies only the two outer dictionaries of a networkx graph (node → attributes,
node → neighbours: a few milliseconds) and, lazily, the neighbour dictionaries of the
nodes a change touches; every other node's and edge's data is shared with the previous
snapshot, which is safe because neither is ever written again. This is the one place
that reaches into networkx's ``_node`` and ``_adj``; a test checks it against `G.copy()`.

`Snapshot.derived` is the home of data computed from a snapshot's graph (indexes,
caches); they live and die with the snapshot.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

import networkx as nx


@dataclass(frozen=True, eq=False)
class Snapshot:
    """One version of the projection: never changed once published.

    ``version`` is the database's change number it reflects (`store.changes`), ``epoch``
    the identity of the database's data (it changes when the data is replaced wholesale,
    e.g. restored from a backup).
    """

    graph: nx.Graph
    version: int
    epoch: str | None = None
    derived: dict[str, Any] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def with_version(self, version: int) -> Snapshot:
        """The same graph (and derived data) at a later change number that touched no
        organization, e.g. a new source passage."""
        return Snapshot(self.graph, version, self.epoch, self.derived, self.lock)


class Draft:
    """A copy-on-write copy of a graph: change the copy, the original never changes.

    >>> G = nx.Graph(); G.add_edge("a", "b", w=1); G.add_edge("b", "c", w=2)
    >>> d = Draft(G); d.remove_nodes(["c"]); d.add_node("c", kind="new"); d.add_edge("a", "c", w=3)
    >>> sorted(d.graph.edges(data="w")), sorted(G.edges(data="w"))
    ([('a', 'b', 1), ('a', 'c', 3)], [('a', 'b', 1), ('b', 'c', 2)])
    >>> d.graph.nodes["a"] is G.nodes["a"]   # untouched data is shared, not copied
    True
    """

    def __init__(self, G: nx.Graph) -> None:
        H = G.__class__()
        H.graph = dict(G.graph)
        # networkx's own dicts are not in its type stubs: reached through `Any`, here only.
        old: Any = G
        new: Any = H
        new._node = dict(old._node)  # the descriptors reset networkx's cached views
        new._adj = dict(old._adj)
        self.graph = H
        self._node: dict[Any, dict[str, Any]] = new._node
        self._adj: dict[Any, dict[Any, dict[str, Any]]] = new._adj
        self._owned: set[Any] = set()  # nodes whose neighbour dict belongs to the copy
        self._new_edges: set[frozenset[Any]] = set()  # edges whose data dict is the copy's

    def _own(self, n: Any) -> None:
        if n not in self._owned:
            self._owned.add(n)
            adj = self._adj
            if n in adj:
                adj[n] = dict(adj[n])

    def remove_nodes(self, nodes: Any) -> None:
        """Remove ``nodes`` (absent ones are ignored) and their edges."""
        adj = self._adj
        gone = [n for n in nodes if n in adj]
        for n in gone:
            self._own(n)
            for nbr in adj[n]:
                self._own(nbr)
        self.graph.remove_nodes_from(gone)

    def add_node(self, n: Any, **attr: Any) -> None:
        """Add a node with fresh attributes (replacing its shared ones if present)."""
        if n in self._node:
            self._own(n)
            self._node[n] = dict(attr)
        else:
            self.graph.add_node(n, **attr)
            self._owned.add(n)

    def add_edge(self, u: Any, v: Any, **attr: Any) -> None:
        """Add an edge, or update a copy of its data when it exists."""
        self._own(u)
        self._own(v)
        key = frozenset((u, v))
        adj = self._adj
        if key not in self._new_edges and u in adj and v in adj[u]:
            data = {**adj[u][v], **attr}  # the old dict stays the original's
            adj[u][v] = adj[v][u] = data
        else:
            self.graph.add_edge(u, v, **attr)
        self._new_edges.add(key)

    def edge_data(self, u: Any, v: Any) -> dict[str, Any]:
        """The copy's own data dict of an existing edge, safe to change."""
        key = frozenset((u, v))
        if key not in self._new_edges:
            self.add_edge(u, v)
        return self._adj[u][v]
