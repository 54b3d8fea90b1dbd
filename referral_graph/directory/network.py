"""The part of the network a task-force lead wants to draw, ready for a browser or Gephi.

`drawing` is a pure function over the projection: the organizations and ties to draw, as
plain records the GraphQL drawing reads. `network_graph` makes of it a graph with only
scalar attributes, which networkx's GraphML, GEXF and Cytoscape JSON writers take as is.
Each tie of a drawing carries the evidence behind it (`Tie.evidence`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import networkx as nx

from referral_graph.directory.errors import DirectoryError
from referral_graph.network.model import Evidence, OrgNode
from referral_graph.network.weights import describe, tie_strength

MAX_DEPTH = 3
MAX_NODES = 2000


def _visible(org: OrgNode, see_confidential: bool, as_of: dt.date | None) -> bool:
    if org.confidential and not see_confidential:
        return False
    return as_of is None or org.active_on(as_of)


@dataclass(frozen=True, slots=True)
class Tie:
    """A tie of a drawing, from its smaller end: what ties the two on the day."""

    u: str
    v: str
    kinds: tuple[str, ...]  # the kinds of its evidence known on the day, sorted
    strength: float  # `tie_strength` on the day (today without one), to 4 places
    evidence: tuple[Evidence, ...]  # the pieces known on the day, in the data's order


@dataclass(frozen=True, slots=True)
class Drawing:
    """The organizations of a drawing (sorted), those it started from, and its ties (sorted
    by their ends)."""

    orgs: list[str]
    seeds: frozenset[str]
    ties: list[Tie]


def services_of(G: nx.Graph, n: str) -> list[str]:
    """The services an organization provides, each once, sorted."""
    return sorted({p.service for p in G.nodes[n].get("provisions", ())})


def _known(evidence: Iterable[Evidence], as_of: dt.date | None) -> tuple[Evidence, ...]:
    """The pieces known on `as_of` (all of them without a date)."""
    if as_of is None:
        return tuple(evidence)
    return tuple(e for e in evidence if e.date is None or e.date <= as_of)


def newest_first(evidence: Iterable[Evidence]) -> list[Evidence]:
    """Dated pieces newest first, then undated ones, each group by reference: the data's
    order, not the order Neo4j happened to return rows in (which changes when a store is
    reloaded).

    >>> import datetime as dt
    >>> from referral_graph.network.model import Evidence, TieKind
    >>> [e.ref for e in newest_first([Evidence(TieKind.ACTIVITY, "x", "X"),
    ...     Evidence(TieKind.ACTIVITY, "y", "Y", date=dt.date(2009, 3, 9)),
    ...     Evidence(TieKind.ACTIVITY, "z", "Z", date=dt.date(2009, 3, 10))])]
    ['z', 'y', 'x']
    """
    return sorted(evidence, key=lambda e: (e.date is None,
                                           -(e.date.toordinal() if e.date else 0),
                                           e.ref, e.label))


def _in_state(G: nx.Graph, n: str, state: str) -> bool:
    data = G.nodes[n]
    org = data["org"]
    return org.national or state in org.states or any(
        state in p.covers or p.national for p in data.get("provisions", ()))


def _provides(G: nx.Graph, n: str, service: str) -> bool:
    return any(p.service == service for p in G.nodes[n].get("provisions", ()))


def _known_on(evidence: tuple[Evidence, ...], as_of: dt.date | None) -> bool:
    """Whether any of a tie's evidence is known on `as_of` (what `_known` keeps)."""
    return as_of is None or any(e.date is None or e.date <= as_of for e in evidence)


def _ties_within(G: nx.Graph, keep: set[str]) -> list[tuple[str, str]]:
    """The ties between organizations of `keep`, each once from its smaller end, sorted.

    Why not ``G.subgraph(keep).edges()``: a subgraph view tests every neighbour of every
    kept organization through two layers of filters (at 100k organizations, most of a
    network answer's time), and yields the ties in an order that depends on set order.

    >>> G = nx.Graph([("a", "b"), ("b", "c"), ("c", "d")])
    >>> _ties_within(G, {"a", "b", "c"})
    [('a', 'b'), ('b', 'c')]
    """
    ties: list[tuple[str, str]] = []
    adj = G.adj
    for u in keep:
        ties += [(u, v) for v in adj[u] if u < v and v in keep]
    return sorted(ties)


def drawing(
    G: nx.Graph,
    *,
    see_confidential: bool,
    around: str | None = None,
    collaboration: str | None = None,
    state: str | None = None,
    service: str | None = None,
    depth: int = 1,
    as_of: dt.date | None = None,
    max_nodes: int = MAX_NODES,
) -> Drawing:
    """Organizations and ties near `around`, in `collaboration`, or in `state`, filtered.

    Start from one organization (`around`), the members of a task force or network
    (`collaboration`), or every organization of a `state`; add organizations up to `depth`
    ties away; keep those that pass the filters (state: works there, covers it or is
    national; service: provides it; as_of: active then, and only evidence dated by then).
    The starting organization is kept even when a filter would drop it. Confidential
    organizations are absent for a caller who may not see them: no node, no edge. More
    than `max_nodes` organizations, at any step, is an error rather than a huge answer.

    The result is plain records (`Drawing`), which the GraphQL drawing reads as they are;
    `network_graph` makes the networkx graph the file exports write.

    >>> import networkx as nx
    >>> from referral_graph.network.model import OrgNode, Evidence, TieKind
    >>> G = nx.Graph(collaborations={})
    >>> for n in "abc":
    ...     G.add_node(n, org=OrgNode(n, n.upper(), "ngo", "civil_society"), provisions=[])
    >>> G.add_edge("a", "b", evidence=[Evidence(TieKind.AGREEMENT, "m", "MOU: x")])
    >>> G.add_edge("b", "c", evidence=[Evidence(TieKind.ACTIVITY, "w", "workshop")])
    >>> d = drawing(G, see_confidential=False, around="a", depth=1)
    >>> d.orgs, d.seeds, [(t.u, t.v, t.kinds) for t in d.ties]
    (['a', 'b'], frozenset({'a'}), [('a', 'b', ('agreement',))])
    """
    if not 0 <= depth <= MAX_DEPTH:
        raise DirectoryError(f"depth: must be between 0 and {MAX_DEPTH}")
    collabs = G.graph.get("collaborations", {})
    states = G.graph.get("states", {})
    if state is not None and states and state not in states:
        raise DirectoryError(f"state: {state!r} is not a Mexican state code (e.g. MX-OAX)")
    services = G.graph.get("services", {})
    if service is not None and services and service not in services:
        raise DirectoryError(f"service: unknown service type {service!r}")

    nodes, adj = G.nodes, G.adj
    okay: dict[str, bool] = {}  # an organization is reached from many: judged once

    def ok(n: str) -> bool:
        found = okay.get(n)
        if found is None:
            found = okay[n] = _visible(nodes[n]["org"], see_confidential, as_of)
        return found

    if around is not None:
        if around not in G or (G.nodes[around]["org"].confidential and not see_confidential):
            raise DirectoryError(f"around: unknown organization {around!r}")
        seeds = {around}
    elif collaboration is not None:
        if collaboration not in collabs:
            raise DirectoryError(f"collaboration: unknown task force or network "
                                 f"{collaboration!r}")
        seeds = {m for m in collabs[collaboration].members if m in G and ok(m)}
    elif state is not None:
        seeds = {n for n in G if ok(n) and _in_state(G, n, state)}
    else:
        raise DirectoryError("around: give an organization, a collaboration or a state")

    # The cap holds for every way in: the starting set itself (a whole state at depth 0,
    # a large collaboration) as well as what each step of depth adds.
    if len(seeds) > max_nodes:
        where = "collaboration" if collaboration is not None else "state"
        raise DirectoryError(f"{where}: more than {max_nodes} organizations to draw; "
                             "add a service filter or start from one organization")
    keep = set(seeds)
    frontier = set(seeds)
    for _ in range(depth):
        nxt: set[str] = set()
        for n in frontier:
            for nb, tie in adj[n].items():
                if nb not in keep and nb not in nxt and ok(nb) and _known_on(
                        tie["evidence"], as_of):
                    nxt.add(nb)
        keep |= nxt
        frontier = nxt
        if len(keep) > max_nodes:
            raise DirectoryError(f"depth: more than {max_nodes} organizations at depth {depth};"
                                 " lower it or add a filter")
    fixed = {around} if around is not None else set()
    keep = {n for n in keep if n in fixed or (
        ok(n)
        and (state is None or _in_state(G, n, state))
        and (service is None or _provides(G, n, service)))}

    day = as_of or dt.date.today()
    ties: list[Tie] = []
    for u, v in _ties_within(G, keep):
        known = _known(adj[u][v]["evidence"], as_of)
        if known:
            # `_value_`, the member's own attribute: `.value` is a property, at twice the
            # cost, for each piece of evidence of each tie drawn.
            ties.append(Tie(u, v, tuple(sorted({e.kind._value_ for e in known})),
                            round(tie_strength(known, day), 4), known))
    return Drawing(sorted(keep), frozenset(seeds), ties)


def network_graph(G: nx.Graph, *, see_confidential: bool, described: bool = True,
                  **where: Any) -> nx.Graph:
    """`drawing` as a networkx graph with only scalar attributes (what GraphML, GEXF and
    Cytoscape JSON take as is): list values joined by ";", ``seed`` on each node, and for
    each edge its ``kinds``, ``strength`` and, with ``described``, the evidence in words.
    `where` is `drawing`'s: around, collaboration, state, service, depth, as_of, max_nodes.

    >>> import networkx as nx
    >>> from referral_graph.network.model import OrgNode, Evidence, TieKind
    >>> G = nx.Graph(collaborations={})
    >>> for n in "abc":
    ...     G.add_node(n, org=OrgNode(n, n.upper(), "ngo", "civil_society"), provisions=[])
    >>> G.add_edge("a", "b", evidence=[Evidence(TieKind.AGREEMENT, "m", "MOU: x")])
    >>> G.add_edge("b", "c", evidence=[Evidence(TieKind.ACTIVITY, "w", "workshop")])
    >>> H = network_graph(G, see_confidential=False, around="a", depth=1)
    >>> sorted(H), H.edges["a", "b"]["kinds"]
    (['a', 'b'], 'agreement')
    """
    d = drawing(G, see_confidential=see_confidential, **where)
    H: nx.Graph = nx.Graph()
    for n in d.orgs:
        org = G.nodes[n]["org"]
        H.add_node(n, label=org.acronym or org.name, name=org.name, kind=org.kind,
                   sector=org.sector, states=";".join(sorted(org.states)),
                   national=org.national, confidential=org.confidential,
                   services=";".join(services_of(G, n)), seed=n in d.seeds)
    for t in d.ties:
        H.add_edge(t.u, t.v, kinds=";".join(t.kinds), strength=t.strength)
        if described:
            H.edges[t.u, t.v]["evidence"] = " | ".join(
                describe(e) for e in newest_first(t.evidence))
    return H
