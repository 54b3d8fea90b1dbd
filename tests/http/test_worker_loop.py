"""The workers' event loop (`api/worker_loop.py`): connections opened together are shared
out between the workers sharing a listening socket, and each connection has Nagle's
algorithm off, though the listening socket is made the way uvicorn makes it for several
workers (no protocol number)."""

from __future__ import annotations

import asyncio
import socket
import threading
import time

import pytest
import uvicorn

from referral_graph.api.worker_loop import FACTORY, WorkerLoop

CLIENTS = 8


def _share(loop_class: type[asyncio.AbstractEventLoop], servers: int = 2
           ) -> tuple[list[int], set[int]]:
    """Open CLIENTS connections to `servers` loops (threads) sharing one listening socket:
    how many each loop took, and the TCP_NODELAY values their connections had."""
    listening = socket.socket(socket.AF_INET, socket.SOCK_STREAM)  # as uvicorn binds it
    listening.bind(("127.0.0.1", 0))
    listening.listen(100)
    port = listening.getsockname()[1]
    taken = [0] * servers
    nodelay: set[int] = set()
    ready = threading.Barrier(servers + 1)
    stop = threading.Event()

    def serve(i: int) -> None:
        loop = loop_class()

        class Counted(asyncio.Protocol):
            def connection_made(self, transport: asyncio.BaseTransport) -> None:
                sock = transport.get_extra_info("socket")
                nodelay.add(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
                taken[i] += 1

        async def main() -> None:
            server = await loop.create_server(Counted, sock=listening.dup())
            ready.wait()
            while not stop.is_set():
                await asyncio.sleep(0.005)
            server.close()

        try:
            loop.run_until_complete(main())
        finally:
            loop.close()

    threads = [threading.Thread(target=serve, args=(i,)) for i in range(servers)]
    for t in threads:
        t.start()
    ready.wait()
    clients = [socket.create_connection(("127.0.0.1", port)) for _ in range(CLIENTS)]
    deadline = time.monotonic() + 5
    while sum(taken) < CLIENTS and time.monotonic() < deadline:
        time.sleep(0.005)
    stop.set()
    for t in threads:
        t.join()
    for c in clients:
        c.close()
    listening.close()
    return taken, nodelay


def test_asyncio_leaves_nagle_on_for_such_a_socket() -> None:
    """Why the loop exists: the workers' connections kept Nagle's algorithm."""
    taken, nodelay = _share(asyncio.SelectorEventLoop, servers=1)
    assert taken == [CLIENTS] and nodelay == {0}


def test_each_connection_has_nagle_off() -> None:
    taken, nodelay = _share(WorkerLoop, servers=1)
    assert taken == [CLIENTS]  # a worker alone still takes every connection
    assert nodelay and 0 not in nodelay


@pytest.mark.parametrize("trial", range(5))
def test_connections_opened_together_are_shared_out(trial: int) -> None:
    taken, _ = _share(WorkerLoop)
    assert sum(taken) == CLIENTS and min(taken) >= CLIENTS // 2 - 1, taken


def test_uvicorn_makes_the_workers_loops_with_it() -> None:
    config = uvicorn.Config("referral_graph.api.serving:worker_app", loop=FACTORY, workers=2)
    assert config.get_loop_factory() is WorkerLoop
