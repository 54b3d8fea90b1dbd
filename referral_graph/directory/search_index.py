"""The directory's search on the projection: the organizations whose search key holds every
word, filtered and paged in the search's own order (name key, then id) — the same answer as
the database's search (`store/search_cypher.py`), with the same cursors.

Why in memory: at 100,000 organizations a common word ("asociación" is in 24,017 synthetic
names) made the database count every hit and check the state of each with two `EXISTS`
subqueries after the text index's seek, up to 0.9 s of Neo4j's CPU per search. Here the
organizations are listed once per graph version in that order, with each state's list
(those working in it, those covering it, the national ones) made up front: a search reads
the state's list, or every key when no state is given, and keeps the positions that match.
The projection already holds every field the search filters on.

The database's search stays for the command line, which has no projection loaded; a test
holds the two to the same answers.

>>> import networkx as nx
>>> from referral_graph.network.model import OrgNode
>>> G = nx.Graph(version=1)
>>> for i, (name, state) in enumerate([("Casa B", "MX-OAX"), ("Casa A", "MX-CHP"),
...                                     ("Refugio", "MX-OAX")]):
...     G.add_node(f"o{i}", org=OrgNode(f"o{i}", name, "ngo", "civil_society",
...                states=frozenset({state}), search_key=name.lower()), provisions=[])
>>> hits = search(G, Filters(query="casa"), see_confidential=False, first=1)
>>> hits.total, [o.name for _, o in hits.items], hits.has_next
(2, ['Casa A'], True)
>>> after = search(G, Filters(query="casa"), see_confidential=False, first=5,
...                after=hits.items[-1][0])
>>> [o.name for _, o in after.items], after.has_previous
(['Casa B'], True)
>>> [o.name for _, o in search(G, Filters(state="MX-OAX"), see_confidential=False).items]
['Casa B', 'Refugio']
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Any

import networkx as nx

from referral_graph.directory.model import Filters
from referral_graph.directory.service import decode_cursor, encode_cursor, page_size
from referral_graph.network.interned import one
from referral_graph.network.model import OrgNode
from referral_graph.network.snapshot import at_version, touched_since
from referral_graph.text import fold

_KEY = "directory.search_index"
_SEP = "\x00"  # between the keys in `SearchIndex.text`; a word holding it matches nothing
# Finding a word in the joined keys is fastest while its hits are few (the text is scanned
# in C, ~3 ms at 100,000 organizations); each hit then costs a look-up, so past this many
# testing every remaining key is cheaper (~20 ms for all of them).
_SWITCH = 1_000


@dataclass(frozen=True, slots=True)
class SearchIndex:
    """Every organization of one graph version in the search's order, with what the search
    filters on. Position ``i`` is the same organization in every list."""

    order: list[tuple[str, str]]  # (search key, id), sorted: the order and the cursors
    keys: list[str]  # the search keys alone, in that order
    text: str  # the keys joined by _SEP, each followed by it
    starts: list[int]  # where each key starts in `text`
    orgs: list[OrgNode]
    provisions: list[Any]  # each organization's provisions, as the graph holds them
    position: dict[str, int]  # id -> position
    services: list[frozenset[str]]  # the services of its capabilities
    in_state: dict[str, list[int]]  # state -> positions working in, covering it or national


@dataclass(frozen=True, slots=True)
class Hits:
    """One page of the search: (cursor, organization) pairs, as `directory.model.Page`."""

    total: int
    items: tuple[tuple[str, OrgNode], ...]
    has_next: bool
    has_previous: bool

    def ids(self) -> list[str]:
        return [o.id for _, o in self.items]


def build(G: nx.Graph) -> SearchIndex:
    """The index of `G` (read, never written)."""
    rows = []
    for node, data in G.nodes(data=True):
        o: OrgNode = data["org"]
        provisions = data.get("provisions", ())
        rows.append((o.search_key, str(node), o, one(frozenset(p.service for p in provisions)),
                     frozenset(s for p in provisions for s in p.covers), provisions))
    rows.sort(key=lambda r: (r[0], r[1]))
    national: list[int] = []
    local: dict[str, list[int]] = {}
    for i, (_, _, o, _, covers, _) in enumerate(rows):
        if o.national:
            national.append(i)
        else:
            for s in o.states | covers:
                local.setdefault(s, []).append(i)
    in_state = {s: sorted(set(positions).union(national)) for s, positions in local.items()}
    in_state[""] = national  # a state no one works in: the national organizations only
    keys = [r[0] for r in rows]
    starts, at = [], 0
    for k in keys:
        starts.append(at)
        at += len(k) + 1
    return SearchIndex(order=[(r[0], r[1]) for r in rows], keys=keys,
                       text="".join(k + _SEP for k in keys), starts=starts,
                       orgs=[r[2] for r in rows], provisions=[r[5] for r in rows],
                       position={r[1]: i for i, r in enumerate(rows)},
                       services=[r[3] for r in rows],
                       in_state=in_state)


def search_index(G: nx.Graph) -> SearchIndex:
    """`build(G)`, once per graph version (kept in the graph's derived data).

    A later version whose changes left every organization's record and provisions as they
    were (a referral recorded: only ties change) keeps the index: a new one costs ~0.8 s
    at 100,000 organizations.
    """
    return at_version(G, _KEY, lambda: build(G), update=lambda since, index: (
        index if _holds(G, index, touched_since(G, since)) else None))


def _holds(G: nx.Graph, index: SearchIndex, touched: set[str] | None) -> bool:
    """Does `index` still describe `G`, given the organizations changed since it was made?"""
    if touched is None or len(G) != len(index.orgs):
        return False
    nodes = G.nodes
    for oid in touched:
        i = index.position.get(oid)
        if i is None or oid not in nodes:
            return False
        data = nodes[oid]
        if data["org"] != index.orgs[i] or data.get("provisions", []) != index.provisions[i]:
            return False
    return True


def containing(index: SearchIndex, word: str) -> list[int]:
    """The positions of every key holding `word`, ascending."""
    if not word or _SEP in word:
        return [] if word else list(range(len(index.keys)))
    keys, starts, find = index.keys, index.starts, index.text.find
    out: list[int] = []
    at, n = 0, len(keys)
    while (j := find(word, at)) >= 0:
        i = bisect_right(starts, j) - 1
        out.append(i)
        if len(out) >= _SWITCH:
            out += [k for k in range(i + 1, n) if word in keys[k]]
            break
        if i + 1 == n:
            break
        at = starts[i + 1]
    return out


def matching(index: SearchIndex, filters: Filters, *, see_confidential: bool) -> list[int]:
    """The positions of the organizations meeting every filter, in the search's order."""
    words = fold(filters.query or "").split()
    keys, orgs = index.keys, index.orgs
    if filters.state is not None:
        found = index.in_state.get(filters.state, index.in_state[""])
    elif words:
        found = containing(index, words.pop(0))
    else:
        found = range(len(orgs))  # type: ignore[assignment]
    for word in words:
        found = [i for i in found if word in keys[i]]
    if not see_confidential:  # a confidential organization: not in the answer, nor its count
        found = [i for i in found if not orgs[i].confidential]
    f = filters
    if f.kind is not None:
        found = [i for i in found if orgs[i].kind == f.kind]
    if f.sector is not None:
        found = [i for i in found if orgs[i].sector == f.sector]
    if f.language is not None:
        found = [i for i in found if f.language in (orgs[i].languages or ())]
    if f.population is not None:
        found = [i for i in found if f.population in (orgs[i].populations or ())]
    if f.active_on is not None:
        day = f.active_on
        found = [i for i in found if orgs[i].active_on(day)]
    if f.service is not None:
        services = index.services
        found = [i for i in found if f.service in services[i]]
    return list(found)


def search(G: nx.Graph, filters: Filters, *, see_confidential: bool,
           first: int | None = None, after: str | None = None, last: int | None = None,
           before: str | None = None) -> Hits:
    """One page of the organizations of `G` meeting every filter: the `first` after the
    cursor `after`, or the `last` before `before` (20 forwards when neither size is given),
    as `directory.service.search` pages them in the database."""
    size, backward = page_size(first, last)
    index = search_index(G)
    found = matching(index, filters, see_confidential=see_confidential)
    start, end = 0, len(found)
    if after:  # strictly after the cursor's (key, id), which need not be in the list
        start = bisect_left(found, bisect_right(index.order, decode_cursor(after)))
    if before:
        end = bisect_left(found, bisect_left(index.order, decode_cursor(before, "before")))
    window = found[start:max(start, end)]
    more = len(window) > size
    page = window[-size:] if backward else window[:size]
    items = tuple((encode_cursor(*index.order[i]), index.orgs[i]) for i in page)
    if backward:  # a cursor given on the other side says there is more there
        return Hits(len(found), items, has_next=before is not None, has_previous=more)
    return Hits(len(found), items, has_next=more, has_previous=after is not None)
