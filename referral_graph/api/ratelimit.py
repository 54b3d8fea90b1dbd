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

from limits import parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from referral_graph.api.metrics import REFUSED


class RateLimited(Exception):
    """GraphQL reports it with code RATE_LIMITED; REST answers 429 with Retry-After."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"too many costly requests from this client: try again in "
                         f"{retry_after} s")
        self.retry_after = retry_after
        self.extensions = {"code": "RATE_LIMITED", "retryAfter": retry_after}


class HeavyLimiter:
    """One moving window per client, shared by every costly public field and download."""

    def __init__(self, rate: str) -> None:
        self._item = parse(rate)
        self._limiter = MovingWindowRateLimiter(MemoryStorage())

    def spend(self, client: str) -> None:
        """Count one costly request by `client`; raise RateLimited when over the rate."""
        if self._limiter.hit(self._item, "heavy", client):
            return
        reset = self._limiter.get_window_stats(self._item, "heavy", client).reset_time
        REFUSED.labels("rate").inc()
        raise RateLimited(max(1, math.ceil(reset - time.time())))
