"""`make bench`: the service at each scale, and the peer side by side, in one run.

    python bench/scale.py [--scales seeds,10000,100000] [--seconds 10] [--clients 8,50]
                          [--no-peer] [--out bench/results/DATE.json]

For each scale: a throw-away Neo4j (own folder, free port), the data set imported
(the seeds in one transaction; a synthetic national network generated with
`referral-graph synth` and bulk-imported), then `referral-graph serve` started as a user
would. Printed per scale: import time, start time (until /health answers), projection
load (the first question that needs it), RSS of the service and of Neo4j, and for each
workload its first question alone ("1st ms": a computed answer, where the run's may be
mostly kept ones), then p50/p95/p99 and throughput with 8 and 50 clients; with the peer
(`bench/peer/`, the Neo4j GraphQL Library on the same Neo4j), the compared workloads'
answers are checked equal first, then measured the same way, with each ratio. JSON goes
to bench/results/.

Figures are printed, never asserted: they depend on the machine and on who else uses it.
The load stays on loopback, bounded in time and count.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))

import peer_side  # noqa: E402
from http_load import Run, load, post_json  # noqa: E402
from procs import cpu_s, rss_mb, settled, tree_cpu_s  # noqa: E402
from workloads import MIX, MIX_CLIENTS, SAMPLE_QUERY, Workload, sample_from, workloads  # noqa: E402

from referral_graph.config import DEFAULT_SEED, REPO_ROOT, Settings  # noqa: E402
from referral_graph.store.driver import Database  # noqa: E402

DATA = BENCH / ".data"  # generated data sets, kept between runs (git-ignored)
RESULTS = BENCH / "results"


@dataclass
class Figures:
    workload: str
    clients: int
    requests: int
    errors: int
    p50: float
    p95: float
    p99: float
    rps: float
    peer: dict[str, float] | None = None
    # CPU per request, ms: the service's processes, and Neo4j's (independent of how busy
    # the machine is, unlike the wall-clock figures); and the answer cache's hits and
    # misses during the run (api/answer_cache.py).
    cpu_service_ms: float = 0.0
    cpu_neo4j_ms: float = 0.0
    cache_hits: int = 0  # served kept: by the worker itself or read from another's
    cache_shared: int = 0  # of those, read from what another worker kept
    cache_misses: int = 0
    # The workload's first question, asked alone before any other of its questions: what a
    # computed answer costs (most of the run's answers may be kept ones). 0: not measured.
    first_ms: float = 0.0

    @classmethod
    def of(cls, w: str, clients: int, run: Run) -> Figures:
        return cls(w, clients, len(run.latencies), run.errors, round(run.pct(0.5), 2),
                   round(run.pct(0.95), 2), round(run.pct(0.99), 2), round(run.rps, 1))


@dataclass
class Scale:
    name: str
    orgs: int
    nodes: int = 0
    rels: int = 0
    import_s: float = 0.0
    import_cpu_s: float = 0.0  # Neo4j's and the importer's CPU time: what a quiet machine waits
    start_s: float = 0.0
    projection_s: float = 0.0
    settle_s: float = 0.0  # then until the service's start-up work was done (`settled`)
    rss_service_mb: float = 0.0
    rss_neo4j_mb: float = 0.0
    neo4j_heap_mb: int = 0
    load_avg: float = 0.0
    peer: str = ""
    peer_equal: dict[str, bool] = field(default_factory=dict)
    figures: list[Figures] = field(default_factory=list)


def cache_counts(url: str) -> dict[str, float]:
    """The answer cache's counters from /metrics (this machine may read them)."""
    try:
        with urllib.request.urlopen(url + "/metrics", timeout=10) as r:
            text = r.read().decode()
    except OSError:
        return {}
    out: dict[str, float] = {}
    for line in text.splitlines():
        if line.startswith("referral_graph_answer_cache_total{"):
            label = line.split('result="', 1)[1].split('"', 1)[0]
            out[label] = float(line.rsplit(" ", 1)[1])
    return out


def wait_http(url: str, timeout: float = 600,
              proc: subprocess.Popen[bytes] | None = None, log: Path | None = None) -> float:
    t = time.perf_counter()
    import urllib.request

    while time.perf_counter() - t < timeout:
        if proc is not None and proc.poll() is not None:
            tail = log.read_text(errors="replace")[-3000:] if log else ""
            raise SystemExit(f"{url}: the server exited with code {proc.returncode}\n{tail}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return time.perf_counter() - t
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"{url} did not answer within {timeout:.0f} s")


def dataset_for(orgs: int, seed: int) -> Path:
    if orgs == 0:
        return DEFAULT_SEED
    out = DATA / f"synthetic-{orgs}-seed-{seed}"
    if not (out / "dataset.yaml").exists():
        from referral_graph.synth.write import synthesize

        synthesize(orgs, seed, out)
    return out


def env_for(settings: Settings, port: int) -> dict[str, str]:
    return {**os.environ, "REFERRAL_GRAPH_STATE": str(settings.state_dir),
            "REFERRAL_GRAPH_CACHE": str(settings.cache_dir),
            "REFERRAL_GRAPH_BOLT_PORT": str(settings.bolt_port),
            "REFERRAL_GRAPH_NEO4J_HEAP_MB": str(settings.heap_mb),
            "REFERRAL_GRAPH_NEO4J_PAGECACHE_MB": str(settings.pagecache_mb),
            "REFERRAL_GRAPH_NEO4J_PLUGINS": os.environ.get("REFERRAL_GRAPH_NEO4J_PLUGINS", ""),
            # Every client of the benchmark calls from this one address: the per-client
            # limit on costly public fields (the gap report) would refuse most of them.
            "REFERRAL_GRAPH_HEAVY_RATE": "1000000/second",
            "REFERRAL_GRAPH_PORT": str(port)}


def quiet(db: Database, timeout: float = 120.0) -> float:
    """Wait until Neo4j runs no transaction but this one; the seconds waited.

    Why: a load run ends with its clients' last requests still in flight, and the server
    goes on with them. The peer's providers answers take seconds each at 100k, so the run
    after it found Neo4j busy with up to eight abandoned queries: measured on 26 November,
    the service's nested run was charged 35 ms of Neo4j's CPU per request, and waited for
    it."""
    t = time.perf_counter()
    while time.perf_counter() - t < timeout:
        others = db.read("SHOW TRANSACTIONS YIELD currentQuery "
                         "WHERE NOT currentQuery STARTS WITH 'SHOW TRANSACTIONS' "
                         "RETURN count(*) AS n")[0]["n"]
        if not others:
            break
        time.sleep(0.1)
    return time.perf_counter() - t


def measure(url: str, w: Workload, clients: int, seconds: float, limit: int | None,
            headers: dict[str, str] | None = None) -> Run:
    load(url, w.make, clients=min(clients, 4), seconds=min(seconds, 2), limit=20,
         headers=headers)  # warm up: caches, connections, the JIT of the peer's server
    return load(url, w.make, clients=clients, seconds=seconds, limit=limit, headers=headers)


def first_ms(url: str, w: Workload, headers: dict[str, str] | None) -> float:
    """The workload's first question, alone, in ms (its answer computed, not kept)."""
    path, body = w.make(0)
    t = time.perf_counter()
    post_json(url, path, body, headers)
    return round((time.perf_counter() - t) * 1000, 1)


def run_scale(name: str, orgs: int, args: argparse.Namespace,
              neo4j: Settings | None = None) -> Scale:
    """Measure one scale. With `neo4j` (an empty database, e.g. the test suite's), use it
    instead of starting a throw-away one."""
    from referral_graph.auth.tokens import Role, create
    from referral_graph.neo4j_server import start, status, stop
    from tests.neo4j_harness import free_port

    sc = Scale(name, orgs)
    data = dataset_for(orgs, args.seed)
    state = Path(tempfile.mkdtemp(prefix="rg-bench-"))
    base = Settings.from_env()
    settings = neo4j or Settings.from_env({
        "REFERRAL_GRAPH_STATE": str(state), "REFERRAL_GRAPH_CACHE": str(base.cache_dir),
        "REFERRAL_GRAPH_BOLT_PORT": str(free_port()), "HOME": os.environ.get("HOME", "/root"),
        "REFERRAL_GRAPH_NEO4J_HEAP_MB": str(args.heap_mb),
        "REFERRAL_GRAPH_NEO4J_PAGECACHE_MB": str(args.pagecache_mb),
        "REFERRAL_GRAPH_NEO4J_PLUGINS": os.environ.get("REFERRAL_GRAPH_NEO4J_PLUGINS", ""),
    })
    sc.neo4j_heap_mb = settings.heap_mb
    port = free_port()
    service: subprocess.Popen[bytes] | None = None
    peer_proc: subprocess.Popen[bytes] | None = None
    if neo4j is None:
        start(settings)
    db = Database.from_settings(settings)
    try:
        neo_pid = status(settings).pid or 0
        env = env_for(settings, port)
        cmd = [sys.executable, "-m", "referral_graph.cli", "import", str(data)]
        if orgs:
            cmd.append("--bulk")
        c0, t = cpu_s(neo_pid), time.perf_counter()
        imp = subprocess.run(cmd, env=env, cwd=REPO_ROOT, capture_output=True, text=True,
                             check=False)
        sc.import_s = round(time.perf_counter() - t, 1)
        if imp.returncode:
            raise SystemExit(f"import failed:\n{imp.stdout[-2000:]}\n{imp.stderr[-2000:]}")
        sc.import_cpu_s = round(cpu_s(neo_pid) - c0 + _child_cpu(), 1)
        counts = db.read("MATCH (n) RETURN count(n) AS n, count{ ()-[]->() } AS r")[0]
        sc.nodes, sc.rels = counts["n"], counts["r"]
        token = create(db, Role.STAFF, "benchmark")
        url = f"http://127.0.0.1:{port}"
        t = time.perf_counter()
        log = state / "service.log"
        with log.open("wb") as out:
            service = subprocess.Popen([sys.executable, "-m", "referral_graph.cli", "serve"],
                                       env=env, cwd=REPO_ROOT, stdout=out,
                                       stderr=subprocess.STDOUT)
        wait_http(url + "/health", proc=service, log=log)
        sc.start_s = round(time.perf_counter() - t, 2)
        answer = post_json(url, "/graphql", {"query": SAMPLE_QUERY})
        sc.projection_s = round(time.perf_counter() - t - sc.start_s, 2)  # first read loads it
        extra = db.read("MATCH (o:Organization) WHERE NOT coalesce(o.confidential, false) "
                        "WITH o ORDER BY o.id SKIP $skip LIMIT 400 "
                        "RETURN o.id AS id, o.name AS name, "
                        "[(o)-[:OPERATES_IN]->(s:State) | {code: s.id}] AS states",
                        skip=max(0, orgs // 3))
        sample = sample_from(answer, extra)
        sc.settle_s = settled(service.pid)
        peer_url = None
        if args.peer and peer_side.available():
            peer_port = free_port()
            peer_proc = peer_side.start(settings, peer_port)
            peer_url = f"http://127.0.0.1:{peer_port}"
            wait_http(peer_url + "/health", timeout=120, proc=peer_proc)
            sc.peer = peer_side.describe()
        for w in workloads(sample, args.seed):
            if (w.mutates and args.skip_mutation) or (
                    args.only and not any(w.name.startswith(o) for o in args.only)):
                continue
            headers = {"Authorization": f"Bearer {token}"} if w.auth else None
            quiet(db)
            first = first_ms(url, w, headers)
            if peer_url and w.peer:
                sc.peer_equal[w.name] = peer_side.same_answers(url, peer_url, w, args.compare)
            for clients in ([MIX_CLIENTS] if w.name.startswith(MIX) else args.clients):
                limit = args.limit
                quiet(db)
                before = (tree_cpu_s(service.pid), cpu_s(neo_pid), cache_counts(url))
                run = measure(url, w, clients, args.seconds, limit, headers)
                fig = Figures.of(w.name, clients, run)
                fig.first_ms, first = first, 0.0
                after = (tree_cpu_s(service.pid), cpu_s(neo_pid), cache_counts(url))
                n = max(1, len(run.latencies) + 20)  # with the warm-up's 20 at most
                fig.cpu_service_ms = round((after[0] - before[0]) * 1000 / n, 2)
                fig.cpu_neo4j_ms = round((after[1] - before[1]) * 1000 / n, 2)
                fig.cache_shared = int(after[2].get("shared", 0) - before[2].get("shared", 0))
                fig.cache_hits = int(after[2].get("hit", 0) - before[2].get("hit", 0)
                                     ) + fig.cache_shared
                fig.cache_misses = int(after[2].get("miss", 0) - before[2].get("miss", 0))
                if run.first_error:
                    print(f"  ! {w.name}: {run.errors} errors, first: {run.first_error}")
                if peer_url and w.peer:
                    quiet(db)
                    prun = measure(peer_url, peer_side.workload(w), clients, args.seconds, limit)
                    fig.peer = {"p50": round(prun.pct(0.5), 2), "p95": round(prun.pct(0.95), 2),
                                "p99": round(prun.pct(0.99), 2), "rps": round(prun.rps, 1),
                                "errors": prun.errors}
                sc.figures.append(fig)
        sc.rss_service_mb = rss_mb(service.pid)
        sc.rss_neo4j_mb = rss_mb(neo_pid)
        sc.load_avg = os.getloadavg()[0]
    finally:
        for proc in (service, peer_proc):
            if proc is not None and proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    proc.kill()
        db.close()
        if neo4j is None:
            stop(settings)
        shutil.rmtree(state, ignore_errors=True)
    return sc


def _child_cpu() -> float:
    """CPU time of this process's finished children (the import just run)."""
    ru = os.times()
    used = ru.children_user + ru.children_system
    prev = getattr(_child_cpu, "_prev", 0.0)
    _child_cpu._prev = used  # type: ignore[attr-defined]
    return used - prev


def show(sc: Scale) -> None:
    print(f"\n== {sc.name}: {sc.nodes:,} nodes, {sc.rels:,} relationships ==")
    print(f"import {sc.import_s:.1f} s (CPU: Neo4j + importer {sc.import_cpu_s:.0f} s); "
          f"service ready {sc.start_s:.1f} s + projection {sc.projection_s:.1f} s "
          f"(start-up work done {sc.settle_s:.1f} s later); "
          f"RSS service {sc.rss_service_mb:,.0f} MiB + Neo4j {sc.rss_neo4j_mb:,.0f} MiB "
          f"(heap {sc.neo4j_heap_mb} MiB) = {sc.rss_service_mb + sc.rss_neo4j_mb:,.0f} MiB; "
          f"load average {sc.load_avg:.1f}")
    if sc.peer:
        same = ", ".join(f"{k}: {'same' if v else 'DIFFERENT'}" for k, v in sc.peer_equal.items())
        print(f"peer: {sc.peer}; answers {same}")
    head = (f"{'workload':<30} {'cl':>3} {'n':>6} {'err':>4} {'p50 ms':>8} {'p95 ms':>8} "
            f"{'p99 ms':>8} {'req/s':>8} {'cpu ms':>7} {'neo ms':>7} {'hits':>6} {'miss':>5}"
            f" {'1st ms':>8}")
    print(head + ("   peer p99   peer r/s  ratio" if sc.peer else ""))
    for f in sc.figures:
        line = (f"{f.workload:<30} {f.clients:>3} {f.requests:>6} {f.errors:>4} {f.p50:>8.1f} "
                f"{f.p95:>8.1f} {f.p99:>8.1f} {f.rps:>8.1f} {f.cpu_service_ms:>7.2f} "
                f"{f.cpu_neo4j_ms:>7.2f} {f.cache_hits:>6} {f.cache_misses:>5} "
                f"{f.first_ms or '':>8}")
        if f.peer:
            ratio = f.rps / f.peer["rps"] if f.peer["rps"] else float("nan")
            line += f"   {f.peer['p99']:>8.1f} {f.peer['rps']:>9.1f}  {ratio:4.2f}x"
        print(line)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--scales", default="seeds,10000,100000")
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--clients", default="8,50")
    ap.add_argument("--limit", type=int, default=None, help="at most this many requests a run")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--heap-mb", type=int, default=1024)
    ap.add_argument("--pagecache-mb", type=int, default=512)
    ap.add_argument("--compare", type=int, default=40, help="questions compared with the peer")
    ap.add_argument("--no-peer", dest="peer", action="store_false")
    ap.add_argument("--skip-mutation", action="store_true")
    ap.add_argument("--only", default="", help="comma-separated workload name prefixes")
    ap.add_argument("--out", type=Path, default=RESULTS / f"{dt.date.today()}.json")
    args = ap.parse_args(argv)
    args.clients = [int(c) for c in args.clients.split(",")]
    args.only = [o for o in args.only.split(",") if o]
    return args


def main(argv: list[str] | None = None) -> list[Scale]:
    args = parse_args(argv)
    print(f"benchmark {dt.datetime.now():%Y-%m-%d %H:%M}, {os.cpu_count()} CPUs, "
          f"{args.seconds:g} s per run, clients {args.clients}")
    if args.peer and not peer_side.available():
        print(f"peer: not set up ({peer_side.MISSING}); measuring ours only")
    scales = []
    for name in args.scales.split(","):
        orgs = 0 if name == "seeds" else int(name)
        sc = run_scale(name, orgs, args)
        show(sc)
        scales.append(sc)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"when": dt.datetime.now().isoformat(timespec="seconds"),
                                    "cpus": os.cpu_count(),
                                    "scales": [asdict(s) for s in scales]}, indent=1) + "\n")
    print(f"\nwrote {args.out}")
    return scales


if __name__ == "__main__":
    main()
