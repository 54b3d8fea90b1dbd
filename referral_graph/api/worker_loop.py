"""The event loop of a worker when several serve one port: connections shared out between
the workers, and each answer sent without waiting.

uvicorn runs a worker's server on this loop (``loop=FACTORY``); one process (``serve
--workers 1``) binds its own socket and keeps asyncio's loop. Both changes are to how a
listening socket's connections are accepted, in a subclass of asyncio's selector loop
(Python is pinned; `tests/http/test_worker_loop.py` holds both).
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import Callable
from typing import Any

FACTORY = "referral_graph.api.worker_loop:WorkerLoop"  # uvicorn makes each loop with it
PER_CONNECTION = 0.001  # seconds a worker waits before accepting, per connection it holds
MOST = 0.01  # the longest it waits


class WorkerLoop(asyncio.SelectorEventLoop):
    """asyncio's loop, taking a waiting connection later the more it holds (1 ms for each,
    at most 10 ms), one per turn, and with Nagle's algorithm off on each.

    Why later and one at a time: the workers share one listening socket; each new
    connection wakes all of them and the first to call accept gets it. asyncio accepts
    every connection waiting when it wakes (up to 100 at once), and the worker that woke
    first tended to win again and again: clients that open their connections together (a
    browser's six, a load test's eight) mostly went to one worker and stayed with it
    (keep-alive). In the benchmark at 100k one worker did 72% of the nested query's work
    while the other was half idle, and which one won changed from run to run. Waiting in
    proportion to what it holds lets the worker with fewer connections take the next one;
    a worker alone still takes every connection, at most `MOST` later. Requests on a
    connection already held are not delayed.

    Why Nagle off: asyncio sets TCP_NODELAY only on sockets whose protocol number says TCP,
    and the listening socket uvicorn makes for several workers has none
    (``socket.socket(family, SOCK_STREAM)``). A response is written in two parts, head and
    body; on a kept-alive connection the body waited for the client's delayed
    acknowledgement of the head: 40-48 ms added to every answer after a connection's
    first, even ``GET /health``. Eight clients could not pass ~160 answers a second.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._accept_now: dict[int, float] = {}  # listening fd -> until when to accept at once

    def _accept_connection(self, protocol_factory: Any, sock: Any, sslcontext: Any = None,
                           server: Any = None, backlog: int = 100, *rest: Any) -> None:
        fd = sock.fileno()
        held = getattr(server, "_active_count", 0) if server is not None else 0
        delay = min(held * PER_CONNECTION, MOST)
        if delay > 0 and self._accept_now.pop(fd, 0.0) < self.time():
            # Stop listening for a moment: another worker woken by the same connection
            # may take it meanwhile.
            self._remove_reader(fd)  # type: ignore[attr-defined]

            def listen_again() -> None:
                if sock.fileno() != -1 and server is not None and server.is_serving():
                    self._accept_now[fd] = self.time() + MOST
                    self._add_reader(  # type: ignore[attr-defined]
                        fd, self._accept_connection, protocol_factory, sock, sslcontext,
                        server, backlog, *rest)

            self.call_later(delay, listen_again)
            return
        super()._accept_connection(  # type: ignore[misc]
            without_nagle(protocol_factory), sock, sslcontext, server, 1, *rest)


def without_nagle(protocol_factory: Callable[[], Any]) -> Callable[[], Any]:
    """The factory, its connections sending each write at once (TCP_NODELAY)."""

    def make() -> Any:
        protocol = protocol_factory()
        made = protocol.connection_made

        def connection_made(transport: Any) -> None:
            sock = transport.get_extra_info("socket")
            if sock is not None:
                with contextlib.suppress(OSError):
                    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            made(transport)

        protocol.connection_made = connection_made
        return protocol

    return make

