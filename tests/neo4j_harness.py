"""A throw-away Neo4j for the test suite: own state directory, own free port."""

from __future__ import annotations

import os
import socket
from pathlib import Path

from referral_graph.config import Settings


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def throwaway_settings(state_dir: Path, **extra: str) -> Settings:
    """Settings for a private server; the jar cache is shared so Maven runs once."""
    cache = Settings.from_env().cache_dir
    env = {
        "REFERRAL_GRAPH_STATE": str(state_dir),
        "REFERRAL_GRAPH_CACHE": str(cache),
        "REFERRAL_GRAPH_BOLT_PORT": str(free_port()),
        "REFERRAL_GRAPH_NEO4J_HEAP_MB": "768",
        "REFERRAL_GRAPH_NEO4J_PAGECACHE_MB": "128",
        "HOME": os.environ.get("HOME", "/root"),
        **extra,
    }
    return Settings.from_env(env)
