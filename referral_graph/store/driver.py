"""One Neo4j driver per process, and the transactions everything else runs in.

Failing fast matters more here than the driver's patient defaults: a caseworker waiting
50 s for an error is worse off than one told at once to try again. So connections and
pool waits are bounded to about a second, each transaction has a server-side timeout,
retries are ours (one immediate retry for a stale pooled connection, short back-offs for
deadlocks), and a circuit breaker (`store/breaker.py`) answers every call at once while
Neo4j is known to be down, while a prober thread asks it a few times a second whether it
is back.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import neo4j
from neo4j import GraphDatabase, ManagedTransaction
from neo4j.exceptions import (
    AuthError,
    ClientError,
    ConnectionAcquisitionTimeoutError,
    DriverError,
    IncompleteCommit,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)

from referral_graph import i18n
from referral_graph.config import Settings
from referral_graph.neo4j_server import read_password, status
from referral_graph.store.breaker import Breaker

T = TypeVar("T")

UNAVAILABLE = (ServiceUnavailable, SessionExpired, ConnectionError, OSError)
DEFAULT = -1.0  # as a timeout: the configured query timeout (None means unbounded)


@dataclass(frozen=True, slots=True)
class OneRead:
    """`_run`'s work for a single read statement (`read`, `peek`): run in an auto-commit
    transaction, rows as plain dicts."""

    query: str
    params: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Timeouts:
    """Seconds. ``query`` is the server-side limit of one transaction: it stops a runaway
    query without cutting off honest work on a busy machine (None: unbounded, which
    imports, backups and restores ask for explicitly)."""

    # A dead server refuses at once whatever these say (and the breaker then answers for
    # it); they bound a server that is alive but slow, which on a busy machine is not rare.
    connect: float = 3.0
    acquire: float = 6.0
    query: float | None = 120.0
    retry_budget: float = 1.0  # total time spent retrying deadlocks
    probe_every: float = 0.05  # while Neo4j is down, how often the prober tries it
    # After an outage, how long background reads give way to this process's first writes
    # (`first_writes_pending`): a just-restarted Neo4j plans every statement cold.
    first_writes_grace: float = 3.0


class DatabaseUnavailable(RuntimeError):
    """Neo4j cannot be reached: the API answers 503 and retries on the next request."""

    extensions = {"code": "DATABASE_UNAVAILABLE"}  # noqa: RUF012 - read by graphql-core


class WriteOutcomeUnknown(DatabaseUnavailable):
    """The connection broke while a commit was in flight: the write may have been saved.

    Retrying with the same Idempotency-Key is safe: a saved write is answered, not redone.
    """


class DatabaseBusy(DatabaseUnavailable):
    """Deadlocks or lock waits outlasted the retry budget: the database is up but busy."""


class QueryTimeout(DatabaseUnavailable):
    """A transaction ran longer than its limit and was stopped by the server."""


# The exceptions' own messages (English, for logs; callers are answered in their language by
# `api.messages.localize`): group "fault" of the message catalogue.
MESSAGE = i18n.text("fault", "unavailable", "en")
UNKNOWN_OUTCOME = i18n.text("fault", "unknown_outcome", "en")


def _is_unavailable_code(e: Exception) -> bool:
    code = getattr(e, "code", None) or ""
    return "DatabaseUnavailable" in code or "DatabaseNotFound" in code


def _is_timeout_code(e: Exception) -> bool:
    return "TransactionTimedOut" in (getattr(e, "code", None) or "")


class Database:
    """A driver with the database name, and helpers for read and write transactions.

    One instance lives as long as the process; the driver pools connections and reconnects.
    """

    def __init__(self, uri: str, auth: tuple[str, str] | None, database: str,
                 timeouts: Timeouts | None = None) -> None:
        self.uri = uri
        self.database = database
        self.timeouts = t = timeouts or Timeouts()
        self.driver = GraphDatabase.driver(
            uri,
            auth=auth,
            connection_timeout=t.connect,
            connection_acquisition_timeout=t.acquire,
            max_transaction_retry_time=t.retry_budget,
            max_connection_pool_size=50,
            # Queries name properties that only some data sets use; the server's
            # "property does not exist" warnings would fill the logs with noise.
            notifications_min_severity="OFF",
        )
        self.breaker = Breaker(t.probe_every)
        self.round_trips = 0  # transactions run; a test reads it to catch N+1 queries
        self._closed = threading.Event()
        self._writes = threading.Lock()
        self._writing = 0  # write transactions of this process in flight
        self._wrote_at = 0.0  # when the last one committed (monotonic)

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
        self._closed.set()
        self.driver.close()

    def _down(self) -> None:
        """Neo4j failed a call: open the breaker; whoever opened it starts the prober."""
        if self.breaker.failure():
            threading.Thread(target=self._recover, name="neo4j-prober", daemon=True).start()

    def _recover(self) -> None:
        """While the breaker is open: ask Neo4j every `probe_every` seconds whether it is
        back (`RETURN 1`, limited to 1 s), and close the breaker when it answers.

        Planning the statements the process ran before the outage, ahead of the traffic,
        was tried and dropped: on two cores the just-started JVM planned them no faster
        than the requests did, and the extra work delayed the first writes (8.9–14.5 s
        against 5.3 s without it). So was planning an edit's later statements beside the
        first write's first one (2.45–3.60 s against 1.84–2.49 s; docs/reliability.md).
        """
        while not self._closed.wait(self.timeouts.probe_every):
            try:
                with self.driver.session(database=self.database) as session:
                    session.run(neo4j.Query("RETURN 1", timeout=1.0)).consume()
            except Exception:  # any failure means: not yet
                continue
            self.breaker.success()
            return

    def _attempt(self, mode: str, work: Callable[[ManagedTransaction], T] | OneRead,
                 timeout: float | None) -> Any:
        access = neo4j.READ_ACCESS if mode == "r" else neo4j.WRITE_ACCESS
        with self.driver.session(database=self.database, default_access_mode=access) as session:
            if isinstance(work, OneRead):
                # One read statement needs no explicit transaction: an auto-commit one
                # costs a round trip less. Measured through `read` on the 100k store
                # (26 November), a trivial read: 1.4-1.5 ms against 3.9 ms of wall time,
                # and 1.4-1.6 ms against 5.2 ms of Neo4j's CPU.
                rows = session.run(neo4j.Query(work.query, timeout=timeout), work.params)
                return [r.data() for r in rows]
            tx = session.begin_transaction(timeout=timeout)
            try:
                result = work(tx)  # type: ignore[arg-type]  # same API as a managed one
                tx.commit()
                return result
            finally:
                if not tx.closed():
                    with contextlib.suppress(*UNAVAILABLE, DriverError):
                        tx.close()  # a rollback; on a broken connection the server does it

    def first_writes_pending(self) -> bool:
        """Neo4j came back from an outage less than `Timeouts.first_writes_grace` seconds
        ago, and this process has writes in flight of which none has committed since.

        Background readers (the projection's follower) wait while this holds. Why: a
        just-restarted Neo4j plans each statement cold, at a tenth of a second to a second
        each on two cores, and the follower's three reads planned beside the first writes
        took their CPU: the kill test's first writes were answered 2.2-2.4 s after Neo4j
        answered, of which the follower's plans took 1.6 s beside them.
        """
        closed = self.breaker.closed_at
        return (closed is not None and self._writing > 0 and self._wrote_at < closed
                and time.monotonic() - closed < self.timeouts.first_writes_grace)

    def _run(self, mode: str, work: Callable[[ManagedTransaction], T] | OneRead,
             timeout: float | None = DEFAULT, *, counted: bool = True) -> Any:
        """Run ``work`` in one transaction, committed if it returns; our retry policy."""
        if mode != "w":
            return self._retried(mode, work, timeout, counted=counted)
        with self._writes:
            self._writing += 1
        try:
            result = self._retried(mode, work, timeout, counted=counted)
            self._wrote_at = time.monotonic()
            return result
        finally:
            with self._writes:
                self._writing -= 1

    def _retried(self, mode: str, work: Callable[[ManagedTransaction], T] | OneRead,
                 timeout: float | None, *, counted: bool) -> Any:
        limit = self.timeouts.query if timeout == DEFAULT else timeout
        self.round_trips += counted
        deadline = time.monotonic() + self.timeouts.retry_budget
        stale_retry, pause = True, 0.02
        while True:
            if not self.breaker.allow():
                raise DatabaseUnavailable(MESSAGE)
            try:
                result = self._attempt(mode, work, limit)
            except AuthError:
                raise
            except IncompleteCommit as e:
                self._down()
                raise WriteOutcomeUnknown(UNKNOWN_OUTCOME) from e
            except ConnectionAcquisitionTimeoutError as e:
                # Every pooled connection is busy: the database is up but saturated.
                raise DatabaseUnavailable(MESSAGE) from e
            except UNAVAILABLE as e:
                # Nothing was committed (a broken commit is IncompleteCommit, above). A
                # pooled connection may be stale after Neo4j restarted: retry once at once.
                if stale_retry:
                    stale_retry = False
                    continue
                self._down()
                raise DatabaseUnavailable(MESSAGE) from e
            except TransientError as e:
                if _is_unavailable_code(e):
                    self._down()
                    raise DatabaseUnavailable(MESSAGE) from e
                if time.monotonic() + pause > deadline:
                    raise DatabaseBusy(MESSAGE) from e
                time.sleep(pause)  # a deadlock or a lock timeout: back off and retry
                pause *= 2
                continue
            except ClientError as e:
                if _is_timeout_code(e):
                    raise QueryTimeout(f"The query took longer than {limit:g} s and was "
                                       "stopped; try a narrower request.") from e
                if _is_unavailable_code(e):
                    self._down()
                    raise DatabaseUnavailable(MESSAGE) from e
                raise
            self.breaker.success()
            return result

    def read(self, query: str, **params: Any) -> list[dict[str, Any]]:
        """Run one parameterised read query; rows as plain dicts."""
        return self._run("r", OneRead(query, params))

    def peek(self, query: str, **params: Any) -> list[dict[str, Any]]:
        """A read made in the background (the projection's follower polling the change
        counter): not counted in `round_trips`, which tests read to catch N+1 queries."""
        return self._run("r", OneRead(query, params), counted=False)

    def write(self, query: str, **params: Any) -> list[dict[str, Any]]:
        return self._run("w", lambda tx: [r.data() for r in tx.run(query, params)])

    def read_tx(self, work: Callable[[ManagedTransaction], T], *,
                timeout: float | None = DEFAULT) -> T:
        return self._run("r", work, timeout)

    def write_tx(self, work: Callable[[ManagedTransaction], T], *,
                 timeout: float | None = DEFAULT) -> T:
        """Run `work` in one transaction: all of it is committed, or none."""
        return self._run("w", work, timeout)

    def ping(self) -> bool:
        try:
            self.read("RETURN 1 AS one")
        except DatabaseUnavailable:
            return False
        return True

    def server_version(self) -> str:
        if not self.breaker.allow():
            raise DatabaseUnavailable(MESSAGE)
        try:
            info = self.driver.get_server_info()
        except UNAVAILABLE as e:
            self._down()
            raise DatabaseUnavailable(MESSAGE) from e
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


__all__ = ["Database", "DatabaseBusy", "DatabaseUnavailable", "QueryTimeout", "Timeouts",
           "WriteOutcomeUnknown", "get_database", "neo4j", "set_database"]
