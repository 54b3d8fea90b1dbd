"""Real processes for the fault tests: the service as `referral-graph serve` runs it, and a
stream of mutations sent to it the way a careful client does (each with its own
Idempotency-Key, retried with the same key until it is acknowledged)."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from referral_graph.config import Settings
from referral_graph.neo4j_server import read_password, status
from tests.neo4j_harness import free_port

RECORD = ("mutation($i: ReferralInput!) { recordReferral(input: $i) { ok referralId "
          "errors { field message } } }")
FIRST_DAY = dt.date(2001, 1, 1)  # request i records a referral dated FIRST_DAY + i days


def service_env(settings: Settings, port: int) -> dict[str, str]:
    """The environment of a service using the test Neo4j (it starts and stops none)."""
    env = dict(os.environ, REFERRAL_GRAPH_PORT=str(port),
               REFERRAL_GRAPH_STATE=str(settings.state_dir))
    if not settings.external_neo4j:
        env.update(NEO4J_URI=f"bolt://127.0.0.1:{status(settings).bolt_port}",
                   NEO4J_USER="neo4j", NEO4J_PASSWORD=read_password(settings) or "")
    return env


class Service:
    """`referral-graph serve` in a subprocess, on its own port."""

    def __init__(self, settings: Settings, log: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = service_env(settings, self.port)
        self.log = log
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 120) -> float:
        """Start it and wait until /health answers; returns the seconds that took."""
        began = time.monotonic()
        with open(self.log, "ab") as out:
            self.proc = subprocess.Popen([sys.executable, "-m", "referral_graph.cli", "serve"],
                                         env=self.env, stdout=out, stderr=subprocess.STDOUT)
        while time.monotonic() - began < timeout:
            assert self.proc.poll() is None, self.log.read_text()[-3000:]
            try:
                if httpx.get(f"{self.url}/health", timeout=2).status_code == 200:
                    return time.monotonic() - began
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise AssertionError(f"service did not start: {self.log.read_text()[-3000:]}")

    def kill(self) -> None:
        """SIGKILL: no shutdown, no cleanup, as a crash or an OOM kill."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(30)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.kill()


@dataclass
class Attempt:
    request: int
    sent: float  # monotonic
    took: float
    status: int  # 0: no HTTP answer (connection refused or reset)
    ok: bool


@dataclass
class Stream:
    """``total`` referrals sent by ``workers`` threads, each retried with its key until
    acknowledged (or ``deadline`` passes)."""

    base: str
    token: str
    total: int
    workers: int = 4
    tag: str = "stream"
    first_day: dt.date = FIRST_DAY
    acked: dict[int, str] = field(default_factory=dict)
    attempts: list[Attempt] = field(default_factory=list)
    _next: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _threads: list[threading.Thread] = field(default_factory=list)
    deadline: float = 0.0

    def day(self, i: int) -> dt.date:
        return self.first_day + dt.timedelta(days=i)

    def start(self, seconds: float) -> None:
        self.deadline = time.monotonic() + seconds
        self._threads = [threading.Thread(target=self._work, daemon=True)
                         for _ in range(self.workers)]
        for t in self._threads:
            t.start()

    def wait(self) -> None:
        for t in self._threads:
            t.join(max(0.0, self.deadline - time.monotonic()) + 15)

    def _take(self) -> int | None:
        with self._lock:
            if self._next >= self.total:
                return None
            self._next += 1
            return self._next - 1

    def _work(self) -> None:
        with httpx.Client(timeout=10) as client:
            while (i := self._take()) is not None:
                variables = {"i": {"fromOrganization": "cndh", "toOrganization": "proteja",
                                   "needs": ["legal_aid"], "outcome": "accepted",
                                   "date": self.day(i).isoformat()}}
                headers = {"Authorization": f"Bearer {self.token}",
                           "Idempotency-Key": f"{self.tag}-{i}"}
                while time.monotonic() < self.deadline:
                    sent = time.monotonic()
                    status, ok, ref = 0, False, None
                    try:
                        r = client.post(f"{self.base}/graphql", headers=headers,
                                        json={"query": RECORD, "variables": variables})
                        status = r.status_code
                        if status == 200:
                            payload = r.json()["data"]["recordReferral"]
                            ok, ref = bool(payload["ok"]), payload["referralId"]
                    except httpx.HTTPError:
                        pass
                    self.attempts.append(Attempt(i, sent, time.monotonic() - sent, status, ok))
                    if ok:
                        self.acked[i] = ref
                        break
                    time.sleep(0.1)
