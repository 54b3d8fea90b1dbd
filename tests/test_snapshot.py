"""The snapshot owns what is derived from its graph: algorithms read their input and never
write to it, and the one fast path into networkx's internals equals the public API."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from typing import Any

import networkx as nx

from referral_graph.gaps.report import coverage_report
from referral_graph.gaps.service import report_for
from referral_graph.network.public import public_view
from referral_graph.network.redact import redactor_for
from referral_graph.network.snapshot import Draft, derived, raw_adjacency, raw_nodes
from referral_graph.network.synthetic import synthetic_network
from referral_graph.referrals.eligibility import providers_by_service
from referral_graph.referrals.planner import plan_referrals


def _contents(G: nx.Graph) -> tuple[Any, ...]:
    """Everything a reader of ``G`` can see, as plain values (dict copies compare by content)."""
    return (dict(G.graph), {n: dict(d) for n, d in G.nodes(data=True)},
            {(u, v): dict(d) for u, v, d in G.edges(data=True)})


def test_algorithms_never_write_to_their_input() -> None:
    G = synthetic_network(300, seed=11)
    before = _contents(G)
    public_view(G)
    redactor_for(G)
    providers_by_service(G)
    state = sorted(G.graph["states"])[0]
    origin = next(n for n in G if state in G.nodes[n]["org"].states)
    for day in (dt.date(2008, 6, 1), dt.date(2009, 1, 1)):
        plan_referrals(G, origin, ["shelter", "legal_aid"], state, as_of=day)
    coverage_report(G)
    report_for(G, see_confidential=False)
    report_for(G, see_confidential=True, as_of=dt.date(2008, 6, 1))
    assert _contents(G) == before
    # What they computed is kept beside the graph, in its derived data.
    assert {"public_view", "redactor", "providers_by_service", "tie_costs",
            "gaps_structure_cache", "gaps_reports"} <= set(derived(G).entries)
    assert not any(k.startswith("_") for k in G.graph)
    assert not any("_cost" in d for _, _, d in G.edges(data=True))


def test_the_fast_path_equals_the_public_api() -> None:
    G = synthetic_network(120, seed=12)
    d = Draft(G)
    gone = sorted(G)[:3]
    d.remove_nodes(gone)
    d.add_edge(sorted(G)[5], sorted(G)[40], evidence=[])
    for H in (G, d.graph):
        assert raw_nodes(H) == {n: H.nodes[n] for n in H.nodes}
        assert raw_adjacency(H) == {n: {m: H.adj[n][m] for m in H.adj[n]} for n in H.adj}
        assert all(raw_adjacency(H)[u][v] is H.edges[u, v] for u, v in H.edges)
        assert all(raw_nodes(H)[n] is H.nodes[n] for n in H)


def test_derived_data_follows_a_graph_built_from_another() -> None:
    G = synthetic_network(100, seed=13)
    derived(G).put("index", "of G")
    H = Draft(G).graph
    assert derived(H).get("index") == "of G"
    derived(H).put("index", "of H")
    assert derived(G).get("index") == "of G"


ALGORITHMS = ["referral_graph.referrals.planner", "referral_graph.referrals.eligibility",
              "referral_graph.network.weights", "referral_graph.network.public",
              "referral_graph.network.redact", "referral_graph.gaps.report",
              "referral_graph.gaps.classify", "referral_graph.gaps.service"]


def test_algorithms_do_not_load_the_database_driver() -> None:
    code = ("import sys\n" + "".join(f"import {m}\n" for m in ALGORITHMS)
            + "print(sorted(m for m in sys.modules if m in ('neo4j', "
              "'referral_graph.network.loading', 'referral_graph.network.projection') "
              "or m.startswith('referral_graph.store')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "[]"
