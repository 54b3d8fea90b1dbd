"""Give memory back to the system after large requests.

CPython frees a request's objects when it ends, but the C allocator (glibc's malloc) keeps
what was freed: each thread that allocates gets an arena of its own (up to eight per core),
and after the first large buffer is freed malloc raises its threshold for mapping buffers
separately, so that later large buffers (a JSON answer of megabytes, a report's HTML, a
network export) come from those arenas and stay in them once freed. A service that answered
a few large requests then keeps hundreds of MiB it no longer uses.

Two measures, both cheap:
- at start, `tune`: at most two arenas, and a fixed mapping threshold of 1 MiB, so a large
  buffer is its own mapping and goes back to the system the moment it is freed;
- after traffic, `Trimmer`: every few seconds, if requests were answered since, a background
  thread calls ``malloc_trim(0)``, which hands the arenas' free pages back (ctypes releases
  the GIL during the call, so requests are not held).

On a C library other than glibc both are no-ops.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import threading
from typing import Any

M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
M_ARENA_MAX = -8
TRIM_EVERY = 5.0  # seconds


def _libc() -> Any | None:
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        libc = ctypes.CDLL(name)
    except OSError:
        return None
    return libc if hasattr(libc, "malloc_trim") and hasattr(libc, "mallopt") else None


_LIBC = _libc()


def tune() -> bool:
    """Fewer arenas and a fixed mapping threshold; True when the allocator took them."""
    if _LIBC is None:
        return False
    ok = _LIBC.mallopt(M_ARENA_MAX, 2)
    ok &= _LIBC.mallopt(M_MMAP_THRESHOLD, 1 << 20)  # fixed: no longer raised after a free
    ok &= _LIBC.mallopt(M_TRIM_THRESHOLD, 8 << 20)
    return bool(ok)


def trim() -> None:
    if _LIBC is not None:
        _LIBC.malloc_trim(0)


class Trimmer:
    """Trims every `TRIM_EVERY` seconds after traffic; `touch()` marks traffic."""

    def __init__(self, every: float = TRIM_EVERY) -> None:
        self.every = every
        self.trims = 0
        self._dirty = False
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def touch(self) -> None:
        self._dirty = True
        if self._thread is None and _LIBC is not None:
            self._thread = threading.Thread(target=self._run, name="memory-trimmer",
                                            daemon=True)
            self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            if self._dirty:
                self._dirty = False
                trim()
                self.trims += 1

    def stop(self) -> None:
        self._stop.set()


class TrimAfterRequests:
    """ASGI middleware: each answered HTTP request marks traffic for the `Trimmer`."""

    def __init__(self, app: Any, trimmer: Trimmer) -> None:
        self.app = app
        self.trimmer = trimmer

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await self.app(scope, receive, send)
        if scope["type"] == "http":
            self.trimmer.touch()
