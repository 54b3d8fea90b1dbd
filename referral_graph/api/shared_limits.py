"""A moving-window store for the `limits` library that several worker processes share.

`limits` keeps its windows in one process's memory, or in Redis, Memcached or MongoDB; this
service runs none of those, and with ``serve --workers N`` a client's requests reach any of
the N processes, so in-memory windows would let it spend N times its rate. This storage keeps
the events in one SQLite file under the state directory: each acquisition is one short
``BEGIN IMMEDIATE`` transaction (SQLite's file lock serialises the workers), and only costly
public fields pass here (about 30 a minute per client), so its cost does not matter.

Only what `MovingWindowRateLimiter` calls is implemented for real (``acquire_entry``,
``get_moving_window``, ``clear``); the fixed-window counters are not used by this service.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

from limits.storage import MovingWindowSupport, Storage

SCHEMA = """
CREATE TABLE IF NOT EXISTS events (key TEXT NOT NULL, at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS events_key_at ON events (key, at);
"""


class SharedWindows(Storage, MovingWindowSupport):
    """Moving windows in a SQLite file.

    >>> import tempfile; from limits import parse
    >>> from limits.strategies import MovingWindowRateLimiter
    >>> path = Path(tempfile.mkdtemp()) / "limits.sqlite"
    >>> one, two = SharedWindows(path), SharedWindows(path)   # two processes, one file
    >>> a, b = MovingWindowRateLimiter(one), MovingWindowRateLimiter(two)
    >>> rate = parse("3/minute")
    >>> [a.hit(rate, "c"), b.hit(rate, "c"), a.hit(rate, "c"), b.hit(rate, "c")]
    [True, True, True, False]
    >>> b.hit(rate, "someone else")
    True
    """

    STORAGE_SCHEME = ["referral-graph-shared"]  # noqa: RUF012 (declared so by limits)

    def __init__(self, path: Path | str) -> None:
        super().__init__(str(path))
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, timeout=10, isolation_level=None,
                                   check_same_thread=False)
        with self._lock:
            self._db.executescript(SCHEMA)

    @property
    def base_exceptions(self) -> type[Exception] | tuple[type[Exception], ...]:
        return sqlite3.Error

    def acquire_entry(self, key: str, limit: int, expiry: int, amount: int = 1) -> bool:
        if amount > limit:
            return False
        now = time.time()
        with self._lock:
            db = self._db
            db.execute("BEGIN IMMEDIATE")
            try:
                db.execute("DELETE FROM events WHERE key = ? AND at < ?", (key, now - expiry))
                (count,) = db.execute("SELECT count(*) FROM events WHERE key = ?",
                                      (key,)).fetchone()
                if count + amount > limit:
                    db.execute("ROLLBACK")
                    return False
                db.executemany("INSERT INTO events (key, at) VALUES (?, ?)",
                               [(key, now)] * amount)
                db.execute("COMMIT")
                return True
            except BaseException:
                db.execute("ROLLBACK")
                raise

    def get_moving_window(self, key: str, limit: int, expiry: int) -> tuple[float, int]:
        now = time.time()
        with self._lock:
            oldest, count = self._db.execute(
                "SELECT min(at), count(*) FROM events WHERE key = ? AND at >= ?",
                (key, now - expiry)).fetchone()
        return (oldest if oldest is not None else now), int(count)

    def clear(self, key: str) -> None:
        with self._lock:
            self._db.execute("DELETE FROM events WHERE key = ?", (key,))

    def reset(self) -> int | None:
        with self._lock:
            return self._db.execute("DELETE FROM events").rowcount

    def check(self) -> bool:
        with self._lock:
            return self._db.execute("SELECT 1").fetchone() == (1,)

    # Fixed-window counters: not used by MovingWindowRateLimiter.
    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        raise NotImplementedError("SharedWindows keeps moving windows only")

    def get(self, key: str) -> int:
        return self.get_moving_window(key, 0, 3600)[1]

    def get_expiry(self, key: str) -> float:
        return time.time()
