"""Forked workers and the per-state cache: the same report, whoever computes it, and only the
changed states analysed again."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import networkx as nx
import pytest

from referral_graph.gaps import coverage_report, refresh_state
from referral_graph.gaps import report as report_module
from referral_graph.gaps.parallel import can_fork, fork_map
from referral_graph.gaps.report import CoverageReport
from referral_graph.network.model import Provision
from referral_graph.network.synthetic import SOURCE, synthetic_network
from tests.gaps.conftest import SERVICES, SRC, STATES

needs_fork = pytest.mark.skipif(not can_fork(), reason="no fork on this platform")


def same(a: CoverageReport, b: CoverageReport) -> None:
    assert a.states == b.states and a.services == b.services
    assert list(a.cells) == list(b.cells) and a.cells == b.cells
    assert list(a.details) == list(b.details) and a.details == b.details
    assert a.summary == b.summary and a.orgs == b.orgs


@needs_fork
def test_fork_map_runs_every_item_in_other_processes() -> None:
    out = dict(fork_map(lambda x: (x * x, os.getpid()), range(8), workers=2))
    assert {x: sq for x, (sq, _) in out.items()} == {x: x * x for x in range(8)}
    assert os.getpid() not in {pid for _, pid in out.values()}


def test_fork_map_with_one_worker_stays_here() -> None:
    out = dict(fork_map(lambda x: os.getpid(), [1, 2], workers=1))
    assert set(out.values()) == {os.getpid()}


@needs_fork
def test_fork_map_raises_what_a_worker_raised() -> None:
    def fail(x: int) -> int:
        if x == 3:
            raise ValueError("three")
        return x

    with pytest.raises(ValueError, match="three"):
        list(fork_map(fail, range(5), workers=2))


@needs_fork
def test_fork_map_finishes_here_when_a_worker_dies() -> None:
    here = os.getpid()

    def die_in_a_worker(x: int) -> int:
        if x == 2 and os.getpid() != here:
            os._exit(1)
        return x * 10

    assert sorted(fork_map(die_in_a_worker, range(6), workers=2)) == [
        (x, x * 10) for x in range(6)]


@pytest.fixture
def forked(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Process ids that analysed a state during the test."""
    pids: list[int] = []

    def spy(fn: Callable[[Any], Any], items: Sequence[Any], *, workers: int
            ) -> Iterator[tuple[Any, Any]]:
        for item, (pid, out) in fork_map(lambda x: (os.getpid(), fn(x)), items,
                                         workers=workers):
            pids.append(pid)
            yield item, out

    monkeypatch.setattr(report_module, "fork_map", spy)
    return pids


@needs_fork
@pytest.mark.parametrize("kw", [{}, {"without": ["syn-000042"]}])
def test_parallel_report_equals_serial(forked: list[int], kw: dict[str, Any]) -> None:
    serial = coverage_report(synthetic_network(3000, seed=2), workers=1, **kw)
    assert set(forked) == {os.getpid()}
    forked.clear()
    parallel = coverage_report(synthetic_network(3000, seed=2), workers=2, **kw)
    assert len(forked) == 32 and os.getpid() not in forked  # every state, in the workers
    same(serial, parallel)


@needs_fork
def test_states_whose_network_changed_are_shared_among_workers(forked: list[int]) -> None:
    G = synthetic_network(3000, seed=2)
    coverage_report(G, workers=2)
    forked.clear()
    day = dt.date(2007, 1, 1)  # drops the later ties: every state's network changes
    dated = coverage_report(G, as_of=day, workers=2)
    assert len(forked) == 32 and os.getpid() not in forked
    same(dated, coverage_report(synthetic_network(3000, seed=2), as_of=day, workers=1))


@needs_fork
def test_large_reports_fork_by_themselves(forked: list[int],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(report_module, "PARALLEL_MIN_ORGS", 1000)
    monkeypatch.setattr(report_module, "cpus", lambda: 2)
    coverage_report(synthetic_network(1500, seed=3))
    assert forked and os.getpid() not in forked
    forked.clear()
    monkeypatch.setattr(report_module, "PARALLEL_MIN_ORGS", 2000)
    coverage_report(synthetic_network(1500, seed=3))
    assert set(forked) == {os.getpid()}


def structures(r: CoverageReport) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Each state's components tuple: the very object the cached analysis holds."""
    return {s: d.components for s, d in r.details.items()}


def test_second_report_reuses_every_analysis(graph: nx.Graph, forked: list[int]) -> None:
    first = coverage_report(graph, services=SERVICES)
    assert len(forked) == len(STATES)
    forked.clear()
    second = coverage_report(graph, services=SERVICES)
    assert forked == []  # nothing analysed again
    assert all(structures(second)[s] is structures(first)[s] for s in STATES)
    same(first, second)


def test_a_new_provision_keeps_the_analysis_but_changes_the_cell(graph: nx.Graph) -> None:
    before = coverage_report(graph, services=SERVICES)
    graph.nodes["hub"]["provisions"].append(
        Provision("hub-medical", "hub", "medical", "stated", sources=(SRC,)))
    after = coverage_report(graph, services=SERVICES)
    assert all(structures(after)[s] is structures(before)[s] for s in STATES)
    assert after.cell("MX-OAX", "medical").providers == ("hub", "m1")


def test_an_edit_reanalyses_only_its_state(graph: nx.Graph) -> None:
    before = coverage_report(graph, services=SERVICES)
    graph.remove_edge("hub", "s1")
    after = coverage_report(graph, services=SERVICES)
    for s in STATES:
        assert (structures(after)[s] is structures(before)[s]) == (s != "MX-OAX")
    fresh = nx.Graph(graph)  # a copy shares no cache
    fresh.graph = {k: v for k, v in graph.graph.items() if not k.startswith("_")}
    same(after, coverage_report(fresh, services=SERVICES))


def test_a_what_if_reanalyses_only_the_closed_orgs_states(graph: nx.Graph) -> None:
    base = coverage_report(graph, services=SERVICES)
    what_if = coverage_report(graph, services=SERVICES, without=["hub"])
    for s in STATES:
        assert (structures(what_if)[s] is structures(base)[s]) == (s != "MX-OAX")
    again = coverage_report(graph, services=SERVICES)  # the first analysis is still cached
    assert all(structures(again)[s] is structures(base)[s] for s in STATES)


@needs_fork
def test_refresh_after_parallel_report_matches_a_full_one() -> None:
    G = synthetic_network(3000, seed=5)
    r = coverage_report(G, workers=2)
    state = "MX-OAX"
    members = sorted(v for v, d in G.nodes(data=True) if state in d["org"].states)
    G.nodes[members[0]]["provisions"].append(
        Provision("t-1", members[0], "rescue", "stated", sources=(SOURCE,)))
    G.remove_node(members[1])
    refreshed = refresh_state(r, G, state)
    full = coverage_report(synthetic_like(G), workers=1)
    assert refreshed.details[state] == full.details[state]
    assert {k: c for k, c in refreshed.cells.items() if k[0] == state} == {
        k: c for k, c in full.cells.items() if k[0] == state}


def synthetic_like(G: nx.Graph) -> nx.Graph:
    """The same network with no cache attached."""
    H = nx.Graph(G)
    H.graph = {k: v for k, v in G.graph.items() if not k.startswith("_")}
    return H

