"""HSDS export, import and API figures, against a throw-away Neo4j (or NEO4J_URI's).

    python bench/hsds.py [--repeat 5] [--synthetic 10000]

Prints, on the PROTEJA seeds (and on a synthetic network of --synthetic organizations,
labelled synthetic): the time to build a public and a staff export, to write them as JSON
and as a tabular package, to import the staff export into an empty database, the HSDS
API's first answer after a change (building its view) and its answers after that.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fastapi.testclient import TestClient

from referral_graph.api.app import create_app
from referral_graph.config import DEFAULT_SEED, Settings
from referral_graph.directory.lang import Lang
from referral_graph.hsds.build import Scope
from referral_graph.hsds.export import make_export, write_export
from referral_graph.hsds.importer import import_hsds
from referral_graph.importer.run import import_dataset
from referral_graph.neo4j_server import start, stop
from referral_graph.network.loading import load_network
from referral_graph.network.public import set_key
from referral_graph.store import migrations
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
    print(f"{name:<44} n={len(ms):<3} p50={statistics.median(ms):9.1f} ms  "
          f"max={max(ms):9.1f} ms")


def run(db: Database, settings: Settings, seed: Path, label: str, repeat: int) -> None:
    print(f"--- {label}")
    wipe(db)
    migrations.apply(db)
    import_dataset(db, seed)
    G = load_network(db)
    set_key(G, b"bench-pseudonym-key-" * 2)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        for scope in (Scope(False, False), Scope(True, True)):
            show(f"build {scope.name} export", timed(
                lambda s=scope: make_export(db, G, s, Lang.ES), repeat))
        exp = make_export(db, G, Scope(True, True), Lang.ES)
        print(f"  {', '.join(f'{k} {len(v)}' for k, v in sorted(exp.tables.items()))}")
        for fmt in ("hsds", "hsds-tabular"):
            show(f"write {fmt}", timed(lambda f=fmt: write_export(exp, f, out / f), repeat))
        size = sum(p.stat().st_size for p in (out / "hsds").iterdir())
        print(f"  JSON export: {size / 1024:.0f} KiB")

        def reimport() -> None:
            wipe(db)
            migrations.apply(db)
            import_hsds(db, out / "hsds-tabular")

        show("import staff export into an empty database", timed(reimport, max(1, repeat // 2)))
    with TestClient(create_app(settings, db)) as client:
        first = timed(lambda: client.get("/hsds/services?per_page=50"), 1)
        show("API: first /hsds/services (builds the view)", first)
        show("API: /hsds/services?per_page=50", timed(
            lambda: client.get("/hsds/services?per_page=50"), repeat * 4))
        sid = client.get("/hsds/services?per_page=1").json()["contents"][0]["id"]
        show("API: /hsds/services/{id}", timed(lambda: client.get(f"/hsds/services/{sid}"),
                                               repeat * 4))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--synthetic", type=int, default=0, help="also a synthetic network")
    args = ap.parse_args()
    env = Settings.from_env()
    with tempfile.TemporaryDirectory() as state:
        settings = env if env.external_neo4j else throwaway_settings(Path(state))
        if not env.external_neo4j:
            start(settings)
        db = Database.from_settings(settings)
        try:
            run(db, settings, DEFAULT_SEED, "PROTEJA seeds", args.repeat)
            if args.synthetic:
                from referral_graph.synth.write import synthesize

                synthesize(args.synthetic, 7, Path(state) / "synth")
                run(db, settings, Path(state) / "synth",
                    f"synthetic, {args.synthetic} organizations", max(1, args.repeat // 2))
        finally:
            db.close()
            if not env.external_neo4j:
                stop(settings)


if __name__ == "__main__":
    main()
