"""Coverage-gap report timings on synthetic networks.

    python bench/gaps.py [--sizes 10000,100000] [--repeat 5]

Prints, per network size:
- the full report (32 states × 15 services, with articulation points, betweenness (sampled
  on large states) and Leiden communities), cold (nothing cached; the states shared among
  forked workers, one per CPU, from 20,000 organizations), the same with one worker, and warm
  (the same networks again, from the cache);
- a what-if (one organization closed): only the state it was in is analysed again;
- one-state refresh after an edit: a provision added (the network is unchanged) and an
  organization removed (that state's network is analysed again);
- where a cold state's time goes, for the largest state.

Goals: full report < 2 s at 100k organizations; one-state refresh < 200 ms. Figures are
printed, never asserted: they depend on the machine.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import networkx as nx

from referral_graph.gaps import centrality, coverage, coverage_report, refresh_state
from referral_graph.gaps import scope as gscope
from referral_graph.gaps.changes import headline
from referral_graph.gaps.parallel import cpus
from referral_graph.gaps.report import PARALLEL_MIN_ORGS
from referral_graph.gaps.service import compare_for, report_for
from referral_graph.gaps.structure import analyze_structure
from referral_graph.network.model import Provision
from referral_graph.network.projection import settle
from referral_graph.network.public import public_view
from referral_graph.network.snapshot import derived, mark_changed
from referral_graph.network.synthetic import SOURCE, synthetic_network

T = TypeVar("T")
CACHE_KEY = "gaps_structure_cache"  # report.py keeps its per-state cache here


def seconds(fn: Callable[[], T]) -> tuple[float, T]:
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def ms(values: list[float]) -> str:
    return (f"median {statistics.median(values) * 1000:7.1f} ms  "
            f"max {max(values) * 1000:7.1f} ms")


def breakdown(G: nx.Graph) -> None:
    """Time each step of one state's analysis, for the state with most organizations."""
    scope = gscope.Scope()
    index = coverage.index_coverage(G, scope, sorted(G.graph["states"]))
    state = max(index.states, key=lambda s: len(index.states[s].orgs))
    roots = coverage.collaboration_members(G, coverage.state_collaborations(G, state, scope), scope)
    t_ties, ties = seconds(lambda: coverage.state_ties(G, index.states[state].orgs | roots, scope))
    t_graph, g = seconds(lambda: centrality.Numbered.of_ties(ties))
    t_bic, _ = seconds(lambda: g.graph.biconnected_components(return_articulation_points=True))
    t_bc, (_, k) = seconds(lambda: centrality.brokers(g, set()))
    t_com, (_, method) = seconds(lambda: centrality.communities(g))
    t_all, _ = seconds(lambda: analyze_structure(g, roots))
    print(f"  largest state {state}: {g.graph.vcount()} orgs, {g.graph.ecount()} ties; "
          f"ties {t_ties * 1000:.0f} ms, graph {t_graph * 1000:.0f} ms, "
          f"biconnected {t_bic * 1000:.0f} ms, "
          f"betweenness ({k or 'exact'} sources) {t_bc * 1000:.0f} ms, "
          f"communities ({method}) {t_com * 1000:.0f} ms; whole analysis {t_all * 1000:.0f} ms")


def run(n: int, repeat: int, seed: int = 7) -> None:
    t_build, G = seconds(lambda: synthetic_network(n, seed=0))
    settle()  # as the service does with the projection it holds
    print(f"\n{n:,} organizations, {G.number_of_edges():,} ties (built in {t_build:.1f} s)")
    derived(G).entries.pop(CACHE_KEY, None)
    t_cold, report = seconds(lambda: coverage_report(G))
    derived(G).entries.pop(CACHE_KEY, None)
    t_serial, serial = seconds(lambda: coverage_report(G, workers=1))
    t_warm, _ = seconds(lambda: coverage_report(G))
    counts = ", ".join(f"{s.value} {c}" for s, c in sorted(report.counts().items()))
    workers = cpus() if n >= PARALLEL_MIN_ORGS else 1
    print(f"  full report, cold   {t_cold * 1000:8.0f} ms   ({counts}; {workers} worker(s))")
    print(f"  ... cold, 1 worker  {t_serial * 1000:8.0f} ms   "
          f"(same report: {serial.cells == report.cells and serial.details == report.details})")
    print(f"  full report, warm   {t_warm * 1000:8.0f} ms   (per-state analyses from cache)")
    rng = random.Random(seed)
    closed = rng.choice(list(G))
    t_whatif, _ = seconds(lambda: coverage_report(G, without=[closed]))
    print(f"  what-if, 1 closed   {t_whatif * 1000:8.0f} ms   (one state analysed again)")
    t_cmp, cmp = seconds(lambda: compare_for(G, see_confidential=True, without=[closed]))
    print(f"  ... with its changes {t_cmp * 1000:7.0f} ms   (both reports and the diff, as "
          f"`gaps --without` and /gaps run it: {headline(cmp, 'en')})")

    added, removed = [], []
    for i in range(repeat):
        state = rng.choice(report.states)
        members = [v for v, d in G.nodes(data=True) if state in d["org"].states]
        oid = rng.choice(members)
        service = rng.choice(report.services)
        G.nodes[oid]["provisions"].append(
            Provision(f"bench-{i}", oid, service, "stated", sources=(SOURCE,)))
        t, report = seconds(lambda s=state, r=report: refresh_state(r, G, s))
        added.append(t)
        G.remove_node(rng.choice(members))
        t, report = seconds(lambda s=state, r=report: refresh_state(r, G, s))
        removed.append(t)
    print(f"  refresh, +provision {ms(added)}   (network unchanged: cached analysis)")
    print(f"  refresh, -org       {ms(removed)}   (that state's network analysed again)")
    service_path(G, rng)
    breakdown(G)


def service_path(G: nx.Graph, rng: random.Random) -> None:
    """What the web service does for a public caller: the report on the public view, which
    follows each edit by redoing only the organizations it touched."""
    t_view, _ = seconds(lambda: public_view(G))
    t_first, _ = seconds(lambda: report_for(G, see_confidential=False))
    after = []
    for i in range(3):
        oid = rng.choice(list(G))
        G.nodes[oid]["provisions"] = [*G.nodes[oid]["provisions"], Provision(
            f"bench-public-{i}", oid, "legal_aid", "stated", sources=(SOURCE,))]
        mark_changed(G, [oid])
        t, _ = seconds(lambda: (public_view(G), report_for(G, see_confidential=False)))
        after.append(t)
    print(f"  public report       {t_first * 1000:8.0f} ms   (first; its view built in "
          f"{t_view * 1000:.0f} ms, one process as the service runs it)")
    print(f"  ... after an edit   {ms(after)}   (view updated in place, analyses kept)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print("goals: full report < 2000 ms at 100k organizations; one-state refresh < 200 ms")
    for size in (int(s) for s in args.sizes.split(",")):
        run(size, args.repeat)


if __name__ == "__main__":
    main()
