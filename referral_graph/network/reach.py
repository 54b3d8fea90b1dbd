"""Where a provision reaches: the one rule the planner, the directory and gap reports share."""

from __future__ import annotations

from referral_graph.network.model import OrgNode, Provision


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
