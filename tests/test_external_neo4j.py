"""NEO4J_URI points the service at a server it does not manage, and no JVM is started."""

from __future__ import annotations

import os
import subprocess
import sys

from referral_graph.config import Settings
from referral_graph.neo4j_server import read_password
from referral_graph.store.driver import Database


def test_external_uri_is_used_as_is(neo4j_settings: Settings) -> None:
    external = Settings.from_env({
        "NEO4J_URI": f"bolt://127.0.0.1:{neo4j_settings.bolt_port}",
        "NEO4J_USER": "neo4j",
        "NEO4J_PASSWORD": read_password(neo4j_settings) or "",
        "REFERRAL_GRAPH_STATE": "/nonexistent/never-created",
    })
    assert external.external_neo4j
    db = Database.from_settings(external)
    try:
        assert db.read("RETURN 7 AS x") == [{"x": 7}]
    finally:
        db.close()


def test_neo4j_start_refuses_with_external_uri(tmp_path) -> None:
    env = dict(os.environ, NEO4J_URI="bolt://127.0.0.1:1", REFERRAL_GRAPH_STATE=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "-m", "referral_graph.cli", "neo4j", "start"],
        env=env, capture_output=True, text=True, timeout=60, check=False,
    )
    assert result.returncode != 0
    assert "NEO4J_URI is set" in result.stderr
    assert not (tmp_path / "neo4j").exists()  # no server home, so no JVM was started
