"""Per-state network analysis: membership, cut points, brokers, communities, cache."""

from __future__ import annotations

import datetime as dt
import os
import random
import subprocess
import sys

import networkx as nx
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from referral_graph.gaps import centrality, model
from referral_graph.gaps.cache import StructureCache, state_structure
from referral_graph.gaps.centrality import Numbered, communities
from referral_graph.gaps.classify import Anchor
from referral_graph.gaps.coverage import (
    as_graph,
    collaboration_members,
    index_coverage,
    state_collaborations,
    state_ties,
)
from referral_graph.gaps.scope import Scope
from referral_graph.gaps.structure import analyze_structure, cut_off
from referral_graph.network.model import OrgNode, Provision
from referral_graph.network.reach import local_states, national_reach, reach
from referral_graph.referrals.model import Reach

EVERYTHING = Scope()


def oax(G: nx.Graph, scope: Scope = EVERYTHING) -> model.StateStructure:
    index = index_coverage(G, scope, ["MX-OAX"])
    roots = collaboration_members(G, state_collaborations(G, "MX-OAX", scope), scope)
    return analyze_structure(as_graph(state_ties(G, index.states["MX-OAX"].orgs | roots, scope)),
                             roots)


def test_state_members_are_operating_covering_and_collaboration_orgs(graph: nx.Graph) -> None:
    from tests.gaps.conftest import org
    org(graph, "far", "MX-PUE", "shelter", covers=("MX-OAX",))
    index = index_coverage(graph, Scope(), ["MX-OAX", "MX-GRO"])
    assert "far" in index.states["MX-OAX"].orgs  # covers it from Puebla
    assert [p.organization for p in index.states["MX-OAX"].local["shelter"]] == ["s1", "s2", "far"]
    assert "proj" not in index.states["MX-GRO"].orgs  # national: a member, not an operator
    roots = collaboration_members(graph, state_collaborations(graph, "MX-GRO", Scope()), Scope())
    assert roots == {"proj", "gpol", "camino"}
    assert {p.organization for p in index.national["legal_aid"]} == {"proj"}


def test_federal_collaborations_are_not_a_states(graph: nx.Graph) -> None:
    assert [c.id for c in state_collaborations(graph, "MX-GRO", Scope())] == ["tf-gro"]


def test_oaxaca_structure(graph: nx.Graph) -> None:
    s = oax(graph)
    assert s.articulation_points == ("hub", "tf1", "tf2")
    assert ("hub", "tf1") in s.bridges and ("s1", "s2") not in s.bridges
    assert s.isolated == ("m1",)
    assert s.roots == {"tf1", "tf2"}
    assert "m1" not in s.core and {"s1", "hub", "l2"} <= s.core
    assert s.components[0][0] == "hub" and s.components[-1] == ("m1",)
    assert s.brokers[0].org == "tf1" and s.brokers[0].articulation
    assert s.betweenness_samples is None
    assert s.anchor == Anchor.COLLABORATIONS


def test_cut_off_in_oaxaca(graph: nx.Graph) -> None:
    s = oax(graph)
    assert cut_off(s, {"s1", "s2"}) == (("hub", "tf1"), (("hub", "tf1"),), Anchor.COLLABORATIONS)
    assert cut_off(s, {"l1", "l2"}) == ((), (), Anchor.COLLABORATIONS)
    # Providers only in one leaf: the tie and the member it hangs from.
    assert cut_off(s, {"l1"}) == (("tf1",), (("l1", "tf1"),), Anchor.COLLABORATIONS)


def test_ended_agreement_drops_the_tie_on_a_later_date(graph: nx.Graph) -> None:
    s = oax(graph, Scope(as_of=dt.date(2009, 6, 1)))
    assert "hub" not in s.core and ("hub", "tf1") not in s.bridges


def test_workshop_end_does_not_end_the_tie(graph: nx.Graph) -> None:
    ev = graph.edges["old", "yuc1"]["evidence"]
    assert Scope(as_of=dt.date(2008, 6, 1)).tie_ok(ev)
    assert not Scope(as_of=dt.date(2007, 1, 1)).tie_ok(ev)  # before the workshop


def test_without_removes_the_org_everywhere(graph: nx.Graph) -> None:
    scope = Scope(without=frozenset({"hub"}))
    assert "hub" not in index_coverage(graph, scope, ["MX-OAX"]).states["MX-OAX"].orgs
    s = oax(graph, scope)
    assert "s1" not in s.core


def test_centroid_anchor_without_collaborations() -> None:
    H = nx.complete_graph(["a", "b", "c", "x"])
    H.add_edges_from([("c", "d"), ("d", "e")])
    s = analyze_structure(H, frozenset())
    assert s.anchor == Anchor.NETWORK
    assert cut_off(s, {"e"}) == (("d", "c"), (("d", "e"), ("c", "d")), Anchor.NETWORK)
    assert cut_off(s, {"e", "b"}) == ((), (), Anchor.NETWORK)


def test_two_components_with_providers_are_two_routes() -> None:
    H = nx.Graph([("r1", "h1"), ("h1", "p1"), ("r2", "h2"), ("h2", "p2")])
    s = analyze_structure(H, frozenset({"r1", "r2"}))
    assert cut_off(s, {"p1"})[0] == ("h1",)
    assert cut_off(s, {"p1", "p2"})[:2] == ((), ())


def test_lone_member_is_not_its_own_single_point() -> None:
    H = nx.Graph([("r", "h"), ("h", "p")])
    s = analyze_structure(H, frozenset({"r"}))
    assert cut_off(s, {"p"})[0] == ("h",)  # not "r": with r gone there is no one to cut off


def test_communities_and_who_talks_to_whom() -> None:
    H = nx.Graph()
    H.add_edges_from(nx.complete_graph(["a1", "a2", "a3", "a4"]).edges)
    H.add_edges_from(nx.complete_graph(["b1", "b2", "b3", "b4"]).edges)
    H.add_edges_from(nx.complete_graph(["c1", "c2", "c3"]).edges)
    H.add_edge("a1", "b1")
    H.add_node("lone")
    s = analyze_structure(H, frozenset())
    assert s.community_method == "leiden"
    groups = {c.members[0][0]: c for c in s.communities}
    assert set(groups) == {"a", "b", "c"}  # the isolated org is listed apart, not a community
    assert groups["a"].talks_to == (groups["b"].index,) and groups["a"].ties_out == 1
    assert groups["c"].talks_to == () and groups["c"].ties_out == 0
    assert s.isolated == ("lone",)


def test_large_networks_use_sampled_betweenness(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(centrality, "BETWEENNESS_BUDGET", 10)
    monkeypatch.setattr(centrality, "MIN_SAMPLES", 5)
    H = nx.connected_caveman_graph(4, 6)
    s = analyze_structure(nx.relabel_nodes(H, str), frozenset())
    assert s.betweenness_samples == 5
    assert s.community_method == "leiden"  # one method at every size
    assert sum(len(c.members) for c in s.communities) == 24
    assert sorted(len(c.members) for c in s.communities) == [6, 6, 6, 6]  # the four caves


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_betweenness_equals_networkx(seed: int) -> None:
    """Exact, and sampled from the same sources as networkx picks for the same seed."""
    R = nx.relabel_nodes(nx.gnp_random_graph(30, 0.15, seed=seed), lambda i: f"n{i:02d}")
    H = as_graph({v: set(R[v]) for v in R})  # nodes in name order, as Numbered numbers them
    g = Numbered.of_graph(H)
    exact = nx.betweenness_centrality(H)
    assert centrality._betweenness(g.graph, None) == pytest.approx([exact[v] for v in g.names])
    sources = sorted(random.Random(seed).sample(range(30), 7))
    sampled = nx.betweenness_centrality(H, k=7, seed=seed)
    assert centrality._betweenness(g.graph, sources) == pytest.approx(
        [sampled[v] for v in g.names])
    # Every organization a source: the estimate is the exact value.
    assert centrality._betweenness(g.graph, list(range(30))) == pytest.approx(
        [exact[v] for v in g.names])


def test_brokers_rank_by_betweenness_then_name() -> None:
    H = nx.Graph([("a", "h1"), ("h1", "b"), ("c", "h2"), ("h2", "d"), ("h1", "h2")])
    found, k = centrality.brokers(H, {"h1", "h2"}, top=2)
    assert [b.org for b in found] == ["h1", "h2"] and k is None
    assert found[0].betweenness == found[1].betweenness


def test_numbered_graph_does_not_depend_on_set_order() -> None:
    ties = {"b": {"c", "a"}, "a": {"b"}, "c": {"b"}}
    flipped = {"c": {"b"}, "b": {"a", "c"}, "a": {"b"}}
    a, b = Numbered.of_ties(ties), Numbered.of_ties(flipped)
    assert a.names == b.names == ("a", "b", "c")
    assert a.graph.get_edgelist() == b.graph.get_edgelist() == [(0, 1), (1, 2)]


def test_communities_are_the_same_in_another_process() -> None:
    """Seeded Leiden gives the same groups whatever the process's string hashing."""
    code = ("import networkx as nx;"
            "from referral_graph.gaps.centrality import communities;"
            "H = nx.relabel_nodes(nx.gnp_random_graph(120, 0.05, seed=4), str);"
            "print([c.members for c in communities(H, seed=3)[0]])")
    runs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True, env={**os.environ, "PYTHONHASHSEED": h}).stdout
            for h in ("1", "2")}
    assert len(runs) == 1
    H = nx.relabel_nodes(nx.gnp_random_graph(120, 0.05, seed=4), str)
    assert runs.pop().strip() == str([c.members for c in communities(H, seed=3)[0]])


def test_leiden_seed_is_its_own() -> None:
    """Seeding igraph for one call leaves no trace: other seeds give their own answer."""
    H = nx.relabel_nodes(nx.gnp_random_graph(120, 0.05, seed=4), str)
    first = communities(H, seed=3)
    communities(H, seed=5)
    assert communities(H, seed=3) == first


def test_seeded_analysis_is_deterministic(graph: nx.Graph) -> None:
    a, b = oax(graph), oax(graph)
    assert a.communities == b.communities and a.brokers == b.brokers


def test_cache_returns_the_same_analysis_until_the_network_changes(graph: nx.Graph) -> None:
    cache = StructureCache()
    ties = state_ties(graph, {"tf1", "tf2", "hub", "s1"}, Scope())
    first = state_structure(ties, frozenset({"tf1"}), "MX-OAX", cache=cache)
    assert state_structure(dict(ties), frozenset({"tf1"}), "MX-OAX", cache=cache) is first
    graph.remove_edge("hub", "s1")
    changed = state_ties(graph, {"tf1", "tf2", "hub", "s1"}, Scope())
    assert state_structure(changed, frozenset({"tf1"}), "MX-OAX", cache=cache) is not first


def test_local_and_national_reach_agree_with_the_planner() -> None:
    states = ("MX-OAX", "MX-PUE", "MX-GRO")
    for org_states in (frozenset(), frozenset({"MX-OAX"}), frozenset({"MX-OAX", "MX-PUE"})):
        for org_national in (False, True):
            for covers in (frozenset(), frozenset({"MX-PUE"}), frozenset({"MX-OAX", "MX-GRO"})):
                for national in (False, True):
                    o = OrgNode("o", "O", "ngo", "civil_society", org_states, org_national)
                    p = Provision("p", "o", "shelter", "stated", covers, national)
                    for s in states:
                        r = reach(o, p, s, frozenset())
                        local = s in local_states(o, p)
                        assert local == (r in (Reach.OPERATES_IN, Reach.COVERS))
                        if not local:
                            assert national_reach(o, p) == (r == Reach.NATIONAL)


def _reaches(H: nx.Graph, sources: set[str], targets: set[str]) -> bool:
    seen = set(sources)
    stack = list(sources)
    while stack:
        for w in H[stack.pop()]:
            if w not in seen:
                seen.add(w)
                stack.append(w)
    return bool(seen & targets)


@settings(max_examples=300, deadline=None)
@given(n=st.integers(3, 11), p=st.floats(0.1, 0.6), seed=st.integers(0, 10_000),
       roots=st.sets(st.integers(0, 10), min_size=2, max_size=4),
       providers=st.sets(st.integers(0, 10), min_size=1, max_size=4))
def test_cut_off_matches_brute_force(n: int, p: float, seed: int, roots: set[int],
                                     providers: set[int]) -> None:
    """Every organization and tie reported cuts every provider off from the collaboration
    members, and every one that does is reported (for two or more members)."""
    H = nx.relabel_nodes(nx.gnp_random_graph(n, p, seed=seed), lambda i: f"n{i:02d}")
    R = {f"n{i:02d}" for i in roots if i < n}
    P = {f"n{i:02d}" for i in providers if i < n}
    s = analyze_structure(H, frozenset(R))
    linked = P & s.core
    comps = {frozenset(c) for c in nx.connected_components(H) if c & linked}
    assume(len(comps) == 1)
    (comp,) = comps
    roots_here = R & comp
    assume(len(roots_here) >= 2)
    orgs, ties, mode = cut_off(s, linked)
    assert mode == Anchor.COLLABORATIONS
    C = H.subgraph(comp)
    expected_orgs = set()
    for v in comp:
        r, q = roots_here - {v}, linked - {v}
        if r and q:
            if not _reaches(C.subgraph(comp - {v}), r, q):
                expected_orgs.add(v)
        elif r and not q and v in s.articulation_points:
            expected_orgs.add(v)  # v is the only linked provider and a cut vertex
    assert set(orgs) == expected_orgs
    expected_ties = set()
    for u, v in nx.bridges(C):
        D = nx.Graph(C)
        D.remove_edge(u, v)
        if not _reaches(D, roots_here, linked):
            expected_ties.add((min(u, v), max(u, v)))
    assert set(ties) == expected_ties

