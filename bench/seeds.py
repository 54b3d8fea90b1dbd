"""Import and projection figures on the PROTEJA seeds, against a throw-away Neo4j.

    python bench/seeds.py [--repeat 20]

Prints the time to validate the seed directory, to import it into an empty database, to
re-import it (nothing changes), and to read the networkx projection from Neo4j.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from referral_graph.config import DEFAULT_SEED
from referral_graph.dataset.load import load_dataset
from referral_graph.importer.run import import_dataset
from referral_graph.neo4j_server import start, stop
from referral_graph.network.loading import load_network
from referral_graph.store.driver import Database
from tests.conftest import wipe
from tests.neo4j_harness import throwaway_settings


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def show(name: str, ms: list[float]) -> None:
    ms = sorted(ms)
    p95 = ms[min(len(ms) - 1, int(len(ms) * 0.95))]
    print(f"{name:<34} n={len(ms):<4} p50={statistics.median(ms):8.1f} ms  p95={p95:8.1f} ms")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    show("validate seeds/proteja", timed(lambda: load_dataset(DEFAULT_SEED), args.repeat))
    with tempfile.TemporaryDirectory() as state:
        settings = throwaway_settings(Path(state))
        start(settings)
        db = Database.from_settings(settings)
        try:
            first = []
            for _ in range(max(3, args.repeat // 4)):
                wipe(db)
                t = time.perf_counter()
                import_dataset(db, DEFAULT_SEED)
                first.append((time.perf_counter() - t) * 1000)
            show("import into an empty database", first)
            show("re-import (no change)", timed(lambda: import_dataset(db, DEFAULT_SEED),
                                                args.repeat))
            show("load projection from Neo4j", timed(lambda: load_network(db), args.repeat))
            tracemalloc.start()
            G = load_network(db)
            size, _peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            print(f"projection: {G.number_of_nodes()} organizations, {G.number_of_edges()} ties, "
                  f"{size / 1024:.0f} KiB")
        finally:
            db.close()
            stop(settings)


if __name__ == "__main__":
    main()
