"""A directory answer is kept per graph version and asked question, and its alternatives stop
at the first five: the answers are those computed afresh."""

from __future__ import annotations

import dataclasses
import datetime as dt

from referral_graph.directory.answers import DateBasis
from referral_graph.directory.providers import MAX_ALTERNATIVES, providers_in_state
from tests.referrals.graphs import DAY, fresh, graph, org


def _fresh(G, *args, **kw):  # type: ignore[no-untyped-def]
    """The answer computed on a copy of the graph, whose memo is empty."""
    return providers_in_state(fresh(G), *args, **kw)


def test_the_same_question_is_answered_from_the_kept_answer() -> None:
    G = graph()
    org(G, "a", "legal_aid")
    org(G, "b", "legal_aid", national=True, state="")
    first = providers_in_state(G, "legal_aid", "MX-OAX", see_confidential=False, as_of=DAY)
    again = providers_in_state(G, "legal_aid", "MX-OAX", see_confidential=False, as_of=DAY)
    assert again is first and [p.org.id for p in first.providers] == ["a", "b"]


def test_today_not_given_keeps_its_own_date_basis() -> None:
    G = graph()
    org(G, "a", "legal_aid")
    today = dt.date.today()
    asked = providers_in_state(G, "legal_aid", "MX-OAX", see_confidential=False, as_of=today)
    unsaid = providers_in_state(G, "legal_aid", "MX-OAX", see_confidential=False)
    assert asked.basis == DateBasis(today) and unsaid.basis == DateBasis(today, defaulted=True)
    assert dataclasses.replace(unsaid, basis=asked.basis) == asked


def test_public_and_staff_answers_are_kept_apart() -> None:
    G = graph()
    org(G, "a", "shelter")
    org(G, "hidden", "shelter", confidential=True)
    public = providers_in_state(G, "shelter", "MX-OAX", see_confidential=False, as_of=DAY)
    staff = providers_in_state(G, "shelter", "MX-OAX", see_confidential=True, as_of=DAY)
    assert [p.org.id for p in public.providers] == ["a"] and public.hidden == (1, 0)
    assert [p.org.id for p in staff.providers] == ["a", "hidden"] and staff.hidden == (0, 0)


def test_a_new_version_is_answered_afresh() -> None:
    G = graph()
    org(G, "a", "legal_aid")
    before = providers_in_state(G, "legal_aid", "MX-OAX", see_confidential=False, as_of=DAY)
    org(G, "b", "legal_aid")
    G.graph["version"] += 1
    after = providers_in_state(G, "legal_aid", "MX-OAX", see_confidential=False, as_of=DAY)
    assert [p.org.id for p in before.providers] == ["a"]
    assert [p.org.id for p in after.providers] == ["a", "b"]


def test_alternatives_are_the_five_nearest_whatever_is_confidential() -> None:
    # Nobody in Oaxaca; eight providers in Puebla next door (one a confidential shelter)
    # and two in Yucatán, which no border reaches.
    G = graph()
    for i in range(8):
        org(G, f"p{i}", "shelter", state="MX-PUE", confidential=i == 3)
    org(G, "y0", "shelter", state="MX-YUC")
    org(G, "y1", "shelter", state="MX-YUC", confidential=True)
    for staff in (False, True):
        d = providers_in_state(G, "shelter", "MX-OAX", see_confidential=staff, as_of=DAY)
        shown = [p.org.id for p in d.alternatives]
        assert len(shown) == MAX_ALTERNATIVES
        expected = [f"p{i}" for i in range(8) if staff or i != 3][:MAX_ALTERNATIVES]
        assert shown == expected
        # Alternatives found: the confidential ones are not named as the way to go.
        assert d.confidential_via is None and not d.confidential_nearby


def test_only_confidential_coverage_anywhere_still_says_how_to_reach_it() -> None:
    G = graph()
    org(G, "far", "shelter", state="MX-PUE", confidential=True)
    d = providers_in_state(G, "shelter", "MX-OAX", see_confidential=False, as_of=DAY)
    assert d.alternatives == () and d.confidential_nearby
    assert d.confidential_via == ()  # no public tie recorded to it
    assert d == _fresh(G, "shelter", "MX-OAX", see_confidential=False, as_of=DAY)
