"""Latency and throughput of the directory API over HTTP, on the seeds.

    python bench/api.py [--url http://127.0.0.1:8000] [--requests 400] [--concurrency 8]

Without --url it starts a throw-away Neo4j and the app under uvicorn, on the seeds.
Prints p50/p95/p99 latency and requests per second for "providers of a service in a
state" and for a nested task-force network query, as a public caller.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PROVIDERS = """query($s: ServiceId!, $st: StateCode!) { providers(service: $s, state: $st) {
  message noneInState providers { organization { id name kindLabel } reach why
  sources { id passage } } alternatives { organization { id name } state distance } } }"""

NETWORK = """query($c: ID!) { collaboration(id: $c) { name members { role organization {
  id name capabilities { service { name } sources { id } } agreements { subject
  parties { id name } } } } }
  network(collaboration: $c, depth: 1) { nodes { id label kind } edges { source target kinds
  strength evidence { label sources { id } } } } }"""

CASES = [("legal_aid", "MX-OAX"), ("prosecution", "MX-OAX"), ("shelter", "MX-CMX"),
         ("medical", "MX-CHP"), ("mental_health", "MX-NLE"), ("social_protection", "MX-MOR")]


def run(client: httpx.Client, url: str, query: str, variables: list[dict], n: int,
        concurrency: int) -> tuple[list[float], float]:
    def one(i: int) -> float:
        t = time.perf_counter()
        r = client.post(url + "/graphql", json={"query": query,
                                                "variables": variables[i % len(variables)]})
        r.raise_for_status()
        if "errors" in r.json():
            raise SystemExit(r.text)
        return (time.perf_counter() - t) * 1000

    for i in range(min(n, 20)):  # warm up: projection, connection pool
        one(i)
    start = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        ms = list(pool.map(one, range(n)))
    return ms, n / (time.perf_counter() - start)


def show(name: str, ms: list[float], rps: float) -> None:
    ms = sorted(ms)

    def pct(p: float) -> float:
        return ms[min(len(ms) - 1, int(len(ms) * p))]

    print(f"{name:<26} n={len(ms):<5} p50={statistics.median(ms):7.1f} ms  "
          f"p95={pct(0.95):7.1f} ms  p99={pct(0.99):7.1f} ms  {rps:7.1f} req/s")


def local_service() -> tuple[str, object]:
    import uvicorn

    from referral_graph.api.app import create_app
    from referral_graph.config import DEFAULT_SEED
    from referral_graph.importer.run import import_dataset
    from referral_graph.neo4j_server import start
    from referral_graph.store.driver import Database
    from referral_graph.store.migrations import apply
    from tests.neo4j_harness import free_port, throwaway_settings

    settings = throwaway_settings(Path(tempfile.mkdtemp(prefix="rg-bench-")))
    start(settings)
    db = Database.from_settings(settings)
    apply(db)
    import_dataset(db, DEFAULT_SEED)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(settings, db), host="127.0.0.1",
                                           port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            httpx.get(url + "/health", timeout=2)
            break
        except httpx.HTTPError:
            time.sleep(0.2)
    return url, settings


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--url")
    ap.add_argument("--requests", type=int, default=400)
    ap.add_argument("--concurrency", type=int, default=8)
    args = ap.parse_args()
    settings = None
    url = args.url
    if url is None:
        url, settings = local_service()
    try:
        with httpx.Client(timeout=30, limits=httpx.Limits(max_connections=args.concurrency)
                          ) as client:
            collabs = client.post(url + "/graphql", json={
                "query": "{ collaborations { id } }"}).json()["data"]["collaborations"]
            print(f"service {url}, {args.concurrency} concurrent clients, public caller")
            ms, rps = run(client, url, PROVIDERS, [{"s": s, "st": st} for s, st in CASES],
                          args.requests, args.concurrency)
            show("providers(service, state)", ms, rps)
            ms, rps = run(client, url, NETWORK, [{"c": c["id"]} for c in collabs],
                          args.requests, args.concurrency)
            show("nested task-force network", ms, rps)
    finally:
        if settings is not None:
            from referral_graph.neo4j_server import stop

            stop(settings)


if __name__ == "__main__":
    main()
