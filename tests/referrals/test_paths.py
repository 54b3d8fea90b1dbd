"""The planner's searches give what networkx gives on a filtered view of the graph."""

from __future__ import annotations

import datetime as dt

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from referral_graph.network.model import TieKind
from referral_graph.referrals import plan_referrals
from referral_graph.referrals.paths import cheapest_chains, fewest_introductions, route
from tests.referrals.graphs import DAY, graph, org, tie


@st.composite
def filtered_graphs(draw: st.DrawFn
                    ) -> tuple[nx.Graph, int, int, frozenset[int], frozenset[frozenset[int]]]:
    n = draw(st.integers(1, 30))
    G = nx.Graph()
    G.add_nodes_from(range(n))
    G.add_edges_from(draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)),
                                   max_size=3 * n)))
    source, target = draw(st.integers(0, n - 1)), draw(st.integers(0, n - 1))
    blocked = frozenset(draw(st.lists(st.integers(0, n - 1), max_size=n // 2)))
    dead = frozenset(frozenset(e) for e in G.edges if draw(st.integers(0, 4)) == 0)
    return G, source, target, blocked, dead


def _through_view(G: nx.Graph, source: int, target: int, ok, tie_ok=None
                  ) -> list[int] | None:
    view = nx.subgraph_view(G, filter_node=ok, **({"filter_edge": tie_ok} if tie_ok else {}))
    try:
        return nx.shortest_path(view, source, target)
    except (nx.NetworkXNoPath, nx.NodeNotFound):
        return None


@settings(max_examples=400, deadline=None)
@given(filtered_graphs())
def test_fewest_introductions_is_the_path_networkx_finds_on_the_view(case) -> None:
    G, source, target, blocked, dead = case

    def ok(n: int) -> bool:
        return n not in blocked

    def live(u: int, v: int) -> bool:
        return frozenset((u, v)) not in dead

    assert fewest_introductions(G, source, target, ok) == _through_view(G, source, target, ok)
    assert fewest_introductions(G, source, target, ok, lambda u, v, d: live(u, v)) == \
        _through_view(G, source, target, ok, live)


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


def test_a_plan_never_introduces_through_a_tie_not_yet_in_force() -> None:
    """Found serving the seeds: PROTEJA's plan for prosecution in Oaxaca on 2008-06-01 drew
    a "path" PROTEJA -> the state's attorney general with strength 0 and no evidence,
    through a tie whose only evidence (a workshop) came in 2009, while the step's own
    words said "no chain of introductions recorded"."""
    G = graph()
    org(G, "o")
    org(G, "p", "prosecution")
    org(G, "a")
    tie(G, "o", "p", TieKind.ACTIVITY, date=dt.date(2009, 3, 2))  # after DAY - 30
    asked = DAY - dt.timedelta(days=300)
    [plan] = plan_referrals(G, "o", ["prosecution"], "MX-OAX", as_of=asked).plans
    [step] = plan.steps
    assert step.cold and step.path == ()
    # With a chain in force through "a", the introductions go that way instead.
    tie(G, "o", "a", date=asked)
    tie(G, "a", "p", date=asked)
    G.graph["version"] += 1
    [step] = plan_referrals(G, "o", ["prosecution"], "MX-OAX", as_of=asked).plans[0].steps
    assert [(h.source, h.target) for h in step.path] == [("o", "a"), ("a", "p")]
    assert all(h.strength > 0 and h.because for h in step.path)
