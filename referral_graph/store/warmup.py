"""Plan again, as soon as Neo4j is back, the statements this process was running.

Why: a Neo4j that has just restarted plans every statement anew, on a JVM that has not
compiled its own planner yet, and a write runs its ten statements one after another, each
waiting for its plan (the first writes after a restart took 5–10 s in the fault test).
Planning them beside the traffic, in two threads, lets the later statements of a request
find their plans made while it waits on the first.

`PlanMemory` keeps the statements run lately with one set of their parameters (Neo4j
caches a plan per statement text and parameter types), cheaply enough to sit on every
query; `warm` asks Neo4j to ``EXPLAIN`` them, which plans without running anything, so a
write is never repeated.

>>> memory = PlanMemory(size=2)
>>> memory.note("MATCH (o:Organization {id: $id}) RETURN o", {"id": "cndh"})
>>> memory.note("RETURN 1", {})
>>> memory.note("MATCH (o:Organization {id: $id}) RETURN o", {"id": "proteja"})
>>> memory.note("RETURN 2", {})      # the least used makes room
>>> [q for q, _ in memory.hottest()]
['MATCH (o:Organization {id: $id}) RETURN o', 'RETURN 2']
>>> memory.note("UNWIND $rows AS r CREATE (:X)", {"rows": list(range(1000))})
>>> len(memory.hottest())            # bulk statements are not kept (their rows are large)
2
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

MAX_ITEMS = 50  # a parameter list longer than this marks a bulk statement: not kept
MAX_TEXT = 2_000


def _small(params: Mapping[str, Any]) -> bool:
    for value in params.values():
        if isinstance(value, (list, tuple, dict)) and len(value) > MAX_ITEMS:
            return False
        if isinstance(value, str) and len(value) > MAX_TEXT:
            return False
    return True


class PlanMemory:
    """The `size` statements used most (then most lately), each with parameters it ran
    with. Thread-safe; `note` costs a dictionary update."""

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self._lock = threading.Lock()
        self._seen: OrderedDict[str, tuple[int, Mapping[str, Any]]] = OrderedDict()

    def note(self, query: str, params: Mapping[str, Any] | None) -> None:
        params = params or {}
        with self._lock:
            known = self._seen.get(query)
            if known is not None:
                self._seen[query] = (known[0] + 1, known[1])
                self._seen.move_to_end(query)
                return
        if not _small(params):
            return
        with self._lock:
            self._seen[query] = (1, dict(params))
            if len(self._seen) > self.size:
                least = min(self._seen, key=lambda q: self._seen[q][0])
                del self._seen[least]

    def hottest(self) -> list[tuple[str, Mapping[str, Any]]]:
        """The statements, most used first."""
        with self._lock:
            items = list(self._seen.items())
        items.sort(key=lambda item: -item[1][0])
        return [(query, params) for query, (_, params) in items]


def warm(explain: Callable[[str, Mapping[str, Any]], None],
         statements: list[tuple[str, Mapping[str, Any]]], *, budget: float,
         threads: int = 2) -> int:
    """``EXPLAIN`` each statement (most used first) until `budget` seconds have passed;
    how many were planned. A statement Neo4j refuses to explain is skipped: warming is a
    courtesy, never a reason to stay down.

    >>> planned = []
    >>> warm(lambda q, p: planned.append(q), [("RETURN 1", {}), ("RETURN 2", {})], budget=5)
    2
    >>> sorted(planned)
    ['EXPLAIN RETURN 1', 'EXPLAIN RETURN 2']
    """
    deadline = time.monotonic() + budget
    done = 0
    lock = threading.Lock()

    def one(statement: tuple[str, Mapping[str, Any]]) -> None:
        nonlocal done
        if time.monotonic() >= deadline:
            return
        try:
            explain("EXPLAIN " + statement[0], statement[1])
        except Exception:  # a refusal only means that one plan stays cold
            return
        with lock:
            done += 1

    with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="plan-warmer") as pool:
        list(pool.map(one, statements))
    return done
