"""Organizations' capabilities as the projection holds them: the API's nested
`capabilities` field without a read.

At 100k organizations a nested question about one task force read its members'
capabilities from Neo4j (with their sources) the first time: a third of the question's
time, and most of Neo4j's CPU for it. The projection already holds every capability, with
its sources, for the planner and the gap report, in the same record the read makes
(`directory.model.Capability` is `network.model.Provision`). A test holds the two equal
on the seeds and on a synthetic set, in the same order (by service, then id).
"""

from __future__ import annotations

from collections.abc import Sequence

import networkx as nx

from referral_graph.directory.model import Capability
from referral_graph.network.snapshot import raw_nodes


def capabilities_in(G: nx.Graph, ids: Sequence[str]) -> dict[str, tuple[Capability, ...]]:
    """The capabilities of the organizations ``ids`` found in ``G`` (the private projection:
    whoever may see an organization may see its capabilities), by service then id; an
    organization with none, or not in ``G``, is absent, as from the read.

    >>> import networkx as nx
    >>> from referral_graph.network.model import Provision
    >>> G = nx.Graph()
    >>> G.add_node("o", provisions=[Provision("c2", "o", "shelter", "stated"),
    ...                             Provision("c1", "o", "legal_aid", "mandate")])
    >>> [c.id for c in capabilities_in(G, ["o", "nobody"])["o"]]
    ['c1', 'c2']
    """
    nodes = raw_nodes(G)
    found = {}
    for oid in ids:
        data = nodes.get(oid)
        provisions: list[Capability] = data.get("provisions", []) if data else []
        if provisions:
            found[oid] = tuple(sorted(provisions, key=lambda p: (p.service, p.id)))
    return found
