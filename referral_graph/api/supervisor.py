"""The parent of `serve`'s workers, as small as a process can be: uvicorn's supervisor and
nothing else.

Why a process of its own: `serve` starts Neo4j, seeds an empty database and checks that no
shelter could be shown as public before any worker starts. That work imports the command
line, the importer, the data set's validation and the Neo4j driver, and the process kept
them: the parent of two workers held 110 MiB at 100,000 organizations while it did nothing
but watch them. So `serve` replaces itself with this module (``os.execv``: the same pid,
so Ctrl-C, the workers' parent check and a service manager all see one process), which
imports uvicorn alone (~25 MiB). What the parent must still do at the end, stop the Neo4j
that `serve` started, is imported when it is needed.

Run as ``python -m referral_graph.api.supervisor HOST PORT WORKERS STOP_NEO4J``; `serve`
prepares the workers' environment before (`api.serving.prepare_workers`).
"""

from __future__ import annotations

import os
import signal
import sys

from referral_graph.api.worker_loop import FACTORY

# How long a stopping worker lets requests in flight finish before it cancels them. Every
# answer takes well under a second, and a write cut short is rolled back whole (or, if its
# commit got through, found again by its client's retry), so waiting longer only keeps an
# orphaned worker on the port (CI, stop 24: one took over 10 s to stop).
GRACEFUL_SHUTDOWN_SECONDS = 3
# How long uvicorn's supervisor waits for a worker to answer its health ping before it
# kills the worker as hung. Its default, 5 s, killed a healthy worker at 100,000
# organizations: the first full gap report there keeps a worker busy for ~20 s, the ping's
# thread did not get its turn, and the kill dropped every request in flight on that worker
# and made its replacement load the projection again (~75 s). A worker stuck this long is
# still replaced.
WORKER_HEALTHCHECK_SECONDS = 120
WORKER_APP = "referral_graph.api.serving:worker_app"


def become(host: str, port: int, workers: int, *, stop_neo4j: bool) -> None:
    """Replace this process with the supervisor (never returns)."""
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(sys.executable, [sys.executable, "-m", __name__, host, str(port), str(workers),
                              "1" if stop_neo4j else "0"])


def stop_started_neo4j() -> None:
    """Stop the Neo4j that `serve` started, saying so (the messages `serve` prints)."""
    from referral_graph.config import Settings
    from referral_graph.console import out
    from referral_graph.neo4j_server import stop

    # The first stop on a machine also leaves Neo4j's record for its start-up cache
    # (neo4j_server/aot.py), which takes some seconds: say what is happening.
    out.print("Stopping Neo4j…")
    stop(Settings.from_env())
    out.print("Neo4j stopped.")


def supervise(host: str, port: int, workers: int, *, stop_neo4j: bool) -> None:
    import uvicorn

    # Ctrl-C must also reach the cleanup below when it arrives as SIGTERM.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        uvicorn.run(WORKER_APP, factory=True, workers=workers, host=host, port=port,
                    log_level="info", loop=FACTORY,
                    timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS,
                    timeout_worker_healthcheck=WORKER_HEALTHCHECK_SECONDS)
    finally:
        if stop_neo4j:
            stop_started_neo4j()


if __name__ == "__main__":
    h, p, n, stop = sys.argv[1:5]
    supervise(h, int(p), int(n), stop_neo4j=stop == "1")
