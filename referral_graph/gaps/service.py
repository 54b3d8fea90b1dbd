"""Coverage reports on behalf of a caller: shared by the CLI, GraphQL and the report pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import networkx as nx

from referral_graph.gaps.report import CoverageReport, coverage_report
from referral_graph.network.public import public_view
from referral_graph.referrals.service import normalize_state


class ReportError(ValueError):
    """A request naming an unknown state, service or organization."""


def report_for(
    G: nx.Graph,
    *,
    see_confidential: bool,
    states: Iterable[str] | None = None,
    services: Iterable[str] | None = None,
    without: Iterable[str] = (),
    as_of: dt.date | None = None,
) -> CoverageReport:
    graph = G if see_confidential else public_view(G)
    codes = [normalize_state(s) for s in states] if states else None
    unknown = [s for s in codes or () if s not in graph.graph.get("states", {})]
    if unknown:
        raise ReportError(f"states: unknown state(s) {', '.join(unknown)}")
    svc = list(services) if services else None
    bad = [s for s in svc or () if s not in graph.graph.get("services", {})]
    if bad:
        raise ReportError(f"serviceTypes: unknown service type(s) {', '.join(bad)}")
    gone = [o for o in without if o not in graph]
    if gone:
        raise ReportError(f"without: unknown organization(s) {', '.join(gone)}")
    # One process: the service runs threads (uvicorn, the Neo4j driver), and a fork of a
    # threaded process may inherit a held lock. One worker is under 2 s at 100k anyway.
    return coverage_report(graph, states=codes, services=svc, without=tuple(without),
                           as_of=as_of, workers=1)
