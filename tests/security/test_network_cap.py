"""Finding 11: `network(state: X, depth: 0)` bypassed MAX_NODES and returned a whole state.

The cap was checked only after each step of depth, so depth 0 (or a collaboration with
more members than the cap) drew any number of organizations.
"""

from __future__ import annotations

import networkx as nx
import pytest

from referral_graph.directory.errors import DirectoryError
from referral_graph.directory.network import MAX_NODES, network_graph
from referral_graph.network.model import CollaborationInfo, OrgNode

N = MAX_NODES + 1


def crowded_state() -> nx.Graph:
    """More organizations in one state, and in one task force, than the cap allows."""
    G = nx.Graph(states={}, services={})
    for i in range(N):
        G.add_node(f"o{i}", org=OrgNode(f"o{i}", f"Org {i}", "ngo", "civil_society",
                                        frozenset({"MX-OAX"})), provisions=[])
    G.graph["collaborations"] = {"big": CollaborationInfo(
        "big", "Big task force", "task_force", "state", frozenset({"MX-OAX"}),
        frozenset(G.nodes))}
    return G


@pytest.mark.parametrize("start", [{"state": "MX-OAX"}, {"collaboration": "big"}])
@pytest.mark.parametrize("depth", [0, 1])
def test_no_way_around_the_node_cap(start: dict, depth: int) -> None:
    with pytest.raises(DirectoryError, match=f"more than {MAX_NODES} organizations"):
        network_graph(crowded_state(), see_confidential=True, depth=depth, **start)


def test_under_the_cap_the_whole_state_is_drawn() -> None:
    G = crowded_state()
    G.remove_node("o0")
    assert network_graph(G, see_confidential=True, state="MX-OAX", depth=0
                         ).number_of_nodes() == MAX_NODES
