"""The projection's reads (one row per thing, sources by id) build the same graph as the
pairwise reads they replaced, which are kept here as the reference."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from referral_graph.directory.capabilities import capabilities_in
from referral_graph.directory.collaborations import members_in
from referral_graph.directory.service import capabilities_of, collaborations
from referral_graph.network import loading
from referral_graph.network.model import Evidence, Provision, TieKind
from referral_graph.store import capacity_cypher
from referral_graph.store.driver import Database
from referral_graph.store.values import native_date
from tests.conftest import import_data

_SRC = "collect(DISTINCT src {.id, .document, .section, .table, .passage, .date}) AS sources"
REFERENCE = {
    "orgs": """
MATCH (o:Organization) WHERE $ids IS NULL OR o.id IN $ids
OPTIONAL MATCH (o)-[:OPERATES_IN]->(s:State)
RETURN o {.id, .name, .acronym, .kind, .sector, .national, .confidential, .city, .languages,
          .populations, .active_from, .active_to, .synthetic, .search_key} AS org,
       collect(DISTINCT s.id) AS states""",
    "provisions": f"""
MATCH (o:Organization)-[:PROVIDES]->(c:Capability)-[:OF_SERVICE]->(t:ServiceType)
WHERE $ids IS NULL OR o.id IN $ids
OPTIONAL MATCH (c)-[:COVERS]->(s:State)
OPTIONAL MATCH (c)-[:SOURCED_FROM]->(src:Source)
RETURN o.id AS organization, t.id AS service,
       c {{.id, .basis, .national, .mandate, .active_from, .active_to, .scope, .group,
          .capacity_available, .note, .version, .capacity_unit, .capacity_total,
          capacity_updated_at: toString(c.capacity_updated_at)}} AS cap,
       collect(DISTINCT s.id) AS covers, {_SRC}""",
    TieKind.AGREEMENT: f"""
MATCH (a:Organization)-[:PARTY_TO]->(x:Agreement)<-[:PARTY_TO]-(b:Organization)
WHERE a.id < b.id AND ($ids IS NULL OR a.id IN $ids OR b.id IN $ids)
OPTIONAL MATCH (x)-[:SOURCED_FROM]->(src:Source)
RETURN a.id AS a, b.id AS b, x.id AS ref, x.subject AS label, x.kind AS subkind,
       x.date AS date, x.ends AS ends, {_SRC}""",
    TieKind.COLLABORATION: f"""
MATCH (a:Organization)-[:MEMBER_OF]->(x:Collaboration)<-[:MEMBER_OF]-(b:Organization)
WHERE a.id < b.id AND ($ids IS NULL OR a.id IN $ids OR b.id IN $ids)
OPTIONAL MATCH (x)-[:SOURCED_FROM]->(src:Source)
RETURN a.id AS a, b.id AS b, x.id AS ref, x.name AS label, x.formed AS date, null AS ends,
       {_SRC}""",
    TieKind.ACTIVITY: f"""
MATCH (a:Organization)-[:PARTICIPATED_IN]->(x:Activity)<-[:PARTICIPATED_IN]-(b:Organization)
WHERE a.id < b.id AND ($ids IS NULL OR a.id IN $ids OR b.id IN $ids)
OPTIONAL MATCH (x)-[:SOURCED_FROM]->(src:Source)
RETURN a.id AS a, b.id AS b, x.id AS ref, x.theme AS label, x.start AS date, x.end AS ends,
       {_SRC}""",
    TieKind.REFERRAL: """
MATCH (a:Organization)<-[:REFERRED_FROM]-(x:Referral)-[:REFERRED_TO]->(b:Organization)
WHERE $ids IS NULL OR a.id IN $ids OR b.id IN $ids
RETURN a.id AS a, b.id AS b, x.id AS ref, x.needs AS needs, x.date AS date, null AS ends,
       x.outcome AS outcome, [] AS sources""",
}


def reference_graph(db: Database, ids: list[str] | None = None) -> nx.Graph:
    """The projection as the pairwise reads built it."""
    G = nx.Graph()
    for r in db.read(REFERENCE["orgs"], ids=ids):
        G.add_node(r["org"]["id"], org=loading.org_node(r["org"], r["states"]), provisions=[])
    for r in db.read(REFERENCE["provisions"], ids=ids):
        cap = r["cap"]
        G.nodes[r["organization"]]["provisions"].append(Provision(
            id=cap["id"], organization=r["organization"], service=r["service"],
            basis=cap["basis"], covers=frozenset(r["covers"]),
            national=bool(cap.get("national")), mandate=cap.get("mandate"),
            sources=loading._sources(r["sources"]), active_from=native_date(cap.get("active_from")),
            active_to=native_date(cap.get("active_to")),
            scope=cap.get("scope") or "organization", group=cap.get("group"),
            capacity_available=cap.get("capacity_available"), note=cap.get("note"),
            version=int(cap.get("version") or 0), capacity_unit=cap.get("capacity_unit"),
            capacity_total=cap.get("capacity_total"),
            capacity_updated_at=cap.get("capacity_updated_at")))
    for kind in (TieKind.AGREEMENT, TieKind.COLLABORATION, TieKind.ACTIVITY, TieKind.REFERRAL):
        for r in db.read(REFERENCE[kind], ids=ids):
            if r["a"] == r["b"]:
                continue
            label = r.get("label") or ("referral for " + ", ".join(r.get("needs") or []))
            ev = Evidence(kind=kind, ref=r["ref"], label=label, date=native_date(r["date"]),
                          ends=native_date(r["ends"]), outcome=r.get("outcome"),
                          sources=loading._sources(r["sources"]), subkind=r.get("subkind"))
            if r["a"] in G and r["b"] in G:
                if G.has_edge(r["a"], r["b"]):
                    G.edges[r["a"], r["b"]]["evidence"].append(ev)
                else:
                    G.add_edge(r["a"], r["b"], evidence=[ev])
    return G


def canonical(G: nx.Graph) -> tuple[Any, Any]:
    """Nodes and edges, in an order that does not depend on the order rows came in."""
    nodes = {n: (d["org"], sorted(d["provisions"], key=lambda p: (p.id, p.service)))
             for n, d in G.nodes(data=True)}
    edges = {tuple(sorted((a, b))): sorted(d["evidence"], key=repr)
             for a, b, d in G.edges(data=True)}
    return nodes, edges


def _new_graph(db: Database, ids: list[str] | None) -> nx.Graph:
    G = nx.Graph()
    sources = loading._read_sources(db)
    loading._add_orgs(G, db, ids, sources)
    loading._add_ties(G, loading._read_ties(db, ids, sources))
    return G


@pytest.mark.parametrize("data", ["seeds", "synthetic"])
def test_same_projection_as_the_pairwise_reads(
    empty_db: Database, data: str, tmp_path: Path
) -> None:
    import_data(empty_db, data, tmp_path)
    new = loading.load_network(empty_db)
    assert new.number_of_edges() > 10
    assert canonical(new) == canonical(reference_graph(empty_db))
    some = sorted(new)[:: max(1, len(new) // 7)]
    assert canonical(_new_graph(empty_db, some)) == canonical(reference_graph(empty_db, some))


@pytest.mark.parametrize("data", ["seeds", "synthetic"])
def test_capabilities_from_the_projection_equal_the_read(
    empty_db: Database, data: str, tmp_path: Path
) -> None:
    """The API answers `capabilities` from the projection (`directory.capabilities`): the
    same records, in the same order, as `capabilities_of` reads from Neo4j."""
    import_data(empty_db, data, tmp_path)
    # Capacity as staff set it, on one capability: the projection must carry it too.
    empty_db.write(capacity_cypher.SET_CAPACITY, **_capacity(empty_db))
    G = loading.load_network(empty_db)
    ids = [*sorted(G), "no-such-organization"]
    read = capabilities_of(empty_db, ids)
    assert sum(map(len, read.values())) > 20
    assert any(c.note for cs in read.values() for c in cs) or data == "synthetic"
    assert any(c.capacity_total for cs in read.values() for c in cs)
    assert capabilities_in(G, ids) == read


def _capacity(db: Database) -> dict[str, Any]:
    (row,) = db.read("MATCH (:Organization)-[:PROVIDES]->(c:Capability) "
                     "RETURN c.id AS id ORDER BY c.id LIMIT 1")
    return {"id": row["id"], "unit": "bed", "total": 12, "available": 3,
            "updated_at": "2026-11-27T10:00:00Z"}


@pytest.mark.parametrize("data", ["seeds", "synthetic"])
def test_members_from_the_projection_equal_the_read(
    empty_db: Database, data: str, tmp_path: Path
) -> None:
    """The API answers a collaboration's members from the projection
    (`directory.collaborations`): the same memberships, roles and order as the read, for
    staff and for the public."""
    import_data(empty_db, data, tmp_path)
    G = loading.load_network(empty_db)
    held = G.graph["collaborations"]
    for see in (True, False):
        read = {c.id: c.members for c in collaborations(empty_db, see_confidential=see)}
        assert read.keys() == held.keys()
        assert {cid: members_in(G, c, see_confidential=see)
                for cid, c in held.items()} == read
    # What the comparison stands on: roles to carry, and confidential members to leave out.
    assert any(c.roles for c in held.values())
    staff = sum(len(members_in(G, c, see_confidential=True)) for c in held.values())
    public = sum(len(members_in(G, c, see_confidential=False)) for c in held.values())
    assert staff > public > 0
