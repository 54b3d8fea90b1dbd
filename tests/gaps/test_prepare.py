"""Today's coverage reports prepared in the background (`gaps.prepare`): once per settled
version, never while changes keep coming, and then served to requests without computing."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator

import networkx as nx
import pytest

from referral_graph.gaps import prepare, service
from referral_graph.gaps.prepare import Preparer
from referral_graph.gaps.service import report_for
from referral_graph.network.snapshot import Draft, Snapshot, mark_changed, per_version
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


def test_the_directory_and_planner_lists_are_made_after_the_reports(graph: nx.Graph) -> None:
    from referral_graph.directory.prepare import prepare as prepare_directory
    from referral_graph.referrals.prepare import prepare as prepare_plans

    p = Preparer(lambda: Snapshot(graph, 1), settle=0.0,
                 also=(prepare_directory, prepare_plans))
    assert p.step() and p.prepared == 1
    pairs = {(s, st) for s in graph.graph["services"] for st in graph.graph["states"]}
    for memo in ("serving", "cold_order", "near_candidates"):
        assert set(per_version(graph, memo)) == pairs, memo


def test_the_ways_in_to_a_states_shelters_are_weighed_before_asked() -> None:
    from referral_graph.directory.prepare import prepare as prepare_directory
    from referral_graph.directory.providers import providers_in_state
    from referral_graph.network.model import (
        Evidence,
        OrgNode,
        Provision,
        ServiceInfo,
        StateInfo,
        TieKind,
    )

    day = dt.date(2009, 1, 1)
    G = nx.Graph(states={"MX-OAX": StateInfo("MX-OAX", "Oaxaca", "Oaxaca")},
                 services={"shelter": ServiceInfo("shelter", "Refugio", "Shelter")})
    G.add_node("s", org=OrgNode("s", "Refugio", "shelter", "civil_society",
                                frozenset({"MX-OAX"}), confidential=True),
               provisions=[Provision("sp", "s", "shelter", "stated")])
    G.add_node("n", org=OrgNode("n", "Red", "ngo", "civil_society", frozenset({"MX-OAX"})),
               provisions=[])
    G.add_edge("s", "n", evidence=[Evidence(TieKind.AGREEMENT, "a", "MOU", dt.date(2008, 1, 1))])
    p = Preparer(lambda: Snapshot(G, 1), settle=0.0, today=lambda: day,
                 also=(prepare_directory,))
    assert p.step()
    assert set(per_version(G, "public_ties")) == {("s", day)}
    kept = dict(per_version(G, "ways_in"))
    assert [o.id for o in next(iter(kept.values()))] == ["n"]
    # The public answer then reads what was prepared.
    answer = providers_in_state(G, "shelter", "MX-OAX", see_confidential=False, as_of=day)
    assert answer.confidential_via is next(iter(kept.values()))
    assert dict(per_version(G, "ways_in")) == kept


def test_a_preparation_stops_when_the_snapshot_changes(graph: nx.Graph) -> None:
    current = [Snapshot(graph, 1)]
    steps: list[tuple[nx.Graph, int]] = []

    def five_steps(g: nx.Graph, day: dt.date) -> Iterator[None]:
        for i in range(5):
            steps.append((g, i))
            if i == 1 and g is graph:  # an edit lands while the first lists are made
                draft = Draft(graph)
                org(draft.graph, "new", "MX-PUE", "medical")
                mark_changed(draft.graph, ["new"])
                current[0] = Snapshot(draft.graph, 2)
            yield

    clock, settled = Clock(), []
    p = Preparer(lambda: current[0], settle=1.0, clock=clock, also=(five_steps,),
                 then=lambda: settled.append(True))
    p.step()
    clock.now = 1.0
    assert not p.step() and [i for _, i in steps] == [0, 1] and p.prepared == 0
    assert settled == []  # nothing new is settled out of the collector for a stale graph
    clock.now = 3.0
    assert not p.step()  # the new version is seen, and must settle
    clock.now = 4.0  # it has: made again, whole, from the new graph
    assert p.step() and p.prepared == 1
    assert [i for _, i in steps] == [0, 1, 0, 1, 2, 3, 4]
    assert steps[0][0] is graph and steps[-1][0] is current[0].graph
    assert settled == [True]


def test_a_preparation_that_fails_is_logged_not_raised(graph: nx.Graph,
                                                       caplog: pytest.LogCaptureFixture) -> None:
    def broken(g: nx.Graph, day: dt.date) -> Iterator[None]:
        yield
        raise RuntimeError("boom")

    p = Preparer(lambda: Snapshot(graph, 1), settle=0.0, also=(broken,))
    assert not p.step()
    assert "could not prepare" in caplog.text and p.prepared == 0
