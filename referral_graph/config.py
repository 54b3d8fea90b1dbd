"""Where things live and how to reach Neo4j, read once from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
SCHEMA_DIR = REPO_ROOT / "schema"
SEEDS_DIR = REPO_ROOT / "seeds"
DEFAULT_SEED = SEEDS_DIR / "proteja"
# The source documents, beside the repository as in CI (../shared/source-documents).
DOCS_DIR = REPO_ROOT.parent / "shared" / "source-documents"


def _xdg(var: str, fallback: str) -> Path:
    return Path(os.environ.get(var) or Path.home() / fallback)


@dataclass(frozen=True, slots=True)
class Settings:
    """Every knob the service reads; `from_env` is the only place that looks at os.environ."""

    state_dir: Path
    cache_dir: Path
    bolt_port: int
    heap_mb: int
    pagecache_mb: int
    neo4j_uri: str | None
    neo4j_user: str
    neo4j_password: str | None
    neo4j_database: str
    http_host: str
    http_port: int
    debug: bool
    introspection: bool
    # Origins allowed to call the API from a browser; none by default (CORS closed): the
    # web app is served by the same process and needs no CORS.
    cors_origins: tuple[str, ...] = ()
    # An answer whose newest evidence is older than this on its date basis says so.
    max_evidence_age_days: int = 365
    # The key of public pseudonyms, for deployments of several processes; unset: a key
    # generated once under state_dir (referral_graph/auth/server_secret.py).
    pseudonym_secret: str | None = field(default=None, repr=False)
    # A folder of Neo4j plugin jars (the benchmark's peer needs APOC core); none by default.
    neo4j_plugins: Path | None = None

    @property
    def external_neo4j(self) -> bool:
        """True when NEO4J_URI points at a server this project does not manage."""
        return self.neo4j_uri is not None

    @property
    def neo4j_home(self) -> Path:
        return self.state_dir / "neo4j"

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        e = os.environ if env is None else env
        state = Path(e["REFERRAL_GRAPH_STATE"]) if e.get("REFERRAL_GRAPH_STATE") else (
            _xdg("XDG_STATE_HOME", ".local/state") / "referral-graph"
        )
        cache = Path(e["REFERRAL_GRAPH_CACHE"]) if e.get("REFERRAL_GRAPH_CACHE") else (
            _xdg("XDG_CACHE_HOME", ".cache") / "referral-graph"
        )
        return cls(
            state_dir=state,
            cache_dir=cache,
            bolt_port=int(e.get("REFERRAL_GRAPH_BOLT_PORT", "7687")),
            # A 2-core, 24 GiB machine: the graph is small, so a modest heap and page cache
            # leave room for the web service, the networkx projection and the test suite.
            heap_mb=int(e.get("REFERRAL_GRAPH_NEO4J_HEAP_MB", "1024")),
            pagecache_mb=int(e.get("REFERRAL_GRAPH_NEO4J_PAGECACHE_MB", "512")),
            neo4j_uri=e.get("NEO4J_URI") or None,
            neo4j_user=e.get("NEO4J_USER", "neo4j"),
            neo4j_password=e.get("NEO4J_PASSWORD") or None,
            neo4j_database=e.get("NEO4J_DATABASE", "neo4j"),
            http_host=e.get("REFERRAL_GRAPH_HOST", "127.0.0.1"),
            http_port=int(e.get("REFERRAL_GRAPH_PORT", "8000")),
            debug=e.get("REFERRAL_GRAPH_DEBUG", "") in {"1", "true", "yes"},
            introspection=e.get("REFERRAL_GRAPH_INTROSPECTION", "1") in {"1", "true", "yes"},
            cors_origins=tuple(o.strip() for o in e.get("REFERRAL_GRAPH_CORS_ORIGINS", "")
                               .split(",") if o.strip()),
            max_evidence_age_days=int(e.get("REFERRAL_GRAPH_MAX_EVIDENCE_AGE_DAYS", "365")),
            pseudonym_secret=e.get("REFERRAL_GRAPH_PSEUDONYM_SECRET") or None,
            neo4j_plugins=Path(e["REFERRAL_GRAPH_NEO4J_PLUGINS"])
            if e.get("REFERRAL_GRAPH_NEO4J_PLUGINS") else None,
        )
