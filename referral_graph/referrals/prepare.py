"""The planner's lists, made in the background for each settled version of the graph.

Why: a plan reads, for each need, the providers serving the state (`near_candidates`) and
their order for those its search does not reach (`costs.cold_order`), made once per graph
version and (need, state). The first plan about a pair after a load or an edit made them:
at 100,000 organizations the first plans asked cost ~35 ms of CPU each against ~18 ms once
the lists were made, with spikes of 300–400 ms. Today's pools for public callers
(`referrals.pools`, ~1.5 MiB of references at 100k) are made here too; staff pools and the
nearest coverage of a need nobody meets in a state are made when first asked (the latter
holds a need's providers in the country, so only the pairs asked pay for it in memory).
`gaps.prepare.Preparer` runs `prepare` after today's coverage reports.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import networkx as nx

from referral_graph.network.reach import service_states
from referral_graph.referrals.costs import cold_order
from referral_graph.referrals.model import Constraints
from referral_graph.referrals.pools import closed_to_chains, pool


def prepare(G: nx.Graph, as_of: dt.date) -> Iterator[None]:
    """Make each (need, state)'s lists, one pair per step (the caller may stop between
    steps), and its pools on `as_of` for public callers. Reads `G`, never writes to it:
    the lists go to its per-version memos.

    >>> from referral_graph.network.model import OrgNode, Provision, ServiceInfo, StateInfo
    >>> G = nx.Graph(states={"MX-OAX": StateInfo("MX-OAX", "Oaxaca", "Oaxaca")},
    ...              services={"legal_aid": ServiceInfo("legal_aid", "Asesoría", "Legal aid")})
    >>> G.add_node("a", org=OrgNode("a", "A", "ngo", "civil_society", frozenset({"MX-OAX"})),
    ...            provisions=[Provision("p", "a", "legal_aid", "stated")])
    >>> sum(1 for _ in prepare(G, dt.date(2009, 1, 1)))
    1
    >>> from referral_graph.network.snapshot import per_version
    >>> list(per_version(G, "cold_order"))
    [('legal_aid', 'MX-OAX')]
    >>> ("legal_aid", "MX-OAX", False, dt.date(2009, 1, 1)) in per_version(G, "plan_pools")
    True
    """
    for staff in (False, True):
        closed_to_chains(G, staff, as_of)
    for need, state in service_states(G):
        cold_order(G, need, state)
        pool(G, need, state, Constraints(), as_of)
        yield
