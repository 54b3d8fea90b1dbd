"""Values kept by key while the data version they were made at still stands.

Two users: tokens verified (`auth.verified`) and the reference sets every nested answer
reads (`api.graphql.loaders`). An entry made at one version is dropped when asked for at
another; the least recently used go first beyond `max_entries`; with `max_age`, none is
kept longer than that many seconds.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

T = TypeVar("T")


class KeptAt(Generic[T]):
    """Values by key, each with the version it was made at.

    >>> kept = KeptAt[str](max_entries=2)
    >>> kept.put("h1", (1, "e"), "staff Ana")
    >>> kept.get("h1", (1, "e")), kept.get("h1", (2, "e")), kept.get("h2", (1, "e"))
    ('staff Ana', None, None)
    >>> kept.get("h1", None) is None  # no version known: nothing is taken as kept
    True
    """

    def __init__(self, *, max_entries: int, max_age: float | None = None) -> None:
        self._entries: OrderedDict[Hashable, tuple[Hashable, float, T]] = OrderedDict()
        self._lock = threading.Lock()
        self.max_entries = max_entries
        self.max_age = max_age

    def get(self, key: Hashable, version: Hashable | None) -> T | None:
        if version is None:
            return None
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                return None
            at, since, value = found
            too_old = self.max_age is not None and time.monotonic() - since > self.max_age
            if at != version or too_old:
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return value

    def put(self, key: Hashable, version: Hashable | None, value: T) -> None:
        if version is None:
            return
        with self._lock:
            self._entries[key] = (version, time.monotonic(), value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
