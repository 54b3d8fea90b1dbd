"""How fast /health answers while costly queries run, and what a chunked flood costs.

    python bench/health_under_load.py [--url http://127.0.0.1:8000] [--seconds 20]

Without --url it starts a throw-away Neo4j and `referral-graph serve` (a separate process,
as in production) on the seeds. Then, from this process:

1. /health latency with nothing else running (p50, p95, max);
2. the same while N clients ask, as staff, for coverage comparisons with a different
   `asOf` each time (a new report each time, never cached; staff are not rate limited) —
   the service's costliest public work; the goal is /health under 50 ms;
3. the service's RSS before and after a 200 MB chunked body (cut at 64 KiB with 413).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

HEAVY = """query($a: Date, $b: Date) { coverageChanges(before: {asOf: $b}, after: {asOf: $a})
  { headline newGaps { state service } } }"""


def latencies(url: str, seconds: float) -> list[float]:
    out = []
    end = time.monotonic() + seconds
    with httpx.Client(timeout=30) as c:
        while time.monotonic() < end:
            t = time.perf_counter()
            c.get(url + "/health").raise_for_status()
            out.append((time.perf_counter() - t) * 1000)
            time.sleep(0.05)
    return out


def show(name: str, ms: list[float]) -> None:
    ms = sorted(ms)
    p95 = ms[min(len(ms) - 1, int(len(ms) * 0.95))]
    print(f"{name:<44} n={len(ms):<4} p50={statistics.median(ms):6.1f} ms  "
          f"p95={p95:6.1f} ms  max={ms[-1]:6.1f} ms")


def load(url: str, token: str, stop: threading.Event, done: list[float]) -> None:
    day = dt.date(2006, 1, 1)
    with httpx.Client(timeout=120, headers={"Authorization": f"Bearer {token}"}) as c:
        while not stop.is_set():
            day += dt.timedelta(days=7)
            t = time.perf_counter()
            r = c.post(url + "/graphql", json={"query": HEAVY, "variables": {
                "a": day.isoformat(), "b": (day - dt.timedelta(days=400)).isoformat()}})
            r.raise_for_status()
            done.append((time.perf_counter() - t) * 1000)


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def flood(url: str, megabytes: int) -> str:
    u = urlparse(url)
    chunk = b"x" * 65536
    with socket.create_connection((u.hostname, u.port), timeout=30) as s:
        s.sendall(b"POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  b"Transfer-Encoding: chunked\r\n\r\n")
        try:
            for _ in range(megabytes * 16):
                s.sendall(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
            s.sendall(b"0\r\n\r\n")
        except OSError:
            pass
        try:
            return s.recv(200).split(b"\r\n")[0].decode()
        except OSError:
            return "(connection closed)"


def local_service() -> tuple[str, subprocess.Popen, object, dict]:
    from referral_graph.neo4j_server import read_password, start
    from tests.neo4j_harness import free_port, throwaway_settings

    settings = throwaway_settings(Path(tempfile.mkdtemp(prefix="rg-bench-")))
    start(settings)
    port = free_port()
    env = dict(os.environ, NEO4J_URI=f"bolt://127.0.0.1:{settings.bolt_port}",
               NEO4J_PASSWORD=read_password(settings) or "", REFERRAL_GRAPH_PORT=str(port),
               REFERRAL_GRAPH_STATE=str(settings.state_dir))
    proc = subprocess.Popen([sys.executable, "-m", "referral_graph.cli", "serve"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            httpx.get(url + "/health", timeout=2).raise_for_status()
            break
        except httpx.HTTPError:
            time.sleep(0.2)
    return url, proc, settings, env


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--url")
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--clients", type=int, default=4)
    args = ap.parse_args()
    proc = settings = None
    url = args.url
    if url is None:
        url, proc, settings, env = local_service()
        os.environ.update({k: env[k] for k in ("NEO4J_URI", "NEO4J_PASSWORD",
                                               "REFERRAL_GRAPH_STATE")})
    try:
        from referral_graph.auth.tokens import Role, create
        from referral_graph.config import Settings
        from referral_graph.store.driver import Database

        db = Database.from_settings(Settings.from_env())
        token = create(db, Role.STAFF, "bench: health under load")
        print(f"service {url}; {os.cpu_count()} cores; {args.clients} clients asking for "
              "coverage comparisons as staff")
        show("/health, idle", latencies(url, args.seconds / 2))
        stop = threading.Event()
        done: list[float] = []
        clients = [threading.Thread(target=load, args=(url, token, stop, done))
                   for _ in range(args.clients)]
        for t in clients:
            t.start()
        time.sleep(2)
        show("/health, while comparisons run", latencies(url, args.seconds))
        stop.set()
        for t in clients:
            t.join()
        show("coverageChanges (each a new report)", done)
        if proc is not None:
            before = rss_mib(proc.pid)
            status = flood(url, 200)
            print(f"200 MB chunked body: {status!r}; service RSS {before:.0f} MiB before, "
                  f"{rss_mib(proc.pid):.0f} MiB after")
    finally:
        if proc is not None:
            proc.send_signal(signal.SIGINT)
            proc.wait(timeout=60)
        if settings is not None:
            from referral_graph.neo4j_server import stop as stop_neo4j

            stop_neo4j(settings)


if __name__ == "__main__":
    main()
