"""Load test: many clients, mixed reads and writes, for minutes; errors, latency and memory.

    python bench/load.py [--orgs 10000] [--clients 50] [--seconds 300] [--interval 10]
    python bench/load.py --url http://127.0.0.1:8113 --staff TOKEN --editor TOKEN --pid PID

Without --url it starts everything itself and removes it afterwards: a throw-away Neo4j
(own folder, free port), a synthetic national network of --orgs organizations (labelled
synthetic: `referral-graph synth`, bulk-imported), and `referral-graph serve`.

Each client is one HTTP/1.1 keep-alive connection (bench/http_load.py: ~0.3 ms of client
cost per request) sending a mix of what users ask — providers of a service in a state,
directory search, an organization with its services, a referral plan, a network around an
organization, a state's coverage report — and writes: referrals recorded with an
Idempotency-Key, and organization notes saved with the version just loaded (a CONFLICT
when another client saved first is an answer, counted apart, not an error).

Every --interval seconds it prints requests, errors, conflicts, p50/p95/p99 and the RSS of
the service and of Neo4j; at the end the totals and how memory moved. Loopback only,
bounded in time, stops by itself. Goal: 0 errors, flat memory. Figures are printed, never
asserted: they depend on the machine and on who else uses it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))

from http_load import Connection, HttpError, post_json, run_async  # noqa: E402

from referral_graph.config import REPO_ROOT, Settings  # noqa: E402

Request = tuple[str, dict[str, Any], dict[str, str]]  # kind, body, extra headers

SERVICES = ("legal_aid", "shelter", "medical", "mental_health", "social_protection")


def rss_mb(pid: int | None) -> float | None:
    """Resident memory of `pid` and every process under it: `serve --workers N` is a
    supervisor whose workers hold the data, so the parent alone would say little."""
    if not pid:
        return None
    total, found = 0, False
    for p in _tree(pid):
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
                    found = True
        except OSError:
            continue
    return round(total / 1024, 1) if found else None


def _tree(pid: int) -> list[int]:
    """`pid` and its descendants, from /proc (Linux)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        for task in Path(f"/proc/{p}/task").glob("*/children"):
            try:
                todo += [int(c) for c in task.read_text().split()]
            except OSError:
                continue
    return out


@dataclass
class Sample:
    """Ids to ask about, read through the API the load goes to."""

    orgs: list[str]
    states: list[str]
    words: list[str]

    @classmethod
    def read(cls, url: str, token: str) -> Sample:
        auth = {"Authorization": f"Bearer {token}"}
        d = post_json(url, "/graphql", {"query": "{ organizations(first: 100) { edges { node "
                                                 "{ id name } } } states { code } }"}, auth)
        nodes = [e["node"] for e in d["data"]["organizations"]["edges"]]
        words = sorted({w for n in nodes for w in n["name"].split() if len(w) > 4})[:40]
        return cls([n["id"] for n in nodes], [s["code"] for s in d["data"]["states"]],
                   words or ["casa"])


class Mix:
    """What the clients ask, by weight; `next` gives one request."""

    def __init__(self, sample: Sample, staff: str, editor: str, seed: int) -> None:
        self.s, self.rng = sample, random.Random(seed)
        self.staff = {"Authorization": f"Bearer {staff}"}
        self.editor = {"Authorization": f"Bearer {editor}"}
        self.n = 0
        self.kinds = [("providers", 28), ("search", 14), ("organization", 14), ("plan", 10),
                      ("network", 8), ("coverage", 4), ("referral", 12), ("edit", 10)]

    def _pick(self, items: list[str]) -> str:
        return self.rng.choice(items)

    def next(self) -> Request:
        self.n += 1
        kind = self.rng.choices([k for k, _ in self.kinds], [w for _, w in self.kinds])[0]
        org, state = self._pick(self.s.orgs), self._pick(self.s.states)
        service = self._pick(list(SERVICES))
        if kind == "providers":
            q = (f'{{ providers(service: "{service}", state: "{state}") {{ message providers '
                 "{ organization { id name } reachLabel why } } }")
        elif kind == "search":
            q = (f'{{ organizations(query: "{self._pick(self.s.words)}", first: 20) '
                 "{ totalCount edges { node { id name } } } }")
        elif kind == "organization":
            q = (f'{{ organization(id: "{org}") {{ id name version capabilities {{ id '
                 "service { id } covers { code } } agreements { id subject } } }")
        elif kind == "plan":
            q = (f'{{ referralPlan(origin: "{org}", needs: ["{service}", "legal_aid"], '
                 f'state: "{state}") {{ plans {{ rank handoffs }} unmet {{ need }} }} }}')
        elif kind == "network":
            q = f'{{ network(around: "{org}", depth: 1) {{ nodes {{ id }} edges {{ source }} }} }}'
        elif kind == "coverage":
            q = f'{{ coverageReport(states: ["{state}"]) {{ summary }} }}'
        elif kind == "referral":
            other = self._pick([o for o in self.s.orgs if o != org] or self.s.orgs)
            body = {"query": "mutation($i: ReferralInput!) { recordReferral(input: $i) "
                             "{ ok referralId errors { field message } } }",
                    "variables": {"i": {"fromOrganization": org, "toOrganization": other,
                                        "needs": [service], "date": "2009-03-01",
                                        "outcome": "accepted"}}}
            key = f"load-{os.getpid()}-{self.n}"
            return kind, body, {**self.staff, "Idempotency-Key": key}
        else:
            return kind, {"org": org}, self.editor  # two requests: load, then save
        return kind, {"query": q}, self.staff


@dataclass
class Window:
    requests: int = 0
    errors: int = 0
    conflicts: int = 0
    latencies: list[float] = field(default_factory=list)
    first_error: str | None = None

    def pct(self, q: float) -> float:
        ms = sorted(self.latencies)
        return ms[min(len(ms) - 1, int(len(ms) * q))] if ms else float("nan")


@dataclass
class Report:
    windows: list[tuple[float, Window, float | None, float | None]] = field(default_factory=list)
    total: Window = field(default_factory=Window)
    seconds: float = 0.0

    @property
    def rss(self) -> list[float]:
        return [r for *_, r, _ in self.windows if r is not None]


def _problem(status: int, data: bytes) -> tuple[str | None, bool]:
    """(what went wrong, or None; whether it was a CONFLICT, which is an answer)."""
    if status != 200:
        return f"HTTP {status}: {data[:200]!r}", False
    body = json.loads(data)
    errors = body.get("errors") or []
    if errors:
        codes = {(e.get("extensions") or {}).get("code") for e in errors}
        if codes == {"CONFLICT"}:
            return None, True
        return json.dumps(errors)[:300], False
    for payload in (body.get("data") or {}).values():
        if isinstance(payload, dict) and payload.get("ok") is False:
            return json.dumps(payload)[:300], False
    return None, False


async def _post(conn: Connection, body: dict[str, Any], headers: dict[str, str]
                ) -> tuple[int, bytes]:
    conn.headers = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    return await conn.post("/graphql", json.dumps(body).encode())


async def _one(conn: Connection, kind: str, body: dict[str, Any], headers: dict[str, str]
               ) -> tuple[str | None, bool]:
    if kind != "edit":
        return _problem(*await _post(conn, body, headers))
    status, data = await _post(conn, {"query": f'{{ organization(id: "{body["org"]}") '
                                               "{ version } }"}, headers)
    problem, _ = _problem(status, data)
    if problem:
        return problem, False
    version = json.loads(data)["data"]["organization"]["version"]
    save = {"query": "mutation($id: ID!, $v: Int, $n: String) { updateOrganization(input: "
                     "{id: $id, note: $n, expectedVersion: $v}) { userErrors { code } } }",
            "variables": {"id": body["org"], "v": version, "n": f"load test {time.time()}"}}
    status, data = await _post(conn, save, headers)
    if status == 200:
        payload = json.loads(data)["data"]["updateOrganization"]
        if [e["code"] for e in payload["userErrors"]] == ["CONFLICT"]:
            return None, True
    return _problem(status, data)


async def _client(conn: Connection, mix: Mix, report: Report, stop_at: float) -> None:
    while time.perf_counter() < stop_at:
        kind, body, headers = mix.next()
        t = time.perf_counter()
        try:
            problem, conflict = await _one(conn, kind, body, headers)
        except (OSError, HttpError, asyncio.IncompleteReadError, ValueError) as e:
            conn.close()
            problem, conflict = f"{kind}: {e!r}", False
        window = report.windows[-1][1]
        for w in (window, report.total):
            w.requests += 1
            if problem:
                w.errors += 1
                w.first_error = w.first_error or f"{kind}: {problem}"
            else:
                w.conflicts += conflict
                w.latencies.append((time.perf_counter() - t) * 1000)


async def _run(url: str, mix: Mix, clients: int, seconds: float, interval: float,
               pids: tuple[int | None, int | None], show: bool) -> Report:
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("the load test only targets this machine (loopback)")
    report = Report()
    start = time.perf_counter()
    report.windows.append((0.0, Window(), rss_mb(pids[0]), rss_mb(pids[1])))
    if show:
        print(f"{'t (s)':>6} {'reqs':>6} {'errs':>5} {'confl':>5} {'p50':>7} {'p95':>7} "
              f"{'p99':>7} {'req/s':>6} {'RSS svc':>8} {'RSS neo4j':>9}  (ms, MiB)")
    conns = [Connection(host, port) for _ in range(clients)]
    tasks = [asyncio.create_task(_client(c, mix, report, start + seconds)) for c in conns]
    try:
        while not all(t.done() for t in tasks):
            await asyncio.sleep(min(interval, max(0.05, start + seconds - time.perf_counter())))
            now = time.perf_counter() - start
            if now >= seconds:  # the clients finish their last requests: no more windows
                break
            t0, w, *_ = report.windows[-1]
            svc, neo = rss_mb(pids[0]), rss_mb(pids[1])
            if show and w.requests:
                print(f"{now:6.0f} {w.requests:6d} {w.errors:5d} {w.conflicts:5d} "
                      f"{w.pct(0.5):7.1f} {w.pct(0.95):7.1f} {w.pct(0.99):7.1f} "
                      f"{w.requests / max(now - t0, 1e-9):6.0f} {svc or 0:8.0f} {neo or 0:9.0f}",
                      flush=True)
            report.windows.append((now, Window(), svc, neo))
        await asyncio.gather(*tasks)
    finally:
        for c in conns:
            c.close()
    report.seconds = time.perf_counter() - start
    return report


def run_load(url: str, staff: str, editor: str, *, clients: int, seconds: float,
             interval: float = 10.0, service_pid: int | None = None,
             neo4j_pid: int | None = None, seed: int = 7, show: bool = True) -> Report:
    """Run the mix against a service; bounded by ``seconds``. The tests use a short run."""
    mix = Mix(Sample.read(url, staff), staff, editor, seed)
    return run_async(_run(url, mix, clients, seconds, interval, (service_pid, neo4j_pid),
                            show))


def summary(r: Report) -> str:
    t = r.total
    rss = r.rss
    mem = (f"service RSS {rss[0]:.0f} MiB at start, {rss[-1]:.0f} at the end, "
           f"{max(rss):.0f} at most" if rss else "service RSS not measured")
    after_warmup = rss[len(rss) // 4:] if len(rss) >= 4 else rss
    drift = (f"; after the first quarter it moved {after_warmup[-1] - after_warmup[0]:+.0f} MiB"
             if len(after_warmup) >= 2 else "")
    return (f"{t.requests} requests in {r.seconds:.0f} s ({t.requests / r.seconds:.0f}/s), "
            f"{t.errors} errors, {t.conflicts} conflicts (answers), p50 {t.pct(0.5):.1f} ms, "
            f"p95 {t.pct(0.95):.1f} ms, p99 {t.pct(0.99):.1f} ms; {mem}{drift}"
            + (f"\nfirst error: {t.first_error}" if t.first_error else ""))


def _own_stack(args: argparse.Namespace) -> None:
    """Neo4j, the synthetic data set and the service, all throw-away; then the load."""
    from scale import dataset_for, env_for, wait_http

    from referral_graph.auth.tokens import Role, create
    from referral_graph.neo4j_server import start, status, stop
    from referral_graph.store.driver import Database
    from tests.neo4j_harness import free_port

    data = dataset_for(args.orgs, args.seed)
    state = Path(tempfile.mkdtemp(prefix="rg-load-"))
    base = Settings.from_env()
    settings = Settings.from_env({
        "REFERRAL_GRAPH_STATE": str(state), "REFERRAL_GRAPH_CACHE": str(base.cache_dir),
        "REFERRAL_GRAPH_BOLT_PORT": str(free_port()), "HOME": os.environ.get("HOME", "/root"),
        "REFERRAL_GRAPH_NEO4J_HEAP_MB": str(args.heap_mb),
        "REFERRAL_GRAPH_NEO4J_PAGECACHE_MB": str(args.pagecache_mb)})
    port = free_port()
    service: subprocess.Popen[bytes] | None = None
    start(settings)
    db = Database.from_settings(settings)
    try:
        env = env_for(settings, port)
        cmd = [sys.executable, "-m", "referral_graph.cli", "import", str(data)]
        if args.orgs:
            cmd.append("--bulk")
        t = time.perf_counter()
        imp = subprocess.run(cmd, env=env, cwd=REPO_ROOT, capture_output=True, text=True,
                             check=False)
        if imp.returncode:
            raise SystemExit(f"import failed:\n{imp.stdout[-2000:]}\n{imp.stderr[-2000:]}")
        print(f"imported {data.name} in {time.perf_counter() - t:.0f} s", flush=True)
        staff = create(db, Role.STAFF, "load test (staff)")
        editor = create(db, Role.EDITOR, "load test (editor)")
        url = f"http://127.0.0.1:{port}"
        service = subprocess.Popen([sys.executable, "-m", "referral_graph.cli", "serve"],
                                   env=env, cwd=REPO_ROOT, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        wait_http(url + "/health")
        post_json(url, "/graphql", {"query": '{ providers(service: "legal_aid", state: "OAX") '
                                             "{ message } }"})  # load the projection
        print(f"service ready; {args.clients} clients for {args.seconds:.0f} s", flush=True)
        report = run_load(url, staff, editor, clients=args.clients, seconds=args.seconds,
                          interval=args.interval, service_pid=service.pid,
                          neo4j_pid=status(settings).pid, seed=args.seed)
        print(summary(report))
    finally:
        if service is not None and service.poll() is None:
            service.terminate()
            try:
                service.wait(timeout=30)
            except subprocess.TimeoutExpired:
                service.kill()
        db.close()
        stop(settings)
        shutil.rmtree(state, ignore_errors=True)


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--orgs", type=int, default=10_000, help="synthetic organizations")
    p.add_argument("--clients", type=int, default=50)
    p.add_argument("--seconds", type=float, default=300)
    p.add_argument("--interval", type=float, default=10)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--heap-mb", type=int, default=1024)
    p.add_argument("--pagecache-mb", type=int, default=512)
    p.add_argument("--url", help="a running service instead of our own")
    p.add_argument("--staff", help="with --url: a staff token")
    p.add_argument("--editor", help="with --url: an editor token")
    p.add_argument("--pid", type=int, help="with --url: the service's pid, for its RSS")
    args = p.parse_args(argv)
    if args.url:
        if not (args.staff and args.editor):
            p.error("--url needs --staff and --editor tokens")
        print(summary(run_load(args.url, args.staff, args.editor, clients=args.clients,
                               seconds=args.seconds, interval=args.interval,
                               service_pid=args.pid, seed=args.seed)))
    else:
        _own_stack(args)


if __name__ == "__main__":
    main()
