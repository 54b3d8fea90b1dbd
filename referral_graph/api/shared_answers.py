"""Public answers kept in one SQLite file that the workers of ``serve --workers N`` share.

Each worker keeps its own answers in memory (`api.answer_cache`), and a client's requests
reach whichever worker accepts its connection: with two workers, every question about a
(service, state) was computed twice, and a question one worker had answered was computed
again when it reached the other. At 100,000 organizations a providers list or a network
costs 30–100 ms of CPU to compute and ~0.1 ms to read back from here.

Only public answers are shared. They are what any caller without a token may read, already
through the public redactor; answers for a token holder, which may name confidential
shelters, never leave the worker's memory (nothing confidential is written to disk).

Why SQLite and not Redis or memcached: the service runs none of them (as for the shared
rate limits, `api.shared_limits`), and the file lives under the state directory, which only
the service's user may read. It is a cache, not a record: it is emptied at each start of
``serve`` and written without waiting for the disk (``synchronous=OFF``); a row is keyed by
the data version it was computed at, so a write (a new version) makes every row unreachable,
and rows of other versions are deleted as soon as a worker keeps one for the new version.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from pathlib import Path

from referral_graph.api.answer_cache import Entry, Key, Version

# `size` before `body`, and the bodies' total kept in `total`: a row's size is read without
# its body, and a write never sums the table. Summing it on each write read every row's
# page: at 100k organizations, with the benchmark's few thousand answers kept, that took a
# plan's answer from 7.6 to 12 ms of CPU.
SCHEMA = """
PRAGMA journal_mode = WAL;
CREATE TABLE IF NOT EXISTS answers (
  version TEXT NOT NULL, key BLOB NOT NULL, spends INTEGER NOT NULL, size INTEGER NOT NULL,
  body BLOB NOT NULL, PRIMARY KEY (version, key));
CREATE TABLE IF NOT EXISTS total (one INTEGER PRIMARY KEY CHECK (one = 0), bytes INTEGER NOT NULL);
INSERT OR IGNORE INTO total (one, bytes) VALUES (0, 0);
"""


def version_text(version: Version) -> str:
    """What a row is valid for: the data (epoch, change number) and the day.

    A worker's own writes (`Version.writes`) are not in it: a worker that has written
    since its projection was loaded does not use this file (`AnswerCache`).

    >>> import datetime as dt
    >>> version_text(Version("e1", 42, dt.date(2026, 11, 28), writes=3))
    'e1|42|2026-11-28'
    """
    return f"{version.epoch or ''}|{version.value}|{version.day.isoformat()}"


def key_digest(key: Key) -> bytes:
    """A fixed-size row key for a (document, variables, operation, caller, language) key.

    >>> len(key_digest(("{ a }", "{}", None, ("PUBLIC", ""), "es")))
    32
    >>> key_digest(("{ a }", "{}", None, ("PUBLIC", ""), "es")) == key_digest(
    ...     ("{ a }", "{}", None, ("PUBLIC", ""), "en"))
    False
    """
    return hashlib.sha256(repr(key).encode()).digest()


class SharedAnswers:
    """Answers by (version, key) in a SQLite file, at most ``max_bytes`` of bodies.

    >>> import datetime as dt, tempfile
    >>> path = Path(tempfile.mkdtemp()) / "answers.sqlite"
    >>> one, two = SharedAnswers(path), SharedAnswers(path)   # two workers, one file
    >>> v1 = Version("e", 1, dt.date(2026, 1, 1)); v2 = Version("e", 2, dt.date(2026, 1, 1))
    >>> k = ("{ a }", "{}", None, ("PUBLIC", ""), "es")
    >>> one.put(v1, k, Entry(b'{"data":1}', spends=1))
    >>> two.get(v1, k).body, two.get(v1, k).spends, two.get(v2, k)
    (b'{"data":1}', 1, None)
    >>> two.put(v2, k, Entry(b'{"data":2}'))   # the new version's first row ends the old
    >>> one.get(v1, k) is None, one.get(v2, k).body
    (True, b'{"data":2}')
    """

    def __init__(self, path: Path, max_bytes: int = 256 * 1024 * 1024) -> None:
        self.path = path
        self.max_bytes = max_bytes
        path.parent.mkdir(parents=True, exist_ok=True)
        # One connection per worker, used from the event loop's thread and, in tests, from
        # others: the lock serialises them (each call is a fraction of a millisecond).
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, timeout=5, isolation_level=None,
                                   check_same_thread=False)
        with self._lock:
            self._db.execute("PRAGMA synchronous = OFF")
            self._db.executescript(SCHEMA)
        self._current: str | None = None  # the version this worker last kept a row for

    def get(self, version: Version, key: Key) -> Entry | None:
        try:
            with self._lock:
                row = self._db.execute(
                    "SELECT body, spends FROM answers WHERE version = ? AND key = ?",
                    (version_text(version), key_digest(key))).fetchone()
        except sqlite3.Error:
            return None  # a busy or damaged file costs a computation, never an answer
        return None if row is None else Entry(bytes(row[0]), int(row[1]))

    def put(self, version: Version, key: Key, entry: Entry) -> None:
        if len(entry.body) > self.max_bytes:
            return
        text = version_text(version)
        try:
            with self._lock:
                db = self._db
                db.execute("BEGIN IMMEDIATE")
                try:
                    if text != self._current:
                        # Rows of any other version can never be served again.
                        db.execute("DELETE FROM answers WHERE version != ?", (text,))
                        db.execute("UPDATE total SET bytes = (SELECT coalesce(sum(size), 0) "
                                   "FROM answers)")
                    digest = key_digest(key)
                    row = db.execute("SELECT size FROM answers WHERE version = ? AND key = ?",
                                     (text, digest)).fetchone()
                    db.execute("INSERT OR REPLACE INTO answers (version, key, spends, size, "
                               "body) VALUES (?, ?, ?, ?, ?)",
                               (text, digest, entry.spends, len(entry.body), entry.body))
                    db.execute("UPDATE total SET bytes = bytes + ?",
                               (len(entry.body) - (row[0] if row else 0),))
                    self._trim(db)
                    db.execute("COMMIT")
                except BaseException:
                    db.execute("ROLLBACK")
                    raise
            self._current = text
        except sqlite3.Error:
            return  # not kept: the next request computes it again

    def _trim(self, db: sqlite3.Connection) -> None:
        """Oldest rows out until the bodies fit ``max_bytes``."""
        (total,) = db.execute("SELECT bytes FROM total").fetchone()
        if total <= self.max_bytes:
            return
        over = total - self.max_bytes
        gone = 0
        doomed: list[int] = []
        for rowid, size in db.execute("SELECT rowid, size FROM answers ORDER BY rowid"):
            doomed.append(rowid)
            gone += size
            if gone >= over:
                break
        db.executemany("DELETE FROM answers WHERE rowid = ?", [(r,) for r in doomed])
        db.execute("UPDATE total SET bytes = bytes - ?", (gone,))
