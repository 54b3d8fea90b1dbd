"""Plan referrals for several needs at once through ties that already work.

The formulation is a set cover with path costs, solved exactly over a short list of
candidates per need. Each need has a group of eligible providers (a group-Steiner view:
one member of each group must be reached from the referring organization). A plan picks
one provider per need; its cost is the sum, over the distinct providers it uses, of

- the cost of reaching the provider from the origin through ties: the shortest path under
  ``tie_cost`` (-ln of tie strength, so a chain costs what the product of its hand-offs
  is worth), or ``COLD_COST`` for a provider with no usable chain;
- a reach penalty (operates in the state < covers it < national reach) and a small penalty
  for a capability a source states only for a group the provider belongs to, a larger one for
  a capability known only by mandate rather than stated by a source;
- ``HANDOFF_COST`` per provider: each hand-off is a chance to lose the person, so one
  provider that meets two needs beats two that meet one each.

Between plans (and providers) of equal cost, the one with free beds or places comes first,
then one whose capacity is unknown, then a full one (`referral_graph/capacity/`).

Why exact enumeration rather than a greedy cover: victims' needs are few (usually 2-5) and
the short lists are short (``PER_NEED``), so the product is small, the optimum is exact on
those lists, and the k best *provider sets* fall out of the same enumeration, which is what
makes alternatives differ in providers, not only in order. Paths come from one Dijkstra
from the origin with a cost cutoff, so the work does not grow with the size of the network
beyond the origin's neighbourhood.

One algorithm whose steps (short lists, one Dijkstra, the enumeration with its early stop,
the explained steps) share the request's state; its searches are in `referrals.paths`, its
words in `referrals.explain`, its candidates in `referrals.eligibility`, its costs in
`referrals.costs`.
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
import math
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import networkx as nx

from referral_graph.capacity.model import rank as capacity_rank
from referral_graph.directory.answers import DateBasis, evidence_dates, newest, provision_dates
from referral_graph.network.snapshot import derived, graph_version
from referral_graph.network.weights import (
    DEFAULT_WEIGHTS,
    TieWeights,
    describe,
    strongest_evidence,
    tie_cost,
    tie_strength,
)
from referral_graph.referrals import explain
from referral_graph.referrals.costs import COLD_COST, HANDOFF_COST, cold_order, penalty
from referral_graph.referrals.eligibility import (
    Candidate,
    admitted,
    ended_providers,
    ways_in,
)
from referral_graph.referrals.model import (
    Constraints,
    Hop,
    PlanResult,
    Reach,
    ReferralPlan,
    Step,
    UnmetNeed,
)
from referral_graph.referrals.paths import cheapest_chains, fewest_introductions
from referral_graph.referrals.paths import route as chain
from referral_graph.referrals.pools import chain_filter, elsewhere, pool, serving_at

# A chain of introductions worth less than this (-ln 0.05: a 5% chance the hand-offs hold)
# is not searched further: the provider is treated as a cold referral.
CHAIN_CUTOFF = 3.0
PER_NEED = 5
MAX_COMBINATIONS = 50_000
# Safety first: a place to stay and medical care before the longer processes.
NEED_PRIORITY = ("rescue", "shelter", "medical", "hotline", "mental_health", "interpretation",
                 "consular_assistance", "repatriation", "social_protection", "legal_aid",
                 "victim_identification", "prosecution", "human_rights_complaint", "education",
                 "vocational")


class PlanError(ValueError):
    """The request cannot be planned: an unknown organization, state or need."""


_COSTS_KEY = "tie_costs"  # derived entry of the graph: {(version, as_of, w): {(u, v): cost}}
_COSTS_KEPT = 4  # dates and weightings remembered per graph


def _tie_costs(G: nx.Graph, as_of: dt.date, w: TieWeights) -> dict[tuple[str, str], float]:
    """The graph's memo of tie costs for this date and weighting (in its derived data, never
    in the edges: the planner reads its input and never writes to it)."""
    key = (graph_version(G), as_of, w)
    store = derived(G)
    with store.lock:
        held: dict[tuple[Any, ...], dict[tuple[str, str], float]] = store.setdefault(
            _COSTS_KEY, dict)
        costs = held.pop(key, None)
        if costs is None:
            costs = {}
        held[key] = costs  # the most recent last
        for old in list(held)[:-_COSTS_KEPT]:
            del held[old]
        return costs


def _edge_cost(G: nx.Graph, as_of: dt.date, w: TieWeights, usable: Callable[[str], bool]):
    """A Dijkstra weight function, each tie's cost computed once per graph version. A tie
    with no evidence in force on the day (strength 0, as `cold` counts ties) is no tie on
    that day: None, like a tie to an organization a chain may not pass, so neither search
    uses it. Its cost was past `CHAIN_CUTOFF` anyway; the fewest-introductions search had
    no cutoff and drew such ties as hops of strength 0."""
    costs = _tie_costs(G, as_of, w)

    def cost(u: str, v: str, d: dict) -> float | None:
        if not usable(v):
            return None
        found = costs.get((u, v))
        if found is None:
            ev = d["evidence"]
            found = costs[(u, v)] = costs[(v, u)] = (
                tie_cost(ev, as_of, w) if tie_strength(ev, as_of, w) > 0 else math.inf)
        return None if found == math.inf else found

    return cost


def _hops(G: nx.Graph, path: Sequence[str], as_of: dt.date, w: TieWeights,
          lang: str) -> tuple[Hop, ...]:
    hops = []
    for a, b in itertools.pairwise(path):
        ev = G.edges[a, b]["evidence"]
        hops.append(Hop(a, b, tie_strength(ev, as_of, w),
                        tuple(describe(e, lang, as_of)
                              for e in strongest_evidence(ev, as_of, w))))
    return tuple(hops)


def _tie(G: nx.Graph, origin: str, pid: str, as_of: dt.date, w: TieWeights) -> str:
    """live: a recorded tie holds on `as_of`; ended: only agreements past their end carry
    it; none: no usable tie (a cold referral)."""
    if pid == origin:
        return "live"
    if not G.has_edge(origin, pid):
        return "none"
    usable = strongest_evidence(G.edges[origin, pid]["evidence"], as_of, w, n=100)
    if not usable:
        return "none"
    return "ended" if all(e.ended_on(as_of) for e in usable) else "live"


def plan_referrals(
    G: nx.Graph,
    origin: str,
    needs: Iterable[str],
    state: str,
    constraints: Constraints | None = None,
    k: int = 3,
    as_of: dt.date | None = None,
    weights: TieWeights = DEFAULT_WEIGHTS,
    lang: str = "es",
) -> PlanResult:
    """Up to `k` referral plans that cover `needs` in `state`, best first, each step explained
    (in `lang`, "es" or "en"), quoting the passage behind the provider's service.

    Needs no provider meets in the state are reported in ``unmet`` with the nearest coverage
    (neighbouring states) instead of being silently dropped; with the providers recorded last
    when nothing is in force on the date; and, when the caller may not see confidential
    shelters, saying that one meets the need and through whom to reach it.

    >>> import networkx as nx, datetime as dt
    >>> from referral_graph.network.model import OrgNode, Provision, Evidence, TieKind
    >>> G = nx.Graph(states={})
    >>> G.add_node("a", org=OrgNode("a", "NGO A", "ngo", "civil_society", frozenset({"MX-OAX"})),
    ...            provisions=[])
    >>> G.add_node("b", org=OrgNode("b", "Clinic B", "ngo", "civil_society", frozenset({"MX-OAX"})),
    ...            provisions=[Provision("p", "b", "medical", "stated")])
    >>> G.add_edge("a", "b", evidence=[Evidence(TieKind.AGREEMENT, "m", "MOU",
    ...                                         date=dt.date(2009, 1, 1))])
    >>> result = plan_referrals(G, "a", ["medical"], "MX-OAX", as_of=dt.date(2009, 2, 1))
    >>> [s.provider for s in result.plans[0].steps], result.plans[0].steps[0].cold
    (['b'], False)
    """
    c = constraints or Constraints()
    basis = DateBasis.of(as_of)
    as_of = basis.as_of
    assert as_of is not None
    needs = tuple(dict.fromkeys(needs))
    if origin not in G:
        raise PlanError(f"origin: unknown organization {origin!r}")
    states = G.graph.get("states", {})
    if states and state not in states:
        raise PlanError(f"state: unknown state {state!r}")
    if not needs:
        raise PlanError("needs: give at least one need")
    services = G.graph.get("services")
    if services:
        unknown = [n for n in needs if n not in services]
        if unknown:
            raise PlanError(f"needs: unknown service type(s) {', '.join(unknown)}")
    usable = chain_filter(G, c, as_of, origin)
    cost_fn = _edge_cost(G, as_of, weights, usable)

    def holds(u: str, v: str, data: dict) -> bool:
        return cost_fn(u, v, data) is not None

    pools = {need: pool(G, need, state, c, as_of) for need in needs}
    near = {need: pools[need].near for need in needs}

    # For the early stop: the best costs seen per need, and which needs still want more.
    wanted = {n: min(PER_NEED, len(near[n])) for n in needs}
    tops: dict[str, list[float]] = {n: [] for n in needs}  # max-heaps (negated)
    if all(pools[n].plain for n in needs):
        asked = frozenset(needs)

        def serving(u: str) -> list[tuple[str, Candidate]]:
            return serving_at(G, u, asked, state, c, as_of)
    else:  # constraints filtered or annotated the candidates: index those
        by_org: dict[str, list[tuple[str, Candidate]]] = {}
        for need, lst in near.items():
            for cand in lst:
                by_org.setdefault(cand.org.id, []).append((need, cand))

        def serving(u: str) -> list[tuple[str, Candidate]]:
            return by_org.get(u, [])

    def settled(u: str, d: float) -> None:
        for need, cand in serving(u):
            heap = tops[need]
            heapq.heappush(heap, -(d + penalty(cand)))
            if len(heap) > wanted[need]:
                heapq.heappop(heap)

    def done(d: float) -> bool:
        # Every unsettled provider costs at least d: once d exceeds the worst of each full
        # short list, nothing left can enter one.
        return all(len(tops[n]) >= wanted[n] and (not tops[n] or d > -tops[n][0])
                   for n in needs)

    dist, pred = cheapest_chains(G, origin, cost_fn, CHAIN_CUTOFF, done, settled)

    def room(cand: Candidate) -> int:
        # Tie-break only: with costs equal, a provider with free beds or places first, then
        # one whose capacity is unknown, then one that is full.
        return capacity_rank(cand.provision.capacity_available)

    def provider_cost(cand: Candidate) -> float:
        if cand.org.id == origin:
            return -HANDOFF_COST  # no hand-off at all
        return dist.get(cand.org.id, COLD_COST) + penalty(cand)

    def key(cand: Candidate) -> tuple[float, int, Reach, str]:
        return provider_cost(cand), room(cand), cand.reach, cand.org.id

    def shortlist(need: str) -> list[Candidate]:
        """The need's best PER_NEED providers by `key`: `sorted(near[need], key=key)`'s
        first ones. Without notes, those the search did not reach all cost COLD_COST plus
        a penalty that depends on the provider alone, so the best of them are the first
        of `cold_order` still eligible: hundreds of providers are not sorted per plan."""
        if any(x.notes for x in near[need]):  # a note adds to a cost: rank them all
            return sorted(near[need], key=key)[:PER_NEED]
        # With no note, `candidates` handed out `near_candidates`' own objects.
        if pools[need].plain:
            def eligible(x: Candidate) -> bool:
                return admitted(x.org, x.provision, c, as_of)
        else:
            ids = {id(x) for x in near[need]}

            def eligible(x: Candidate) -> bool:
                return id(x) in ids
        warm = [x for x in near[need] if x.org.id == origin or x.org.id in dist]
        cold: list[Candidate] = []
        for x in cold_order(G, need, state):
            if len(cold) == PER_NEED:
                break
            if eligible(x) and x.org.id != origin and x.org.id not in dist:
                cold.append(x)
        return sorted(warm + cold, key=key)[:PER_NEED]

    # Confidential providers the caller may not see: counted, and named as a way in, never
    # as a provider (the coverage report counts them the same way).
    hidden = {need: pools[need].hidden for need in needs}
    counts = tuple((need, pools[need].count) for need in needs)
    dates: list[dt.date | None] = []

    shortlists: list[tuple[str, list[Candidate]]] = []
    unmet: list[UnmetNeed] = []
    for need in needs:
        if not near[need]:
            if hidden[need]:
                via = ways_in(G, [x.org for x in hidden[need]], as_of)
                dates += [d for x in hidden[need] for d in provision_dates(x.org, x.provision)]
                unmet.append(UnmetNeed(
                    need, state, explain.unmet_text(G, need, state, as_of, lang,
                                                    confidential=True, via=via),
                    confidential=True, via=tuple(o.id for o in via)))
                continue
            # Nearest coverage: neighbouring states first, else wherever a chain reaches.
            instead = elsewhere(G, need, state, c, as_of)
            alts = instead.nearest(dist, 3)
            why = explain.why_near(instead.around, lang)
            last = ended_providers(G, need, state, as_of,
                                   include_confidential=c.include_confidential,
                                   exclude=c.exclude)
            items = tuple((e.org.id, e.org.acronym or e.org.name, e.ended) for e in last)
            dates += [d for x in alts[:3] for d in provision_dates(x.org, x.provision)]
            dates += [d for e in last for d in provision_dates(e.org, e.provision)]
            unmet.append(UnmetNeed(
                need, state, explain.unmet_text(G, need, state, as_of, lang, last=items),
                tuple((x.org.id, why) for x in alts[:3]), last_recorded=items,
            ))
            continue
        shortlists.append((need, shortlist(need)))

    best: dict[frozenset[str], tuple[float, dict[str, Candidate]]] = {}
    # With no coverable need there is nothing to plan (product() of nothing is one empty plan).
    combos = itertools.product(*(lst for _, lst in shortlists)) if shortlists else iter(())
    for combo in itertools.islice(combos, MAX_COMBINATIONS):
        chosen: dict[str, Candidate] = {}
        for cand in combo:
            chosen.setdefault(cand.org.id, cand)
        providers = frozenset(chosen)
        handoffs = len(providers - {origin})
        if handoffs > c.max_handoffs:
            continue
        cost = sum(provider_cost(x) for x in chosen.values()) + HANDOFF_COST * len(providers)
        if providers not in best or cost < best[providers][0]:
            assignment = {need: cand for (need, _), cand in zip(shortlists, combo, strict=True)}
            best[providers] = (cost, assignment)

    ways: dict[str, tuple[bool, tuple[Hop, ...], str]] = {}  # provider: cold, path, tie
    ranked = sorted(best.items(), key=lambda kv: (
        kv[1][0], sum(room(c) for c in {c.org.id: c for c in kv[1][1].values()}.values()),
        sorted(kv[0])))[:k]
    plans = []
    for rank, (_, (cost, assignment)) in enumerate(ranked, start=1):
        by_provider: dict[str, list[str]] = {}
        for need, cand in assignment.items():
            by_provider.setdefault(cand.org.id, []).append(need)
        first = {p: min(NEED_PRIORITY.index(n) if n in NEED_PRIORITY else 99 for n in ns)
                 for p, ns in by_provider.items()}
        steps = []
        for order, pid in enumerate(sorted(by_provider, key=lambda p: (first[p], p)), start=1):
            cand = next(x for x in assignment.values() if x.org.id == pid)
            pneeds = tuple(by_provider[pid])
            if pid not in ways:  # the k plans often share a provider, and its way to it
                cold = pid != origin and not (G.has_edge(origin, pid) and tie_strength(
                    G.edges[origin, pid]["evidence"], as_of, weights) > 0)
                route = chain(pred, dist, pid)
                if route is None and pid != origin:
                    route = fewest_introductions(G, origin, pid, usable, holds)
                hops = _hops(G, route, as_of, weights, lang) if route and len(route) > 1 \
                    else ()
                ways[pid] = (cold, hops, _tie(G, origin, pid, as_of, weights))
                dates += [d for a, b in itertools.pairwise(route or ())
                          for e in strongest_evidence(G.edges[a, b]["evidence"], as_of,
                                                      weights)
                          for d in evidence_dates(e)]
            cold, hops, tie = ways[pid]
            prov = cand.provision
            src = prov.sources[0] if prov.sources else None
            dates += provision_dates(cand.org, prov)
            steps.append(Step(
                order=order, provider=pid, provider_name=explain.org_name(cand.org),
                needs=pneeds, reach=cand.reach, basis=prov.basis, cold=cold, path=hops,
                explanation=explain.step_text(G, origin, cand.org, prov, cand.reach, pneeds,
                                              hops, cold, tie, state, lang),
                notes=tuple(explain.note_text(n, lang) for n in cand.notes),
                cost=round(provider_cost(cand), 4),
                quote=src.passage if src else "", source=src.cite() if src else "",
                scope=prov.scope, group=prov.group, tie=tie if not cold else "none",
            ))
        plans.append(ReferralPlan(rank, round(cost, 4), tuple(steps)))
    return PlanResult(origin, state, needs, as_of, tuple(plans), tuple(unmet), counts,
                      newest(dates), basis.defaulted, lang,
                      explain.org_name(G.nodes[origin]["org"]),
                      explain.state_name(G, state, lang),
                      tuple(explain.need_name(G, n, lang) for n in needs))
