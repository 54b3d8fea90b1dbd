"""A circuit breaker in front of Neo4j: once it is known to be down, fail at once.

Without it every request during an outage waits for its own connection attempts and the
driver's retries (14 to 52 s were measured), and requests pile up behind one another. With
it, the first failure opens the circuit; while it is open a call fails immediately, except
one probe every ``probe_every`` seconds, whose success closes it again. So an outage is
answered in milliseconds and a recovery is noticed within ``probe_every`` of Neo4j
answering.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class Breaker:
    """Closed (calls go through), or open since ``opened_at`` (calls fail fast).

    >>> clock = [0.0]
    >>> b = Breaker(probe_every=0.25, clock=lambda: clock[0])
    >>> b.allow(), b.is_open
    (True, False)
    >>> b.failure(); b.is_open, b.allow()
    (True, False)
    >>> clock[0] = 0.3; b.allow(), b.allow()   # one probe, not two
    (True, False)
    >>> b.success(); b.is_open, b.allow()
    (False, True)
    """

    def __init__(self, probe_every: float = 0.25,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.probe_every = probe_every
        self._clock = clock
        self._lock = threading.Lock()
        self.opened_at: float | None = None
        self._last_probe = 0.0

    @property
    def is_open(self) -> bool:
        return self.opened_at is not None

    def allow(self) -> bool:
        """May a call go to the database now? While open, one call per interval may probe."""
        with self._lock:
            if self.opened_at is None:
                return True
            now = self._clock()
            if now - self._last_probe >= self.probe_every:
                self._last_probe = now
                return True
            return False

    def failure(self) -> None:
        with self._lock:
            if self.opened_at is None:
                self.opened_at = self._clock()
                self._last_probe = self.opened_at

    def success(self) -> None:
        with self._lock:
            self.opened_at = None
