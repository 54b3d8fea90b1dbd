"""The projection as a public caller may see it.

Confidential organizations (every shelter by default) stay in the network, because a
report that hid them would show gaps that do not exist, but each one loses its name, id,
city and collaboration memberships: it becomes "a confidential shelter" with an opaque id
that serves its state.
"""

from __future__ import annotations

import dataclasses

import networkx as nx

from referral_graph.network.projection import VERSION_KEY

_KEY = "_public_view"
CONFIDENTIAL_NAME = "Confidential shelter / Refugio confidencial"


def public_view(G: nx.Graph) -> nx.Graph:
    """A copy of `G` with confidential organizations anonymised; cached per version.

    >>> import networkx as nx
    >>> from referral_graph.network.model import OrgNode
    >>> G = nx.Graph(version=0)
    >>> G.add_node("casa", org=OrgNode("casa", "Casa X", "shelter", "civil_society",
    ...            city="Somewhere", confidential=True), provisions=[])
    >>> P = public_view(G)
    >>> list(P), P.nodes["confidential-1"]["org"].city is None
    (['confidential-1'], True)
    """
    version = G.graph.get(VERSION_KEY, 0)
    cached = G.graph.get(_KEY)
    if cached is not None and cached[0] == version:
        return cached[1]
    secret = sorted(n for n, d in G.nodes(data=True) if d["org"].confidential)
    alias = {n: f"confidential-{i}" for i, n in enumerate(secret, start=1)}
    P = nx.relabel_nodes(G, alias, copy=True)
    for new in alias.values():
        data = P.nodes[new]
        data["org"] = dataclasses.replace(data["org"], id=new, name=CONFIDENTIAL_NAME,
                                          acronym=None, city=None)
        data["provisions"] = [dataclasses.replace(p, organization=new, id=f"{new}-{p.service}")
                              for p in data["provisions"]]
    P.graph = {k: v for k, v in G.graph.items() if not k.startswith("_")}
    P.graph["collaborations"] = {
        cid: dataclasses.replace(c, members=frozenset(m for m in c.members if m not in alias))
        for cid, c in G.graph.get("collaborations", {}).items()
    }
    # Ties stay, so the public report's statuses equal the staff report's: they attach to an
    # opaque id and say nothing of which shelter, where, or who works in it.
    G.graph[_KEY] = (version, P)
    return P
