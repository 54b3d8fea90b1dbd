"""The projection as a public caller may see it.

Confidential organizations (every shelter by default) stay in the network, because a
report that hid them would show gaps that do not exist, but each one loses its name, id,
city and collaboration memberships: it becomes "a confidential shelter" with an opaque id
that serves its state.
"""

from __future__ import annotations

import dataclasses

import networkx as nx

from referral_graph.network.projection import VERSION_KEY, touched_since

_KEY = "_public_view"
CONFIDENTIAL_NAME = "Confidential shelter / Refugio confidencial"


def public_view(G: nx.Graph) -> nx.Graph:
    """A copy of `G` with confidential organizations anonymised; cached per version.

    After an edit, the copy is brought up to date by redoing only the organizations the
    edit touched (copying a 100,000-organization projection takes seconds), so what was
    computed on it and keyed by content, such as the gap report's per-state analyses, stays.

    >>> import networkx as nx
    >>> from referral_graph.network.model import OrgNode
    >>> G = nx.Graph(version=0)
    >>> G.add_node("casa", org=OrgNode("casa", "Casa X", "shelter", "civil_society",
    ...            city="Somewhere", confidential=True), provisions=[])
    >>> P = public_view(G)
    >>> list(P), P.nodes["confidential-1"]["org"].city is None
    (['confidential-1'], True)
    """
    version = G.graph.get(VERSION_KEY, 0)
    cached: tuple[int, nx.Graph, Aliases] | None = G.graph.get(_KEY)
    if cached is not None and cached[0] == version:
        return cached[1]
    touched = touched_since(G, cached[0]) if cached is not None else None
    if cached is None or touched is None:
        P, aliases = _build(G)
    else:
        _, P, aliases = cached
        _redo(G, P, aliases, touched)
    _context(G, P, aliases.of)
    # The alias map stays with the private graph: nothing of it is on the public one.
    G.graph[_KEY] = (version, P, aliases)
    return P


def pseudonyms(G: nx.Graph) -> dict[str, str]:
    """Confidential id -> the opaque id public callers know it by, as `public_view` gives it
    (the HSDS export and API name a confidential shelter by this, never by its id)."""
    public_view(G)
    return dict(G.graph[_KEY][2].of)


@dataclasses.dataclass
class Aliases:
    of: dict[str, str]  # confidential id -> opaque id
    issued: int  # opaque ids given so far; a number is never given twice

    def give(self, oid: str) -> str:
        if oid not in self.of:  # a reused number would link two shelters' records
            self.issued += 1
            self.of[oid] = f"confidential-{self.issued}"
        return self.of[oid]


def _build(G: nx.Graph) -> tuple[nx.Graph, Aliases]:
    secret = sorted(n for n, d in G.nodes(data=True) if d["org"].confidential)
    aliases = Aliases({}, 0)
    for oid in secret:
        aliases.give(oid)
    P = nx.relabel_nodes(G, aliases.of, copy=True)
    P.graph = {}
    for new in aliases.of.values():
        _anonymise(P, new)
    # Ties stay, so the public report's statuses equal the staff report's: they attach to an
    # opaque id and say nothing of which shelter, where, or who works in it.
    return P, aliases


def _redo(G: nx.Graph, P: nx.Graph, aliases: Aliases, ids: set[str]) -> None:
    """Replace the organizations ``ids`` (and their ties) in ``P`` by what ``G`` holds now."""
    alias = aliases.of
    P.remove_nodes_from([alias.get(oid, oid) for oid in ids])
    here = sorted(oid for oid in ids if oid in G)
    for oid in here:
        if G.nodes[oid]["org"].confidential:
            aliases.give(oid)
        else:
            alias.pop(oid, None)
        node = alias.get(oid, oid)
        P.add_node(node, **G.nodes[oid])
        if oid in alias:
            _anonymise(P, node)
    for oid in here:
        for nbr, data in G.adj[oid].items():
            P.add_edge(alias.get(oid, oid), alias.get(nbr, nbr), **data)


def _anonymise(P: nx.Graph, node: str) -> None:
    data = P.nodes[node]
    data["org"] = dataclasses.replace(data["org"], id=node, name=CONFIDENTIAL_NAME,
                                      acronym=None, city=None)
    # Not even "full" is said of a confidential shelter: capacity goes with its name.
    data["provisions"] = [dataclasses.replace(p, organization=node, id=f"{node}-{p.service}",
                                              capacity_available=None)
                          for p in data["provisions"]]


def _context(G: nx.Graph, P: nx.Graph, alias: dict[str, str]) -> None:
    """The shared context (states, services, collaborations, version) as a public caller
    may see it: collaborations do not list confidential members."""
    P.graph.update({k: v for k, v in G.graph.items() if not k.startswith("_")})
    P.graph["collaborations"] = {
        cid: dataclasses.replace(c, members=frozenset(m for m in c.members if m not in alias))
        for cid, c in G.graph.get("collaborations", {}).items()
    }
