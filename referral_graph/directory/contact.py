"""How to reach an organization, and how old the data about it is.

Pure functions over the networkx projection. A confidential organization (every shelter by
default) has no contact of its own in the data: it is reached through the public
organizations with the strongest recorded ties to it — the same route the providers
answer's `confidentialNote` names. The age of the data is the date of the newest dated
record about the organization, so a caseworker can tell a 2009 record from last week's.
"""

from __future__ import annotations

import datetime as dt

import networkx as nx

from referral_graph.directory.providers import MAX_INTERMEDIARIES
from referral_graph.network.model import OrgNode
from referral_graph.referrals.eligibility import ways_in


def reach_through(G: nx.Graph, org_id: str, as_of: dt.date | None = None
                  ) -> tuple[OrgNode, ...]:
    """Public organizations to contact a confidential one through, strongest tie first.

    Empty for a public organization (it is contacted directly) and for an unknown id.

    >>> import networkx as nx
    >>> from referral_graph.network.model import Evidence, OrgNode, TieKind
    >>> G = nx.Graph()
    >>> G.add_node("s", org=OrgNode("s", "Refugio", "shelter", "civil_society",
    ...                             confidential=True))
    >>> G.add_node("n", org=OrgNode("n", "Red", "ngo", "civil_society"))
    >>> G.add_edge("s", "n", evidence=[Evidence(TieKind.AGREEMENT, "a", "MOU",
    ...                                         dt.date(2008, 1, 1))])
    >>> [o.id for o in reach_through(G, "s", dt.date(2009, 1, 1))], reach_through(G, "n")
    (['n'], ())
    """
    if org_id not in G or not G.nodes[org_id]["org"].confidential:
        return ()
    return ways_in(G, [G.nodes[org_id]["org"]], as_of or dt.date.today(), MAX_INTERMEDIARIES)


def newest_record(G: nx.Graph, org_id: str) -> dt.date | None:
    """The newest date any record about the organization carries; None when none is dated.

    Reads its own period, its capabilities' periods and the dates and ends of the evidence
    of its ties (agreements, shared activities, task forces, referrals).

    >>> import networkx as nx
    >>> from referral_graph.network.model import Evidence, OrgNode, TieKind
    >>> G = nx.Graph()
    >>> G.add_node("a", org=OrgNode("a", "A", "ngo", "civil_society",
    ...                             active_from=dt.date(2006, 5, 1)), provisions=[])
    >>> G.add_node("b", org=OrgNode("b", "B", "ngo", "civil_society"))
    >>> G.add_edge("a", "b", evidence=[Evidence(TieKind.ACTIVITY, "w", "Taller",
    ...                                         dt.date(2009, 3, 9))])
    >>> newest_record(G, "a"), newest_record(G, "zzz")
    (datetime.date(2009, 3, 9), None)
    """
    if org_id not in G:
        return None
    data = G.nodes[org_id]
    org: OrgNode = data["org"]
    dates = [org.active_from, org.active_to]
    for p in data.get("provisions", ()):
        dates += [p.active_from, p.active_to]
    for _, _, edge in G.edges(org_id, data=True):
        for e in edge.get("evidence", ()):
            dates += [e.date, e.ends]
    today = dt.date.today()  # an agreement's future end is a plan, not a record
    known = [d for d in dates if d is not None and d <= today]
    return max(known) if known else None
