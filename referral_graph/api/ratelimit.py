"""A rate limit per client for the public fields that cost seconds of CPU.

Coverage reports and comparisons, per-state service counts and the gap report downloads
run networkx over the whole projection; without a limit one public client asking for them
with ever-changing arguments (`coverageChanges` with a new `asOf` each time) keeps the
machine busy for everyone. Callers with a token (staff and up) are not limited: they are
known people. The moving window comes from the maintained `limits` library.
"""

from __future__ import annotations

import math
import time
from pathlib import Path

from limits import parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from referral_graph.api.metrics import REFUSED
from referral_graph.api.shared_limits import SharedWindows


class RateLimited(Exception):
    """GraphQL reports it with code RATE_LIMITED; REST answers 429 with Retry-After."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"too many costly requests from this client: try again in "
                         f"{retry_after} s")
        self.retry_after = retry_after
        self.extensions = {"code": "RATE_LIMITED", "retryAfter": retry_after}


class HeavyLimiter:
    """One moving window per client, shared by every costly public field and download."""

    def __init__(self, rate: str, shared: Path | None = None) -> None:
        """With ``shared`` (a file), the windows are shared by every process that names
        it: several workers serving one deployment (`api.shared_limits`)."""
        self._item = parse(rate)
        storage = SharedWindows(shared) if shared is not None else MemoryStorage()
        self._limiter = MovingWindowRateLimiter(storage)

    def take(self, client: str, cost: int) -> bool:
        """Count `cost` costly requests by `client` at once if all fit in its window (a
        kept answer that holds that many); False, counting nothing, if they do not."""
        if not self._limiter.test(self._item, "heavy", client, cost=cost):
            return False
        return self._limiter.hit(self._item, "heavy", client, cost=cost)

    def spend(self, client: str) -> None:
        """Count one costly request by `client`; raise RateLimited when over the rate."""
        if self._limiter.hit(self._item, "heavy", client):
            return
        reset = self._limiter.get_window_stats(self._item, "heavy", client).reset_time
        REFUSED.labels("rate").inc()
        raise RateLimited(max(1, math.ceil(reset - time.time())))
