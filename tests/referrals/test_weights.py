"""The tie-weighting function: kinds, recency, outcomes (its examples run as doctests)."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from referral_graph.network import weights
from referral_graph.network.model import Evidence, TieKind
from referral_graph.network.weights import TieWeights, tie_cost, tie_strength

D = dt.date(2009, 3, 1)


def ev(kind: TieKind, date: dt.date = D, ends: dt.date | None = None,
       outcome: str | None = None) -> Evidence:
    return Evidence(kind, f"{kind}-{date}", "x", date=date, ends=ends, outcome=outcome)


def test_kinds_are_ordered_by_how_much_they_prove() -> None:
    s = {k: tie_strength([ev(k)], D) for k in (TieKind.AGREEMENT, TieKind.COLLABORATION,
                                                TieKind.ACTIVITY)}
    assert s[TieKind.AGREEMENT] > s[TieKind.COLLABORATION] > s[TieKind.ACTIVITY] > 0
    completed = tie_strength([ev(TieKind.REFERRAL, outcome="completed")], D)
    accepted = tie_strength([ev(TieKind.REFERRAL, outcome="accepted")], D)
    assert completed > accepted > 0


def test_two_reasons_are_stronger_than_one_but_never_certain() -> None:
    one = tie_strength([ev(TieKind.ACTIVITY)], D)
    two = tie_strength([ev(TieKind.ACTIVITY), ev(TieKind.AGREEMENT)], D)
    assert one < two < 1.0


def test_recency_and_expiry() -> None:
    fresh = tie_strength([ev(TieKind.AGREEMENT, ends=dt.date(2010, 1, 1))], D)
    expired = tie_strength([ev(TieKind.AGREEMENT, date=dt.date(2003, 1, 1),
                               ends=dt.date(2005, 1, 1))], D)
    assert fresh == TieWeights().agreement
    assert expired < fresh / 3
    assert tie_strength([ev(TieKind.AGREEMENT, date=dt.date(2010, 1, 1))], D) == 0.0


def test_declined_referrals_weaken_a_tie() -> None:
    base = [ev(TieKind.COLLABORATION)]
    declined = [*base, ev(TieKind.REFERRAL, outcome="declined")]
    assert tie_strength(declined, D) < tie_strength(base, D)
    assert tie_cost(declined, D) > tie_cost(base, D)


def test_no_evidence_costs_the_most() -> None:
    assert tie_strength([], D) == 0.0
    assert tie_cost([], D) == pytest.approx(-math.log(weights.MIN_STRENGTH))


def test_weights_are_parameters_not_constants() -> None:
    w = TieWeights(activity=0.9)
    assert tie_strength([ev(TieKind.ACTIVITY)], D, w) == pytest.approx(0.9)
