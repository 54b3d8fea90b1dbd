"""Referral plans on hand-built graphs with known best answers."""

from __future__ import annotations

import datetime as dt

import networkx as nx
import pytest

from referral_graph.network.model import TieKind
from referral_graph.referrals import Constraints, plan_referrals
from referral_graph.referrals.model import ReferralPlan
from referral_graph.referrals.planner import PlanError
from tests.referrals.graphs import DAY, graph, org, tie


def providers(plan: ReferralPlan) -> set[str]:
    return {s.provider for s in plan.steps}


def one_for_both_or_two_for_one() -> nx.Graph:
    G = graph()
    org(G, "o")
    org(G, "both", "shelter", "medical")
    org(G, "s", "shelter")
    org(G, "m", "medical")
    for p in ("both", "s", "m"):
        tie(G, "o", p)
    return G


def test_one_provider_for_two_needs_beats_two_providers() -> None:
    G = one_for_both_or_two_for_one()
    result = plan_referrals(G, "o", ["shelter", "medical"], "MX-OAX", as_of=DAY)
    best = result.plans[0]
    assert providers(best) == {"both"} and best.handoffs == 1
    assert set(best.steps[0].needs) == {"shelter", "medical"}
    assert not result.unmet


def test_alternatives_differ_in_providers() -> None:
    G = one_for_both_or_two_for_one()
    plans = plan_referrals(G, "o", ["shelter", "medical"], "MX-OAX", k=3, as_of=DAY).plans
    sets = [frozenset(providers(p)) for p in plans]
    assert len(sets) == len(set(sets)) == 3
    assert [p.cost for p in plans] == sorted(p.cost for p in plans)


def test_warm_tie_beats_cold_and_step_cites_its_source() -> None:
    G = graph()
    org(G, "o")
    org(G, "warm", "legal_aid")
    org(G, "cold", "legal_aid")
    tie(G, "o", "warm", TieKind.COLLABORATION)
    best = plan_referrals(G, "o", ["legal_aid"], "MX-OAX", as_of=DAY, lang="en").plans[0]
    [step] = best.steps
    assert step.provider == "warm" and not step.cold
    assert "shared task force or network" in step.explanation
    assert "Synthetic test document, Table 9" in step.explanation


def test_expired_tie_weighs_less_than_a_current_one() -> None:
    G = graph()
    org(G, "o")
    org(G, "old", "legal_aid")
    org(G, "new", "legal_aid")
    tie(G, "o", "old", TieKind.AGREEMENT, date=dt.date(1999, 1, 1), ends=dt.date(2000, 1, 1))
    tie(G, "o", "new", TieKind.ACTIVITY, date=dt.date(2009, 2, 1))
    assert providers(plan_referrals(G, "o", ["legal_aid"], "MX-OAX", as_of=DAY).plans[0]) == {
        "new"}
    # Back in 2000 the agreement was live and the activity had not happened.
    assert providers(plan_referrals(G, "o", ["legal_aid"], "MX-OAX",
                                    as_of=dt.date(2000, 1, 1)).plans[0]) == {"old"}


def test_cold_provider_is_offered_with_its_chain_of_introductions() -> None:
    G = graph()
    org(G, "o")
    org(G, "i")  # an intermediary that provides nothing
    org(G, "far", "prosecution")
    tie(G, "o", "i")
    tie(G, "i", "far", TieKind.ACTIVITY)
    [step] = plan_referrals(G, "o", ["prosecution"], "MX-OAX", as_of=DAY, lang="en").plans[0].steps
    assert step.cold and [h.target for h in step.path] == ["i", "far"]
    assert "introduction via Org i" in step.explanation


def test_unreachable_provider_is_cold_without_chain() -> None:
    G = graph()
    org(G, "o")
    org(G, "island", "prosecution")
    [step] = plan_referrals(G, "o", ["prosecution"], "MX-OAX", as_of=DAY, lang="en").plans[0].steps
    assert step.cold and step.path == ()
    assert "no chain of introductions recorded" in step.explanation


def test_missing_service_is_a_gap_with_nearest_coverage() -> None:
    G = graph()
    org(G, "o")
    org(G, "puebla-clinic", "medical", state="MX-PUE")
    org(G, "yucatan-clinic", "medical", state="MX-YUC")
    org(G, "lawyer", "legal_aid")
    tie(G, "o", "lawyer")
    result = plan_referrals(G, "o", ["medical", "legal_aid"], "MX-OAX", as_of=DAY, lang="en")
    assert result.gaps == ("medical",)
    [unmet] = result.unmet
    assert [a for a, _ in unmet.alternatives] == ["puebla-clinic"]  # the neighbour, not Yucatán
    assert "No eligible provider of medical recorded in Oaxaca" in unmet.reason
    # The need that can be met is still planned.
    assert result.plans and all(providers(p) == {"lawyer"} for p in result.plans)


def test_national_provider_covers_the_state() -> None:
    G = graph()
    org(G, "o")
    org(G, "federal", "prosecution", state="MX-YUC", national=True, basis="mandate")
    result = plan_referrals(G, "o", ["prosecution"], "MX-OAX", as_of=DAY, lang="en")
    assert not result.unmet
    [step] = result.plans[0].steps
    assert step.basis == "mandate" and "by mandate" in step.explanation


def test_language_constraint_excludes_and_unknown_is_noted() -> None:
    G = graph()
    org(G, "o")
    org(G, "spanish-only", "interpretation", languages=frozenset({"es"}))
    org(G, "unknown", "interpretation")
    org(G, "zapotec", "interpretation", languages=frozenset({"es", "zap"}))
    for p in ("spanish-only", "unknown", "zapotec"):
        tie(G, "o", p)
    c = Constraints(languages=frozenset({"zap"}))
    plans = plan_referrals(G, "o", ["interpretation"], "MX-OAX", c, k=5, as_of=DAY,
                           lang="en").plans
    used = [providers(p) for p in plans]
    assert {"spanish-only"} not in used
    assert used[0] == {"zapotec"}
    unknown_step = next(p.steps[0] for p in plans if providers(p) == {"unknown"})
    assert any("languages not recorded" in n for n in unknown_step.notes)


def test_excluded_organization_is_neither_provider_nor_intermediary() -> None:
    G = graph()
    org(G, "o")
    org(G, "bad", "legal_aid")
    org(G, "far", "legal_aid")
    tie(G, "o", "bad")
    tie(G, "bad", "far")
    c = Constraints(exclude=frozenset({"bad"}))
    [plan] = plan_referrals(G, "o", ["legal_aid"], "MX-OAX", c, as_of=DAY).plans
    [step] = plan.steps
    assert step.provider == "far" and step.cold
    assert all("bad" not in (h.source, h.target) for h in step.path)


def test_confidential_shelter_only_for_staff() -> None:
    G = graph()
    org(G, "o")
    org(G, "refuge", "shelter", confidential=True)
    tie(G, "o", "refuge")
    public = plan_referrals(G, "o", ["shelter"], "MX-OAX", as_of=DAY)
    # Not a gap: a confidential shelter serves the state; the public plan says so, names
    # nobody, and says through whom to reach it.
    assert public.plans == () and public.gaps == ()
    [unmet] = public.unmet
    assert unmet.confidential and unmet.via == ("o",) and public.counts == (("shelter", 1),)
    assert "refuge" not in str(public)
    staff = plan_referrals(G, "o", ["shelter"], "MX-OAX",
                           Constraints(include_confidential=True), as_of=DAY)
    assert providers(staff.plans[0]) == {"refuge"}


def test_max_handoffs_is_respected() -> None:
    G = graph()
    org(G, "o")
    for s in ("shelter", "medical", "legal_aid"):
        org(G, s, s)
        tie(G, "o", s)
    result = plan_referrals(G, "o", ["shelter", "medical", "legal_aid"], "MX-OAX",
                            Constraints(max_handoffs=2), as_of=DAY)
    assert result.plans == ()


def test_inactive_provider_is_not_offered() -> None:
    G = graph()
    org(G, "o")
    org(G, "closed", "legal_aid", active_to=dt.date(2009, 3, 31))
    tie(G, "o", "closed")
    assert plan_referrals(G, "o", ["legal_aid"], "MX-OAX", as_of=DAY).plans
    assert plan_referrals(G, "o", ["legal_aid"], "MX-OAX", as_of=dt.date(2010, 1, 1)).gaps == (
        "legal_aid",)


def test_origin_meeting_a_need_itself_is_no_handoff() -> None:
    G = graph()
    org(G, "o", "legal_aid")
    org(G, "clinic", "medical")
    tie(G, "o", "clinic")
    plan = plan_referrals(G, "o", ["legal_aid", "medical"], "MX-OAX", as_of=DAY, lang="en").plans[0]
    assert providers(plan) == {"o", "clinic"}
    own = next(s for s in plan.steps if s.provider == "o")
    assert "itself" in own.explanation


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"origin": "nobody"}, "origin"),
    ({"state": "MX-XXX"}, "state"),
    ({"needs": ["teleportation"]}, "needs"),
    ({"needs": []}, "needs"),
])
def test_bad_requests_name_the_field(kwargs: dict, field: str) -> None:
    G = graph()
    org(G, "o")
    args = {"origin": "o", "needs": ["medical"], "state": "MX-OAX", **kwargs}
    with pytest.raises(PlanError, match=f"^{field}:"):
        plan_referrals(G, args["origin"], args["needs"], args["state"], as_of=DAY)
