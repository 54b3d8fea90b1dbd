"""Organizations' capabilities as the projection holds them: the API's nested
`capabilities` field without a read.

At 100k organizations a nested question about one task force read its members'
capabilities from Neo4j (with their sources) the first time: a third of the question's
time, and most of Neo4j's CPU for it. The projection already holds every capability, with
its sources, for the planner and the gap report. The records are the same as
`directory.service.capabilities_of` reads, in the same order (by service, then id); a test
holds the two equal on the seeds.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import networkx as nx

from referral_graph.directory.model import Capability
from referral_graph.network.model import Provision
from referral_graph.network.snapshot import raw_nodes


def capability(p: Provision) -> Capability:
    """The directory's record of one provision.

    >>> from referral_graph.network.model import Provision
    >>> c = capability(Provision("c1", "o", "legal_aid", "stated", covers=frozenset({"MX-PUE"})))
    >>> c.id, c.service, c.covers, c.version
    ('c1', 'legal_aid', ('MX-PUE',), 0)
    """
    return Capability(
        id=p.id, organization=p.organization, service=p.service, basis=p.basis,
        covers=tuple(sorted(p.covers)), national=p.national, mandate=p.mandate,
        sources=p.sources, active_from=p.active_from, active_to=p.active_to, scope=p.scope,
        group=p.group, note=p.note, version=p.version, capacity_unit=p.capacity_unit,
        capacity_available=p.capacity_available, capacity_total=p.capacity_total,
        capacity_updated_at=p.capacity_updated_at)


def capabilities_in(G: nx.Graph, ids: Sequence[str]) -> dict[str, tuple[Capability, ...]]:
    """The capabilities of the organizations ``ids`` found in ``G`` (the private projection:
    whoever may see an organization may see its capabilities), by service then id; an
    organization with none, or not in ``G``, is absent, as from the read.
    """
    nodes = raw_nodes(G)
    found = {}
    for oid in ids:
        data = nodes.get(oid)
        provisions: Iterable[Provision] = data.get("provisions", ()) if data else ()
        caps = tuple(capability(p) for p in sorted(provisions, key=lambda p: (p.service, p.id)))
        if caps:
            found[oid] = caps
    return found
