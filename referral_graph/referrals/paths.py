"""The planner's two searches through working ties: the cheapest chains from a referring
organization (a Dijkstra with an early stop) and the fewest introductions to a provider
the cheap chains did not reach (a bidirectional breadth-first search).

Both read the graph's adjacency directly and ask a node filter themselves, instead of
walking a ``networkx`` subgraph view. Why: at 100k organizations a view wraps every
neighbour look-up in two Python calls, and the fewest-introductions search through one
(``nx.shortest_path`` on ``nx.subgraph_view``) was a fifth of a referral plan's time. The
search below is ``networkx``'s own bidirectional one, step for step (same fringes, same
order), so it returns the very path ``nx.shortest_path`` returns on the view (tested in
``tests/referrals/test_paths.py``). Neither search writes to the graph.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Hashable
from typing import Any

import networkx as nx

from referral_graph.network.snapshot import raw_adjacency


def cheapest_chains(G: nx.Graph, origin: str, cost: Callable[[str, str, dict], float | None],
                    cutoff: float, done: Callable[[float], bool],
                    settled: Callable[[str, float], None]) -> tuple[dict, dict]:
    """Single-source Dijkstra that stops at `cutoff` or as soon as ``done(distance)`` is true.

    ``cost(u, v, data)`` is a tie's cost, or None for a tie the search may not use.
    ``done`` is asked before a node is settled, with that node's distance, and
    ``settled(node, distance)`` is told of each settled node. The planner answers True once
    every need's short list is full and no unsettled provider can beat it, which keeps the
    search inside the origin's neighbourhood on a large network. Returns distances and
    predecessors of the settled nodes.

    >>> G = nx.Graph(); nx.add_path(G, ["a", "b", "c", "d"], w=1.0)
    >>> dist, pred = cheapest_chains(G, "a", lambda u, v, d: d["w"], 2.0,
    ...                              lambda d: False, lambda n, d: None)
    >>> dist, route(pred, dist, "c"), route(pred, dist, "d")
    ({'a': 0.0, 'b': 1.0, 'c': 2.0}, ['a', 'b', 'c'], None)
    """
    dist: dict[str, float] = {}
    pred: dict[str, str | None] = {origin: None}
    seen = {origin: 0.0}
    heap: list[tuple[float, str]] = [(0.0, origin)]
    adj = raw_adjacency(G)  # G.adj wraps each look-up in a view: this is the hot path
    while heap:
        d, u = heapq.heappop(heap)
        if u in dist:
            continue
        if d > cutoff or done(d):
            break
        dist[u] = d
        settled(u, d)
        for v, data in adj[u].items():
            if v in dist:
                continue
            w = cost(u, v, data)
            if w is None:
                continue
            nd = d + w
            if nd <= cutoff and nd < seen.get(v, float("inf")):
                seen[v] = nd
                pred[v] = u
                heapq.heappush(heap, (nd, v))
    return dist, pred


def route(pred: dict[str, str | None], dist: dict[str, float], node: str) -> list[str] | None:
    """The chain `cheapest_chains` settled `node` by, origin first; None if it did not."""
    if node not in dist:
        return None
    path = [node]
    while (prev := pred[path[-1]]) is not None:
        path.append(prev)
    return path[::-1]


def fewest_introductions(G: nx.Graph, source: Hashable, target: Hashable,
                         usable: Callable[[Any], bool],
                         holds: Callable[[Any, Any, dict], bool] | None = None
                         ) -> list[Any] | None:
    """A shortest path by number of ties from `source` to `target` through nodes `usable`
    admits (both ends included) and ties ``holds(u, v, data)`` admits (all, without it), or
    None when there is none: what ``nx.shortest_path(nx.subgraph_view(G,
    filter_node=usable, filter_edge=...), source, target)`` returns, without the view.

    >>> G = nx.Graph(); nx.add_path(G, [1, 2, 3, 4]); nx.add_path(G, [1, 5, 6, 7, 4])
    >>> fewest_introductions(G, 1, 4, lambda n: True)
    [1, 2, 3, 4]
    >>> fewest_introductions(G, 1, 4, lambda n: n != 3)
    [1, 5, 6, 7, 4]
    >>> fewest_introductions(G, 1, 4, lambda n: n not in (3, 6)) is None
    True
    >>> fewest_introductions(G, 1, 4, lambda n: True, lambda u, v, d: {u, v} != {2, 3})
    [1, 5, 6, 7, 4]
    """
    adj = raw_adjacency(G)
    if source not in adj or target not in adj or not usable(source) or not usable(target):
        return None
    if source == target:
        return [source]
    pred: dict[Any, Any] = {source: None}
    succ: dict[Any, Any] = {target: None}
    forward, reverse = [source], [target]
    meet = None
    while forward and reverse and meet is None:
        # The smaller fringe grows first, as in networkx's `bidirectional_shortest_path`.
        if len(forward) <= len(reverse):
            forward, meet = _grown(adj, forward, pred, succ, usable, holds)
        else:
            reverse, meet = _grown(adj, reverse, succ, pred, usable, holds)
    if meet is None:
        return None
    path = []
    w = meet
    while w is not None:
        path.append(w)
        w = pred[w]
    path.reverse()
    w = succ[path[-1]]
    while w is not None:
        path.append(w)
        w = succ[w]
    return path


def _grown(adj: dict[Any, dict[Any, dict]], level: list[Any], mine: dict[Any, Any],
           other: dict[Any, Any], usable: Callable[[Any], bool],
           holds: Callable[[Any, Any, dict], bool] | None) -> tuple[list[Any], Any]:
    """One level of one side of `fewest_introductions`: the next fringe (each new node's
    step back recorded in `mine`), and the node where it met the `other` side, if any."""
    fringe: list[Any] = []
    for v in level:
        for w, data in adj[v].items():
            if not usable(w) or (holds is not None and not holds(v, w, data)):
                continue
            if w not in mine:
                mine[w] = v
                fringe.append(w)
            if w in other:
                return fringe, w
    return fringe, None
