"""Today's coverage reports prepared in the background (`gaps.prepare`): once per settled
version, never while changes keep coming, and then served to requests without computing."""

from __future__ import annotations

import datetime as dt
import time

import networkx as nx
import pytest

from referral_graph.gaps import prepare, service
from referral_graph.gaps.prepare import Preparer
from referral_graph.gaps.service import report_for
from referral_graph.network.snapshot import Draft, Snapshot, mark_changed
from tests.gaps.conftest import org


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def computed(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """One item per report computed."""
    calls: list[bool] = []
    real = service._computed

    def counting(graph: nx.Graph, **kwargs: object) -> object:
        calls.append(True)
        return real(graph, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(service, "_computed", counting)
    return calls


def test_prepared_once_the_version_settles_then_served(graph: nx.Graph,
                                                       computed: list[bool]) -> None:
    snap: list[Snapshot | None] = [None]
    clock = Clock()
    p = Preparer(lambda: snap[0], settle=3.0, clock=clock)
    assert not p.step()  # nothing loaded yet: nothing to prepare, and nothing loaded
    snap[0] = Snapshot(graph, 1)
    assert not p.step()  # just published
    clock.now = 2.9
    assert not p.step() and computed == []
    clock.now = 3.0
    assert p.step() and len(computed) == 2 and p.prepared == 1
    # A request for today's report, public or staff, is then served what was prepared.
    report_for(graph, see_confidential=False)
    report_for(graph, see_confidential=True)
    assert len(computed) == 2
    clock.now = 60.0
    assert not p.step()  # the same version: nothing again
    snap[0] = snap[0].with_version(2)  # a change that left the graph as it was
    assert not p.step() and len(computed) == 2


def test_nothing_is_prepared_while_changes_keep_coming(graph: nx.Graph,
                                                      computed: list[bool]) -> None:
    clock = Clock()
    current = [graph]
    p = Preparer(lambda: Snapshot(current[0], 1), settle=3.0, clock=clock)
    for second in range(10):  # an edit every second
        draft = Draft(current[0])
        org(draft.graph, f"new-{second}", "MX-PUE", "medical")
        mark_changed(draft.graph, [f"new-{second}"])
        current[0] = draft.graph
        clock.now = float(second)
        assert not p.step()
    assert computed == []
    clock.now = 12.5
    assert p.step() and len(computed) == 2
    assert report_for(current[0], see_confidential=True).cell(
        "MX-PUE", "medical").providers[-1:] == ("new-9",)


def test_a_new_day_prepares_the_new_days_reports(graph: nx.Graph,
                                                 computed: list[bool]) -> None:
    clock, day = Clock(), [dt.date(2026, 11, 27)]
    p = Preparer(lambda: Snapshot(graph, 1), settle=1.0, clock=clock, today=lambda: day[0])
    p.step()
    clock.now = 1.0
    assert p.step()
    day[0] = dt.date(2026, 11, 28)
    assert not p.step()
    clock.now = 2.0
    assert p.step() and p.prepared == 2


def test_a_report_that_fails_is_logged_not_raised(graph: nx.Graph,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  caplog: pytest.LogCaptureFixture) -> None:
    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(prepare, "report_for", broken)
    clock = Clock()
    p = Preparer(lambda: Snapshot(graph, 1), settle=0.0, clock=clock)
    assert not p.step()
    assert "could not prepare" in caplog.text and p.prepared == 0
    assert not p.step()  # not retried for the same version, in a loop


def test_the_thread_prepares_and_stops(graph: nx.Graph, computed: list[bool]) -> None:
    p = Preparer(lambda: Snapshot(graph, 1), settle=0.0, every=0.01)
    p.start()
    try:
        deadline = time.monotonic() + 10
        while p.prepared == 0 and time.monotonic() < deadline:
            time.sleep(0.01)
    finally:
        p.stop()
    assert p.prepared == 1 and len(computed) == 2


def test_each_prepared_report_is_handed_on(graph: nx.Graph) -> None:
    made: list[tuple[nx.Graph, object]] = []
    p = Preparer(lambda: Snapshot(graph, 1), settle=0.0,
                 after=lambda g, report: made.append((g, report)))
    assert p.step()
    assert [g for g, _ in made] == [graph, graph]
    assert made[0][1] is report_for(graph, see_confidential=False)
    assert made[1][1] is report_for(graph, see_confidential=True)
