"""Neo4j round trips and server CPU per request for the README's GraphQL queries and the
nested collaboration query, on the seeds (the read-path figures of issue 15 / 18).

    python bench/read_path.py [--requests 200] [--json out.json]

Starts a throw-away Neo4j, imports the seeds and serves the app under uvicorn in this
process; a plain sequential client (one keep-alive connection) asks each query
``--requests`` times after a warm-up. Per request it prints:

- round trips: Neo4j transactions the service ran (`Database.round_trips`);
- server CPU: this process's CPU time minus the client thread's own (ms);
- Neo4j CPU: the JVM's CPU time (ms), read from /proc.

No timing is asserted anywhere; the figures are for docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from workloads import NESTED

README = Path(__file__).resolve().parent.parent / "README.md"


def readme_queries() -> dict[str, dict[str, Any]]:
    """The README's `curl … /graphql -d '{…}'` bodies, named by position and first field."""
    out = {}
    for i, m in enumerate(re.finditer(r"curl -s \S*/graphql[^\n]*? -d '(\{.*?\})'\n",
                                      README.read_text(), re.S), start=1):
        body = json.loads(m.group(1))
        field = re.match(r"\s*\{\s*(\w+)", body["query"])
        out[f"readme-{i}-{field.group(1) if field else 'query'}"] = body
    return out


def _jvm_cpu(pid: int | None) -> float:
    """CPU seconds the JVM has used (user + system), or 0 when unknown."""
    if pid is None:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(") ", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(client: httpx.Client, url: str, body: dict[str, Any], db: Any, jvm: int | None,
            n: int) -> dict[str, float]:
    def ask() -> None:
        r = client.post(url + "/graphql", json=body)
        answer = r.json()
        if r.status_code != 200 or answer.get("errors"):
            raise SystemExit(f"{body['query'][:60]}…: {r.status_code} {r.text[:300]}")

    for _ in range(10):
        ask()
    trips0, cpu0, own0, jvm0 = db.round_trips, time.process_time(), time.thread_time(), \
        _jvm_cpu(jvm)
    wall0 = time.perf_counter()
    for _ in range(n):
        ask()
    wall = time.perf_counter() - wall0
    own = time.thread_time() - own0
    return {"round_trips": (db.round_trips - trips0) / n,
            "server_cpu_ms": (time.process_time() - cpu0 - own) * 1000 / n,
            "neo4j_cpu_ms": (_jvm_cpu(jvm) - jvm0) * 1000 / n,
            "wall_ms": wall * 1000 / n}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()

    import uvicorn

    from referral_graph.api.app import create_app
    from referral_graph.config import DEFAULT_SEED
    from referral_graph.importer.run import import_dataset
    from referral_graph.neo4j_server import start, status, stop
    from referral_graph.store.driver import Database
    from referral_graph.store.migrations import apply
    from tests.neo4j_harness import free_port, throwaway_settings

    settings = throwaway_settings(Path(tempfile.mkdtemp(prefix="rg-read-path-")))
    start(settings)
    try:
        db = Database.from_settings(settings)
        apply(db)
        import_dataset(db, DEFAULT_SEED)
        collab = db.read("MATCH (c:Collaboration)<-[:MEMBER_OF]-(o) WITH c, count(o) AS n "
                         "RETURN c.id AS id ORDER BY n DESC LIMIT 1")[0]["id"]
        port = free_port()
        server = uvicorn.Server(uvicorn.Config(create_app(settings, db), host="127.0.0.1",
                                               port=port, log_level="warning"))
        threading.Thread(target=server.run, daemon=True).start()
        url = f"http://127.0.0.1:{port}"
        for _ in range(200):
            try:
                httpx.get(url + "/health", timeout=2)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        cases = {**readme_queries(),
                 "nested-collaboration": {"query": NESTED, "variables": {"c": collab}}}
        jvm = status(settings).pid
        results = {}
        print(f"{'query':<28} {'round trips':>11} {'server CPU ms':>14} {'Neo4j CPU ms':>13}"
              f" {'wall ms':>8}")
        with httpx.Client(timeout=60) as client:
            for name, body in cases.items():
                r = measure(client, url, body, db, jvm, args.requests)
                results[name] = r
                print(f"{name:<28} {r['round_trips']:>11.2f} {r['server_cpu_ms']:>14.2f} "
                      f"{r['neo4j_cpu_ms']:>13.2f} {r['wall_ms']:>8.2f}")
        server.should_exit = True
        if args.json:
            args.json.write_text(json.dumps(results, indent=1) + "\n")
    finally:
        stop(settings)


if __name__ == "__main__":
    main()
