"""What a plan keeps per graph version (`referrals.pools`) is what it would compute afresh:
each need's pool, the organizations a settled one serves through, the nearest coverage
elsewhere and the organizations a chain may not pass; and a new version is asked afresh."""

from __future__ import annotations

import dataclasses
import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from referral_graph.referrals import Constraints, plan_referrals
from referral_graph.referrals.costs import COLD_COST
from referral_graph.referrals.eligibility import admitted, candidates
from referral_graph.referrals.pools import (
    chain_filter,
    elsewhere,
    pool,
    serving_at,
)
from tests.referrals.graphs import DAY, SERVICES, fresh, graph, org, tie
from tests.referrals.test_planner_properties import networks

SIGHTS = (Constraints(), Constraints(include_confidential=True))


@st.composite
def with_ended(draw: st.DrawFn) -> tuple:
    """`networks`, with some provisions ended or not yet begun on DAY."""
    G, *rest = draw(networks())
    for _, data in G.nodes(data=True):
        data["provisions"] = [dataclasses.replace(p, active_to=dt.date(2008, 1, 1))
                              if draw(st.integers(0, 3)) == 0 else
                              dataclasses.replace(p, active_from=dt.date(2010, 1, 1))
                              if draw(st.integers(0, 5)) == 0 else p
                              for p in data["provisions"]]
    return (G, *rest)


@settings(max_examples=150, deadline=None)
@given(with_ended(), st.sampled_from(("MX-OAX", "MX-PUE", "MX-YUC")))
def test_pools_and_what_a_settled_organization_serves_match_the_candidates(case, state) -> None:
    G, *_ = case
    for c in SIGHTS:
        for need in SERVICES:
            wide = candidates(G, need, state, Constraints(include_confidential=True), DAY,
                              near=True)
            p = pool(G, need, state, c, DAY)
            assert list(p.near) == [x for x in wide
                                    if c.include_confidential or not x.org.confidential]
            assert list(p.hidden) == ([] if c.include_confidential
                                      else [x for x in wide if x.org.confidential])
            assert p.count == len({x.org.id for x in (*p.near, *p.hidden)})
            assert p.plain and all(admitted(x.org, x.provision, c, DAY) for x in p.near)
            for oid in G:
                got = [x for n, x in serving_at(G, oid, {need}, state, c, DAY) if n == need]
                assert got == [x for x in p.near if x.org.id == oid]


@settings(max_examples=150, deadline=None)
@given(with_ended(), st.sampled_from(("MX-OAX", "MX-PUE", "MX-YUC")), st.randoms())
def test_the_nearest_coverage_is_the_sorted_list_s_first(case, state, rnd) -> None:
    G, *_ = case
    for c in SIGHTS:
        for need in SERVICES:
            around = candidates(G, need, state, c, DAY)
            every = around or candidates(G, need, state, c, DAY, anywhere=True)
            ids = sorted({x.org.id for x in every})
            dist = {o: rnd.choice((0.5, 1.0, 2.5)) for o in rnd.sample(ids, len(ids) // 2)}
            instead = elsewhere(G, need, state, c, DAY)
            assert instead.around == bool(around)
            expected = sorted(every, key=lambda x: (dist.get(x.org.id, COLD_COST), x.org.id))
            assert instead.nearest(dist, 3) == expected[:3]


@settings(max_examples=100, deadline=None)
@given(with_ended())
def test_a_chain_passes_the_organizations_it_did_before(case) -> None:
    G, origin, _, _, exclude = case
    for c in SIGHTS:
        c = dataclasses.replace(c, exclude=exclude - {origin})
        ok = chain_filter(G, c, DAY, origin)
        for n, data in G.nodes(data=True):
            org = data["org"]
            assert ok(n) == (n == origin or (n not in c.exclude and org.active_on(DAY) and (
                c.include_confidential or not org.confidential)))


@settings(max_examples=100, deadline=None)
@given(with_ended(), st.booleans())
def test_plans_from_what_is_kept_equal_plans_computed_afresh(case, staff) -> None:
    G, origin, needs, state, _ = case
    c = Constraints(include_confidential=staff)
    if G.nodes[origin]["org"].confidential and not staff:
        return
    for other in SIGHTS:  # fill the memos with the other questions first
        for need in SERVICES:
            plan_referrals(G, origin, [need], state, other, as_of=DAY)
    kept = plan_referrals(G, origin, needs, state, c, as_of=DAY)
    assert kept == plan_referrals(fresh(G), origin, needs, state, c, as_of=DAY)


def test_a_pool_is_kept_per_version_and_per_sight() -> None:
    G = graph()
    org(G, "a", "legal_aid")
    org(G, "s", "legal_aid", confidential=True)
    public, staff = (pool(G, "legal_aid", "MX-OAX", c, DAY) for c in SIGHTS)
    assert pool(G, "legal_aid", "MX-OAX", Constraints(), DAY) is public
    assert [x.org.id for x in public.near] == ["a"] and [x.org.id for x in staff.near] == [
        "a", "s"]
    with_exclusion = Constraints(exclude=frozenset({"a"}))
    assert pool(G, "legal_aid", "MX-OAX", with_exclusion, DAY).near == ()  # never kept
    assert pool(G, "legal_aid", "MX-OAX", Constraints(), DAY) is public


def test_what_is_kept_stays_within_its_budget(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from referral_graph.referrals import pools

    G = graph()
    for i in range(3):
        org(G, f"a{i}", "legal_aid")
    monkeypatch.setattr(pools, "POOLS_BUDGET", 7)
    days = [DAY + dt.timedelta(days=i) for i in range(4)]
    first = [pool(G, "legal_aid", "MX-OAX", Constraints(), d) for d in days]
    assert [pool(G, "legal_aid", "MX-OAX", Constraints(), d) is p
            for d, p in zip(days, first, strict=True)] == [True, True, False, False]
    for d, p in zip(days, first, strict=True):  # kept or not, the same answer
        assert pool(G, "legal_aid", "MX-OAX", Constraints(), d) == p
    monkeypatch.setattr(pools, "ELSEWHERE_BUDGET", 3)
    far = [elsewhere(G, "legal_aid", "MX-YUC", Constraints(), d) for d in days]
    assert [elsewhere(G, "legal_aid", "MX-YUC", Constraints(), d) is e
            for d, e in zip(days, far, strict=True)] == [True, False, False, False]


def test_an_edit_is_a_new_version_and_a_plan_sees_it() -> None:
    G = graph()
    org(G, "o")
    org(G, "a", "legal_aid")
    org(G, "b", "legal_aid")
    tie(G, "o", "a")
    tie(G, "a", "b")
    first = plan_referrals(G, "o", ["legal_aid"], "MX-OAX", as_of=DAY)
    assert first.plans[0].steps[0].provider == "a"
    # "a" closes (as an edit through the projection would record it): a new version.
    G.nodes["a"]["org"] = dataclasses.replace(G.nodes["a"]["org"],
                                              active_to=dt.date(2008, 1, 1))
    G.graph["version"] += 1
    after = plan_referrals(G, "o", ["legal_aid"], "MX-OAX", as_of=DAY)
    assert {s.provider for p in after.plans for s in p.steps} == {"b"}
    assert all(h.source != "a" and h.target != "a"
               for p in after.plans for s in p.steps for h in s.path)
    assert after == plan_referrals(fresh(G), "o", ["legal_aid"], "MX-OAX", as_of=DAY)


def test_the_nearest_coverage_takes_reached_ones_first_by_cost() -> None:
    G = graph()
    for i in range(6):
        org(G, f"p{i}", "medical", state="MX-PUE")
    instead = elsewhere(G, "medical", "MX-OAX", Constraints(), DAY)
    assert instead.around
    dist = {"p4": 0.5, "p2": 0.5, "p5": 0.1}
    assert [x.org.id for x in instead.nearest(dist, 4)] == ["p5", "p2", "p4", "p0"]
    assert [x.org.id for x in instead.nearest({}, 2)] == ["p0", "p1"]
    assert len(instead.nearest(dict.fromkeys(G, 1.0), 10)) == 6
