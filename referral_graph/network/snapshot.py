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

Derived data — indexes and caches computed from a graph (the public view, the redactor, the
providers index, the planner's tie costs, the gap report's memo and per-state analyses) —
lives in the graph's `Derived`, which the snapshot owns (`Snapshot.derived`) and an algorithm
handed only the graph finds with `derived(G)`. Nothing is written into the graph itself, its
nodes or its edges: algorithms read their input and never change it, as networkx's do.
A graph's own change count (``G.graph[VERSION_KEY]``) is set by whoever builds the graph;
the log of what each change touched is kept in its `Derived` too.

This module is pure (no database): the model side of the projection. Reading it from Neo4j
is `network.loading`'s job, and following the database `network.projection`'s.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

import networkx as nx

VERSION_KEY = "version"  # G.graph[VERSION_KEY]: the graph's change count, set by its builder
TOUCHED_KEPT = 256  # changes remembered for views that follow a graph (`touched_since`)

T = TypeVar("T")


class Derived:
    """Data computed from one graph, by name: built on first use, kept as long as the graph.

    Each entry is whatever its owner stores (usually tagged with the graph version it was
    computed for, so that an entry inherited from an earlier graph is redone or brought up
    to date, never read stale). ``touched`` logs (version, organization ids) of the changes
    that made the graph, for views that follow it.
    """

    def __init__(self) -> None:
        self.entries: dict[str, Any] = {}
        self.touched: list[tuple[int, tuple[str, ...]]] = []
        self.lock = threading.RLock()
        self._making: dict[str, threading.RLock] = {}

    def get(self, name: str) -> Any:
        return self.entries.get(name)

    def put(self, name: str, value: T) -> T:
        self.entries[name] = value
        return value

    def once(self, name: str, fresh: Callable[[Any], bool], make: Callable[[Any], T]) -> T:
        """The entry ``name`` if ``fresh(entry)``, else ``make(entry)`` (the entry as it
        was, or None), stored and returned. One caller makes it while any other asking for
        the same entry waits for it and reads what it made.

        Why wait: at 100k the first questions after a change arrive together (8 clients,
        each on its own thread), and each made the same index or view at once: the
        public view takes ~5 s alone, and eight of them sharing two cores took many times
        that before any of them answered.

        >>> d = Derived()
        >>> d.once("n", lambda e: e is not None, lambda e: 1), d.once("n", bool, lambda e: 2)
        (1, 1)
        """
        found: Any = self.entries.get(name)
        if fresh(found):
            return found
        with self.lock:
            lock = self._making.setdefault(name, threading.RLock())
        with lock:
            found = self.entries.get(name)
            if fresh(found):
                return found
            made = make(found)
            self.entries[name] = made
            return made

    def setdefault(self, name: str, make: Callable[[], T]) -> T:
        """The entry ``name``, made by ``make()`` (once, under the lock) when absent."""
        with self.lock:
            if name not in self.entries:
                self.entries[name] = make()
            return self.entries[name]


_DERIVED: weakref.WeakKeyDictionary[nx.Graph, Derived] = weakref.WeakKeyDictionary()
_REGISTRY = threading.Lock()


def derived(G: nx.Graph) -> Derived:
    """The derived data of ``G`` (empty for a graph nothing was computed from yet).

    >>> G = nx.Graph(); _ = derived(G).put("answer", 42); derived(G).get("answer")
    42
    >>> dict(G.graph), derived(nx.Graph()).get("answer") is None   # G itself is untouched
    ({}, True)
    """
    with _REGISTRY:
        found = _DERIVED.get(G)
        if found is None:
            found = _DERIVED[G] = Derived()
        return found


def at_version(G: nx.Graph, name: str, make: Callable[[], T], *,
               update: Callable[[int, T], T | None] | None = None) -> T:
    """``make()`` for ``G`` as it stands, kept in its derived data under ``name`` until the
    version changes; made by one caller at a time (`Derived.once`). With ``update``, a
    value kept for an earlier version is offered to it first (that version, the value):
    what it returns is kept instead, and None makes anew.

    >>> G = nx.Graph(version=1)
    >>> at_version(G, "count", lambda: 10), at_version(G, "count", lambda: 20)
    (10, 10)
    >>> G.graph["version"] = 2; at_version(G, "count", lambda: 20)
    20
    >>> G.graph["version"] = 3; at_version(G, "count", lambda: 0, update=lambda v, n: n + v)
    22
    """
    version = graph_version(G)

    def made(entry: tuple[int, T] | None) -> tuple[int, T]:
        if entry is not None and update is not None:
            value = update(*entry)
            if value is not None:
                return version, value
        return version, make()

    entry: tuple[int, T] = derived(G).once(
        name, lambda e: e is not None and e[0] == version, made)
    return entry[1]


def inherit(new: nx.Graph, old: nx.Graph) -> None:
    """``new``, built from ``old``, starts with ``old``'s derived entries and change log:
    entries tagged with a version are then brought up to date from the log, and entries
    keyed by content (the gap report's per-state analyses) are reused as they are."""
    src, dst = derived(old), derived(new)
    with src.lock:
        dst.entries.update(src.entries)
        dst.touched = list(src.touched)


def mark_changed(G: nx.Graph, ids: Iterable[str]) -> int:
    """Count a change of the organizations ``ids`` in ``G``, a graph its builder is still
    making (or a test's): a new version, and the ids logged for views that follow ``G``.
    Returns the version."""
    G.graph[VERSION_KEY] = version = G.graph.get(VERSION_KEY, 0) + 1
    log = derived(G).touched
    log.append((version, tuple(ids)))
    del log[:-TOUCHED_KEPT]
    return version


def graph_version(G: nx.Graph) -> int:
    """``G``'s change count (0 for a graph that never changed)."""
    return int(G.graph.get(VERSION_KEY, 0))


def per_version(G: nx.Graph, name: str) -> dict[Any, Any]:
    """A memo of ``G``'s derived data that holds for its current version only: answers
    that depend on nothing but the graph, kept by their arguments.

    A graph built from another starts with the other's derived entries (`inherit`); a memo
    of an earlier version is then replaced, never emptied, because the graph it describes
    still has readers of its own. Two callers filling the same key at once only repeat
    the work (a dict's item assignment is atomic).

    >>> G = nx.Graph(version=1)
    >>> per_version(G, "lists")["a"] = 1; per_version(G, "lists")
    {'a': 1}
    >>> G.graph["version"] = 2; per_version(G, "lists")
    {}
    """
    memo: dict[Any, Any] = at_version(G, name, dict)
    return memo


def touched_since(G: nx.Graph, version: int) -> set[str] | None:
    """The organizations re-read since ``version`` (views derived from ``G`` then can be
    brought up to date by redoing just these), or None when that is no longer known."""
    now = graph_version(G)
    log = [entry for entry in derived(G).touched if entry[0] > version]
    if [v for v, _ in log] != list(range(version + 1, now + 1)):
        return None
    return {oid for _, ids in log for oid in ids}


@dataclass(frozen=True, eq=False)
class Snapshot:
    """One version of the projection: never changed once published.

    ``version`` is the database's change number it reflects (`store.changes`), ``epoch``
    the identity of the database's data (it changes when the data is replaced wholesale,
    e.g. restored from a backup). The snapshot owns its graph and what is derived from it.
    ``tokens_since`` is the change number after which no token was revoked as far as this
    snapshot knows (`auth.verified` keeps verified tokens by it).
    """

    graph: nx.Graph
    version: int
    epoch: str | None = None
    tokens_since: int = 0

    @property
    def derived(self) -> Derived:
        return derived(self.graph)

    def with_version(self, version: int) -> Snapshot:
        """The same graph (and derived data) at a later change number that touched no
        organization, e.g. a new source passage."""
        return Snapshot(self.graph, version, self.epoch, self.tokens_since)


# --- the one fast path into networkx's internals ---------------------------------------------
# ``G.adj[u]`` and ``G.nodes[n]`` wrap every look-up in a view object; on the planner's
# Dijkstra, the gap report's node loop and the copy-on-write above that costs more than the
# work itself. These two return the dicts behind the views (networkx's ``_adj`` and
# ``_node``, which its stubs do not declare). Read them only; write them only through
# `Draft`, or while building a graph no one holds yet (the projection's load, the public
# view). tests/test_snapshot.py checks them against the public API.


def raw_adjacency(G: nx.Graph) -> dict[Any, dict[Any, dict[str, Any]]]:
    """``G``'s adjacency: node -> neighbour -> edge data, as ``G.adj`` shows it.

    >>> G = nx.Graph(); G.add_edge("a", "b", w=1)
    >>> raw_adjacency(G)["a"]["b"] is G.adj["a"]["b"]
    True
    """
    adj: dict[Any, dict[Any, dict[str, Any]]] = G._adj  # type: ignore[attr-defined]
    return adj


def raw_nodes(G: nx.Graph) -> dict[Any, dict[str, Any]]:
    """``G``'s nodes: node -> attributes, as ``G.nodes`` shows them.

    >>> G = nx.Graph(); G.add_node("a", x=1)
    >>> raw_nodes(G)["a"] is G.nodes["a"]
    True
    """
    nodes: dict[Any, dict[str, Any]] = G._node  # type: ignore[attr-defined]
    return nodes


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
        inherit(H, G)
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

    def remove_edge(self, u: Any, v: Any) -> None:
        """Remove the edge u–v (the original keeps it).

        >>> G = nx.Graph(); G.add_edge("a", "b"); G.add_edge("b", "c")
        >>> d = Draft(G); d.remove_edge("a", "b")
        >>> sorted(d.graph.edges), sorted(G.edges)
        ([('b', 'c')], [('a', 'b'), ('b', 'c')])
        """
        self._own(u)
        self._own(v)
        self.graph.remove_edge(u, v)
        self._new_edges.discard(frozenset((u, v)))

    def edge_data(self, u: Any, v: Any) -> dict[str, Any]:
        """The copy's own data dict of an existing edge, safe to change."""
        key = frozenset((u, v))
        if key not in self._new_edges:
            self.add_edge(u, v)
        return self._adj[u][v]
