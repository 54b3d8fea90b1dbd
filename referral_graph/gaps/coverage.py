"""Who provides what where: provisions by state and service in one pass over the projection,
and each state's network (its organizations, collaborations and in-scope ties)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field

import networkx as nx

from referral_graph.gaps.scope import Scope
from referral_graph.network.model import CollaborationInfo, OrgNode, Provision
from referral_graph.network.reach import local_states, national_reach
from referral_graph.network.snapshot import raw_adjacency, raw_nodes


@dataclass(slots=True)
class StateCoverage:
    orgs: set[str] = field(default_factory=set)  # operate in the state or cover it
    local: dict[str, list[Provision]] = field(default_factory=dict)  # by service


@dataclass(slots=True)
class CoverageIndex:
    """Provisions by state and service, from one pass over the projection."""

    states: dict[str, StateCoverage]
    national: dict[str, list[Provision]]


def index_coverage(G: nx.Graph, scope: Scope, states: Collection[str]) -> CoverageIndex:
    """Every in-scope provision, by the states it reaches locally, and the national ones."""
    index = CoverageIndex({s: StateCoverage() for s in states}, {})
    wanted, national = index.states, index.national
    # One pass over 100k organizations is the floor of a full report (and of a refresh): plain
    # loops and dict lookups here, no set algebra per organization, no check that always holds.
    org_ok = scope.org_ok if scope.without or scope.as_of is not None else None
    provision_ok = scope.provision_ok if scope.as_of is not None else None
    for oid, data in raw_nodes(G).items():
        org: OrgNode = data["org"]
        if org_ok is not None and not org_ok(org):
            continue
        for s in org.states:
            if s in wanted:
                wanted[s].orgs.add(oid)
        for prov in data.get("provisions", ()):
            if provision_ok is not None and not provision_ok(prov):
                continue
            for s in prov.covers:
                if s in wanted:
                    wanted[s].orgs.add(oid)
            for s in local_states(org, prov):
                if s in wanted:
                    wanted[s].local.setdefault(prov.service, []).append(prov)
            if national_reach(org, prov):
                national.setdefault(prov.service, []).append(prov)
    return index


def state_collaborations(G: nx.Graph, state: str, scope: Scope) -> list[CollaborationInfo]:
    """The state's own task forces and networks (federal ones, with no states, are not)."""
    collabs: Mapping[str, CollaborationInfo] = G.graph.get("collaborations", {})
    return sorted((c for c in collabs.values() if state in c.states and scope.collaboration_ok(c)),
                  key=lambda c: c.id)


def collaboration_members(G: nx.Graph, collabs: Iterable[CollaborationInfo],
                          scope: Scope) -> frozenset[str]:
    return frozenset(m for c in collabs for m in c.members
                     if m in G and scope.org_ok(G.nodes[m]["org"]))


def state_ties(G: nx.Graph, orgs: Collection[str], scope: Scope) -> dict[str, set[str]]:
    """The state's network as adjacency sets: only in-scope ties among ``orgs``."""
    members = set(orgs)
    # The raw dict (not in the stubs): `keys() & set` then runs in C, ~20x faster on large states.
    adj = raw_adjacency(G)
    ties = {u: adj[u].keys() & members for u in members}
    if scope.as_of is None:
        return ties
    # Each tie's dates are read once, from its first end, not from both (1.2M reads at 100k).
    tie_ok = scope.tie_ok
    for u, vs in ties.items():
        nbrs = adj[u]
        for v in [v for v in vs if u <= v and not tie_ok(nbrs[v]["evidence"])]:
            vs.discard(v)
            ties[v].discard(u)
    return ties


def as_graph(ties: Mapping[str, Collection[str]]) -> nx.Graph:
    """A plain graph of adjacency sets, nodes in sorted order so that seeded algorithms give
    the same answer every run."""
    H: nx.Graph = nx.Graph()
    H.add_nodes_from(sorted(ties))
    H.add_edges_from((u, v) for u in H for v in ties[u] if u < v)
    return H
