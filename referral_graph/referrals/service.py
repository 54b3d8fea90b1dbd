"""Planning on behalf of a caller: the one entry point the CLI and the API share.

Confidentiality lives here, not in the interfaces: a caller who may not see confidential
organizations can neither plan from one (it is reported unknown, exactly like an id that
does not exist) nor get one as a provider, an intermediary or a nearest alternative.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import networkx as nx

from referral_graph.reference.states import parse_state
from referral_graph.referrals.model import Constraints, PlanResult
from referral_graph.referrals.planner import PlanError, plan_referrals

MAX_K = 10
MAX_NEEDS = 8


def normalize_state(state: str, argument: str = "state") -> str:
    """'OAX', 'oax', 'MX-OAX', 'Oaxaca' all name Oaxaca: `reference.states.parse_state`, the
    one state function, under the name older callers know (new code calls that directly)."""
    return parse_state(state, argument)


def plan_for(
    G: nx.Graph,
    *,
    see_confidential: bool,
    origin: str,
    needs: Iterable[str],
    state: str,
    languages: Iterable[str] = (),
    population: str | None = None,
    max_handoffs: int = 4,
    exclude: Iterable[str] = (),
    k: int = 3,
    as_of: dt.date | None = None,
    lang: str = "es",
) -> PlanResult:
    needs = list(needs)
    if not 1 <= k <= MAX_K:
        raise PlanError(f"k: must be between 1 and {MAX_K}")
    if len(needs) > MAX_NEEDS:
        raise PlanError(f"needs: at most {MAX_NEEDS} at once")
    if not 1 <= max_handoffs <= MAX_NEEDS:
        raise PlanError(f"maxHandoffs: must be between 1 and {MAX_NEEDS}")
    if origin in G and G.nodes[origin]["org"].confidential and not see_confidential:
        raise PlanError(f"origin: unknown organization {origin!r}")
    constraints = Constraints(
        languages=frozenset(languages), population=population,
        include_confidential=see_confidential, max_handoffs=max_handoffs,
        exclude=frozenset(exclude),
    )
    return plan_referrals(G, origin, needs, parse_state(state), constraints, k=k,
                          as_of=as_of, lang=lang)
