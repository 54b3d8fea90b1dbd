"""Map a CPU-bound function over a few items in forked worker processes.

The workers are forked, so they inherit the caller's data (the projection, the coverage index,
the networks already built) as it is at the call, copy-on-write: nothing large is pickled on the
way in, only each item (a state code) and each result on the way back. The function must be
pure: what a worker changes in its copy of memory is lost.

Results are handed back as they come, so the caller can work on one (classify a state's cells)
while the workers compute the others.

A forked child must take no lock that another thread of the parent could hold at the fork:
the function given here must not, and ``structure`` re-creates its own lock in every child.

>>> sorted(fork_map(abs, [-1, 2, -3], workers=2))
[(-3, 3), (-1, 1), (2, 2)]
"""

from __future__ import annotations

import multiprocessing as mp
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

_TASK: list[Callable[[Any], Any]] = []  # the function of the fork_map under way, if any
_LOCK = threading.Lock()  # one fork at a time: _TASK is shared by the whole process


def cpus() -> int:
    """CPUs this process may run on (its affinity, not the machine's count).

    >>> cpus() >= 1
    True
    """
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    return "fork" in mp.get_all_start_methods()


def _run(item: Any) -> Any:
    return _TASK[0](item)


def fork_map(fn: Callable[[T], R], items: Sequence[T], *, workers: int
             ) -> Iterator[tuple[T, R]]:
    """``(x, fn(x))`` for each of ``items``, computed by up to ``workers`` forked processes,
    in the order they finish.

    The workers start at once, so the caller can do other work before it reads the first
    result. Items are handed out one at a time: put the slowest first. An exception in ``fn``
    is raised when its result is read; if a worker dies (killed, out of memory), the items
    not yet returned are computed here. With one worker or one item, or where fork is
    unavailable, ``fn`` runs in this process, one item per result read.
    """
    workers = min(workers, len(items))
    if workers <= 1 or not can_fork():
        return ((x, fn(x)) for x in items)
    with _LOCK:  # the workers copy _TASK when they are forked, at the first submit
        _TASK.append(fn)
        try:
            pool = ProcessPoolExecutor(workers, mp_context=mp.get_context("fork"))
            futures = {pool.submit(_run, x): x for x in items}
        finally:
            _TASK.clear()
    return _results(pool, futures, fn)


def _results(pool: ProcessPoolExecutor, futures: dict[Future[R], T], fn: Callable[[T], R]
             ) -> Iterator[tuple[T, R]]:
    left = dict(futures)
    try:
        for done in as_completed(futures):
            try:
                result = done.result()
            except BrokenProcessPool:
                break
            yield left.pop(done), result
    finally:
        pool.shutdown(cancel_futures=True)
    for item in left.values():
        yield item, fn(item)
