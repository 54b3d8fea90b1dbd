"""How `referral-graph serve` runs the app: one process, or several uvicorn workers.

Several workers can serve one database because every write bumps the database's change
counter and each worker's projection follows it (`network.projection`, `store.changes`):
a write through one worker shows in the others within `Projection.follow_every`. What
else must agree across them:

- the pseudonym key (public ids of confidential shelters): made once, by the parent,
  before any worker starts (`auth.server_secret.load_key`), then read by each worker from
  the state directory, or given to all of them in ``REFERRAL_GRAPH_PSEUDONYM_SECRET``;
- the per-client rate limit of costly public fields: kept in one SQLite file under the
  state directory (`api.shared_limits`), so a client spends one budget whichever worker
  answers it;
- the counters of ``/metrics``: prometheus_client's multiprocess mode, one folder under
  the state directory, emptied at each start, summed at each scrape;
- public kept answers: one SQLite file under the state directory (`api.shared_answers`),
  emptied at each start, so a question one worker answered is not computed by another.

Projections are per worker, and so are kept answers in memory (`api.answer_cache`): each
worker holds its own projection (about 1 GiB at 100,000 organizations), which is what
bounds the default.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import sys
import threading
import time
from pathlib import Path

from fastapi import FastAPI

from referral_graph.config import Settings

METRICS_DIR = "metrics"
LIMITS_FILE = "rate-limits.sqlite"
ANSWERS_FILE = "answers.sqlite"
MAX_DEFAULT_WORKERS = 4


def default_workers(cores: int | None = None) -> int:
    """One worker per core, at most four (each holds its own projection in memory).

    >>> default_workers(1), default_workers(2), default_workers(16)
    (1, 2, 4)
    """
    cores = cores if cores is not None else (os.cpu_count() or 1)
    return max(1, min(cores, MAX_DEFAULT_WORKERS))


def shared_limits_file(settings: Settings) -> Path | None:
    """Where workers share rate limits; None for a single process (memory is enough)."""
    return settings.state_dir / LIMITS_FILE if (settings.workers or 1) > 1 else None


def shared_answers_file(settings: Settings) -> Path | None:
    """Where workers share public answers; None for a single process, or when answers are
    not kept (`REFERRAL_GRAPH_ANSWER_CACHE_MB` or `..._SHARED_ANSWERS_MB` 0)."""
    if (settings.workers or 1) <= 1 or not settings.answer_cache_mb \
            or not settings.shared_answers_mb:
        return None
    return settings.state_dir / ANSWERS_FILE


def prepare_workers(settings: Settings, workers: int) -> dict[str, str]:
    """In the parent, before workers start: the key made, the metrics folder emptied, and
    the environment the workers read (returned, and set in this process for them)."""
    from referral_graph.auth.server_secret import load_key

    load_key(settings)  # made here once: two workers creating it at once could disagree
    env = {"REFERRAL_GRAPH_WORKERS": str(workers)}
    if workers > 1:
        metrics = settings.state_dir / METRICS_DIR
        shutil.rmtree(metrics, ignore_errors=True)
        metrics.mkdir(parents=True, mode=0o700)
        env["PROMETHEUS_MULTIPROC_DIR"] = str(metrics)
        limits = settings.state_dir / LIMITS_FILE
        limits.unlink(missing_ok=True)  # windows of a previous run are not this one's
        for suffix in ("", "-wal", "-shm"):  # answers of a previous run: maybe older code
            (settings.state_dir / (ANSWERS_FILE + suffix)).unlink(missing_ok=True)
    os.environ.update(env)
    return env


def tune_process() -> None:
    """Per process: a short switch interval, so the event loop takes the interpreter back
    soon from the threads that run operations (api/graphql/schema.py), and allocator
    settings that give large freed buffers back (api/memory.py)."""
    from referral_graph.api.memory import tune

    sys.setswitchinterval(0.001)
    tune()


def warm(app: FastAPI) -> threading.Thread:
    """Load the projection in the background: the first questions do not wait for it, and
    kept answers have a data version to be kept for from the start."""

    def load() -> None:
        with contextlib.suppress(Exception):  # the first request that needs it reports it
            app.state.projection().current()

    thread = threading.Thread(target=load, name="projection-warm-up", daemon=True)
    thread.start()
    return thread


def exit_with_supervisor(every: float = 0.5) -> threading.Thread:
    """A worker stops when the `serve` process that started it is gone.

    Why: a supervisor killed outright (SIGKILL, the OOM killer) cannot stop its workers,
    and orphaned workers would go on answering on the shared socket with nobody to stop
    them, and keep the port from the next `serve`. The kernel re-parents an orphan, so a
    change of parent pid is the sign; the worker then stops as on Ctrl-C (SIGTERM:
    requests in flight finish).
    """
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(every)
        os.kill(os.getpid(), signal.SIGTERM)

    thread = threading.Thread(target=watch, name="supervisor-watch", daemon=True)
    thread.start()
    return thread


def worker_app() -> FastAPI:
    """The app of one uvicorn worker (``uvicorn --factory``): settings from the environment
    the parent prepared."""
    from referral_graph.api.app import create_app

    tune_process()
    exit_with_supervisor()
    app = create_app(Settings.from_env())
    warm(app)
    return app
