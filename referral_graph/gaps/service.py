"""Coverage reports on behalf of a caller: shared by the CLI, GraphQL and the report pages."""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import Any

import networkx as nx

from referral_graph import collector
from referral_graph.directory.answers import DateBasis
from referral_graph.gaps.report import CoverageReport, ReportDiff, coverage_report, diff_reports
from referral_graph.network.public import public_view
from referral_graph.network.snapshot import derived, graph_version
from referral_graph.reference.states import parse_states


class ReportError(ValueError):
    """A request naming an unknown state, service or organization; ``field`` names the
    argument ("states", "serviceTypes", "without", "before.without", …)."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


def report_for(
    G: nx.Graph,
    *,
    see_confidential: bool,
    states: Iterable[str] | None = None,
    services: Iterable[str] | None = None,
    without: Iterable[str] = (),
    as_of: dt.date | None = None,
    all_dates: bool = False,
) -> CoverageReport:
    """The report on the one date basis every surface shares: the date asked, else today;
    every record whatever its dates only when `all_dates` is asked for."""
    as_of = DateBasis.of(as_of, all_dates=all_dates).as_of
    graph = G if see_confidential else public_view(G)
    codes = parse_states(states, "states") if states else None
    unknown = [s for s in codes or () if s not in graph.graph.get("states", {})]
    if unknown:
        raise ReportError("states", f"unknown state(s) {', '.join(unknown)}")
    svc = list(services) if services else None
    bad = [s for s in svc or () if s not in graph.graph.get("services", {})]
    if bad:
        raise ReportError("serviceTypes", f"unknown service type(s) {', '.join(bad)}")
    closed = tuple(without)
    gone = [o for o in closed if o not in graph]
    if gone:
        raise ReportError("without", f"unknown organization(s) {', '.join(gone)}")
    key = (tuple(codes) if codes else None, tuple(svc) if svc else None, closed, as_of)
    return _remembered(graph, key, lambda: _computed(
        graph, states=codes, services=svc, without=closed, as_of=as_of))


def _computed(graph: nx.Graph, **kwargs: Any) -> CoverageReport:
    # One process: the service runs threads (uvicorn, the Neo4j driver), and a fork of a
    # threaded process may inherit a held lock. A report at 100k makes millions of
    # short-lived sets and tuples, and the cycle collector's passes over the projection it
    # triggers cost ~2 s of a first report's 8 (see `collector`).
    with collector.paused():
        return coverage_report(graph, workers=1, **kwargs)


_MEMO_KEY = "gaps_reports"  # derived entry of the graph: (version, reports, being computed)
_MEMO_SIZE = 8
_MEMO_LOCK = threading.Lock()


def _remembered(graph: nx.Graph, key: Hashable, compute: Callable[[], CoverageReport]
                ) -> CoverageReport:
    """The report for ``key`` on this version of ``graph``, computed once.

    One request may ask for the same report twice (a what-if page asks for the report and
    for what it changes), and analysts open the same report again; the projection's version
    changes at every edit, which forgets them all. Callers asking for a report while it is
    being computed wait for it: at 100k organizations a first report costs seconds of CPU,
    and eight callers each computing it took eight times as long. Different reports are
    still computed side by side.
    """
    version = graph_version(graph)
    store = derived(graph)
    with _MEMO_LOCK:
        held = store.get(_MEMO_KEY)
        if held is None or held[0] != version:
            held = store.put(_MEMO_KEY, (version, OrderedDict(), {}))
        memo: OrderedDict[Hashable, CoverageReport] = held[1]
        computing: dict[Hashable, threading.Lock] = held[2]
        if key in memo:
            memo.move_to_end(key)
            return memo[key]
        mine = computing.setdefault(key, threading.Lock())
    with mine:  # the first caller computes; the others wait here, then find it in the memo
        with _MEMO_LOCK:
            if key in memo:
                memo.move_to_end(key)
                return memo[key]
        try:
            report = compute()
            with _MEMO_LOCK:
                memo[key] = report
                while len(memo) > _MEMO_SIZE:
                    memo.popitem(last=False)
        finally:
            with _MEMO_LOCK:
                computing.pop(key, None)
        return report


@dataclass(frozen=True)
class Comparison:
    """Two reports over the same states and services, and the cells that changed."""

    before: CoverageReport
    after: CoverageReport
    diff: ReportDiff

    def org_name(self, oid: str) -> str:
        """An organization's name from whichever report names it (a closed one may be in
        ``before`` only)."""
        return (self.after if oid in self.after.orgs else self.before).org_name(oid)


def compare_for(
    G: nx.Graph,
    *,
    see_confidential: bool,
    states: Iterable[str] | None = None,
    services: Iterable[str] | None = None,
    before_without: Iterable[str] = (),
    before_as_of: dt.date | None = None,
    without: Iterable[str] = (),
    as_of: dt.date | None = None,
    all_dates: bool = False,
    before_all_dates: bool | None = None,
) -> Comparison:
    """The report before and after a change (organizations closing, time passing), and
    the new and closed gaps between them. Each state's network is analysed once per
    distinct content, so the second report mostly reuses the first one's work.

    Each side has its date basis (the date given, else today; or every record with
    ``all_dates``); the first side takes the second's when it gives none, so that a what-if
    compares the same day with and without the organizations closed."""
    states = list(states) if states else None
    services = list(services) if services else None
    if before_as_of is None and before_all_dates is None:
        before_as_of, before_all_dates = as_of, all_dates
    sides = {}
    for side, closed, day, every in (("before", before_without, before_as_of,
                                      bool(before_all_dates)),
                                     ("after", without, as_of, all_dates)):
        try:
            sides[side] = report_for(G, see_confidential=see_confidential, states=states,
                                     services=services, without=closed, as_of=day,
                                     all_dates=every)
        except ReportError as e:  # name the side: "before.without: unknown organization x"
            if e.field != "without":
                raise
            raise ReportError(f"{side}.without", e.problem) from None
    return Comparison(sides["before"], sides["after"],
                      diff_reports(sides["before"], sides["after"]))


def what_if_for(
    G: nx.Graph,
    *,
    see_confidential: bool,
    states: Iterable[str] | None = None,
    services: Iterable[str] | None = None,
    without: Iterable[str] = (),
    as_of: dt.date | None = None,
    all_dates: bool = False,
) -> tuple[CoverageReport, Comparison | None]:
    """The report; when it closes organizations (``without``), also what their closing
    changes, against the same report with them open."""
    without = tuple(without)
    if not without:
        return report_for(G, see_confidential=see_confidential, states=states,
                          services=services, as_of=as_of, all_dates=all_dates), None
    cmp = compare_for(G, see_confidential=see_confidential, states=states, services=services,
                      without=without, as_of=as_of, all_dates=all_dates)
    return cmp.after, cmp


def newest_evidence(report: CoverageReport) -> dt.date | None:
    """The newest date among the records behind the report's cells."""
    from referral_graph.directory.answers import newest

    dates = [d for c in report.cells.values() for p in c.provisions
             for d in (p.active_from, p.active_to, *(s.date for s in p.sources))]
    dates += [d for o in report.orgs.values() for d in (o.active_from, o.active_to)]
    return newest(dates)
