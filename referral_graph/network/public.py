"""The projection as a public caller may see it.

Confidential organizations (every shelter by default) stay in the network, because a
report that hid them would show gaps that do not exist, but each one loses its name, id,
city and collaboration memberships: it becomes "a confidential shelter" with an opaque id
that serves its state.

The opaque id is a keyed hash of the real one (HMAC with the deployment's secret,
`referral_graph.auth.server_secret`): stable across restarts, the same in every answer,
and telling nothing about the real id — not its alphabetical place, nor when it was
created. Numbering them in order did: with a published list of shelter names, sorting
it gave back which number was which shelter.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import secrets

import networkx as nx

from referral_graph import collector
from referral_graph.network.snapshot import (
    Draft,
    at_version,
    derived,
    raw_adjacency,
    raw_nodes,
    touched_since,
)

_KEY = "public_view"  # derived entry of the private graph: (version, (view, aliases))
_SECRET = "pseudonym_key"  # derived entry of the private graph only: never on the view
CONFIDENTIAL_NAME = "Confidential shelter / Refugio confidencial"
PREFIX = "confidential-"


def pseudonym(key: bytes, oid: str) -> str:
    """The public id of confidential organization `oid` under `key`.

    >>> pseudonym(b"k" * 32, "casa-alianza")
    'confidential-a58993fae607a9c3'
    >>> pseudonym(b"k" * 32, "casa-alianza") == pseudonym(b"j" * 32, "casa-alianza")
    False
    """
    return PREFIX + hmac.new(key, oid.encode(), hashlib.sha256).hexdigest()[:16]


def shuffle_key(key: bytes, text: str) -> str:
    """A sort key for public lists: the order it gives is fixed for a deployment and says
    nothing about `text` (an id, or the item as it was before redaction).

    >>> sorted(["a", "b", "c", "d"], key=lambda t: shuffle_key(b"k" * 32, t))
    ['a', 'c', 'd', 'b']
    """
    return hmac.new(key, b"order:" + text.encode(), hashlib.sha256).hexdigest()


def set_key(G: nx.Graph, key: bytes) -> None:
    """Key `G`'s pseudonyms with the deployment's secret."""
    derived(G).put(_SECRET, key)


def key_of(G: nx.Graph) -> bytes:
    """`G`'s key; a graph nobody keyed (a test, a script) gets a random one of its own, so
    its pseudonyms hold for as long as the graph does and reveal nothing either."""
    key: bytes = derived(G).setdefault(_SECRET, lambda: secrets.token_bytes(32))
    return key


def public_view(G: nx.Graph) -> nx.Graph:
    """A copy of `G` with confidential organizations anonymised; cached per version.

    After an edit, a new view is made from the previous one by redoing only the
    organizations the edit touched, copy-on-write (copying a 100,000-organization
    projection takes seconds): the previous view, which a reader may still hold, never
    changes, and what was computed on it and keyed by content, such as the gap report's
    per-state analyses, stays.

    >>> import networkx as nx
    >>> from referral_graph.network.model import OrgNode
    >>> G = nx.Graph(version=0)
    >>> G.add_node("casa", org=OrgNode("casa", "Casa X", "shelter", "civil_society",
    ...            city="Somewhere", confidential=True), provisions=[])
    >>> set_key(G, b"k" * 32)
    >>> P = public_view(G)
    >>> list(P), P.nodes["confidential-6791c7f8b3e2a69a"]["org"].city is None
    (['confidential-6791c7f8b3e2a69a'], True)
    """
    return _view(G)[0]


def _view(G: nx.Graph) -> tuple[nx.Graph, Aliases]:
    """The view and its alias map, kept in `G`'s derived data: the alias map stays with
    the private graph, nothing of it is on the public one."""
    def made(P: nx.Graph, aliases: Aliases) -> tuple[nx.Graph, Aliases]:
        _context(G, P, aliases.of)
        return P, aliases

    def build() -> tuple[nx.Graph, Aliases]:
        # Millions of objects made that all stay: see `collector` for why it pauses.
        with collector.paused():
            return made(*_build(G))

    def redo(since: int, held: tuple[nx.Graph, Aliases]) -> tuple[nx.Graph, Aliases] | None:
        touched = touched_since(G, since)
        if touched is None:
            return None
        with collector.paused():
            return made(*_redo(G, held[0], held[1], touched))

    return at_version(G, _KEY, build, update=redo)


def pseudonyms(G: nx.Graph) -> dict[str, str]:
    """Confidential id -> the opaque id public callers know it by, as `public_view` gives it
    (the HSDS export and API name a confidential shelter by this, never by its id)."""
    return dict(_view(G)[1].of)


@dataclasses.dataclass
class Aliases:
    key: bytes
    of: dict[str, str]  # confidential id -> opaque id

    def give(self, oid: str) -> str:
        if oid not in self.of:
            self.of[oid] = pseudonym(self.key, oid)
        return self.of[oid]


def _build(G: nx.Graph) -> tuple[nx.Graph, Aliases]:
    aliases = Aliases(key_of(G), {})
    for oid, data in G.nodes(data=True):
        if data["org"].confidential:
            aliases.give(oid)
    alias = aliases.of
    P: nx.Graph = nx.Graph()
    # Built in networkx's own dicts rather than by add_node/add_edges_from: at 100k
    # organizations (745k ties) those took 8 s of the public gap report's first 16.
    nodes, adj = raw_nodes(P), raw_adjacency(P)
    # Nodes in the order of their public ids, so that nothing iterating the view follows
    # the order of the real ids or of their creation.
    g_nodes = raw_nodes(G)
    for oid in sorted(g_nodes, key=lambda n: alias.get(n, n)):
        new = alias.get(oid, oid)
        nodes[new] = dict(g_nodes[oid])
        adj[new] = {}
    # Ties in the order G.edges gives them (each once, from its first end), as
    # add_edges_from(G.edges(data=True)) laid out each neighbour dict. A tie's data is
    # shared with G: neither graph changes a tie's data in place (edits copy, `Draft`).
    done: set[str] = set()
    for a, nbrs in raw_adjacency(G).items():
        pa = alias.get(a, a)
        mine = adj[pa]
        for b, data in nbrs.items():
            if b not in done:
                pb = alias.get(b, b)
                mine[pb] = data
                adj[pb][pa] = data
        done.add(a)
    for new in alias.values():
        _anonymise(P, new)
    # Ties stay, so the public report's statuses equal the staff report's: they attach to an
    # opaque id and say nothing of which shelter, where, or who works in it.
    return P, aliases


def _redo(G: nx.Graph, old: nx.Graph, old_aliases: Aliases, ids: set[str]
          ) -> tuple[nx.Graph, Aliases]:
    """A new view: ``old`` with the organizations ``ids`` (and their ties) replaced by what
    ``G`` holds now. ``old`` and ``old_aliases`` are not changed."""
    aliases = Aliases(old_aliases.key, dict(old_aliases.of))
    alias = aliases.of
    draft = Draft(old)
    P = draft.graph
    draft.remove_nodes([alias.get(oid, oid) for oid in ids])
    here = sorted(oid for oid in ids if oid in G)
    for oid in here:
        if G.nodes[oid]["org"].confidential:
            aliases.give(oid)
        else:
            alias.pop(oid, None)
        node = alias.get(oid, oid)
        draft.add_node(node, **G.nodes[oid])
        if oid in alias:
            _anonymise(P, node)
    for oid in here:
        for nbr, data in G.adj[oid].items():
            draft.add_edge(alias.get(oid, oid), alias.get(nbr, nbr), **data)
    return P, aliases


def _anonymise(P: nx.Graph, node: str) -> None:
    data = P.nodes[node]
    data["org"] = dataclasses.replace(data["org"], id=node, name=CONFIDENTIAL_NAME,
                                      acronym=None, city=None, search_key="")
    # Not even "full" is said of a confidential shelter: capacity goes with its name.
    data["provisions"] = [dataclasses.replace(p, organization=node, id=f"{node}-{p.service}",
                                              capacity_available=None)
                          for p in data["provisions"]]


def _context(G: nx.Graph, P: nx.Graph, alias: dict[str, str]) -> None:
    """The shared context (states, services, collaborations, version) as a public caller
    may see it: collaborations do not list confidential members."""
    P.graph.update({k: v for k, v in G.graph.items() if not k.startswith("_")})
    P.graph["collaborations"] = {
        cid: dataclasses.replace(c, members=frozenset(m for m in c.members if m not in alias),
                                 roles=tuple((m, r) for m, r in c.roles if m not in alias))
        for cid, c in G.graph.get("collaborations", {}).items()
    }
