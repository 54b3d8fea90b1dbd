"""A collaboration's members as the projection holds them: the API's `collaboration(id)`
and a state's `collaborations` without a read.

At 100k organizations a nested question about one task force (its members, their states
and capabilities) read the collaboration from Neo4j the first time it was asked: ~3 ms of
Neo4j's CPU and a tenth of the question's own. The projection already holds every
collaboration with its members (for the ties and the gap report); it now holds their roles
too. A test holds the members equal to the read's, for staff and for the public, on the
seeds and on a synthetic set, in the same order (by organization).
"""

from __future__ import annotations

import networkx as nx

from referral_graph.directory.model import Membership
from referral_graph.network.model import CollaborationInfo
from referral_graph.network.snapshot import raw_nodes


def members_in(G: nx.Graph, c: CollaborationInfo, *,
               see_confidential: bool) -> tuple[Membership, ...]:
    """The members of ``c`` a caller may see, by organization, with their roles, from
    ``G`` (the private projection). A confidential member is left out unless
    ``see_confidential``; so is, for the public, a member ``G`` does not hold (nothing then
    says it is not confidential).

    >>> import networkx as nx
    >>> from referral_graph.network.model import CollaborationInfo, OrgNode
    >>> G = nx.Graph()
    >>> G.add_node("b", org=OrgNode("b", "B", "ngo", "civil_society", confidential=True))
    >>> G.add_node("a", org=OrgNode("a", "A", "ngo", "civil_society"))
    >>> tf = CollaborationInfo("tf", "TF", "task_force", "state",
    ...                        members=frozenset({"a", "b"}), roles=(("a", "convenor"),))
    >>> [(m.organization, m.role) for m in members_in(G, tf, see_confidential=True)]
    [('a', 'convenor'), ('b', None)]
    >>> [m.organization for m in members_in(G, tf, see_confidential=False)]
    ['a']
    """
    nodes = raw_nodes(G)
    roles = dict(c.roles)
    found = []
    for oid in sorted(c.members):
        data = nodes.get(oid)
        visible = see_confidential or (data is not None and not data["org"].confidential)
        if visible:
            found.append(Membership(oid, c.id, roles.get(oid)))
    return tuple(found)
