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

import networkx as nx

from referral_graph.gaps.centrality import Numbered, _numbered, brokers, communities
from referral_graph.gaps.cut_tree import _core, _cut_tree, cut_off
from referral_graph.gaps.model import StateStructure

__all__ = ["analyze_structure", "cut_off"]


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
