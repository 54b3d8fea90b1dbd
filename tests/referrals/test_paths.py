"""The planner's searches give what networkx gives on a filtered view of the graph."""

from __future__ import annotations

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from referral_graph.referrals.paths import cheapest_chains, fewest_introductions, route


@st.composite
def filtered_graphs(draw: st.DrawFn) -> tuple[nx.Graph, int, int, frozenset[int]]:
    n = draw(st.integers(1, 30))
    G = nx.Graph()
    G.add_nodes_from(range(n))
    G.add_edges_from(draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)),
                                   max_size=3 * n)))
    source, target = draw(st.integers(0, n - 1)), draw(st.integers(0, n - 1))
    blocked = frozenset(draw(st.lists(st.integers(0, n - 1), max_size=n // 2)))
    return G, source, target, blocked


def _through_view(G: nx.Graph, source: int, target: int, ok) -> list[int] | None:
    try:
        return nx.shortest_path(nx.subgraph_view(G, filter_node=ok), source, target)
    except (nx.NetworkXNoPath, nx.NodeNotFound):
        return None


@settings(max_examples=400, deadline=None)
@given(filtered_graphs())
def test_fewest_introductions_is_the_path_networkx_finds_on_the_view(case) -> None:
    G, source, target, blocked = case

    def ok(n: int) -> bool:
        return n not in blocked

    assert fewest_introductions(G, source, target, ok) == _through_view(G, source, target, ok)


def test_fewest_introductions_never_passes_a_filtered_node_nor_writes_to_the_graph() -> None:
    G = nx.grid_2d_graph(6, 6)
    before = nx.to_dict_of_dicts(G)
    wall = {(2, y) for y in range(5)}
    path = fewest_introductions(G, (0, 0), (5, 0), lambda n: n not in wall)
    assert path is not None and not wall & set(path)
    assert len(path) - 1 == nx.shortest_path_length(G.subgraph(set(G) - wall), (0, 0), (5, 0))
    assert nx.to_dict_of_dicts(G) == before
    assert fewest_introductions(G, (0, 0), (9, 9), lambda n: True) is None  # not in the graph
    assert fewest_introductions(G, (0, 0), (2, 0), lambda n: n not in wall) is None


def test_cheapest_chains_stop_when_told_and_at_the_cutoff() -> None:
    G = nx.Graph()
    nx.add_path(G, ["o", "a", "b", "c"], w=1.0)
    G.add_edge("o", "c", w=5.0)
    told: list[str] = []
    dist, pred = cheapest_chains(G, "o", lambda u, v, d: d["w"], 10.0, lambda d: False,
                                 lambda n, d: told.append(n))
    assert dist == {"o": 0.0, "a": 1.0, "b": 2.0, "c": 3.0} and told == ["o", "a", "b", "c"]
    assert route(pred, dist, "c") == ["o", "a", "b", "c"]
    dist, _ = cheapest_chains(G, "o", lambda u, v, d: d["w"], 10.0, lambda d: d >= 2.0,
                              lambda n, d: None)
    assert set(dist) == {"o", "a"}
    dist, _ = cheapest_chains(G, "o", lambda u, v, d: None if v == "b" else d["w"], 10.0,
                              lambda d: False, lambda n, d: None)
    assert dist == {"o": 0.0, "a": 1.0, "c": 5.0}  # the tie refused: the direct one
