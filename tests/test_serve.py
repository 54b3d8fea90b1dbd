"""`referral-graph serve` as a new user runs it: Neo4j started, seeds loaded, Ctrl-C stops both."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
from prometheus_client.parser import text_string_to_metric_families

from referral_graph.config import Settings
from referral_graph.neo4j_server import status
from tests.neo4j_harness import free_port, throwaway_settings


def test_serve_seeds_an_empty_database_and_ctrl_c_stops_neo4j(tmp_path: Path) -> None:
    settings = throwaway_settings(tmp_path / "state")
    http_port = free_port()
    env = dict(
        os.environ,
        REFERRAL_GRAPH_STATE=str(settings.state_dir),
        REFERRAL_GRAPH_CACHE=str(settings.cache_dir),
        REFERRAL_GRAPH_BOLT_PORT=str(settings.bolt_port),
        REFERRAL_GRAPH_NEO4J_HEAP_MB="768",
        REFERRAL_GRAPH_NEO4J_PAGECACHE_MB="128",
        REFERRAL_GRAPH_PORT=str(http_port),
    )
    env.pop("NEO4J_URI", None)
    log = tmp_path / "serve.log"
    with open(log, "w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "referral_graph.cli", "serve"],
                                env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        body = None
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                body = httpx.get(f"http://127.0.0.1:{http_port}/health", timeout=5).json()
                break
            except httpx.HTTPError:
                time.sleep(0.5)
        assert body == {"status": "up"}, log.read_text()[-3000:]
        # The counts are for operators: /metrics answers this machine.
        text = httpx.get(f"http://127.0.0.1:{http_port}/metrics", timeout=5).text
        nodes = {s.labels["label"]: s.value for f in text_string_to_metric_families(text)
                 if f.name == "referral_graph_nodes" for s in f.samples}
        assert nodes["Organization"] > 20 and nodes["State"] == 32
        assert status(Settings.from_env(env)).running
        # The workers' parent is uvicorn's supervisor alone (`api.supervisor`), the same
        # process, no longer holding what starting Neo4j and seeding the store imported.
        cmdline = Path(f"/proc/{proc.pid}/cmdline").read_bytes().split(b"\0")
        assert b"referral_graph.api.supervisor" in cmdline, cmdline
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=120)
    assert not status(Settings.from_env(env)).running, log.read_text()[-3000:]
    text = log.read_text()
    assert "Neo4j stopped." in text
    password = (settings.state_dir / "neo4j" / "password").read_text().strip()
    assert password not in text
