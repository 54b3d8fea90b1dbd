"""A circuit breaker in front of Neo4j: once it is known to be down, fail at once.

Without it every request during an outage waits for its own connection attempts and the
driver's retries (14 to 52 s were measured), and requests pile up behind one another. With
it, the first failure opens the circuit; while it is open every call fails immediately.
Whoever opened it starts a prober (`store/driver.py`: a background thread) that asks
Neo4j every ``probe_every`` seconds and closes it once Neo4j answers. Earlier, a request
let through as the probe met a Neo4j still starting and held the circuit open for as long
as that request took (5–10 s); a probe of its own answers within its 1 s limit.
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
    >>> b.failure(), b.failure()      # the first failure opens it, and says so once
    (True, False)
    >>> b.is_open, b.allow()
    (True, False)
    >>> clock[0] = 5.0; b.allow()    # still open: only the prober closes it
    False
    >>> b.success(); b.is_open, b.allow(), b.closed_at   # closed by the prober at 5.0
    (False, True, 5.0)
    """

    def __init__(self, probe_every: float = 0.25,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.probe_every = probe_every
        self._clock = clock
        self._lock = threading.Lock()
        self.opened_at: float | None = None
        self.closed_at: float | None = None  # when it last closed after an outage

    @property
    def is_open(self) -> bool:
        return self.opened_at is not None

    def allow(self) -> bool:
        """May a call go to the database now?"""
        return self.opened_at is None

    def failure(self) -> bool:
        """Neo4j failed a call; True when this opened the circuit (the caller then probes)."""
        with self._lock:
            if self.opened_at is None:
                self.opened_at = self._clock()
                return True
            return False

    def success(self) -> None:
        with self._lock:
            if self.opened_at is not None:
                self.closed_at = self._clock()
            self.opened_at = None
