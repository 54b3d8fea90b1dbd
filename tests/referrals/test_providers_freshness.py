"""A providers answer's newest evidence is the newest date behind what it shows."""

from __future__ import annotations

import datetime as dt

from referral_graph.directory.providers import providers_in_state
from tests.referrals.graphs import DAY, graph, org


def test_a_neighbouring_states_newer_record_does_not_date_the_answer() -> None:
    """Oaxaca has a provider, so the answer shows only it; a Puebla provider (a
    neighbouring state, not shown) with a newer record must not make it look fresher."""
    G = graph()
    org(G, "oax", "legal_aid", state="MX-OAX", active_to=dt.date(2009, 12, 31))
    org(G, "pue", "legal_aid", state="MX-PUE", active_to=dt.date(2015, 6, 30))
    d = providers_in_state(G, "legal_aid", "MX-OAX", see_confidential=False, as_of=DAY)
    assert [p.org.id for p in d.providers] == ["oax"] and not d.alternatives
    assert d.newest == dt.date(2009, 12, 31)


def test_alternatives_shown_date_the_answer() -> None:
    """With nobody in the state, the nearest providers shown as alternatives count."""
    G = graph()
    org(G, "pue", "legal_aid", state="MX-PUE", active_to=dt.date(2015, 6, 30))
    d = providers_in_state(G, "legal_aid", "MX-OAX", see_confidential=False, as_of=DAY)
    assert [p.org.id for p in d.alternatives] == ["pue"]
    assert d.newest == dt.date(2015, 6, 30)
