"""Small hand-built projections whose best plans are known."""

from __future__ import annotations

import copy
import datetime as dt

import networkx as nx

from referral_graph.network.model import (
    Evidence,
    OrgNode,
    Provision,
    ServiceInfo,
    SourceRef,
    StateInfo,
    TieKind,
)

DAY = dt.date(2009, 3, 1)
SRC = SourceRef("s1", "Synthetic test document", "Section", "Table 9", "synthetic")
SERVICES = ("shelter", "medical", "legal_aid", "interpretation", "prosecution")


def graph() -> nx.Graph:
    G = nx.Graph(
        states={
            "MX-OAX": StateInfo("MX-OAX", "Oaxaca", "Oaxaca", frozenset({"MX-PUE"})),
            "MX-PUE": StateInfo("MX-PUE", "Puebla", "Puebla", frozenset({"MX-OAX"})),
            "MX-YUC": StateInfo("MX-YUC", "Yucatán", "Yucatán", frozenset()),
        },
        services={s: ServiceInfo(s, s, s) for s in SERVICES},
        collaborations={},
        version=0,
    )
    return G


def org(G: nx.Graph, oid: str, *services: str, state: str = "MX-OAX", national: bool = False,
        covers: tuple[str, ...] = (), confidential: bool = False,
        languages: frozenset[str] | None = None, basis: str = "stated",
        active_to: dt.date | None = None) -> None:
    node = OrgNode(oid, f"Org {oid}", "shelter" if confidential else "ngo", "civil_society",
                   frozenset({state}) if state else frozenset(), national=national,
                   confidential=confidential, languages=languages, active_to=active_to,
                   synthetic=True)
    provs = [Provision(f"{oid}-{s}", oid, s, basis, frozenset(covers), national=national,
                       mandate="Synthetic mandate" if basis == "mandate" else None,
                       sources=(SRC,)) for s in services]
    G.add_node(oid, org=node, provisions=provs)


def tie(G: nx.Graph, a: str, b: str, kind: TieKind = TieKind.AGREEMENT,
        date: dt.date = dt.date(2009, 1, 1), ends: dt.date | None = None) -> None:
    ev = Evidence(kind, f"{a}-{b}-{kind}", f"synthetic {kind}", date=date, ends=ends,
                  sources=(SRC,))
    if G.has_edge(a, b):
        G.edges[a, b]["evidence"].append(ev)
    else:
        G.add_edge(a, b, evidence=[ev])


def fresh(G: nx.Graph) -> nx.Graph:
    """The same graph with nothing kept for it yet (its memos live beside the graph
    object). A deep copy keeps each node's neighbours in their order, which `G.copy()`
    does not (it adds the edges again): searches that break ties by that order, such as
    the fewest introductions, must see the same graph to give the same answer."""
    H = copy.deepcopy(G)
    H.graph = {k: v for k, v in G.graph.items() if k in ("states", "services", "version")}
    return H
