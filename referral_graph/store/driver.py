"""One Neo4j driver per process, and the managed transactions everything else runs in."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

import neo4j
from neo4j import GraphDatabase, ManagedTransaction
from neo4j.exceptions import AuthError, ServiceUnavailable, SessionExpired

from referral_graph.config import Settings
from referral_graph.neo4j_server import read_password, status

T = TypeVar("T")

UNAVAILABLE = (ServiceUnavailable, SessionExpired, ConnectionError, OSError)


class DatabaseUnavailable(RuntimeError):
    """Neo4j cannot be reached: the API answers 503 and retries on the next request."""

    extensions = {"code": "DATABASE_UNAVAILABLE"}  # noqa: RUF012 - read by graphql-core


class Database:
    """A driver with the database name, and helpers for read and write transactions.

    The driver pools connections and reconnects by itself, so one instance lives as long
    as the process; `execute_read`/`execute_write` retry transient errors.
    """

    def __init__(self, uri: str, auth: tuple[str, str] | None, database: str) -> None:
        self.uri = uri
        self.database = database
        self.driver = GraphDatabase.driver(
            uri,
            auth=auth,
            connection_timeout=5.0,
            max_transaction_retry_time=10.0,
            max_connection_pool_size=50,
            # Queries name properties that only some data sets use; the server's
            # "property does not exist" warnings would fill the logs with noise.
            notifications_min_severity="OFF",
        )
        self.round_trips = 0  # transactions run; a test reads it to catch N+1 queries

    @classmethod
    def from_settings(cls, settings: Settings) -> Database:
        if settings.external_neo4j:
            assert settings.neo4j_uri is not None
            auth = (
                (settings.neo4j_user, settings.neo4j_password.get_secret_value())
                if settings.neo4j_password is not None
                else None
            )
            return cls(settings.neo4j_uri, auth, settings.neo4j_database)
        st = status(settings)
        port = st.bolt_port or settings.bolt_port
        password = read_password(settings)
        auth = ("neo4j", password) if password else None
        return cls(f"bolt://127.0.0.1:{port}", auth, settings.neo4j_database)

    def close(self) -> None:
        self.driver.close()

    def _run(self, mode: str, work: Callable[[ManagedTransaction], T]) -> T:
        self.round_trips += 1
        try:
            with self.driver.session(database=self.database) as session:
                if mode == "r":
                    return session.execute_read(work)
                return session.execute_write(work)
        except AuthError:
            raise
        except UNAVAILABLE as e:
            raise DatabaseUnavailable("The graph database is not reachable right now.") from e

    def read(self, query: str, **params: Any) -> list[dict[str, Any]]:
        """Run one parameterised read query; rows as plain dicts."""
        return self._run("r", lambda tx: [r.data() for r in tx.run(query, params)])

    def write(self, query: str, **params: Any) -> list[dict[str, Any]]:
        return self._run("w", lambda tx: [r.data() for r in tx.run(query, params)])

    def read_tx(self, work: Callable[[ManagedTransaction], T]) -> T:
        return self._run("r", work)

    def write_tx(self, work: Callable[[ManagedTransaction], T]) -> T:
        """Run `work` in one transaction: all of it is committed, or none."""
        return self._run("w", work)

    def ping(self) -> bool:
        try:
            self.driver.verify_connectivity()
        except Exception:
            return False
        return True

    def server_version(self) -> str:
        info = self.driver.get_server_info()
        return info.agent


_lock = threading.Lock()
_db: Database | None = None


def get_database(settings: Settings | None = None) -> Database:
    """The process-wide Database, created on first use."""
    global _db
    with _lock:
        if _db is None:
            _db = Database.from_settings(settings or Settings.from_env())
        return _db


def set_database(db: Database | None) -> None:
    """Install (or clear) the process-wide Database; tests and `serve` use it."""
    global _db
    with _lock:
        if _db is not None and db is not _db:
            _db.close()
        _db = db


__all__ = ["Database", "DatabaseUnavailable", "get_database", "neo4j", "set_database"]
