"""The managed Neo4j: start, a second start, stop twice, a killed JVM, a failed start."""

from __future__ import annotations

import os
import signal
import stat
import time
from pathlib import Path

import pytest
from neo4j import GraphDatabase

from referral_graph.neo4j_server import (
    AlreadyRunning,
    ServerError,
    read_password,
    start,
    status,
    stop,
)
from referral_graph.neo4j_server.java import Jdk, NoSuitableJava, choose
from tests.neo4j_harness import throwaway_settings


def _query(settings, password: str) -> int:
    with GraphDatabase.driver(f"bolt://127.0.0.1:{settings.bolt_port}",
                              auth=("neo4j", password)) as d:
        return d.execute_query("RETURN 41 + 1 AS x").records[0]["x"]


def test_lifecycle_second_start_stop_twice_and_killed_jvm(tmp_path: Path) -> None:
    settings = throwaway_settings(tmp_path / "state")
    st = start(settings)
    try:
        assert st.running and st.bolt_port == settings.bolt_port
        password = read_password(settings)
        assert password and len(password) >= 24
        assert _query(settings, password) == 42

        # The password file is private and the password is in no log.
        pw_file = settings.neo4j_home / "password"
        assert stat.S_IMODE(pw_file.stat().st_mode) == 0o600
        for log in (settings.neo4j_home / "logs").iterdir():
            assert password not in log.read_text(errors="replace"), log.name

        # Only 127.0.0.1, HTTP off.
        conf = (settings.neo4j_home / "conf" / "neo4j.conf").read_text()
        assert "server.default_listen_address=127.0.0.1" in conf
        assert "server.http.enabled=false" in conf

        with pytest.raises(AlreadyRunning, match=r"is running"):
            start(settings)

        # A JVM killed without warning leaves no stale lock behind.
        os.kill(st.pid, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while status(settings).running and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not status(settings).running
        st2 = start(settings)
        assert st2.running and st2.pid != st.pid
        assert _query(settings, password) == 42  # same password, same data directory
    finally:
        stop(settings)
    assert not status(settings).running
    assert stop(settings) is False  # stopping a stopped server is not an error


def test_failed_start_reports_the_jvm_log(tmp_path: Path) -> None:
    # A heap too small for Neo4j makes the JVM exit during start.
    settings = throwaway_settings(tmp_path / "state", REFERRAL_GRAPH_NEO4J_HEAP_MB="8")
    with pytest.raises(ServerError) as info:
        start(settings, auth=False, timeout=120)
    message = str(info.value)
    assert "Last log lines" in message or "did not answer" in message
    assert not status(settings).running


def test_port_taken_is_a_clear_error(tmp_path: Path) -> None:
    import socket

    settings = throwaway_settings(tmp_path / "state")
    with socket.socket() as s:
        s.bind(("127.0.0.1", settings.bolt_port))
        s.listen()
        # The port stays taken whatever the wait: a short grace gives the same error
        # without the 10 s a just-killed server is allowed to let its port go.
        with pytest.raises(ServerError, match=f"Port {settings.bolt_port}"):
            start(settings, auth=False, port_grace=0.5)


def test_choose_prefers_newest_line_a_jdk_runs() -> None:
    j17, j21, j25 = (Jdk(Path(f"/jdk{v}"), v) for v in (17, 21, 25))
    assert choose([j17, j25])[0].version.startswith("2026")
    assert choose([j17, j21, j25])[1] is j25
    line, jdk = choose([j17])
    assert line.version.startswith("5.26") and jdk is j17
    with pytest.raises(NoSuitableJava, match="Java 11"):
        choose([Jdk(Path("/jdk11"), 11)])
