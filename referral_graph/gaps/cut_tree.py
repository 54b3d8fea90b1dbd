"""Single points of failure: the block-cut tree of a state's core, rooted at its anchor, and
which organizations or ties cut a service's providers off from it (see `gaps.structure`)."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING

from referral_graph.gaps.classify import Anchor

if TYPE_CHECKING:
    from referral_graph.gaps.model import StateStructure

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
    >>> from referral_graph.gaps.structure import analyze_structure
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
