"""Tokens verified at a data version: a request need not look its token up again.

Every authenticated request looked its token up in Neo4j. Right after Neo4j restarts that
lookup is the first statement a request runs, and its plan costs 0.6–0.95 s on the
just-started JVM (docs/reliability.md, "recovery").

A token found valid is kept, by its hash, with what the process then knew of revocations:
the data's epoch and the change number after which it knows of no revoked token (its
projection follows the change log). A revocation is a change of scope `TOKENS`
(`tokens.revoke` records one): the process that revoked forgets what it kept at once, the
others within `Projection.follow_every` (0.25 s), after which the token is looked up again
and refused. Other writes leave the kept tokens alone, so that a stream of writes, and the
first writes after an outage, do not look their tokens up each time. Only tokens found
valid are kept, never a refusal, and none longer than `MAX_AGE` seconds, in case a process
stopped following.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

MAX_AGE = 60.0
MAX_ENTRIES = 1024

T = TypeVar("T")


class Verified(Generic[T]):
    """What a token hash stands for, as verified at a version; least recently used dropped.

    >>> kept = Verified[str]()
    >>> kept.put("h1", (1, "e"), "staff Ana")
    >>> kept.get("h1", (1, "e")), kept.get("h1", (2, "e")), kept.get("h2", (1, "e"))
    ('staff Ana', None, None)
    >>> kept.get("h1", None) is None  # no version known: always look it up
    True
    """

    def __init__(self, max_entries: int = MAX_ENTRIES, max_age: float = MAX_AGE) -> None:
        self._entries: OrderedDict[str, tuple[Hashable, float, T]] = OrderedDict()
        self._lock = threading.Lock()
        self.max_entries = max_entries
        self.max_age = max_age

    def get(self, token_hash: str, version: Hashable | None) -> T | None:
        if version is None:
            return None
        with self._lock:
            found = self._entries.get(token_hash)
            if found is None:
                return None
            at, since, value = found
            if at != version or time.monotonic() - since > self.max_age:
                del self._entries[token_hash]
                return None
            self._entries.move_to_end(token_hash)
            return value

    def put(self, token_hash: str, version: Hashable | None, value: T) -> None:
        if version is None:
            return
        with self._lock:
            self._entries[token_hash] = (version, time.monotonic(), value)
            self._entries.move_to_end(token_hash)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
