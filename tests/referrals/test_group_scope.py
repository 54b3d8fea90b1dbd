"""A service a source states only for a group ranks below one stated for the organization
itself, in the directory and in plans, and is never presented as the member's own."""

from __future__ import annotations

import dataclasses

from referral_graph.directory.lang import Lang
from referral_graph.directory.providers import providers_in_state
from referral_graph.directory.providers_text import why
from referral_graph.referrals import Constraints, plan_referrals
from tests.referrals.graphs import DAY, graph, org, tie


def _grouped(G, oid: str) -> None:  # type: ignore[no-untyped-def]
    G.nodes[oid]["provisions"] = [dataclasses.replace(
        p, scope="group", group="the five shelters PROTEJA supported")
        for p in G.nodes[oid]["provisions"]]


def test_the_directory_ranks_a_group_statement_below_the_organizations_own() -> None:
    G = graph()
    org(G, "aaa", "legal_aid")  # would come first by name
    org(G, "zzz", "legal_aid")
    _grouped(G, "aaa")
    d = providers_in_state(G, "legal_aid", "MX-OAX", see_confidential=True, as_of=DAY)
    assert [p.org.id for p in d.providers] == ["zzz", "aaa"]
    text = why(d.providers[1], G, Lang.ES)
    assert "para un grupo («the five shelters PROTEJA supported»)" in text
    assert "no para esta organización en particular" in text
    assert "para un grupo" not in why(d.providers[0], G, Lang.ES)


def test_a_plan_prefers_the_organizations_own_statement_and_labels_the_group_one() -> None:
    G = graph()
    org(G, "o")
    org(G, "aaa", "legal_aid")
    org(G, "zzz", "legal_aid")
    _grouped(G, "aaa")
    for p in ("aaa", "zzz"):
        tie(G, "o", p)
    plans = plan_referrals(G, "o", ["legal_aid"], "MX-OAX", Constraints(), k=2, as_of=DAY).plans
    assert [p.steps[0].provider for p in plans] == ["zzz", "aaa"]
    group_step = plans[1].steps[0]
    assert group_step.scope == "group" and "para un grupo" in group_step.explanation
    assert plans[0].steps[0].scope == "organization"
    assert "para un grupo" not in plans[0].steps[0].explanation
