"""Which organizations may serve a need in a state, and how well they reach it."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

import networkx as nx

from referral_graph.network.model import OrgNode, Provision
from referral_graph.network.projection import VERSION_KEY
from referral_graph.network.reach import local_states, national_reach
from referral_graph.referrals.model import Constraints, Reach

_INDEX_KEY = "_providers_by_service"


@dataclass(frozen=True, slots=True)
class Candidate:
    org: OrgNode
    provision: Provision
    reach: Reach
    notes: tuple[str, ...]


NATIONAL = "*"  # index key of provisions with national reach


def providers_by_service(G: nx.Graph) -> dict[str, dict[str, list[tuple[OrgNode, Provision]]]]:
    """Index: service -> state (or NATIONAL) -> provisions that reach it.

    Built once per projection version; the projection bumps ``G.graph["version"]`` on every
    change, which invalidates it. A planning request then reads a few short lists instead
    of scanning every provider of a service.
    """
    version = G.graph.get(VERSION_KEY, 0)
    cached = G.graph.get(_INDEX_KEY)
    if cached is not None and cached[0] == version:
        return cached[1]
    index: dict[str, dict[str, list[tuple[OrgNode, Provision]]]] = defaultdict(
        lambda: defaultdict(list))
    for _, data in G.nodes(data=True):
        org = data["org"]
        for prov in data.get("provisions", ()):
            # Every state it touches, so neighbour look-ups find it too; `reach` then decides.
            places = set(org.states) | set(prov.covers)
            if national_reach(org, prov):
                places.add(NATIONAL)
            for place in places:
                index[prov.service][place].append((org, prov))
    G.graph[_INDEX_KEY] = (version, index)
    return index


def reach(org: OrgNode, prov: Provision, state: str, neighbours: frozenset[str]) -> Reach | None:
    """How a provision reaches `state`, or None when it does not come near it."""
    if state in local_states(org, prov):
        return Reach.OPERATES_IN if state in org.states else Reach.COVERS
    if national_reach(org, prov):
        return Reach.NATIONAL
    if neighbours & (org.states | prov.covers):
        return Reach.NEIGHBOUR
    return None


def _fit(org: OrgNode, need: str, c: Constraints) -> tuple[bool, tuple[str, ...]]:
    """Does the organization meet the constraints? Unknown data is a note, not a match."""
    notes: list[str] = []
    if c.languages:
        if org.languages is None:
            notes.append("languages not recorded: confirm before referring")
        elif not c.languages <= org.languages:
            return False, ()
    if c.population:
        if org.populations is None:
            notes.append("populations served not recorded: confirm before referring")
        elif c.population not in org.populations:
            return False, ()
    if need == "shelter" and c.accepts_confidential_placement and not org.confidential:
        return False, ()
    return True, tuple(notes)


def candidates(G: nx.Graph, need: str, state: str, c: Constraints, as_of: dt.date,
               *, anywhere: bool = False) -> list[Candidate]:
    """Every eligible provider of `need` near `state`, unranked.

    With ``anywhere``, providers in any state are kept too (with reach NEIGHBOUR), for
    pointing at the nearest coverage when the state has none.
    """
    info = G.graph.get("states", {}).get(state)
    neighbours = info.neighbours if info else frozenset()
    by_place = providers_by_service(G).get(need, {})
    if anywhere:
        pool = [x for lst in by_place.values() for x in lst]
    else:
        pool = [x for place in (state, NATIONAL, *sorted(neighbours))
                for x in by_place.get(place, ())]
    out = []
    seen: set[str] = set()
    for org, prov in pool:
        if prov.id in seen:
            continue
        seen.add(prov.id)
        if org.id in c.exclude or (org.confidential and not c.include_confidential):
            continue
        if not (org.active_on(as_of) and prov.active_on(as_of)):
            continue
        r = reach(org, prov, state, neighbours)
        if r is None:
            if not anywhere:
                continue
            r = Reach.NEIGHBOUR
        ok, notes = _fit(org, need, c)
        if ok:
            out.append(Candidate(org, prov, r, notes))
    return out
