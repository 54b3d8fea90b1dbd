"""Brokers (betweenness, exact or sampled) and communities (Leiden) of a state's network, in C
(igraph) on the network numbered in name order, so that seeded results depend on the data
and the seed only."""

from __future__ import annotations

import heapq
import os
import random
import threading
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING

import networkx as nx

from referral_graph.gaps.model import Broker, Community

if TYPE_CHECKING:
    import igraph as ig


def kernels() -> ModuleType:
    """igraph, imported on first use. `import igraph` also imports matplotlib's pyplot (for
    its drawing functions), about a second and a half that the service's start need not
    pay; the report imports it before it forks workers, so that they inherit it."""
    import igraph

    return igraph


BETWEENNESS_BUDGET = 250_000  # node+tie visits (in C) spent on sampled betweenness per state
MIN_SAMPLES = 16
LEIDEN_ITERATIONS = 2  # igraph's default; more passes raise modularity a little, at a cost
_RNG_LOCK = threading.Lock()  # igraph has one process-wide random number generator


def _new_rng_lock() -> None:
    # A forked child (see ``parallel``) may inherit the lock held by another thread.
    global _RNG_LOCK
    _RNG_LOCK = threading.Lock()


os.register_at_fork(after_in_child=_new_rng_lock)


@dataclass(frozen=True, slots=True)
class Numbered:
    """A state's network for the C algorithms (igraph): organizations numbered in sorted order
    and ties added in sorted order, so that seeded results never depend on set or hash order.

    >>> g = Numbered.of_ties({"b": {"a"}, "a": {"b"}, "c": set()})
    >>> g.names, g.graph.get_edgelist()
    (('a', 'b', 'c'), [(0, 1)])
    """

    names: tuple[str, ...]
    graph: ig.Graph

    @classmethod
    def of_ties(cls, ties: Mapping[str, Collection[str]]) -> Numbered:
        """From adjacency sets, as ``state_ties`` gives them (every neighbour is a key)."""
        names = tuple(sorted(ties))
        number = {v: i for i, v in enumerate(names)}
        edges = [(number[u], number[v]) for u in names for v in ties[u] if u < v]
        edges.sort()
        return cls(names, kernels().Graph(n=len(names), edges=edges))

    @classmethod
    def of_graph(cls, H: nx.Graph) -> Numbered:
        return cls.of_ties(H.adj)


def _numbered(H: nx.Graph | Numbered) -> Numbered:
    return H if isinstance(H, Numbered) else Numbered.of_graph(H)


def _betweenness(g: ig.Graph, sources: list[int] | None) -> list[float]:
    """Normalized betweenness as networkx computes it (endpoints excluded), exact or from the
    shortest paths of ``sources`` only, scaled up as ``nx.betweenness_centrality(k=...)``."""
    n = g.vcount()
    if n <= 2:
        return [0.0] * n
    # igraph counts each unordered pair once: twice that is the sum over ordered pairs.
    twice = [2 * b for b in g.betweenness(directed=False, sources=sources)]
    if sources is None:
        return [b / ((n - 1) * (n - 2)) for b in twice]
    k, sampled = len(sources), set(sources)
    return [b / ((k - 1 if v in sampled else k) * (n - 2)) for v, b in enumerate(twice)]


def brokers(H: nx.Graph | Numbered, aps: Collection[str], *, top: int = 5, seed: int = 0
            ) -> tuple[tuple[Broker, ...], int | None]:
    """The ``top`` organizations by betweenness, and the number of sampled sources (None: exact).

    Exact betweenness (normalized, as ``nx.betweenness_centrality``) while the number of
    sources that ``BETWEENNESS_BUDGET`` affords reaches the number of organizations; above,
    the shortest paths from a seeded sample of k sources (at least ``MIN_SAMPLES``), scaled up.
    The sample ranks the strong brokers reliably and the weak ones roughly; the report says
    "estimated from k sampled sources" whenever it is used.

    >>> import networkx as nx
    >>> found, k = brokers(nx.path_graph(["a", "b", "c"]), {"b"})
    >>> [(b.org, b.betweenness, b.articulation) for b in found], k
    ([('b', 1.0, True)], None)
    """
    g = _numbered(H)
    n, m = g.graph.vcount(), g.graph.ecount()
    if m == 0:
        return (), None
    k = max(MIN_SAMPLES, BETWEENNESS_BUDGET // (n + m))
    samples = None if k >= n else k
    sources = None if samples is None else sorted(random.Random(seed).sample(range(n), k))
    bc = _betweenness(g.graph, sources)
    ranked = heapq.nsmallest(top, ((-b, v) for v, b in enumerate(bc) if b > 0))
    return tuple(Broker(g.names[v], round(-b, 4), g.names[v] in aps)
                 for b, v in ranked), samples


def leiden(g: ig.Graph, *, seed: int = 0) -> list[int]:
    """Community of each organization: Leiden, optimizing modularity, seeded.

    Leiden refines Louvain (each community it returns is connected) and runs in C, so the same
    method serves every state, whatever its size. igraph draws from one process-wide generator;
    it is seeded afresh for each call, under a lock.

    >>> import igraph as ig
    >>> leiden(ig.Graph(n=6, edges=[(0, 1), (1, 2), (2, 0), (3, 4), (4, 5), (5, 3)]))
    [0, 0, 0, 1, 1, 1]
    """
    ig = kernels()
    with _RNG_LOCK:
        ig.set_random_number_generator(random.Random(seed))
        try:
            found = g.community_leiden(objective_function="modularity",
                                       n_iterations=LEIDEN_ITERATIONS)
        finally:
            ig.set_random_number_generator(random)
    return list(found.membership)


def communities(H: nx.Graph | Numbered, *, seed: int = 0
                ) -> tuple[tuple[Community, ...], str]:
    """Communities of the tied organizations, largest first, and the method used (``leiden``).

    Isolated organizations are listed apart, never as communities.

    >>> import networkx as nx
    >>> H = nx.Graph([("a", "b"), ("b", "c"), ("c", "a"), ("x", "y"), ("y", "z"), ("z", "x")])
    >>> found, method = communities(H)
    >>> [(c.members, c.talks_to) for c in found], method
    ([(('a', 'b', 'c'), ()), (('x', 'y', 'z'), ())], 'leiden')
    """
    g = _numbered(H)
    if g.graph.ecount() == 0:
        return (), "none"
    degree = g.graph.degree()
    groups: dict[int, list[int]] = {}
    for v, c in enumerate(leiden(g.graph, seed=seed)):
        if degree[v]:
            groups.setdefault(c, []).append(v)
    # Numbers follow the names' order, so ties on degree or size break by name.
    ordered = sorted((sorted(vs, key=lambda v: (-degree[v], v)) for vs in groups.values()),
                     key=lambda vs: (-len(vs), vs[0]))
    which = [len(ordered)] * len(degree)  # isolated organizations: one extra, tieless group
    for i, vs in enumerate(ordered):
        for v in vs:
            which[v] = i
    # One vertex per community, one edge per tie between two: counted and listed in C.
    between = g.graph.copy()
    between.contract_vertices(which)
    between.simplify(multiple=False, loops=True)
    out, talks = between.degree(), between.get_adjlist()
    names = g.names
    return tuple(Community(i, tuple(names[v] for v in vs), out[i], tuple(sorted(set(talks[i]))))
                 for i, vs in enumerate(ordered)), "leiden"
