"""Where things live and how to reach Neo4j, read once from the environment.

`Settings` is a pydantic-settings model: each field names the variable it comes from, values
are parsed and checked (a bad one is an error naming the variable), and secrets are
`SecretStr`, so no repr, log line or traceback prints them.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextvars import ContextVar
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

REPO_ROOT = Path(__file__).resolve().parent.parent
SCHEMA_DIR = REPO_ROOT / "schema"
SEEDS_DIR = REPO_ROOT / "seeds"
DEFAULT_SEED = SEEDS_DIR / "proteja"
# The source documents, beside the repository as in CI (../shared/source-documents).
DOCS_DIR = REPO_ROOT.parent / "shared" / "source-documents"


class SettingsError(ValueError):
    """An environment variable the service cannot use; the message names it."""


def _under(base: Path | None, fallback: str) -> Path:
    return (base or Path.home() / fallback) / "referral-graph"


# The environment `from_env` was given (None: os.environ), for the settings source below.
_ENVIRON: ContextVar[Mapping[str, str] | None] = ContextVar("_ENVIRON", default=None)


class _EnvironSource(EnvSettingsSource):
    """pydantic-settings' environment source, over a given mapping instead of os.environ
    (its .env source overrides the same method; the settings tests cover both paths)."""

    def __init__(self, settings_cls: type[BaseSettings], environ: Mapping[str, str]) -> None:
        self._environ = environ
        super().__init__(settings_cls)

    def _load_env_vars(self) -> Mapping[str, str | None]:
        return {k: v for k, v in self._environ.items() if v or not self.env_ignore_empty}


class Settings(BaseSettings):
    """Every knob the service reads; `from_env` is the only place that looks at os.environ."""

    model_config = SettingsConfigDict(frozen=True, case_sensitive=True, env_ignore_empty=True,
                                      populate_by_name=True, extra="ignore")

    # Only to place the defaults of state_dir and cache_dir (XDG base directories).
    xdg_state_home: Path | None = Field(None, validation_alias="XDG_STATE_HOME", repr=False)
    xdg_cache_home: Path | None = Field(None, validation_alias="XDG_CACHE_HOME", repr=False)

    state_dir: Path = Field(
        default_factory=lambda d: _under(d["xdg_state_home"], ".local/state"),
        validation_alias="REFERRAL_GRAPH_STATE")
    cache_dir: Path = Field(
        default_factory=lambda d: _under(d["xdg_cache_home"], ".cache"),
        validation_alias="REFERRAL_GRAPH_CACHE")
    bolt_port: int = Field(7687, ge=1, le=65535, validation_alias="REFERRAL_GRAPH_BOLT_PORT")
    # A 2-core, 24 GiB machine: the graph is small, so a modest heap and page cache leave
    # room for the web service, the networkx projection and the test suite.
    heap_mb: int = Field(1024, gt=0, validation_alias="REFERRAL_GRAPH_NEO4J_HEAP_MB")
    pagecache_mb: int = Field(512, gt=0, validation_alias="REFERRAL_GRAPH_NEO4J_PAGECACHE_MB")
    # A JDK to use whatever else is installed (its home folder, holding bin/java).
    java_home: Path | None = Field(None, validation_alias="REFERRAL_GRAPH_JAVA_HOME")
    neo4j_uri: str | None = Field(None, validation_alias="NEO4J_URI")
    neo4j_user: str = Field("neo4j", validation_alias="NEO4J_USER")
    neo4j_password: SecretStr | None = Field(None, validation_alias="NEO4J_PASSWORD")
    neo4j_database: str = Field("neo4j", validation_alias="NEO4J_DATABASE")
    http_host: str = Field("127.0.0.1", validation_alias="REFERRAL_GRAPH_HOST")
    http_port: int = Field(8000, ge=1, le=65535, validation_alias="REFERRAL_GRAPH_PORT")
    debug: bool = Field(False, validation_alias="REFERRAL_GRAPH_DEBUG")
    introspection: bool = Field(True, validation_alias="REFERRAL_GRAPH_INTROSPECTION")
    # Origins allowed to call the API from a browser; none by default (CORS closed): the
    # web app is served by the same process and needs no CORS. Comma-separated.
    cors_origins: Annotated[tuple[str, ...], NoDecode] = Field(
        (), validation_alias="REFERRAL_GRAPH_CORS_ORIGINS")
    # An answer whose newest evidence is older than this on its date basis says so.
    max_evidence_age_days: int = Field(365, gt=0,
                                       validation_alias="REFERRAL_GRAPH_MAX_EVIDENCE_AGE_DAYS")
    # The key of public pseudonyms, for deployments of several processes; unset: a key
    # generated once under state_dir (referral_graph/auth/server_secret.py).
    pseudonym_secret: SecretStr | None = Field(
        None, validation_alias="REFERRAL_GRAPH_PSEUDONYM_SECRET")
    # Costly public fields (coverage reports, service counts, report downloads) per client,
    # in the `limits` notation ("30/minute"); callers with a token are not limited.
    heavy_rate: str = Field("30/minute", validation_alias="REFERRAL_GRAPH_HEAVY_RATE")
    # Worker processes of `serve` (None: chosen from the cores, `api.serving.default_workers`).
    # Set by `serve --workers` for its workers: more than one shares rate limits through
    # state_dir (api/shared_limits.py) and metrics through a folder there.
    workers: int | None = Field(None, ge=1, le=64, validation_alias="REFERRAL_GRAPH_WORKERS")
    # Memory for kept GraphQL answers per worker process (api/answer_cache.py); 0: none.
    answer_cache_mb: int = Field(64, ge=0, validation_alias="REFERRAL_GRAPH_ANSWER_CACHE_MB")
    # Public answers the workers share, in a file under state_dir (api/shared_answers.py);
    # 0: none. On disk (the system's file cache), not in a worker's memory.
    shared_answers_mb: int = Field(256, ge=0,
                                   validation_alias="REFERRAL_GRAPH_SHARED_ANSWERS_MB")
    # Prepare today's coverage reports in the background once the data settles
    # (gaps/prepare.py): seconds of CPU per worker after a load or edits at 100k, so that
    # no analyst waits for them.
    prepare_reports: bool = Field(True, validation_alias="REFERRAL_GRAPH_PREPARE_REPORTS")
    # A folder of Neo4j plugin jars (the benchmark's peer needs APOC core); none by default.
    neo4j_plugins: Path | None = Field(None, validation_alias="REFERRAL_GRAPH_NEO4J_PLUGINS")

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split(cls, value: Any) -> Any:
        if isinstance(value, str):
            return tuple(o.strip() for o in value.split(",") if o.strip())
        return value

    @property
    def external_neo4j(self) -> bool:
        """True when NEO4J_URI points at a server this project does not manage."""
        return self.neo4j_uri is not None

    @property
    def neo4j_home(self) -> Path:
        return self.state_dir / "neo4j"

    def replace(self, **changes: Any) -> Settings:
        """A copy with some fields changed (by field name), checked as the environment's
        values are: settings are frozen."""
        return type(self).model_validate({**self.model_dump(), **changes})

    @classmethod
    def settings_customise_sources(
        cls, settings_cls: type[BaseSettings], init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource, dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # Keyword arguments, then the environment; no .env file, no secrets folder.
        environ = _ENVIRON.get()
        return init_settings, (env_settings if environ is None
                               else _EnvironSource(settings_cls, environ))

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """The settings `env` gives (the process environment by default), read from nothing
        else. A value that does not parse is an error naming its variable."""
        token = _ENVIRON.set(env)
        try:
            return cls()
        except ValidationError as e:
            problems = "; ".join(f"{'.'.join(map(str, err['loc']))}: {err['msg']}"
                                 for err in e.errors())
            raise SettingsError(f"bad setting: {problems}") from None
        finally:
            _ENVIRON.reset(token)
