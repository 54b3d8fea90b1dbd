"""Where a provision reaches: the one rule the planner, the directory and gap reports share.

>>> org = OrgNode("o", "O", "ngo", "civil_society", frozenset({"MX-OAX"}))
>>> p = Provision("p", "o", "shelter", "stated", covers=frozenset({"MX-PUE"}))
>>> reach(org, p, "MX-PUE", frozenset()).name, reach(org, p, "MX-OAX", frozenset()) is None
('COVERS', True)
>>> reach(org, p, "MX-GRO", frozenset({"MX-OAX"})).name   # it works in a neighbouring state
'NEIGHBOUR'
"""

from __future__ import annotations

from collections.abc import Iterator
from enum import IntEnum

import networkx as nx

from referral_graph.network.model import OrgNode, Provision


class Reach(IntEnum):
    """How a provider reaches the state, best first (the directory's ranking too)."""

    OPERATES_IN = 0  # the organization works in the state
    COVERS = 1  # its capability names the state
    NATIONAL = 2  # national reach
    NEIGHBOUR = 3  # only in a neighbouring state: nearest coverage, not coverage


def local_states(org: OrgNode, prov: Provision) -> frozenset[str]:
    """States a provision reaches locally: where it says it covers, else where the org operates.

    >>> org = OrgNode("o", "O", "ngo", "civil_society", frozenset({"MX-OAX"}))
    >>> sorted(local_states(org, Provision("p", "o", "shelter", "stated")))
    ['MX-OAX']
    >>> sorted(local_states(org, Provision("p", "o", "shelter", "stated",
    ...                                    covers=frozenset({"MX-PUE"}))))
    ['MX-PUE']
    """
    return prov.covers or org.states


def national_reach(org: OrgNode, prov: Provision) -> bool:
    """True when the provision reaches every state (national, not limited by ``covers``)."""
    return prov.national or (org.national and not prov.covers)


def touched_states(org: OrgNode, prov: Provision) -> frozenset[str]:
    """Every state the provision touches: where the organization operates and where the
    provision says it covers (what a neighbouring state's look-up must find)."""
    return org.states | prov.covers


def reach(org: OrgNode, prov: Provision, state: str, neighbours: frozenset[str]) -> Reach | None:
    """How a provision reaches `state` (whose neighbours are `neighbours`), or None when it
    does not come near it."""
    if state in local_states(org, prov):
        return Reach.OPERATES_IN if state in org.states else Reach.COVERS
    if national_reach(org, prov):
        return Reach.NATIONAL
    if neighbours & touched_states(org, prov):
        return Reach.NEIGHBOUR
    return None


def service_states(G: nx.Graph) -> Iterator[tuple[str, str]]:
    """Every (service, state) pair of the graph's reference sets, in code order: the
    questions the directory and the planner are asked about.

    >>> G = nx.Graph(services={"medical": None, "legal_aid": None}, states={"MX-OAX": None})
    >>> list(service_states(G))
    [('legal_aid', 'MX-OAX'), ('medical', 'MX-OAX')]
    """
    states = sorted(G.graph.get("states", {}))
    for service in sorted(G.graph.get("services", {})):
        for state in states:
            yield service, state
