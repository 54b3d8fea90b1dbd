"""Finding 5: staff plans routed through organizations closed on the plan date.

`_usable` returned "everything" for a staff caller with no exclusions, so neither the
Dijkstra search nor the fallback path (fewest introductions) applied the date filter.
"""

from __future__ import annotations

import datetime as dt
import itertools

from referral_graph.referrals import Constraints, plan_referrals
from tests.referrals.graphs import DAY, graph, org, tie

STAFF = Constraints(include_confidential=True)
CLOSED = dt.date(2008, 1, 1)  # before DAY


def _through(plan, oid: str) -> bool:  # type: ignore[no-untyped-def]
    return any(oid in (h.source, h.target) for s in plan.steps for h in s.path)


def test_a_staff_chain_never_passes_through_a_closed_organization() -> None:
    G = graph()
    org(G, "o")
    org(G, "closed", active_to=CLOSED)
    org(G, "p", "legal_aid")
    tie(G, "o", "closed")
    tie(G, "closed", "p")
    for c in (STAFF, Constraints()):
        [plan] = plan_referrals(G, "o", ["legal_aid"], "MX-OAX", c, as_of=DAY).plans
        assert not _through(plan, "closed"), plan
        assert plan.steps[0].cold and not plan.steps[0].path
    # The same chain with the organization still open is used: the filter is the date.
    G.nodes["closed"]["org"] = G.nodes["o"]["org"].__class__(
        "closed", "Org closed", "ngo", "civil_society", frozenset({"MX-OAX"}))
    G.graph["version"] += 1  # a change is a new version (what a plan keeps is per version)
    [plan] = plan_referrals(G, "o", ["legal_aid"], "MX-OAX", STAFF, as_of=DAY).plans
    assert _through(plan, "closed")


def test_the_fallback_path_skips_closed_organizations_too() -> None:
    """A chain too weak for the search (past its cost cutoff) is drawn by the fewest
    introductions instead; that path must skip closed organizations as well."""
    G = graph()
    org(G, "o")
    org(G, "closed", active_to=CLOSED)
    org(G, "p", "legal_aid")
    chain = ["o", "closed", *[f"x{i}" for i in range(8)], "p"]
    for oid in chain[2:-1]:
        org(G, oid)
    for a, b in itertools.pairwise(chain):
        tie(G, a, b)
    for c in (STAFF, Constraints()):
        [plan] = plan_referrals(G, "o", ["legal_aid"], "MX-OAX", c, as_of=DAY).plans
        assert not _through(plan, "closed"), plan
