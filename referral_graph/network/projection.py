"""Keep the process's networkx projection following the database.

The projection is the graph described in `referral_graph.network.model`, read from Neo4j
by `network.loading`: once whole; then `Projection` follows the database's change log
(`store.changes`): a change made by this process, by another worker or by
`referral-graph import` is seen within ``follow_every`` seconds, and only the organizations
it touched are read again. Each new version is built aside, copy-on-write
(`network.snapshot`), and published whole, so a reader keeps the snapshot it started with.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import threading
import weakref
from collections.abc import Iterable

import networkx as nx

from referral_graph.network.loading import load_network, referrals_refreshed, refreshed
from referral_graph.network.public import set_key
from referral_graph.network.snapshot import Snapshot
from referral_graph.store import changes
from referral_graph.store.driver import Database, DatabaseUnavailable

log = logging.getLogger(__name__)


def settle() -> None:
    """Take what the process holds now (the projection) out of the collector's full passes.

    A projection of 100,000 organizations is millions of objects that live as long as the
    process. Without this, each full collection (a report's allocations trigger one now and
    then) walks all of them: 0.7 s added to a report at random. Unfreezing first lets a
    projection that was replaced be collected.
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()


class Projection:
    """The process's projection: loaded on first use, then following the database.

    `current()` is the snapshot to read for a whole request. `catch_up()` brings it to the
    database's head: after this process's own writes (at once), and from a follower thread
    (`start_following`) every ``follow_every`` seconds for everyone else's. One builder at a
    time; readers never wait for it, except for the very first load.
    """

    def __init__(self, db: Database, pseudonym_key: bytes | None = None, *,
                 follow_every: float = 0.25) -> None:
        self._db = db
        # The deployment's secret for public pseudonyms (network/public.py), kept with the
        # graph under a "_" key so that no public view or answer ever carries it.
        self._pseudonym_key = pseudonym_key
        self._snap: Snapshot | None = None
        self._build = threading.Lock()
        self.follow_every = follow_every
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        # Writes of this process answered (`refresh`), and how many of them the published
        # snapshot is known to hold: the head it was caught up to was read after them.
        self._written = 0
        self._caught = 0
        self._marks = threading.Lock()

    def current(self) -> Snapshot:
        if self._behind():
            self._catch_up_own()
        snap = self._snap
        if snap is None:
            with self._build:
                if self._snap is None:
                    written = self._written
                    self._snap = self._load()
                    self._caught = max(self._caught, written)
                snap = self._snap
        return snap

    def peek(self) -> Snapshot | None:
        """The snapshot published now, or None before the first load (never loads). It
        may not hold this process's last writes yet (`refresh`): what keys by its version
        must tell those apart itself, as the answer cache does by counting writes."""
        return self._snap

    @property
    def graph(self) -> nx.Graph:
        return self.current().graph

    def _load(self, head: changes.Head | None = None) -> Snapshot:
        """The whole projection, read aside. The head is read first: a change committed
        while loading is then applied again by the next catch-up (re-reading is safe)."""
        head = head or changes.head(self._db)
        G = load_network(self._db)
        if self._pseudonym_key is not None:
            set_key(G, self._pseudonym_key)
        settle()
        return Snapshot(G, head.value, head.epoch, tokens_since=head.value)

    def catch_up(self, *, wait: float | None = None) -> Snapshot | None:
        """Publish a snapshot at the database's head; None when nothing is loaded yet (the
        first reader loads it). With ``wait``, give up after that many seconds if another
        build is running (it publishes soon anyway)."""
        if self._snap is None:
            return None
        if not self._build.acquire(timeout=-1 if wait is None else wait):
            return self._snap
        try:
            snap = self._snap
            assert snap is not None
            written = self._written  # read before the head: writes answered by then
            head = changes.head(self._db)
            new = self._next(snap, head)
            if new is not snap:
                self._snap = new
            self._caught = max(self._caught, written)
            return new
        finally:
            self._build.release()

    def _next(self, snap: Snapshot, head: changes.Head) -> Snapshot:
        if head.restoring or (head.value == snap.version and head.epoch == snap.epoch):
            return snap
        replaced = snap.epoch is not None and head.epoch != snap.epoch
        if replaced or head.value < snap.version:
            return self._load(head)  # another database, a restore, or a wipe
        log = changes.between(self._db, snap.version, head.value)
        if log is None or any(c.full for c in log):
            return self._load(head)  # an import, or too far behind to know what changed
        ids = {oid for c in log for oid in c.orgs}
        tokens = max((c.seq for c in log if c.scope == changes.TOKENS),
                     default=snap.tokens_since)
        if not ids:  # the same graph and derived data
            return Snapshot(snap.graph, head.value, head.epoch, tokens)
        if all(c.scope == changes.REFERRALS for c in log):
            return Snapshot(referrals_refreshed(snap.graph, self._db, ids), head.value,
                            head.epoch, tokens)
        return Snapshot(refreshed(snap.graph, self._db, ids), head.value, head.epoch, tokens)

    def refresh(self, ids: Iterable[str] = ()) -> None:
        """After this process wrote: its next read shows it (the change log says what
        changed), and the follower publishes it meanwhile if it comes first.

        Why not at once: a write's answer then waits for its commit only. Right after Neo4j
        restarts, the refresh's reads are planned cold and took 0.1-0.9 s of the first
        writes' answers (docs/reliability.md); the next reader of this process waits for
        them instead, and sees the write as before.
        """
        with self._marks:
            self._written += 1

    @property
    def writes(self) -> int:
        """How many writes this process has answered (`refresh`): what is kept by the
        published snapshot's version keys by this too, so that a write of this process is
        seen by its next read even before the snapshot holds it."""
        return self._written

    def holds_own_writes(self) -> bool:
        """Whether the snapshot published now holds every write this process has answered
        (what another process computed at its version is then true for this one's callers
        too: `api.shared_answers`)."""
        return not self._behind()

    def _behind(self) -> bool:
        """This process wrote since the published snapshot last caught up with it."""
        return self._written > self._caught

    def _catch_up_own(self) -> None:
        """Publish this process's own writes before a read. In an outage the snapshot stays
        as it is: the write was answered, and the follower publishes it once Neo4j is back."""
        with contextlib.suppress(DatabaseUnavailable):
            self.catch_up(wait=2.0)

    def reload(self) -> None:
        """The next read loads the database as it is now. Waits for a build already
        running: the follower's load of the database as it was must not be published
        after this, in place of the reload (an emptied directory seen after a restore)."""
        with self._build:
            self._snap = None

    def give_way(self, stop: threading.Event) -> None:
        """Right after an outage, wait while this process's first writes are planned
        (`Database.first_writes_pending`, at most a few seconds): the follower's reads are
        background work, and a caseworker's write is not."""
        while self._db.first_writes_pending() and not stop.wait(0.02):
            pass

    def start_following(self) -> None:
        """Follow the database from a daemon thread until `stop_following`."""
        if self._thread is not None:
            return
        self._stop.clear()
        # The thread holds the projection weakly: an app dropped without shutting down
        # (a test) lets it go, and the thread ends on its next tick.
        self._thread = threading.Thread(target=_follow, args=(weakref.ref(self), self._stop),
                                        name="projection-follower", daemon=True)
        self._thread.start()

    def stop_following(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2)  # a daemon: a stopping worker need not wait on a read
            self._thread = None


def _follow(ref: weakref.ref[Projection], stop: threading.Event) -> None:
    while True:
        projection = ref()
        if projection is None:
            return
        every = projection.follow_every
        try:
            projection.give_way(stop)
            projection.catch_up()
        except DatabaseUnavailable:
            pass  # answered as 503 by the requests themselves; try again next tick
        except Exception:
            log.exception("could not bring the projection up to date; retrying")
        del projection
        if stop.wait(every):
            return
