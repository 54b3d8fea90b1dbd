"""What a provider costs a plan: the planner's weights, and its providers ranked for the
case its search does not reach them.

A plan's cost is the sum, over its providers, of the way to reach each (the chain's cost,
or `COLD_COST` for a provider no usable chain reaches), a penalty for how it reaches the
state and on what basis, and `HANDOFF_COST` per hand-off (`referrals.planner`).
"""

from __future__ import annotations

import networkx as nx

from referral_graph.capacity.model import rank as capacity_rank
from referral_graph.network.snapshot import per_version
from referral_graph.referrals.eligibility import Candidate, near_candidates
from referral_graph.referrals.model import Reach

HANDOFF_COST = 1.0
COLD_COST = 6.0
REACH_COST = {Reach.OPERATES_IN: 0.0, Reach.COVERS: 0.3, Reach.NATIONAL: 0.6}
MANDATE_COST = 0.2
GROUP_COST = 0.1  # stated for a group the provider belongs to, not for the provider itself
UNCONFIRMED_COST = 0.5  # per constraint the data cannot confirm (e.g. languages not recorded)

_COLD_KEY = "cold_order"  # `per_version` memo: (need, state) -> `cold_order` tuple


def penalty(cand: Candidate) -> float:
    """What the provider's reach, basis and unconfirmed constraints add to its cost.

    >>> from referral_graph.network.model import OrgNode, Provision
    >>> org = OrgNode("o", "O", "ngo", "civil_society", frozenset({"MX-OAX"}))
    >>> penalty(Candidate(org, Provision("p", "o", "legal_aid", "mandate"), Reach.COVERS,
    ...                   ("languages",)))
    1.0
    """
    mandate = MANDATE_COST if cand.provision.basis == "mandate" else 0.0
    group = GROUP_COST if cand.provision.basis == "stated" and cand.provision.for_group \
        else 0.0
    return REACH_COST[cand.reach] + mandate + group + UNCONFIRMED_COST * len(cand.notes)


def cold_order(G: nx.Graph, need: str, state: str) -> tuple[Candidate, ...]:
    """`near_candidates` in the order a plan ranks those its search does not reach: cost
    (`COLD_COST` plus the penalty), then free room, reach and id, ties in their first
    order. Made once per graph version and (need, state), whoever asks and whenever.

    Why: a plan wants the best few of each need, and at 100k a state's providers of a
    need are hundreds; sorting them per plan was a fifth of its time.

    >>> from referral_graph.network.model import OrgNode, Provision
    >>> G = nx.Graph(states={})
    >>> for oid, basis in (("m", "mandate"), ("s", "stated")):
    ...     G.add_node(oid, org=OrgNode(oid, oid, "ngo", "civil_society",
    ...                                 frozenset({"MX-OAX"})),
    ...                provisions=[Provision(oid + "p", oid, "legal_aid", basis)])
    >>> [x.org.id for x in cold_order(G, "legal_aid", "MX-OAX")]
    ['s', 'm']
    """
    lists = per_version(G, _COLD_KEY)
    found: tuple[Candidate, ...] | None = lists.get((need, state))
    if found is None:
        found = lists[(need, state)] = tuple(sorted(
            near_candidates(G, need, state),
            key=lambda x: (COLD_COST + penalty(x),
                           capacity_rank(x.provision.capacity_available), x.reach, x.org.id)))
    return found
