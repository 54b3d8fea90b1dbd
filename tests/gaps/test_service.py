"""Reports on behalf of a caller: checked input, and each report computed once per version."""

from __future__ import annotations

import networkx as nx
import pytest

from referral_graph.gaps.service import ReportError, compare_for, report_for, what_if_for
from referral_graph.network.projection import mark_changed
from referral_graph.reference.states import StateError
from tests.gaps.conftest import SERVICES, org


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
    staff = report_for(graph, see_confidential=True, services=SERVICES)
    public = report_for(graph, see_confidential=False, services=SERVICES)
    assert public is not staff


def test_bad_input_names_the_field(graph: nx.Graph) -> None:
    with pytest.raises(StateError, match=r"^states: 'ZZZ' is not a Mexican state"):
        report_for(graph, see_confidential=True, states=["ZZZ"])
    with pytest.raises(ReportError, match=r"^serviceTypes: unknown service type\(s\) x$"):
        report_for(graph, see_confidential=True, services=["x"])
    with pytest.raises(ReportError, match=r"^after\.without: unknown organization\(s\) z$"):
        compare_for(graph, see_confidential=True, without=["z"])
