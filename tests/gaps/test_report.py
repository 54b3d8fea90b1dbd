"""The full report on hand-built graphs: every cell's status, what-ifs, dates, diffs, refresh."""

from __future__ import annotations

import datetime as dt
from typing import Any

import networkx as nx

from referral_graph.gaps import (
    Status,
    coverage_report,
    diff_reports,
    refresh_state,
)
from referral_graph.gaps.classify import Anchor
from referral_graph.gaps.report import CoverageReport
from referral_graph.network.model import Provision
from tests.gaps.conftest import EXPECTED, SERVICES, SRC, STATES, org, tie


def report(G: nx.Graph, **kw: Any) -> CoverageReport:
    return coverage_report(G, services=SERVICES, **kw)


def statuses(r: CoverageReport) -> dict[tuple[str, str], Status]:
    return {k: c.status for k, c in r.cells.items()}


def test_every_cell_has_its_known_status(graph: nx.Graph) -> None:
    r = report(graph)
    assert r.states == STATES and r.services == SERVICES
    got = {s: {svc: r.cell(s, svc).status for svc in SERVICES} for s in STATES}
    assert got == EXPECTED


def test_cells_name_providers_and_why(graph: nx.Graph) -> None:
    r = report(graph)
    shelter = r.cell("MX-OAX", "shelter")
    assert shelter.providers == ("s1", "s2") and shelter.linked == ("s1", "s2")
    assert shelter.separators == ("hub", "tf1") and shelter.bridges == (("hub", "tf1"),)
    assert shelter.anchor == Anchor.COLLABORATIONS
    assert [x.code for x in shelter.reasons] == ["separator", "bridge"]
    assert shelter.sources == (SRC,)
    legal = r.cell("MX-OAX", "legal_aid")
    assert legal.providers == ("l1", "l2", "proj") and legal.national == ("proj",)
    medical = r.cell("MX-OAX", "medical")
    assert medical.flags == (Status.DISCONNECTED, Status.SINGLE_POINT)
    chh = r.cell("MX-CHH", "prosecution")
    assert chh.anchor == Anchor.NONE
    assert chh.flags == (Status.DISCONNECTED, Status.SINGLE_POINT, Status.THIN)
    pue = r.cell("MX-PUE", "shelter")
    assert pue.separators == ("d", "c") and pue.anchor == Anchor.NETWORK


def test_summary_counts_states_and_says_recorded(graph: nx.Graph) -> None:
    r = report(graph)
    first = r.summary[0]
    assert first.status == Status.GAP
    gaps_by_service = {ln.service: ln.states for ln in r.summary if ln.status == Status.GAP}
    assert gaps_by_service["medical"] == ("MX-CHH", "MX-GRO", "MX-PUE", "MX-YUC")
    line = next(ln for ln in r.summary if ln.status == Status.GAP and ln.service == "medical")
    assert line.en == "4 states have no provider of service medical recorded"
    assert line.es == "4 estados sin ningún proveedor de servicio medical registrado"
    assert r.counts()[Status.GAP] == sum(
        1 for row in EXPECTED.values() for st in row.values() if st == Status.GAP)


def test_detail_law_collaborations_brokers_isolated(graph: nx.Graph) -> None:
    d = report(graph).details["MX-OAX"]
    assert (d.law_status, d.law_date) == ("partial", dt.date(2008, 5, 1))
    assert [(c.id, c.kind, c.members) for c in d.collaborations] == [("tf-oax", "task_force", 2)]
    assert d.isolated == ("m1",)
    assert d.brokers[0].org == "tf1"
    assert d.articulation_points == ("hub", "tf1", "tf2")
    assert d.orgs == 10 and d.ties == 9 and d.core == 9
    assert report(graph, as_of=dt.date(2008, 1, 1)).details["MX-OAX"].notes[0].code == (
        "law_after_date")


def test_what_if_closing_proj_leaves_exactly_its_gaps(graph: nx.Graph) -> None:
    before = report(graph)
    after = report(graph, without=["proj"])
    diff = diff_reports(before, after)
    gaps = {(c.state, c.service) for c in diff.new_gaps}
    assert gaps == {("MX-GRO", "legal_aid"), ("MX-YUC", "legal_aid"), ("MX-CHH", "legal_aid")}
    assert {(c.state, c.service) for c in diff.changed} == gaps
    assert all(c.before == Status.SINGLE_POINT for c in diff.new_gaps)
    assert diff.closed_gaps == () and diff.improved == ()
    assert diff.worsened == diff.changed
    assert after.without == ("proj",)
    assert "proj" not in after.cell("MX-OAX", "legal_aid").providers


def test_what_if_closing_the_hub(graph: nx.Graph) -> None:
    diff = diff_reports(report(graph), report(graph, without=["hub"]))
    assert [(c.state, c.service, c.after) for c in diff.changed] == [
        ("MX-OAX", "shelter", Status.DISCONNECTED)]
    assert diff.new_gaps == ()


def test_as_of_drops_closed_orgs_and_ended_ties(graph: nx.Graph) -> None:
    r = report(graph, as_of=dt.date(2009, 6, 1))
    diff = diff_reports(report(graph), r)
    assert {(c.state, c.service, c.after) for c in diff.changed} == {
        ("MX-OAX", "shelter", Status.DISCONNECTED),  # the hub's agreement ended in 2008
        # "old" closed in 2008: yuc1 is left alone, with no tie to anyone in the state
        ("MX-YUC", "hotline", Status.DISCONNECTED),
        ("MX-GRO", "legal_aid", Status.GAP),  # proj closed in March 2009
        ("MX-YUC", "legal_aid", Status.GAP),
        ("MX-CHH", "legal_aid", Status.GAP),
    }
    assert r.cell("MX-YUC", "hotline").flags == (Status.DISCONNECTED, Status.SINGLE_POINT)
    assert r.as_of == dt.date(2009, 6, 1)


def test_as_of_before_an_org_opens(graph: nx.Graph) -> None:
    r = report(graph, as_of=dt.date(2005, 1, 1))
    assert r.cell("MX-GRO", "legal_aid").status == Status.GAP  # proj opened in 2006
    assert r.cell("MX-YUC", "hotline").providers == ("yuc1",)  # old opened in 2006


def test_diff_lists_closed_gaps(graph: nx.Graph) -> None:
    before = report(graph)
    org(graph, "clinic", "MX-PUE", "medical")
    tie(graph, "clinic", "a")
    tie(graph, "clinic", "b")
    diff = diff_reports(before, report(graph))
    assert [(c.state, c.service, c.before, c.after) for c in diff.closed_gaps] == [
        ("MX-PUE", "medical", Status.GAP, Status.SINGLE_POINT)]
    assert diff.improved == diff.closed_gaps and diff.new_gaps == ()


def test_refresh_state_after_adding_a_provision(graph: nx.Graph) -> None:
    r = report(graph)
    graph.nodes["hub"]["provisions"].append(
        Provision("hub-medical", "hub", "medical", "stated", sources=(SRC,)))
    refreshed = refresh_state(r, graph, "MX-OAX")
    assert refreshed.cell("MX-OAX", "medical").providers == ("hub", "m1")
    assert refreshed.cell("MX-OAX", "medical").status == Status.SINGLE_POINT
    assert statuses(refreshed) == statuses(report(graph))
    assert r.cell("MX-OAX", "medical").status == Status.DISCONNECTED  # the old one unchanged


def test_refresh_state_after_removing_an_org(graph: nx.Graph) -> None:
    r = report(graph)
    graph.remove_node("hub")
    refreshed = refresh_state(r, graph, "MX-OAX")
    full = report(graph)
    assert statuses(refreshed) == statuses(full)
    assert refreshed.details["MX-OAX"] == full.details["MX-OAX"]
    assert refreshed.summary == full.summary
    # Other states are kept as they were, not recomputed.
    assert refreshed.details["MX-PUE"] is r.details["MX-PUE"]


def test_default_states_and_services(graph: nx.Graph) -> None:
    r = coverage_report(graph)
    assert r.states == STATES
    assert len(r.services) == 15 and r.services[0] == "medical"
    assert r.cell("MX-OAX", "interpretation").status == Status.GAP


def test_report_names_every_org_it_mentions(graph: nx.Graph) -> None:
    r = report(graph)
    mentioned = {o for c in r.cells.values() for o in (*c.providers, *c.separators)}
    mentioned |= {o for d in r.details.values() for o in d.isolated}
    assert mentioned <= set(r.orgs)
    assert r.org_name("proj") == "PROJ" and r.synthetic
