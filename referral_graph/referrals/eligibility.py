"""Which organizations may serve a need in a state, and how well they reach it."""

from __future__ import annotations

import datetime as dt
import heapq
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

import networkx as nx

from referral_graph.network.model import OrgNode, Provision
from referral_graph.network.reach import national_reach, reach, touched_states
from referral_graph.network.snapshot import at_version, per_version
from referral_graph.referrals.model import Constraints, Reach

_INDEX_KEY = "providers_by_service"  # derived entry of the graph: (version, index)
_REACHING_KEY = "reaching"  # `per_version` memo: (need, state) -> `reaching` list
_NEAR_KEY = "reaching_near"  # `per_version` memo: (need, state) -> `reaching_near` list
_NEAR_CANDIDATES_KEY = "near_candidates"  # `per_version` memo: (need, state) -> tuple
_VIA_KEY = "ways_in"  # `per_version` memo: (hidden ids, day, limit) -> `ways_in` answer
_VIA_KEPT = 4096
_TIES_KEY = "public_ties"  # `per_version` memo: (org id, day) -> `_public_ties` answer
_TIES_KEPT = 65_536


@dataclass(frozen=True, slots=True)
class Candidate:
    org: OrgNode
    provision: Provision
    reach: Reach
    notes: tuple[str, ...]


NATIONAL = "*"  # index key of provisions with national reach


def neighbours_of(G: nx.Graph, state: str) -> frozenset[str]:
    """The states bordering `state` (none for a state the graph does not know)."""
    info = G.graph.get("states", {}).get(state)
    return info.neighbours if info else frozenset()


def every_provision(G: nx.Graph, need: str) -> Iterator[tuple[OrgNode, Provision]]:
    """Every provision of `need` in the country, each once, in the index's order."""
    seen: set[str] = set()
    for places in providers_by_service(G).get(need, {}).values():
        for org, prov in places:
            if prov.id not in seen:
                seen.add(prov.id)
                yield org, prov


def providers_by_service(G: nx.Graph) -> dict[str, dict[str, list[tuple[OrgNode, Provision]]]]:
    """Index: service -> state (or NATIONAL) -> provisions that reach it.

    Built once per graph version (kept in the graph's derived data, `network.snapshot`); the
    projection bumps the version on every change, which invalidates it. A planning request
    then reads a few short lists instead of scanning every provider of a service.
    """
    return at_version(G, _INDEX_KEY, lambda: _providers_index(G))


def _providers_index(G: nx.Graph) -> dict[str, dict[str, list[tuple[OrgNode, Provision]]]]:
    index: dict[str, dict[str, list[tuple[OrgNode, Provision]]]] = defaultdict(
        lambda: defaultdict(list))
    for _, data in G.nodes(data=True):
        org = data["org"]
        for prov in data.get("provisions", ()):
            # Every state it touches, so neighbour look-ups find it too; `reach` then decides.
            places = set(touched_states(org, prov))
            if national_reach(org, prov):
                places.add(NATIONAL)
            for place in places:
                index[prov.service][place].append((org, prov))
    return index


def _fit(org: OrgNode, need: str, c: Constraints) -> tuple[bool, tuple[str, ...]]:
    """Does the organization meet the constraints? Unknown data is a note, not a match."""
    notes: list[str] = []  # keys of referrals.explain.TEXT
    if c.languages:
        if org.languages is None:
            notes.append("languages")
        elif not c.languages <= org.languages:
            return False, ()
    if c.population:
        if org.populations is None:
            notes.append("populations")
        elif c.population not in org.populations:
            return False, ()
    if need == "shelter" and c.accepts_confidential_placement and not org.confidential:
        return False, ()
    return True, tuple(notes)


@dataclass(frozen=True, slots=True)
class Ended:
    """A provider recorded for a state whose record had ended before the date asked."""

    org: OrgNode
    provision: Provision
    reach: Reach
    ended: dt.date


def ended_providers(G: nx.Graph, need: str, state: str, as_of: dt.date, *,
                    include_confidential: bool, exclude: frozenset[str] = frozenset(),
                    limit: int = 3) -> list[Ended]:
    """Providers of `need` in `state` (working there, covering it or national) whose record
    ended before `as_of`: what to say when nothing is in force then. Latest end first.

    The directory, plans and gap reports all use this, so "Último registro: PROTEJA, terminó
    el 31 de marzo de 2009" reads the same on every surface.
    """
    neighbours = neighbours_of(G, state)
    by_place = providers_by_service(G).get(need, {})
    out: dict[str, Ended] = {}
    for org, prov in (*by_place.get(state, ()), *by_place.get(NATIONAL, ())):
        if org.id in exclude or (org.confidential and not include_confidential):
            continue
        ends = [d for d in (org.active_to, prov.active_to) if d is not None and d < as_of]
        r = reach(org, prov, state, neighbours)
        if not ends or r is None or r is Reach.NEIGHBOUR:
            continue
        if org.active_from and org.active_from > as_of:
            continue
        e = Ended(org, prov, r, min(ends))
        if org.id not in out or e.ended > out[org.id].ended:
            out[org.id] = e
    return sorted(out.values(), key=lambda e: (-e.ended.toordinal(), e.org.name))[:limit]


def intermediaries(G: nx.Graph, hidden: list[OrgNode], as_of: dt.date, limit: int = 3
                   ) -> tuple[OrgNode, ...]:
    """Public organizations in force with a recorded tie to the `hidden` (confidential)
    providers, strongest tie first: the way a public caller can reach them."""
    best: dict[str, float] = {}
    for org in hidden:
        if org.id not in G:
            continue
        for nb, s in _public_ties(G, org.id, as_of):
            if s > best.get(nb, 0.0):
                best[nb] = s
    # The same as sorting them all and taking the first `limit` (ties keep their order).
    chosen = heapq.nsmallest(limit, best, key=lambda n: (-best[n],
                                                         G.nodes[n]["org"].name.casefold()))
    return tuple(G.nodes[n]["org"] for n in chosen)


def _public_ties(G: nx.Graph, org_id: str, as_of: dt.date) -> tuple[tuple[str, float], ...]:
    """The organization's ties of some strength on `as_of` to public organizations in
    force, in the graph's order. Kept per graph version, organization and day (at most
    `_TIES_KEPT`): a shelter is among the hidden providers of each service it gives, and
    weighing its ties again for each was most of `intermediaries`' time at 100k."""
    from referral_graph.network.weights import tie_strength

    kept = per_version(G, _TIES_KEY)
    found: tuple[tuple[str, float], ...] | None = kept.get((org_id, as_of))
    if found is not None:
        return found
    out = []
    for nb, data in G[org_id].items():
        other = G.nodes[nb]["org"]
        if other.confidential or not other.active_on(as_of):
            continue
        s = tie_strength(data["evidence"], as_of)
        if s > 0.0:  # a tie of no strength is never a way in (`best` starts at 0)
            out.append((nb, s))
    if len(kept) >= _TIES_KEPT:
        kept.clear()
    found = kept[(org_id, as_of)] = tuple(out)
    return found


def ways_in(G: nx.Graph, hidden: list[OrgNode], as_of: dt.date, limit: int = 3
            ) -> tuple[OrgNode, ...]:
    """`intermediaries`, kept per graph version for the same providers, day and limit.

    Why: every public answer about a state with confidential shelters asks it (providers,
    plans, an organization's contact), and it weighs each tie of each shelter: hundreds of
    shelters at 100k, ~60 ms. At most `_VIA_KEPT` answers are kept per version, so callers
    asking about many days cannot grow it without bound.

    >>> import networkx as nx
    >>> from referral_graph.network.model import Evidence, OrgNode, TieKind
    >>> G = nx.Graph()
    >>> G.add_node("s", org=OrgNode("s", "Refugio", "shelter", "civil_society",
    ...                             confidential=True))
    >>> G.add_node("n", org=OrgNode("n", "Red", "ngo", "civil_society"))
    >>> G.add_edge("s", "n", evidence=[Evidence(TieKind.AGREEMENT, "a", "MOU",
    ...                                         dt.date(2008, 1, 1))])
    >>> [o.id for o in ways_in(G, [G.nodes["s"]["org"]], dt.date(2009, 1, 1))]
    ['n']
    """
    kept = per_version(G, _VIA_KEY)
    key = (tuple(o.id for o in hidden), as_of, limit)
    found: tuple[OrgNode, ...] | None = kept.get(key)
    if found is None:
        if len(kept) >= _VIA_KEPT:
            kept.clear()
        found = kept[key] = intermediaries(G, hidden, as_of, limit)
    return found


def reaching(G: nx.Graph, need: str, state: str) -> tuple[tuple[OrgNode, Provision, Reach], ...]:
    """Every provision of `need` that comes near `state`, with how it reaches it: those in
    the state, then the national ones, then those of its neighbours (in code order), each
    provision once. Nothing here depends on the caller or the date, so the list is made
    once per graph version and (need, state), on first use.

    Why: a plan asks this once per need and the directory once per answer. At 100,000
    organizations a state's list holds thousands of provisions, and working out each one's
    reach again per request was most of a plan's time.

    >>> import networkx as nx
    >>> from referral_graph.network.model import OrgNode, Provision
    >>> G = nx.Graph(states={})
    >>> G.add_node("o", org=OrgNode("o", "O", "ngo", "civil_society", frozenset({"MX-OAX"})),
    ...            provisions=[Provision("p", "o", "legal_aid", "stated")])
    >>> [(o.id, r.name) for o, _, r in reaching(G, "legal_aid", "MX-OAX")]
    [('o', 'OPERATES_IN')]
    >>> reaching(G, "legal_aid", "MX-PUE")
    ()
    """
    lists = per_version(G, _REACHING_KEY)
    found: tuple[tuple[OrgNode, Provision, Reach], ...] | None = lists.get((need, state))
    if found is None:
        found = lists[(need, state)] = tuple(_gathered(G, need, state, neighbours=True))
    return found


def _gathered(G: nx.Graph, need: str, state: str, *, neighbours: bool
              ) -> Iterator[tuple[OrgNode, Provision, Reach]]:
    """The provisions of `need` indexed under `state`, then the national ones, then (with
    ``neighbours``) those of its neighbours in code order, each once, with its reach: the
    one walk `reaching` and `reaching_near` share. Without ``neighbours`` only those that
    serve the state itself are kept: being local to it (so indexed under it) or national,
    these two lists hold all of them."""
    borders = neighbours_of(G, state)
    by_place = providers_by_service(G).get(need, {})
    seen: set[str] = set()
    for place in (state, NATIONAL, *(sorted(borders) if neighbours else ())):
        for org, prov in by_place.get(place, ()):
            if prov.id in seen:
                continue
            seen.add(prov.id)
            r = reach(org, prov, state, borders)
            if r is not None and (neighbours or r is not Reach.NEIGHBOUR):
                yield org, prov, r


def reaching_near(G: nx.Graph, need: str, state: str
                  ) -> tuple[tuple[OrgNode, Provision, Reach], ...]:
    """`reaching` without the neighbours' providers: those that serve `state` itself (in
    it, covering it or national), in the same order. Made once per graph version and
    (need, state).

    Why: a plan looks at the neighbours' providers only for a need nobody in the state
    meets, and at 100k they are most of `reaching` (3,196 of 3,853 providers of legal aid
    near Oaxaca); filtering them out per request was most of a plan's time.

    >>> import networkx as nx
    >>> from referral_graph.network.model import OrgNode, Provision, StateInfo
    >>> G = nx.Graph(states={"MX-OAX": StateInfo("MX-OAX", "Oaxaca", "Oaxaca",
    ...                                          frozenset({"MX-PUE"}))})
    >>> for oid, st in (("a", "MX-OAX"), ("b", "MX-PUE")):
    ...     G.add_node(oid, org=OrgNode(oid, oid, "ngo", "civil_society", frozenset({st})),
    ...                provisions=[Provision(oid + "p", oid, "legal_aid", "stated")])
    >>> [(o.id, r.name) for o, _, r in reaching(G, "legal_aid", "MX-OAX")]
    [('a', 'OPERATES_IN'), ('b', 'NEIGHBOUR')]
    >>> [(o.id, r.name) for o, _, r in reaching_near(G, "legal_aid", "MX-OAX")]
    [('a', 'OPERATES_IN')]
    """
    lists = per_version(G, _NEAR_KEY)
    found: tuple[tuple[OrgNode, Provision, Reach], ...] | None = lists.get((need, state))
    if found is None:
        found = lists[(need, state)] = tuple(_gathered(G, need, state, neighbours=False))
    return found


def near_candidates(G: nx.Graph, need: str, state: str) -> tuple[Candidate, ...]:
    """`reaching_near` as candidates with no notes, made once per graph version and (need,
    state): `candidates` hands these same objects out whenever the caller's constraints
    add no note, so a plan makes none per request, and can tell them apart by identity.

    >>> import networkx as nx
    >>> from referral_graph.network.model import OrgNode, Provision
    >>> G = nx.Graph(states={})
    >>> G.add_node("o", org=OrgNode("o", "O", "ngo", "civil_society", frozenset({"MX-OAX"})),
    ...            provisions=[Provision("p", "o", "legal_aid", "stated")])
    >>> [(x.org.id, x.reach.name, x.notes) for x in near_candidates(G, "legal_aid", "MX-OAX")]
    [('o', 'OPERATES_IN', ())]
    >>> near_candidates(G, "legal_aid", "MX-OAX") is near_candidates(G, "legal_aid", "MX-OAX")
    True
    """
    lists = per_version(G, _NEAR_CANDIDATES_KEY)
    found: tuple[Candidate, ...] | None = lists.get((need, state))
    if found is None:
        found = lists[(need, state)] = tuple(
            Candidate(org, prov, r, ()) for org, prov, r in reaching_near(G, need, state))
    return found


def admitted(org: OrgNode, prov: Provision, c: Constraints, as_of: dt.date) -> bool:
    """Not excluded, visible to the caller, and the organization and its provision in
    force on `as_of`: what every candidate must be before its fit is asked."""
    if org.id in c.exclude or (org.confidential and not c.include_confidential):
        return False
    return org.active_on(as_of) and prov.active_on(as_of)


def candidates(G: nx.Graph, need: str, state: str, c: Constraints, as_of: dt.date,
               *, anywhere: bool = False, near: bool = False) -> list[Candidate]:
    """Every eligible provider of `need` near `state`, unranked.

    With ``near``, only those that serve the state itself (no neighbours' providers). With
    ``anywhere``, providers in any state are kept too (with reach NEIGHBOUR), for
    pointing at the nearest coverage when the state has none.
    """
    if near:
        out = []
        # Constraints `_fit` would find met by everyone with no note: not asked per provider.
        fits = not (c.languages or c.population
                    or (need == "shelter" and c.accepts_confidential_placement))
        for x in near_candidates(G, need, state):
            org = x.org
            if not admitted(org, x.provision, c, as_of):
                continue
            if fits:
                out.append(x)
                continue
            ok, notes = _fit(org, need, c)
            if ok:
                out.append(Candidate(org, x.provision, x.reach, notes) if notes else x)
        return out
    if not anywhere:
        out = []
        for org, prov, r in reaching(G, need, state):
            if not admitted(org, prov, c, as_of):
                continue
            ok, notes = _fit(org, need, c)
            if ok:
                out.append(Candidate(org, prov, r, notes))
        return out
    neighbours = neighbours_of(G, state)
    out = []
    for org, prov in every_provision(G, need):
        if not admitted(org, prov, c, as_of):
            continue
        how = reach(org, prov, state, neighbours)
        ok, notes = _fit(org, need, c)
        if ok:  # not `how or …`: OPERATES_IN is 0
            out.append(Candidate(org, prov, Reach.NEIGHBOUR if how is None else how, notes))
    return out
