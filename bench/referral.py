"""Referral-plan latency: a three-need plan on the seeds and on synthetic networks.

    python bench/referral.py [--sizes 10000,100000] [--repeat 200]

Prints, per network: build time, the projection's memory (tracemalloc), and p50/p95/p99 of
`plan_referrals` for three random needs from random origins in their own state.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import networkx as nx

from referral_graph.network.synthetic import synthetic_network
from referral_graph.referrals import Constraints, plan_referrals

AS_OF = dt.date(2009, 3, 1)


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def run(name: str, G: nx.Graph, repeat: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    nodes = list(G)
    services = sorted(G.graph["services"])
    times = []
    for _ in range(repeat):
        origin = rng.choice(nodes)
        state = next(iter(G.nodes[origin]["org"].states), "MX-OAX")
        needs = rng.sample(services, 3)
        t = time.perf_counter()
        plan_referrals(G, origin, needs, state, Constraints(include_confidential=True), k=3,
                       as_of=AS_OF)
        times.append((time.perf_counter() - t) * 1000)
    print(f"{name:<22} plans={repeat:<5} p50={statistics.median(times):7.2f} ms  "
          f"p95={percentile(times, 0.95):7.2f} ms  p99={percentile(times, 0.99):7.2f} ms")


def run_seeds(repeat: int) -> None:
    """The PROTEJA seeds, imported into a throw-away Neo4j and projected from it."""
    import tempfile

    from referral_graph.config import DEFAULT_SEED
    from referral_graph.importer.run import import_dataset
    from referral_graph.neo4j_server import start, stop
    from referral_graph.network.loading import load_network
    from referral_graph.store.driver import Database
    from tests.neo4j_harness import throwaway_settings

    with tempfile.TemporaryDirectory() as state:
        settings = throwaway_settings(Path(state))
        start(settings)
        db = Database.from_settings(settings)
        try:
            import_dataset(db, DEFAULT_SEED)
            run("PROTEJA seeds", load_network(db), repeat)
        finally:
            db.close()
            stop(settings)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--repeat", type=int, default=200)
    args = ap.parse_args()
    run_seeds(args.repeat)
    for size in (int(s) for s in args.sizes.split(",")):
        tracemalloc.start()
        t = time.perf_counter()
        G = synthetic_network(size, seed=size)
        build = time.perf_counter() - t
        mem, _ = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"synthetic {size:>7} orgs: {G.number_of_edges()} ties, built in {build:.1f} s, "
              f"projection {mem / 2**20:.0f} MiB")
        run(f"synthetic {size}", G, args.repeat)


if __name__ == "__main__":
    main()
