"""Reports on behalf of a caller: checked input, and each report computed once per version,
once for all the callers asking for it at the same time."""

from __future__ import annotations

import dataclasses
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import networkx as nx
import pytest

from referral_graph.gaps import service
from referral_graph.gaps.service import ReportError, compare_for, report_for, what_if_for
from referral_graph.network.public import CONFIDENTIAL_NAME
from referral_graph.network.snapshot import mark_changed
from referral_graph.reference.states import StateError
from tests.gaps.conftest import SERVICES, org, tie


def test_the_same_report_is_computed_once_per_version(graph: nx.Graph) -> None:
    first = report_for(graph, see_confidential=True, services=SERVICES, without=["proj"])
    again = report_for(graph, see_confidential=True, services=list(SERVICES),
                       without=iter(["proj"]))
    assert again is first
    assert report_for(graph, see_confidential=True, services=SERVICES) is not first
    # A what-if asks for the after-report twice (the page and its changes): once computed.
    report, cmp = what_if_for(graph, see_confidential=True, services=SERVICES,
                              without=["proj"])
    assert report is first and cmp is not None and cmp.after is first


def test_an_edit_forgets_the_reports(graph: nx.Graph) -> None:
    before = report_for(graph, see_confidential=True, services=SERVICES)
    assert before.cell("MX-PUE", "medical").providers == ()
    org(graph, "clinic", "MX-PUE", "medical")
    mark_changed(graph, ["clinic"])
    after = report_for(graph, see_confidential=True, services=SERVICES)
    assert after is not before and after.cell("MX-PUE", "medical").providers == ("clinic",)


def test_public_and_staff_reports_are_kept_apart(graph: nx.Graph) -> None:
    # A confidential shelter in Puebla, tied to the clique there.
    org(graph, "refuge", "MX-PUE", "medical", name="Refugio Secreto")
    node = graph.nodes["refuge"]
    node["org"] = dataclasses.replace(node["org"], kind="shelter", confidential=True,
                                      city="Ciudad Secreta")
    tie(graph, "refuge", "a")
    staff = report_for(graph, see_confidential=True, services=SERVICES)
    public = report_for(graph, see_confidential=False, services=SERVICES)
    # Each caller gets its own report, asked in either order, whatever is remembered.
    assert report_for(graph, see_confidential=True, services=SERVICES) is staff
    assert report_for(graph, see_confidential=False, services=SERVICES) is public
    assert staff.cell("MX-PUE", "medical").providers == ("refuge",)
    assert staff.org_name("refuge") == "Refugio Secreto"
    [hidden] = public.cell("MX-PUE", "medical").providers
    assert hidden != "refuge" and public.org_name(hidden) == CONFIDENTIAL_NAME
    assert "refuge" not in public.orgs
    assert "Secret" not in repr(public) + repr(list(public.orgs.values()))
    # Anonymised, not dropped: the public report shows the same statuses.
    assert {k: c.status for k, c in public.cells.items()} == {
        k: c.status for k, c in staff.cells.items()}


def test_bad_input_names_the_field(graph: nx.Graph) -> None:
    with pytest.raises(StateError, match=r"^states: 'ZZZ' is not a Mexican state"):
        report_for(graph, see_confidential=True, states=["ZZZ"])
    with pytest.raises(ReportError, match=r"^serviceTypes: unknown service type\(s\) x$"):
        report_for(graph, see_confidential=True, services=["x"])
    with pytest.raises(ReportError, match=r"^after\.without: unknown organization\(s\) z$"):
        compare_for(graph, see_confidential=True, without=["z"])


def _counting(monkeypatch: pytest.MonkeyPatch, pause: float,
              barrier: threading.Barrier | None = None) -> list[object]:
    """Replace the report's computation with one that records each call and takes a while
    (long enough for the other callers to arrive while it runs)."""
    calls: list[object] = []
    real = service.coverage_report

    def slow(*args: object, **kwargs: object) -> object:
        calls.append(kwargs.get("services"))
        if barrier is not None:
            barrier.wait(timeout=10)  # only passes if another report is computed meanwhile
        time.sleep(pause)
        return real(*args, **kwargs)

    monkeypatch.setattr(service, "coverage_report", slow)
    return calls


def test_callers_asking_at_once_share_one_computation(graph: nx.Graph,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _counting(monkeypatch, pause=0.3)
    with ThreadPoolExecutor(6) as pool:
        reports = list(pool.map(
            lambda _: report_for(graph, see_confidential=True, services=SERVICES), range(6)))
    assert len(calls) == 1
    assert all(r is reports[0] for r in reports)


def test_different_reports_are_still_computed_side_by_side(
        graph: nx.Graph, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _counting(monkeypatch, pause=0, barrier=threading.Barrier(2))
    with ThreadPoolExecutor(2) as pool:
        medical, legal = pool.map(
            lambda svc: report_for(graph, see_confidential=True, services=[svc]),
            ["medical", "legal_aid"])
    assert sorted(map(str, calls)) == ["['legal_aid']", "['medical']"]
    assert medical.services != legal.services


def test_a_failed_computation_is_not_kept_and_the_next_caller_computes(
        graph: nx.Graph, monkeypatch: pytest.MonkeyPatch) -> None:
    real = service.coverage_report
    monkeypatch.setattr(service, "coverage_report",
                        lambda *a, **k: (_ for _ in ()).throw(RuntimeError("boom")))
    with pytest.raises(RuntimeError, match="boom"):
        report_for(graph, see_confidential=True, services=SERVICES)
    monkeypatch.setattr(service, "coverage_report", real)
    assert report_for(graph, see_confidential=True, services=SERVICES).services
