"""Today's coverage reports, prepared in the background once the data has settled.

Why: at 100,000 organizations a first report costs seconds of CPU (~10 s for the public
one, its anonymised view included; ~7 s for staff's), and the analyst who asked first after
a load or an edit waited that long. A report depends on nothing but the projection's
version and the date, so each worker prepares today's default reports (every state and
service; public, then staff) once its snapshot has stayed the same for `Preparer.settle`
seconds. The reports' memo (`gaps.service`) then serves them, and a request that arrives
while one is being prepared waits for that computation instead of starting its own.

What it costs: the same CPU a first request would have spent, once per settled version,
off the event loop. While changes keep coming (a run of edits) nothing is prepared; a
change that leaves the graph as it was (`Snapshot.with_version`) prepares nothing again.
It never loads the projection: it only looks at the snapshot already published.

Then it runs the other domains' preparations (`also`: the directory's and the planner's
per-version lists, `directory.prepare`, `referrals.prepare`), one step at a time, stopping
as soon as the snapshot changes or the preparer is stopped: lists of a graph nobody reads
any more are not worth finishing.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable, Iterator, Sequence

import networkx as nx

from referral_graph.gaps.model import CoverageReport
from referral_graph.gaps.service import report_for
from referral_graph.network.snapshot import Snapshot, graph_version

log = logging.getLogger(__name__)


class Preparer:
    """Watches the published snapshot (`snapshot()`, None before the first load) and
    prepares today's reports for each version that settles; `step` is one look."""

    def __init__(self, snapshot: Callable[[], Snapshot | None], *, settle: float = 3.0,
                 every: float = 1.0, today: Callable[[], dt.date] = dt.date.today,
                 clock: Callable[[], float] = time.monotonic,
                 after: Callable[[nx.Graph, CoverageReport], None] | None = None,
                 also: Sequence[Callable[[nx.Graph, dt.date], Iterator[None]]] = (),
                 then: Callable[[], None] | None = None) -> None:
        self._snapshot = snapshot
        self._after = after  # what else to make of each prepared report (its answers)
        self._also = tuple(also)  # other preparations, in steps, after the reports
        self._then = then  # once all is prepared (`projection.settle`: out of the collector)
        self.settle = settle
        self.every = every
        self._today = today
        self._clock = clock
        self._seen: tuple[nx.Graph, int, dt.date] | None = None
        self._since = 0.0
        self._done: tuple[nx.Graph, int, dt.date] | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.prepared = 0  # versions prepared (read by tests and the operator's curiosity)

    def step(self) -> bool:
        """Prepare the reports if the snapshot is new to them and has settled; True when
        it did."""
        snap = self._snapshot()
        if snap is None:
            return False
        seen = (snap.graph, graph_version(snap.graph), self._today())
        now = self._clock()
        if self._seen is None or not _same(seen, self._seen):
            self._seen, self._since = seen, now
        if (self._done is not None and _same(seen, self._done)) or now - self._since < self.settle:
            return False
        self._done = seen
        for see_confidential in (False, True):
            try:
                report = report_for(snap.graph, see_confidential=see_confidential)
                if self._after is not None:
                    self._after(snap.graph, report)
            except Exception:  # a report a request would then compute (and fail) itself
                log.exception("could not prepare today's coverage report")
                return False
        for prepare in self._also:
            try:
                for _ in prepare(snap.graph, seen[2]):
                    if self._stop.is_set() or self._moved(seen):
                        return False
            except Exception:  # lists a request would then make (and fail on) itself
                log.exception("could not prepare %s", getattr(prepare, "__module__", prepare))
                return False
        if self._then is not None:
            self._then()
        self.prepared += 1
        return True

    def _moved(self, seen: tuple[nx.Graph, int, dt.date]) -> bool:
        now = self._snapshot()
        return now is None or not _same((now.graph, graph_version(now.graph), seen[2]), seen)

    def start(self) -> None:
        """Look every `every` seconds from a daemon thread until `stop`."""
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="report-preparer", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2)  # a daemon: a stopping worker need not wait on it
            self._thread = None

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            self.step()


def _same(a: tuple[nx.Graph, int, dt.date], b: tuple[nx.Graph, int, dt.date]) -> bool:
    # The graph by identity: a new snapshot's graph is a new object, even at one version.
    return a[0] is b[0] and a[1:] == b[1:]
