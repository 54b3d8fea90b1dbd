"""Who belongs to a state's network, and how that network holds together.

The *state's network* is the subgraph of the projection induced by the organizations that
operate in the state, that cover it with a provision, or that belong to one of its task
forces or networks. On it we compute connected components, articulation points, bridges,
brokers (betweenness), isolated organizations and communities.

The graph algorithms run in C (igraph) on the network numbered in name order (``Numbered``),
so that seeded results depend on the data and the seed only. Communities are found by Leiden
(modularity, seeded) at every size. Betweenness is exact unless the state is large: then it is
estimated from a seeded sample of k sources (``brokers``), and the report says so
(``betweenness_samples``).

Referral paths start from an *anchor*: the members of the state's task forces and networks
when it has any; otherwise its largest connected part. The *core* is every organization with
a path to an anchor: the components holding a collaboration member, plus the largest
component. A provider outside the core is not tied to the state's network.

To find single points of failure for all 15 services at once, the core is turned into a
block-cut tree (biconnected blocks and cut vertices), rooted at the anchor. An organization
(or a tie) cuts every provider off from the anchor exactly when it is a cut vertex (or a
bridge) on the tree path from the providers' lowest common ancestor up to the anchor, with
no collaboration member in between. So each service costs O(providers + tree depth), not a
graph search per candidate.

>>> import networkx as nx
>>> H = nx.Graph([("tf", "hub"), ("hub", "p1"), ("hub", "p2"), ("p1", "p2"), ("tf", "x")])
>>> s = analyze_structure(H, roots=frozenset({"tf"}))
>>> sorted(s.articulation_points)
['hub', 'tf']
>>> cut_off(s, {"p1", "p2"})
(('hub',), (('hub', 'tf'),), <Anchor.COLLABORATIONS: 'collaborations'>)
"""

from __future__ import annotations

import datetime as dt
import heapq
import os
import random
import threading
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from types import ModuleType
from typing import TYPE_CHECKING

import networkx as nx

from referral_graph.gaps.classify import Anchor
from referral_graph.network.model import (
    CollaborationInfo,
    Evidence,
    OrgNode,
    Provision,
    TieKind,
)
from referral_graph.network.reach import local_states, national_reach

if TYPE_CHECKING:
    import igraph as ig


def kernels() -> ModuleType:
    """igraph, imported on first use. `import igraph` also imports matplotlib's pyplot (for
    its drawing functions), about a second and a half that the service's start need not
    pay; the report imports it before it forks workers, so that they inherit it."""
    import igraph

    return igraph

# --- what counts: closures (what-if) and dates ---------------------------------------------

# An agreement or a collaboration has an end after which the tie no longer holds; an
# activity's end is only when the workshop finished, and the acquaintance outlives it.
_ENDING_KINDS = frozenset({TieKind.AGREEMENT, TieKind.COLLABORATION})


@dataclass(frozen=True, slots=True)
class Scope:
    """Which records count: organizations closed by a what-if, and the date of the report.

    With ``as_of`` None every record counts, whatever its dates (the data set as recorded).

    >>> import datetime as dt
    >>> from referral_graph.network.model import Evidence, TieKind
    >>> mou = Evidence(TieKind.AGREEMENT, "m", "MOU", date=dt.date(2008, 1, 1),
    ...                ends=dt.date(2008, 12, 31))
    >>> Scope(as_of=dt.date(2008, 6, 1)).tie_ok([mou])
    True
    >>> Scope(as_of=dt.date(2009, 6, 1)).tie_ok([mou])  # the agreement had ended
    False
    """

    without: frozenset[str] = frozenset()
    as_of: dt.date | None = None

    def org_ok(self, org: OrgNode) -> bool:
        return org.id not in self.without and (self.as_of is None or org.active_on(self.as_of))

    def provision_ok(self, prov: Provision) -> bool:
        return self.as_of is None or prov.active_on(self.as_of)

    def evidence_ok(self, ev: Evidence) -> bool:
        day = self.as_of
        if day is None:
            return True
        if ev.date is not None and ev.date > day:
            return False
        return not (ev.kind in _ENDING_KINDS and ev.ends is not None and ev.ends < day)

    def tie_ok(self, evidence: Iterable[Evidence]) -> bool:
        return self.as_of is None or any(self.evidence_ok(ev) for ev in evidence)

    def collaboration_ok(self, c: CollaborationInfo) -> bool:
        return self.as_of is None or c.formed is None or c.formed <= self.as_of


# --- who provides what where ---------------------------------------------------------------


@dataclass(slots=True)
class StateCoverage:
    orgs: set[str] = field(default_factory=set)  # operate in the state or cover it
    local: dict[str, list[Provision]] = field(default_factory=dict)  # by service


@dataclass(slots=True)
class CoverageIndex:
    """Provisions by state and service, from one pass over the projection."""

    states: dict[str, StateCoverage]
    national: dict[str, list[Provision]]


def index_coverage(G: nx.Graph, scope: Scope, states: Collection[str]) -> CoverageIndex:
    """Every in-scope provision, by the states it reaches locally, and the national ones."""
    index = CoverageIndex({s: StateCoverage() for s in states}, {})
    wanted, national = index.states, index.national
    # One pass over 100k organizations is the floor of a full report (and of a refresh): plain
    # loops and dict lookups here, no set algebra per organization, no check that always holds.
    org_ok = scope.org_ok if scope.without or scope.as_of is not None else None
    provision_ok = scope.provision_ok if scope.as_of is not None else None
    for oid, data in G._node.items():  # type: ignore[attr-defined]  # raw dict: not in stubs
        org: OrgNode = data["org"]
        if org_ok is not None and not org_ok(org):
            continue
        for s in org.states:
            if s in wanted:
                wanted[s].orgs.add(oid)
        for prov in data.get("provisions", ()):
            if provision_ok is not None and not provision_ok(prov):
                continue
            for s in prov.covers:
                if s in wanted:
                    wanted[s].orgs.add(oid)
            for s in local_states(org, prov):
                if s in wanted:
                    wanted[s].local.setdefault(prov.service, []).append(prov)
            if national_reach(org, prov):
                national.setdefault(prov.service, []).append(prov)
    return index


def state_collaborations(G: nx.Graph, state: str, scope: Scope) -> list[CollaborationInfo]:
    """The state's own task forces and networks (federal ones, with no states, are not)."""
    collabs: Mapping[str, CollaborationInfo] = G.graph.get("collaborations", {})
    return sorted((c for c in collabs.values() if state in c.states and scope.collaboration_ok(c)),
                  key=lambda c: c.id)


def collaboration_members(G: nx.Graph, collabs: Iterable[CollaborationInfo],
                          scope: Scope) -> frozenset[str]:
    return frozenset(m for c in collabs for m in c.members
                     if m in G and scope.org_ok(G.nodes[m]["org"]))


def state_ties(G: nx.Graph, orgs: Collection[str], scope: Scope) -> dict[str, set[str]]:
    """The state's network as adjacency sets: only in-scope ties among ``orgs``."""
    members = set(orgs)
    # The raw dict (not in the stubs): `keys() & set` then runs in C, ~20x faster on large states.
    adj = G._adj  # type: ignore[attr-defined]
    if scope.as_of is None:
        return {u: adj[u].keys() & members for u in members}
    return {u: {v for v in adj[u].keys() & members if scope.tie_ok(adj[u][v]["evidence"])}
            for u in members}


def as_graph(ties: Mapping[str, Collection[str]]) -> nx.Graph:
    """A plain graph of adjacency sets, nodes in sorted order so that seeded algorithms give
    the same answer every run."""
    H: nx.Graph = nx.Graph()
    H.add_nodes_from(sorted(ties))
    H.add_edges_from((u, v) for u in H for v in ties[u] if u < v)
    return H


# --- structure -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Broker:
    """An organization many shortest paths of the state's network run through."""

    org: str
    betweenness: float
    articulation: bool  # its closure would split the state's network


@dataclass(frozen=True, slots=True)
class Community:
    """A densely tied group found by community detection, and the groups it has ties with."""

    index: int
    members: tuple[str, ...]  # best-connected first
    ties_out: int  # ties to other communities of the state
    talks_to: tuple[int, ...]  # indexes of the communities it has at least one tie with


_BLOCK, _CUT, _BRIDGE = 0, 1, 2


@dataclass(frozen=True, slots=True)
class CutTree:
    """Block-cut forest of the core, each tree rooted at its anchor. Internal to ``cut_off``."""

    kind: list[int]
    label: list[tuple[str, ...]]  # cut: (org,); bridge: (u, v); block: ()
    own: list[tuple[str, ...]]  # organizations homed here: cut vertex, or a block's non-cut members
    parent: list[int]
    children: list[list[int]]
    tin: list[int]
    depth: list[int]
    size: list[int]  # organizations in the subtree
    roots_below: list[int]  # collaboration members in the subtree
    tree: list[int]
    anchors: list[int]
    modes: list[Anchor]
    home: dict[str, int]
    roots: frozenset[str]


@dataclass(frozen=True, slots=True)
class StateStructure:
    orgs: int
    ties: int
    roots: frozenset[str]  # collaboration members in the state's network
    core: frozenset[str]
    components: tuple[tuple[str, ...], ...]  # largest first
    articulation_points: tuple[str, ...]
    bridges: tuple[tuple[str, str], ...]
    isolated: tuple[str, ...]
    brokers: tuple[Broker, ...]
    betweenness_samples: int | None  # None: exact betweenness
    communities: tuple[Community, ...]  # largest first
    community_method: str
    tree: CutTree = field(repr=False)

    @property
    def anchor(self) -> Anchor:
        if self.roots:
            return Anchor.COLLABORATIONS
        return Anchor.NETWORK if self.core else Anchor.NONE


def _core(components: list[tuple[str, ...]], roots: frozenset[str]) -> list[tuple[str, ...]]:
    core = [c for c in components if roots.intersection(c)]
    if components and len(components[0]) > 1 and components[0] not in core:
        core.append(components[0])
    return core


def _cut_tree(blocks: list[set[str]], aps: set[str], core: list[tuple[str, ...]],
              roots: frozenset[str]) -> CutTree:
    core_nodes = {v for comp in core for v in comp}
    kind: list[int] = []
    label: list[tuple[str, ...]] = []
    own: list[tuple[str, ...]] = []
    adj: list[list[int]] = []
    home: dict[str, int] = {}

    def new(k: int, lab: tuple[str, ...], members: tuple[str, ...]) -> int:
        kind.append(k)
        label.append(lab)
        own.append(members)
        adj.append([])
        for v in members:
            home[v] = len(kind) - 1
        return len(kind) - 1

    for v in sorted(aps & core_nodes):
        new(_CUT, (v,), (v,))
    for block in blocks:
        if next(iter(block)) not in core_nodes:
            continue
        members = tuple(sorted(block))
        b = new(_BRIDGE if len(block) == 2 else _BLOCK, members if len(block) == 2 else (),
                tuple(v for v in members if v not in aps))
        for v in members:
            if v in aps:
                adj[b].append(home[v])
                adj[home[v]].append(b)
    for comp in core:  # a lone organization (an isolated member) is a tree of one block
        if len(comp) == 1:
            new(_BLOCK, (), comp)

    n = len(kind)
    weight = [len(o) for o in own]
    root_weight = [sum(1 for v in o if v in roots) for o in own]
    parent, tin, depth = [-1] * n, [0] * n, [0] * n
    size, roots_below, tree = [0] * n, [0] * n, [-1] * n
    children: list[list[int]] = [[] for _ in range(n)]
    anchors: list[int] = []
    modes: list[Anchor] = []
    clock = 0

    def dfs(start: int, t: int) -> list[int]:
        nonlocal clock
        order, stack = [], [start]
        parent[start], depth[start] = -1, 0
        seen = {start}
        while stack:
            x = stack.pop()
            tree[x], tin[x] = t, clock
            clock += 1
            order.append(x)
            for y in reversed(adj[x]):
                if y not in seen:
                    seen.add(y)
                    parent[y], depth[y] = x, depth[x] + 1
                    children[x].append(y)
                    stack.append(y)
        for x in order:  # children in visiting order, so their tin values increase
            children[x].sort(key=tin.__getitem__)
        for x in reversed(order):
            size[x] = weight[x] + sum(size[c] for c in children[x])
            roots_below[x] = root_weight[x] + sum(roots_below[c] for c in children[x])
        return order

    for t, comp in enumerate(core):
        in_comp = roots.intersection(comp)
        if in_comp:
            start, mode = home[min(in_comp)], Anchor.COLLABORATIONS
        else:
            # No collaboration: anchor at the weighted centroid, so that "the anchor's side"
            # of any cut is the larger part of the network.
            order = dfs(home[min(comp)], t)
            total, start = size[order[0]], order[0]
            while True:
                heavy = max(children[start], key=size.__getitem__, default=None)
                if heavy is None or size[heavy] * 2 <= total:
                    break
                start = heavy
            for x in order:
                children[x].clear()
            mode = Anchor.NETWORK
        dfs(start, t)
        anchors.append(start)
        modes.append(mode)
    return CutTree(kind, label, own, parent, children, tin, depth, size, roots_below, tree,
                   anchors, modes, home, roots)


def _lca(tree: CutTree, a: int, b: int) -> int:
    depth, parent = tree.depth, tree.parent
    while depth[a] > depth[b]:
        a = parent[a]
    while depth[b] > depth[a]:
        b = parent[b]
    while a != b:
        a, b = parent[a], parent[b]
    return a


def _child_towards(tree: CutTree, z: int, x: int) -> int:
    """The child of ``z`` whose subtree holds ``x`` (x strictly below z)."""
    kids = tree.children[z]
    return kids[bisect_right([tree.tin[c] for c in kids], tree.tin[x]) - 1]


def _pieces(tree: CutTree, z: int, nodes: set[int], linked: Collection[str]
            ) -> list[tuple[int, int, bool]]:
    """(organizations, collaboration members, has a provider) for each piece of the core
    left when ``z`` is removed, the part above it excluded."""
    kids: dict[int, bool] = {c: False for c in tree.children[z]}
    for x in nodes:
        if x != z:
            kids[_child_towards(tree, z, x)] = True
    pieces = [(tree.size[c], tree.roots_below[c], has) for c, has in kids.items()]
    if tree.kind[z] == _BRIDGE:  # the tie's own ends stay, each on its own side
        pieces += [(1, int(v in tree.roots), v in linked) for v in tree.own[z]]
    return pieces


def cut_off(s: StateStructure, linked: Collection[str]
            ) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...], Anchor]:
    """Organizations and ties whose closure alone would cut every provider off from the anchor.

    ``linked`` are the providers in the core. Providers in two separate components of the core
    have two independent routes: nothing is a single point then.

    >>> import networkx as nx
    >>> H = nx.complete_graph(["a", "b", "c", "e"])
    >>> H.add_edges_from([("c", "d"), ("d", "p")])
    >>> s = analyze_structure(H, roots=frozenset())  # no collaboration: anchor at the centre
    >>> cut_off(s, {"p"})
    (('d', 'c'), (('d', 'p'), ('c', 'd')), <Anchor.NETWORK: 'network'>)
    >>> cut_off(s, {"p", "a"})  # a provider in the main part: no single point
    ((), (), <Anchor.NETWORK: 'network'>)
    """
    tree = s.tree
    nodes = {tree.home[p] for p in linked if p in tree.home}
    trees = {tree.tree[x] for x in nodes}
    if len(trees) != 1:
        return (), (), (s.anchor if not nodes else tree.modes[min(trees)])
    t = trees.pop()
    anchor, mode = tree.anchors[t], tree.modes[t]
    lo = min(nodes, key=tree.tin.__getitem__)
    hi = max(nodes, key=tree.tin.__getitem__)
    z = _lca(tree, lo, hi)
    hits: list[int] = []

    def candidate(x: int) -> bool:
        if tree.kind[x] == _CUT:
            v = tree.label[x][0]
            # The only collaboration member leaving is no cut-off: there is no one left to cut.
            return not (v in tree.roots and tree.roots_below[tree.anchors[t]] == 1)
        return tree.kind[x] == _BRIDGE

    def separates(x: int, piece_nodes: set[int]) -> bool:
        pieces = _pieces(tree, x, piece_nodes, linked)
        if x != anchor:  # the part above holds the anchor and no provider
            return not any(r and has for _, r, has in pieces)
        if mode == Anchor.COLLABORATIONS:
            left = [r for _, r, _ in pieces]
            return sum(left) > 0 and not any(r and has for _, r, has in pieces)
        if not pieces:
            return False
        # On a tie for the larger part, claim nothing: either side could be "the network".
        main = max(pieces, key=lambda p: (p[0], p[2]))
        return not main[2]

    if candidate(z) and separates(z, nodes):
        hits.append(z)
    prev = z
    while z != anchor:
        if tree.roots_below[prev] > 0 and mode == Anchor.COLLABORATIONS:
            break  # a collaboration member sits with the providers: it reaches them directly
        prev, z = z, tree.parent[z]
        if candidate(z) and separates(z, {prev}):
            hits.append(z)
    orgs = tuple(tree.label[x][0] for x in hits if tree.kind[x] == _CUT)
    ties = tuple((tree.label[x][0], tree.label[x][1]) for x in hits if tree.kind[x] == _BRIDGE)
    return orgs, ties, mode


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


def analyze_structure(H: nx.Graph | Numbered, roots: frozenset[str], *, seed: int = 0
                      ) -> StateStructure:
    """Everything about a state's network that does not depend on the service.

    Components, biconnected blocks, betweenness and communities run in C (igraph); the
    block-cut tree is built here. The result depends on the graph, ``roots`` and ``seed`` only.
    """
    g = _numbered(H)
    names, G = g.names, g.graph
    # igraph lists each component's members in increasing number, hence in name order.
    components = sorted((tuple(names[v] for v in c) for c in G.connected_components()),
                        key=lambda c: (-len(c), c[0]))
    cover, cuts = G.biconnected_components(return_articulation_points=True)
    blocks = [{names[v] for v in b} for b in cover]
    aps = {names[v] for v in cuts}
    core = _core(components, roots)
    found, samples = brokers(g, aps, seed=seed)
    groups, method = communities(g, seed=seed)
    members = roots & frozenset(names)
    return StateStructure(
        orgs=len(names),
        ties=G.ecount(),
        roots=members,
        core=frozenset(v for comp in core for v in comp),
        components=tuple(components),
        articulation_points=tuple(sorted(aps)),
        bridges=tuple(sorted((min(b), max(b)) for b in blocks if len(b) == 2)),
        isolated=tuple(names[v] for v, d in enumerate(G.degree()) if d == 0),
        brokers=found,
        betweenness_samples=samples,
        communities=groups,
        community_method=method,
        tree=_cut_tree(blocks, aps, core, members),
    )


# --- cache ---------------------------------------------------------------------------------


def fingerprint(ties: Mapping[str, Collection[str]], roots: frozenset[str],
                seed: int) -> tuple[int, ...]:
    """Identifies a state's network up to hash collisions (2^-64): same graph, same analysis."""
    # One hash per organization of its neighbour set: ~3x cheaper than a set of edge tuples.
    shape = frozenset((u, hash(frozenset(vs))) for u, vs in ties.items())
    return (len(ties), sum(map(len, ties.values())), hash(shape), hash(roots), seed)


class StructureCache:
    """The last few analyses of each state, so that a what-if or a refresh only recomputes the
    states whose network changed. Entries are keyed by content, never by version."""

    def __init__(self, per_state: int = 2) -> None:
        self._per_state = per_state
        self._entries: dict[str, OrderedDict[tuple[int, ...], StateStructure]] = {}
        self._lock = threading.Lock()

    def get(self, state: str, key: tuple[int, ...]) -> StateStructure | None:
        with self._lock:
            entries = self._entries.get(state)
            if entries is None or key not in entries:
                return None
            entries.move_to_end(key)
            return entries[key]

    def keys(self) -> dict[str, frozenset[tuple[int, ...]]]:
        """A snapshot of the keys held, by state (a state never analysed is absent)."""
        with self._lock:
            return {state: frozenset(entries) for state, entries in self._entries.items()}

    def put(self, state: str, key: tuple[int, ...], value: StateStructure) -> None:
        with self._lock:
            entries = self._entries.setdefault(state, OrderedDict())
            entries[key] = value
            while len(entries) > self._per_state:
                entries.popitem(last=False)


def state_structure(ties: Mapping[str, Collection[str]], roots: frozenset[str], state: str, *,
                    seed: int = 0, cache: StructureCache | None = None) -> StateStructure:
    """``analyze_structure`` of the state's network, from the cache when it has not changed."""
    if cache is None:
        return analyze_structure(Numbered.of_ties(ties), roots, seed=seed)
    key = fingerprint(ties, roots, seed)
    found = cache.get(state, key)
    if found is None:
        found = analyze_structure(Numbered.of_ties(ties), roots, seed=seed)
        cache.put(state, key, found)
    return found
