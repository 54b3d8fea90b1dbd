"""Every Cypher query of the service, in one place, always parameterised.

Labels and relationship types cannot be query parameters, so the few queries that vary
by label are built here from fixed allow-lists, never from caller input.
"""

from __future__ import annotations

# --- schema migrations -------------------------------------------------------------------

SCHEMA_VERSION = "MATCH (m:SchemaMigration) RETURN max(m.version) AS version"

APPLIED_MIGRATIONS = (
    "MATCH (m:SchemaMigration) RETURN m.version AS version, m.checksum AS checksum"
)

RECORD_MIGRATION = """
MERGE (m:SchemaMigration {version: $version})
ON CREATE SET m.name = $name, m.checksum = $checksum, m.applied_at = datetime()
"""

SHOW_CONSTRAINTS = "SHOW CONSTRAINTS YIELD name, labelsOrTypes, properties, type"

# --- health ------------------------------------------------------------------------------

NODE_COUNTS = """
CALL db.labels() YIELD label
CALL (label) {
  MATCH (n) WHERE label IN labels(n) RETURN count(n) AS count
}
RETURN label, count ORDER BY label
"""

RELATIONSHIP_COUNTS = """
CALL db.relationshipTypes() YIELD relationshipType AS type
CALL (type) {
  MATCH ()-[r]->() WHERE type(r) = type RETURN count(r) AS count
}
RETURN type, count ORDER BY type
"""

IS_EMPTY = "MATCH (n:Organization) RETURN count(n) = 0 AS empty"

# --- import ------------------------------------------------------------------------------

NODE_LABELS = frozenset({
    "Organization", "ServiceType", "State", "Capability", "Collaboration", "Agreement",
    "Activity", "Legislation", "Figure", "Statement", "Source", "Dataset",
})
EXTRA_LABELS = frozenset({"TaskForce", "Network", "Shelter"})
REL_TYPES = frozenset({
    "OPERATES_IN", "PROVIDES", "OF_SERVICE", "COVERS", "MEMBER_OF", "IN_STATE", "PARTY_TO",
    "PARTICIPATED_IN", "APPLIES_TO", "ABOUT", "BORDERS", "SOURCED_FROM", "IN_DATASET",
})


def _label(label: str) -> str:
    if label not in NODE_LABELS:
        raise ValueError(f"not an importable label: {label!r}")
    return label


def _rel(rel: str) -> str:
    if rel not in REL_TYPES:
        raise ValueError(f"not an importable relationship type: {rel!r}")
    return rel


def existing_nodes(label: str) -> str:
    return (
        f"MATCH (n:{_label(label)}) WHERE n.id IN $ids "
        "RETURN n.id AS id, properties(n) AS props, labels(n) AS labels"
    )


def merge_nodes(label: str) -> str:
    return (
        f"UNWIND $rows AS row MERGE (n:{_label(label)} {{id: row.id}}) SET n += row.props"
    )


def set_extra_label(label: str, extra: str) -> str:
    if extra not in EXTRA_LABELS:
        raise ValueError(f"not an extra label: {extra!r}")
    return f"MATCH (n:{_label(label)}) WHERE n.id IN $ids SET n:{extra}"


def remove_extra_label(label: str, extra: str) -> str:
    if extra not in EXTRA_LABELS:
        raise ValueError(f"not an extra label: {extra!r}")
    return f"MATCH (n:{_label(label)}:{extra}) WHERE n.id IN $ids REMOVE n:{extra}"


EXISTING_DATASET_RELS = """
MATCH (a)-[r]->(b) WHERE r.dataset = $dataset
RETURN type(r) AS type, a.id AS a, b.id AS b, [l IN labels(a) WHERE l IN $labels][0] AS al,
       [l IN labels(b) WHERE l IN $labels][0] AS bl, properties(r) AS props
"""


def merge_rels(rel: str, start: str, end: str) -> str:
    return (
        f"UNWIND $rows AS row MATCH (a:{_label(start)} {{id: row.a}}) "
        f"MATCH (b:{_label(end)} {{id: row.b}}) "
        f"MERGE (a)-[r:{_rel(rel)} {{dataset: $dataset}}]->(b) SET r += row.props"
    )


def delete_rels(rel: str, start: str, end: str) -> str:
    return (
        f"UNWIND $rows AS row MATCH (a:{_label(start)} {{id: row.a}})"
        f"-[r:{_rel(rel)} {{dataset: $dataset}}]->(b:{_label(end)} {{id: row.b}}) DELETE r"
    )


NODES_WITHOUT_SOURCE = """
MATCH (n) WHERE n.dataset IS NOT NULL AND NOT n:Source AND NOT n:Dataset
  AND NOT (n)-[:SOURCED_FROM]->(:Source)
RETURN labels(n) AS labels, n.id AS id
"""

# --- tests -------------------------------------------------------------------------------

WIPE_ALL = "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS"

# --- network projection ------------------------------------------------------------------
# Read once to build the networkx projection (referral_graph/network/projection.py);
# `$ids` limits a read to some organizations, for refreshes after a write (null = all).

PROJECTION_ORGS = """
MATCH (o:Organization) WHERE $ids IS NULL OR o.id IN $ids
OPTIONAL MATCH (o)-[:OPERATES_IN]->(s:State)
RETURN o {.id, .name, .acronym, .kind, .sector, .national, .confidential, .city, .languages,
          .populations, .active_from, .active_to, .synthetic} AS org,
       collect(DISTINCT s.id) AS states
"""

PROJECTION_PROVISIONS = """
MATCH (o:Organization)-[:PROVIDES]->(c:Capability)-[:OF_SERVICE]->(t:ServiceType)
WHERE $ids IS NULL OR o.id IN $ids
OPTIONAL MATCH (c)-[:COVERS]->(s:State)
OPTIONAL MATCH (c)-[:SOURCED_FROM]->(src:Source)
RETURN o.id AS organization, t.id AS service,
       c {.id, .basis, .national, .mandate, .active_from, .active_to} AS cap,
       collect(DISTINCT s.id) AS covers,
       collect(DISTINCT src {.id, .document, .section, .table, .passage}) AS sources
"""

# Each tie query returns one row per (pair of organizations, shared thing).
PROJECTION_AGREEMENT_TIES = """
MATCH (a:Organization)-[:PARTY_TO]->(x:Agreement)<-[:PARTY_TO]-(b:Organization)
WHERE a.id < b.id AND ($ids IS NULL OR a.id IN $ids OR b.id IN $ids)
OPTIONAL MATCH (x)-[:SOURCED_FROM]->(src:Source)
RETURN a.id AS a, b.id AS b, x.id AS ref,
       CASE x.kind WHEN 'mou' THEN 'MOU' ELSE x.kind END + ': ' + x.subject AS label,
       x.date AS date, x.ends AS ends,
       collect(DISTINCT src {.id, .document, .section, .table, .passage}) AS sources
"""

PROJECTION_COLLABORATION_TIES = """
MATCH (a:Organization)-[:MEMBER_OF]->(x:Collaboration)<-[:MEMBER_OF]-(b:Organization)
WHERE a.id < b.id AND ($ids IS NULL OR a.id IN $ids OR b.id IN $ids)
OPTIONAL MATCH (x)-[:SOURCED_FROM]->(src:Source)
RETURN a.id AS a, b.id AS b, x.id AS ref, x.name AS label, x.formed AS date, null AS ends,
       collect(DISTINCT src {.id, .document, .section, .table, .passage}) AS sources
"""

PROJECTION_ACTIVITY_TIES = """
MATCH (a:Organization)-[:PARTICIPATED_IN]->(x:Activity)<-[:PARTICIPATED_IN]-(b:Organization)
WHERE a.id < b.id AND ($ids IS NULL OR a.id IN $ids OR b.id IN $ids)
OPTIONAL MATCH (x)-[:SOURCED_FROM]->(src:Source)
RETURN a.id AS a, b.id AS b, x.id AS ref, x.theme AS label, x.start AS date, x.end AS ends,
       collect(DISTINCT src {.id, .document, .section, .table, .passage}) AS sources
"""

PROJECTION_REFERRAL_TIES = """
MATCH (a:Organization)<-[:REFERRED_FROM]-(x:Referral)-[:REFERRED_TO]->(b:Organization)
WHERE $ids IS NULL OR a.id IN $ids OR b.id IN $ids
RETURN a.id AS a, b.id AS b, x.id AS ref, x.needs AS needs, x.date AS date, null AS ends,
       x.outcome AS outcome, [] AS sources
"""

PROJECTION_STATES = """
MATCH (s:State)
OPTIONAL MATCH (s)-[:BORDERS]-(n:State)
OPTIONAL MATCH (l:Legislation)-[:APPLIES_TO]->(s)
RETURN s.id AS code, s.name_es AS name_es, s.name_en AS name_en,
       collect(DISTINCT n.id) AS neighbours,
       head(collect(l {.status, .approved, .published, .effective})) AS law
"""

PROJECTION_SERVICES = (
    "MATCH (t:ServiceType) RETURN t.id AS id, t.name_es AS name_es, t.name_en AS name_en"
)

PROJECTION_COLLABORATIONS = """
MATCH (c:Collaboration)
OPTIONAL MATCH (o:Organization)-[:MEMBER_OF]->(c)
OPTIONAL MATCH (c)-[:IN_STATE]->(s:State)
RETURN c.id AS id, c.name AS name, c.kind AS kind, c.level AS level, c.formed AS formed,
       collect(DISTINCT o.id) AS members, collect(DISTINCT s.id) AS states
"""

# --- API tokens --------------------------------------------------------------------------

CREATE_TOKEN = """
CREATE (t:ApiToken {id: $id, hash: $hash, role: $role, name: $name, created_at: datetime(),
                    revoked: false})
"""

TOKEN_BY_HASH = """
MATCH (t:ApiToken {hash: $hash}) WHERE NOT t.revoked
RETURN t.id AS id, t.role AS role, t.name AS name
"""

LIST_TOKENS = """
MATCH (t:ApiToken)
RETURN t.id AS id, t.role AS role, t.name AS name, t.revoked AS revoked,
       toString(t.created_at) AS created_at
ORDER BY t.created_at
"""

REVOKE_TOKEN = """
MATCH (t:ApiToken {id: $id}) SET t.revoked = true, t.revoked_at = datetime()
RETURN count(t) AS n
"""
