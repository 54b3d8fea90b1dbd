"""The analyst's table in one pass (`referral_graph.directory.counts`) gives the numbers the
providers answer gives for every state and service (issue 17: `serviceCounts` no longer asks
`providers_in_state` 32 × 15 times)."""

from __future__ import annotations

import datetime as dt

import pytest

from referral_graph.directory.counts import service_counts
from referral_graph.directory.providers import providers_in_state
from referral_graph.network.loading import load_network
from referral_graph.referrals.model import Reach
from referral_graph.store.driver import Database


def _per_pair(G, state: str, service: str, see: bool, day: dt.date) -> tuple[int, int, bool]:
    d = providers_in_state(G, service, state, see_confidential=True, as_of=day)
    local, national, hidden = set(), set(), False
    for p in d.providers:
        if p.org.confidential and not see:
            hidden = True
        elif p.reach is Reach.NATIONAL:
            national.add(p.org.id)
        else:
            local.add(p.org.id)
    return len(local), len(national), hidden


@pytest.mark.parametrize("see", [False, True])
def test_one_pass_equals_the_providers_answer(seeded_db: Database, see: bool) -> None:
    G = load_network(seeded_db)
    for day in (dt.date(2009, 3, 1), dt.date(2007, 1, 1)):
        rows = service_counts(G, see_confidential=see, as_of=day)
        assert len(rows) == len(G.graph["states"]) * len(G.graph["services"])
        assert any(r.providers for r in rows)
        for r in rows:
            assert (r.providers, r.national, r.also_confidential) == _per_pair(
                G, r.state, r.service, see, day), (r.state, r.service)

