"""Read the networkx projection from Neo4j: all of it, or some organizations again.

`load_network` reads the whole graph described in `referral_graph.network.model`.
`refreshed` and `referrals_refreshed` make a new graph from an old one with the
organizations a change touched read again, copy-on-write (`network.snapshot`): the old
graph stays as its readers hold it. The Cypher is in `store.projection_cypher` (and the
shared context's in `store.cypher`).

Apart from `network.projection`, which decides when to read (it follows the database's
change log) and publishes each version: this module only makes graphs from Neo4j's rows,
which is all a command that reads the graph once needs (`console`, the benchmarks).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, TypeVar

import networkx as nx
from neo4j import ManagedTransaction, Record

from referral_graph import collector
from referral_graph.network.interned import one
from referral_graph.network.model import (
    CollaborationInfo,
    Evidence,
    OrgNode,
    Provision,
    ServiceInfo,
    SourceRef,
    StateInfo,
    TieKind,
)
from referral_graph.network.snapshot import (
    VERSION_KEY,
    Draft,
    mark_changed,
    raw_adjacency,
    raw_nodes,
)
from referral_graph.store import cypher
from referral_graph.store import projection_cypher as pcypher
from referral_graph.store.driver import Database
from referral_graph.store.values import native_date

T = TypeVar("T")


def _sources(rows: Iterable[dict[str, Any]]) -> tuple[SourceRef, ...]:
    return tuple(
        SourceRef(r["id"], r["document"], r["section"], r.get("table"), r.get("passage") or "",
                  native_date(r.get("date")))
        for r in sorted(rows, key=lambda r: r["id"])
        if r and r.get("id")
    )


def org_node(row: dict[str, Any], states: Iterable[str]) -> OrgNode:
    langs, pops = row.get("languages"), row.get("populations")
    return OrgNode(
        id=row["id"], name=row["name"], kind=one(row["kind"]), sector=one(row["sector"]),
        states=one(frozenset(states)), national=bool(row.get("national")),
        confidential=bool(row.get("confidential")), acronym=row.get("acronym"),
        city=one(row.get("city")),
        languages=one(frozenset(langs)) if langs is not None else None,
        populations=one(frozenset(pops)) if pops is not None else None,
        active_from=one(native_date(row.get("active_from"))),
        active_to=one(native_date(row.get("active_to"))),
        synthetic=bool(row.get("synthetic")),
        search_key=row.get("search_key") or "",
    )


def provision(row: Mapping[str, Any] | Record, sources: dict[str, SourceRef],
              organization: str | None = None) -> Provision:
    """A capability row as a provision; `organization`: the id object the graph already
    holds for its organization, to share it (one string per id, not one per row)."""
    cap = row["cap"]
    return Provision(
        id=cap["id"], organization=organization or row["organization"],
        service=one(row["service"]),
        basis=one(cap["basis"]), covers=one(frozenset(row["covers"])),
        national=bool(cap.get("national")),
        mandate=cap.get("mandate"), sources=_cited(row["sources"], sources),
        active_from=one(native_date(cap.get("active_from"))),
        active_to=one(native_date(cap.get("active_to"))),
        scope=one(cap.get("scope") or "organization"), group=cap.get("group"),
        capacity_available=cap.get("capacity_available"), note=cap.get("note"),
        version=int(cap.get("version") or 0), capacity_unit=cap.get("capacity_unit"),
        capacity_total=cap.get("capacity_total"),
        capacity_updated_at=cap.get("capacity_updated_at"),
    )


def _cited(ids: Iterable[str], sources: dict[str, SourceRef]) -> tuple[SourceRef, ...]:
    """The sources of these ids, by id, once each (one SourceRef per source, shared)."""
    return tuple(sources[i] for i in sorted(set(ids)) if i in sources)


def _made(db: Database, query: str, make: Callable[[Record], T | None], **params: Any
          ) -> list[T]:
    """``make(record)`` for each record the query returns, as the records arrive (None
    left out); records read by key, without `Record.data()`'s conversion, which cost more
    than the rest of the load at 100k organizations.

    Made inside the read, one batch of records held at a time: a list of the 400,000
    records of one read was most of the load's peak, and a process keeps its peak (freed
    small objects stay in CPython's arenas). A retried read makes its list again.
    """
    # No query timeout: at 100,000 organizations a read returns 400,000 rows, which on a
    # busy machine takes longer than the 30 s a request may.
    def work(tx: ManagedTransaction) -> list[T]:
        return [m for r in tx.run(query, params) if (m := make(r)) is not None]
    return db.read_tx(work, timeout=None)


def _read_sources(db: Database) -> dict[str, SourceRef]:
    return {ref.id: ref for ref in _sources(_made(db, pcypher.SOURCES, dict))}


def _read_ties(db: Database, ids: list[str] | None, sources: dict[str, SourceRef]
               ) -> Iterator[tuple[str, str, Evidence]]:
    """Every (organization, organization, evidence) that the shared things make.

    A thing with k organizations ties each pair of them (a < b); with ``ids``, only pairs
    with an end among ``ids``. The pairs share one Evidence (immutable). Yielded one kind
    of thing at a time, each kind's rows read when the last kind's ties are laid: a list of
    all 745,474 ties at 100k organizations (and the row strings it kept) raised the load's
    peak by ~100 MB, which a process keeps.
    """
    some = ids is not None
    wanted = set(ids or ())

    def thing(kind: TieKind) -> Callable[[Record], tuple[list[str], Evidence] | None]:
        def make(row: Record) -> tuple[list[str], Evidence] | None:
            orgs = sorted(set(row["orgs"]))
            if len(orgs) < 2:
                return None
            return orgs, Evidence(kind=kind, ref=row["ref"], label=row["label"],
                                  date=one(native_date(row["date"])),
                                  ends=one(native_date(row["ends"])),
                                  sources=_cited(row["sources"], sources),
                                  subkind=one(row["subkind"]))
        return make

    for kind in (TieKind.AGREEMENT, TieKind.COLLABORATION, TieKind.ACTIVITY):
        for orgs, ev in _made(db, pcypher.ties(kind.value, some=some), thing(kind), ids=ids):
            for i, a in enumerate(orgs):
                for b in orgs[i + 1:]:
                    if not some or a in wanted or b in wanted:
                        yield a, b, ev
    yield from _referral_ties(db, ids)


def _referral_ties(db: Database, ids: list[str] | None) -> list[tuple[str, str, Evidence]]:
    some = ids is not None
    wanted = set(ids or ())
    ties: list[tuple[str, str, Evidence]] = []
    query = pcypher.REFERRALS_IDS if some else pcypher.REFERRALS_ALL

    def make(row: Record) -> tuple[list[str], list[str], Evidence]:
        ev = Evidence(kind=TieKind.REFERRAL, ref=row["ref"],
                      label=one("referral for " + ", ".join(row["needs"] or [])),
                      date=one(native_date(row["date"])), outcome=one(row["outcome"]))
        return row["froms"], row["tos"], ev

    for froms, tos, ev in _made(db, query, make, ids=ids):
        for a in dict.fromkeys(froms):
            for b in dict.fromkeys(tos):
                if a != b and (not some or a in wanted or b in wanted):
                    ties.append((a, b, ev))
    return ties


def _read_context(db: Database) -> dict[str, Any]:
    states = {}
    for r in db.read(cypher.PROJECTION_STATES):
        law = r["law"] or {}
        states[r["code"]] = StateInfo(
            r["code"], r["name_es"], r["name_en"], frozenset(r["neighbours"]),
            law.get("status") or "not_stated",
            native_date(law.get("effective") or law.get("published") or law.get("approved")),
        )
    services = {r["id"]: ServiceInfo(r["id"], r["name_es"], r["name_en"])
                for r in db.read(cypher.PROJECTION_SERVICES)}
    collabs = {
        r["id"]: CollaborationInfo(r["id"], r["name"], r["kind"], r["level"],
                                   frozenset(r["states"]), frozenset(r["members"]),
                                   native_date(r["formed"]),
                                   tuple(sorted((m, role) for m, role in r["roles"])))
        for r in db.read(cypher.PROJECTION_COLLABORATIONS)
    }
    return {"states": states, "services": services, "collaborations": collabs}


def _add_orgs(G: nx.Graph, db: Database, ids: list[str] | None,
              sources: dict[str, SourceRef], draft: Draft | None = None) -> None:
    add = draft.add_node if draft is not None else G.add_node
    some = ids is not None
    for org in _made(db, pcypher.ORGS_IDS if some else pcypher.ORGS_ALL,
                     lambda r: org_node(r["org"], r["states"]), ids=ids):
        add(org.id, org=org, provisions=[])
    nodes = G.nodes

    def made(r: Record) -> tuple[list[Provision], Provision] | None:
        data = nodes.get(r["organization"])
        if data is None:
            return None
        return data["provisions"], provision(r, sources, data["org"].id)

    # Appended once the read is done: a retried read must not append twice.
    for held, p in _made(db, pcypher.PROVISIONS_IDS if some else pcypher.PROVISIONS_ALL,
                         made, ids=ids):
        held.append(p)


def _add_ties(G: nx.Graph, ties: Iterable[tuple[str, str, Evidence]],
              draft: Draft | None = None) -> None:
    if draft is None:
        _lay_ties(G, ties)
        return
    nodes = G.nodes
    for a, b, ev in ties:
        if a in G and b in G:
            a, b = nodes[a]["org"].id, nodes[b]["org"].id
            if G.has_edge(a, b):
                data = draft.edge_data(a, b)
                data["evidence"] = (*data["evidence"], ev)  # a new tuple: the old is shared
            else:
                draft.add_edge(a, b, evidence=(ev,))


def _lay_ties(G: nx.Graph, ties: Iterable[tuple[str, str, Evidence]]) -> None:
    """Add ``ties`` to a graph being built, ties with the same evidence sharing one data dict.

    A thing with k organizations ties k(k-1)/2 pairs, all with the same evidence: at 100k
    organizations 745,474 ties hold 350,267 distinct evidence tuples. A data dict and a list
    per tie held ~209 MB of each worker's projection; one dict and one tuple per distinct
    evidence hold ~92 MB. Sharing is safe because nothing changes a tie's data in place:
    `Draft` copies it, and the public view already shares it with this graph.
    Written in networkx's own dicts (`raw_adjacency`): the graph is not yet seen by anyone.
    """
    nodes = raw_nodes(G)
    adj: dict[str, dict[str, Any]] = raw_adjacency(G)  # a tuple, then a dict, per tie
    # First each pair's evidence as a tuple, in the order the ties come ...
    for a, b, ev in ties:
        na, nb = nodes.get(a), nodes.get(b)
        if na is None or nb is None:
            continue
        # The ids as the nodes hold them: a tie's row brings its own copies of the
        # strings, and the adjacency would keep ~800,000 of them at 100k (47 MiB).
        a, b = na["org"].id, nb["org"].id
        held = adj[a].get(b)
        adj[a][b] = adj[b][a] = (ev,) if held is None else (*held, ev)
    # ... then one data dict per distinct tuple (by identity: the same Evidence objects).
    shared: dict[tuple[int, ...], dict[str, Any]] = {}
    for nbrs in adj.values():
        for b, held in nbrs.items():
            if type(held) is tuple:
                key = tuple(map(id, held))
                data = shared.get(key)
                if data is None:
                    data = shared[key] = {"evidence": held}
                nbrs[b] = data  # replaced, not added: the iteration stays valid
            # the other end's entry is met (and replaced) from its own side


def load_network(db: Database) -> nx.Graph:
    """Read the whole projection from Neo4j.

    The cycle collector is paused meanwhile (`referral_graph.collector`): at 100k
    organizations the load took 35–38 s with it and 23–24 s without.
    """
    with collector.paused():
        G: nx.Graph = nx.Graph(**_read_context(db))
        G.graph[VERSION_KEY] = 0
        sources = _read_sources(db)
        _add_orgs(G, db, None, sources)
        _add_ties(G, _read_ties(db, None, sources))
    return G


def refreshed(G: nx.Graph, db: Database, ids: Iterable[str]) -> nx.Graph:
    """A new graph: ``G`` with some organizations, their services and their ties read
    again; ``G`` itself is not changed (copy-on-write, `Draft`).

    An id no longer in Neo4j is removed. Shared context (states, collaborations) is
    re-read too: it is small.
    """
    ids = sorted(set(ids))
    draft = Draft(G)
    H = draft.graph
    draft.remove_nodes(ids)
    sources = _read_sources(db)
    _add_orgs(H, db, ids, sources, draft)
    _add_ties(H, _read_ties(db, ids, sources), draft)
    H.graph.update(_read_context(db))
    mark_changed(H, ids)  # in H's own log (a copy of G's, `Draft`): G's stays as it was
    return H


def referrals_refreshed(G: nx.Graph, db: Database, ids: Iterable[str]) -> nx.Graph:
    """A new graph: ``G`` with the referral ties of some organizations read again, and
    nothing else (a change of scope `changes.REFERRALS`: a referral recorded).

    One statement, where `refreshed` runs twelve: the first writes after Neo4j restarts
    wait for the refresh, and on a just-restarted JVM each statement's plan costs 0.1–1 s.
    The evidence comes out as `refreshed` would make it (referrals last on each edge).
    """
    ids = sorted(set(ids))
    ties = _referral_ties(db, ids)
    draft = Draft(G)
    H = draft.graph
    for a in ids:
        if a not in H:
            continue
        for b in list(H.adj[a]):
            evidence = H.adj[a][b]["evidence"]
            kept = tuple(ev for ev in evidence if ev.kind is not TieKind.REFERRAL)
            if len(kept) == len(evidence):
                continue
            if kept:
                draft.edge_data(a, b)["evidence"] = kept  # in the copy's own dict
            else:
                draft.remove_edge(a, b)
    _add_ties(H, ties, draft)
    mark_changed(H, ids)
    return H
