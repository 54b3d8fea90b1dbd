"""Hand-built projections where every cell's status is known in advance.

Five states, six services, each state built to show one kind of gap:

- MX-OAX: a task force (tf1, tf2). Shelter providers s1, s2 hang off "hub", which only tf1
  is tied to (single point: hub, tf1; bridge hub–tf1; that tie is an agreement ending
  2008-12-31). Legal aid l1, l2 tied to each member (covered). Medical m1 has no tie
  (disconnected). Prosecution p1, p2 by mandate only (thin). Rescue only national (thin).
- MX-PUE: no collaboration. A four-clique a, b, c, x; then c–d–e. Shelter only at e
  (single point: d, c; bridges d–e, c–d). Legal aid at a and e (covered).
- MX-GRO: a task force of proj, gpol, camino (a clique). proj is the only legal-aid
  provider anywhere outside OAX and PUE, national, and closes on 2009-03-31.
- MX-YUC: no collaboration; hotline at old (closed 2008-12-31) and yuc1, tied by a 2007
  workshop.
- MX-CHH: a task force with no recorded member; prosecution at hr, which has no tie.
"""

from __future__ import annotations

import datetime as dt

import networkx as nx
import pytest

from referral_graph.gaps.classify import Status
from referral_graph.network.model import (
    CollaborationInfo,
    Evidence,
    OrgNode,
    Provision,
    ServiceInfo,
    SourceRef,
    StateInfo,
    TieKind,
)

SRC = SourceRef("src-1", "Test quarterly report", "Section 2", "Table 9", "synthetic passage")
SERVICES = ("shelter", "legal_aid", "medical", "rescue", "prosecution", "hotline")
STATES = ("MX-CHH", "MX-GRO", "MX-OAX", "MX-PUE", "MX-YUC")
TIE_DATE = dt.date(2008, 1, 1)

G_ = Status.GAP
D_ = Status.DISCONNECTED
S_ = Status.SINGLE_POINT
T_ = Status.THIN
C_ = Status.COVERED

EXPECTED: dict[str, dict[str, Status]] = {
    #          shelter legal  medical rescue prosec hotline
    "MX-OAX": dict(zip(SERVICES, (S_, C_, D_, T_, T_, G_), strict=True)),
    "MX-PUE": dict(zip(SERVICES, (S_, C_, G_, T_, G_, G_), strict=True)),
    "MX-GRO": dict(zip(SERVICES, (S_, S_, G_, T_, S_, G_), strict=True)),
    "MX-YUC": dict(zip(SERVICES, (G_, S_, G_, T_, G_, C_), strict=True)),
    "MX-CHH": dict(zip(SERVICES, (G_, S_, G_, T_, D_, G_), strict=True)),
}


def org(G: nx.Graph, oid: str, state: str | None, *services: str, basis: str = "stated",
        national: bool = False, active_from: dt.date | None = None,
        active_to: dt.date | None = None, covers: tuple[str, ...] = (),
        name: str | None = None) -> None:
    node = OrgNode(oid, name or f"Org {oid}", "ngo", "civil_society",
                   frozenset({state}) if state else frozenset(), national=national,
                   active_from=active_from, active_to=active_to, synthetic=True)
    provs = [Provision(f"{oid}-{s}", oid, s, basis, frozenset(covers), national=national,
                       mandate="Test mandate" if basis == "mandate" else None, sources=(SRC,))
             for s in services]
    G.add_node(oid, org=node, provisions=provs)


def tie(G: nx.Graph, a: str, b: str, kind: TieKind = TieKind.AGREEMENT,
        date: dt.date = TIE_DATE, ends: dt.date | None = None) -> None:
    ev = Evidence(kind, f"{a}-{b}", f"test {kind}", date=date, ends=ends, sources=(SRC,))
    if G.has_edge(a, b):
        G.edges[a, b]["evidence"].append(ev)
    else:
        G.add_edge(a, b, evidence=[ev])


def build() -> nx.Graph:
    names = {"MX-OAX": "Oaxaca", "MX-PUE": "Puebla", "MX-GRO": "Guerrero",
             "MX-YUC": "Yucatán", "MX-CHH": "Chihuahua"}
    G = nx.Graph(
        states={c: StateInfo(c, n, n, law_status="partial" if c == "MX-OAX" else "none",
                             law_date=dt.date(2008, 5, 1) if c == "MX-OAX" else None)
                for c, n in names.items()},
        services={s: ServiceInfo(s, f"Servicio {s}", f"Service {s}") for s in SERVICES},
        collaborations={
            "tf-oax": CollaborationInfo("tf-oax", "Oaxaca task force", "task_force", "state",
                                        frozenset({"MX-OAX"}), frozenset({"tf1", "tf2"})),
            "tf-gro": CollaborationInfo("tf-gro", "Guerrero rescue group", "task_force", "state",
                                        frozenset({"MX-GRO"}),
                                        frozenset({"proj", "gpol", "camino"})),
            "tf-chh": CollaborationInfo("tf-chh", "Juárez task force", "task_force", "local",
                                        frozenset({"MX-CHH"}), frozenset()),
            "net-fed": CollaborationInfo("net-fed", "Federal network", "network", "federal",
                                         frozenset(), frozenset({"proj"})),
        },
        version=0,
    )
    # national
    org(G, "proj", None, "legal_aid", national=True, active_from=dt.date(2006, 5, 1),
        active_to=dt.date(2009, 3, 31), name="PROJ")
    org(G, "nat1", None, "rescue", national=True)
    org(G, "nat2", None, "rescue", national=True)
    # Oaxaca
    for oid in ("tf1", "tf2", "hub"):
        org(G, oid, "MX-OAX")
    org(G, "s1", "MX-OAX", "shelter")
    org(G, "s2", "MX-OAX", "shelter")
    org(G, "l1", "MX-OAX", "legal_aid")
    org(G, "l2", "MX-OAX", "legal_aid")
    org(G, "m1", "MX-OAX", "medical")
    org(G, "p1", "MX-OAX", "prosecution", basis="mandate")
    org(G, "p2", "MX-OAX", "prosecution", basis="mandate")
    tie(G, "tf1", "tf2", TieKind.COLLABORATION)
    tie(G, "tf1", "hub", ends=dt.date(2008, 12, 31))
    for a, b in (("hub", "s1"), ("hub", "s2"), ("s1", "s2"), ("l1", "tf1"), ("l2", "tf2"),
                 ("p1", "tf1"), ("p2", "tf2")):
        tie(G, a, b)
    # Puebla
    for oid in ("b", "c", "x", "d"):
        org(G, oid, "MX-PUE")
    org(G, "a", "MX-PUE", "legal_aid")
    org(G, "e", "MX-PUE", "shelter", "legal_aid")
    for u, v in (("a", "b"), ("a", "c"), ("a", "x"), ("b", "c"), ("b", "x"), ("c", "x"),
                 ("c", "d"), ("d", "e")):
        tie(G, u, v)
    # Guerrero
    org(G, "gpol", "MX-GRO", "prosecution", basis="mandate")
    org(G, "camino", "MX-GRO", "shelter")
    for u, v in (("proj", "gpol"), ("proj", "camino"), ("gpol", "camino")):
        tie(G, u, v, TieKind.COLLABORATION)
    # Yucatán
    org(G, "old", "MX-YUC", "hotline", active_from=dt.date(2006, 1, 1),
        active_to=dt.date(2008, 12, 31))
    org(G, "yuc1", "MX-YUC", "hotline")
    tie(G, "old", "yuc1", TieKind.ACTIVITY, date=dt.date(2007, 5, 1), ends=dt.date(2007, 5, 2))
    # Chihuahua
    org(G, "hr", "MX-CHH", "prosecution", basis="mandate")
    return G


@pytest.fixture
def graph() -> nx.Graph:
    return build()
