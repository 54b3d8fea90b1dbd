"""Every Cypher query of the service, in one place, always parameterised.

Labels and relationship types cannot be query parameters, so the few queries that vary
by label are built here from fixed allow-lists, never from caller input.

Over 400 lines on purpose: it is a list of query strings, not logic, kept together so that
reviewing the service's core Cypher (parameterised, labels allow-listed) is one read. A new
topic's queries go in a module of their own (``store/<topic>_cypher.py``).
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

# What the count store holds: nodes per label and relationships per type, read in
# milliseconds whatever the size of the graph. The scans below give the same numbers by
# walking every node and relationship once per label or type (13 s at 100k organizations
# on two cores, at every /metrics scrape): they stay as the fallback for a server that
# refuses the procedure to the service's user.
GRAPH_COUNTS = "CALL db.stats.retrieve('GRAPH COUNTS') YIELD data RETURN data"

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
    "Activity", "Legislation", "Figure", "Statement", "Source", "Dataset", "Referral",
    "AuditEvent",  # history an HSDS import carries (metadata rows)
})
EXTRA_LABELS = frozenset({"TaskForce", "Network", "Shelter"})
REL_TYPES = frozenset({
    "OPERATES_IN", "PROVIDES", "OF_SERVICE", "COVERS", "MEMBER_OF", "IN_STATE", "PARTY_TO",
    "PARTICIPATED_IN", "APPLIES_TO", "ABOUT", "BORDERS", "SOURCED_FROM", "IN_DATASET",
    "REFERRED_FROM", "REFERRED_TO",
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
# The shared context of the networkx projection (referral_graph/network/loading.py);
# organizations, provisions and ties are read by store/projection_cypher.py.

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
OPTIONAL MATCH (o:Organization)-[m:MEMBER_OF]->(c)
OPTIONAL MATCH (c)-[:IN_STATE]->(s:State)
RETURN c.id AS id, c.name AS name, c.kind AS kind, c.level AS level, c.formed AS formed,
       collect(DISTINCT o.id) AS members, collect(DISTINCT s.id) AS states,
       collect(DISTINCT CASE WHEN m.role IS NOT NULL THEN [o.id, m.role] END) AS roles
"""

# --- API tokens --------------------------------------------------------------------------

CREATE_TOKEN = """
CREATE (t:ApiToken {id: $id, hash: $hash, role: $role, name: $name, created_at: datetime(),
                    revoked: false})
RETURN t.id AS id
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
MATCH (t:ApiToken {id: $id})
WITH t, t.revoked AS was
SET t.revoked = true, t.revoked_at = CASE WHEN was THEN t.revoked_at ELSE datetime() END
RETURN t.id AS id, t.role AS role, t.name AS name, was
"""

# --- directory ---------------------------------------------------------------------------
# Every directory query takes `$see` (may the caller see confidential organizations?).
# A hidden organization is filtered inside the query, so it can affect no count, order,
# page boundary or error: to a public caller it does not exist.

_VISIBLE = "($see OR NOT coalesce({v}.confidential, false))"

_ORG_FIELDS = """o {.id, .name, .alternate_names, .acronym, .kind, .sector, .national,
       .confidential, .city,
       .languages, .populations, .active_from, .active_to, .note, .synthetic, .version,
       .phones, .website, .email, .address,
       contact_sources: COLLECT { MATCH (src:Source)
                                  WHERE src.id IN coalesce(o.contact_sources, [])
                                  RETURN src {.id, .document, .section, .table, .passage} },
       states: [(o)-[:OPERATES_IN]->(s:State) | s.id]}"""

ORGANIZATIONS_BY_ID = f"""
UNWIND $ids AS id
MATCH (o:Organization {{id: id}}) WHERE {_VISIBLE.format(v="o")}
RETURN {_ORG_FIELDS} AS org
"""

_SOURCE_FIELDS = "src {.id, .document, .section, .table, .passage, .date}"

SOURCES_OF = f"""
UNWIND $ids AS id
MATCH (n {{id: id}})-[:SOURCED_FROM]->(src:Source)
WHERE n:Organization OR n:Capability OR n:Collaboration OR n:Agreement OR n:Activity
   OR n:Legislation
WITH id, src ORDER BY src.id
RETURN id, collect(DISTINCT {_SOURCE_FIELDS}) AS sources
"""

CAPABILITIES_OF = f"""
UNWIND $ids AS id
MATCH (o:Organization {{id: id}})-[:PROVIDES]->(c:Capability)-[:OF_SERVICE]->(t:ServiceType)
WITH id, c, t ORDER BY t.id, c.id
RETURN id, collect(c {{.id, .basis, .national, .mandate, .active_from, .active_to,
                       .scope, .group, .note, .version, .capacity_unit, .capacity_available,
                       .capacity_total, capacity_updated_at: toString(c.capacity_updated_at),
                       service: t.id,
                       covers: [(c)-[:COVERS]->(s:State) | s.id],
                       sources: [(c)-[:SOURCED_FROM]->(src:Source) | {_SOURCE_FIELDS}]}})
       AS capabilities
"""

MEMBERSHIPS_OF = """
UNWIND $ids AS id
MATCH (o:Organization {id: id})-[m:MEMBER_OF]->(c:Collaboration)
WITH id, m, c ORDER BY c.name
RETURN id, collect({collaboration: c.id, role: m.role}) AS memberships
"""

AGREEMENTS_OF = f"""
UNWIND $ids AS id
MATCH (o:Organization {{id: id}})-[:PARTY_TO]->(a:Agreement)
WITH id, a ORDER BY a.date, a.id
RETURN id, collect(a {{.id, .kind, .subject, .date, .date_text, .ends, .party_description, .note,
                       .version,
                       parties: [(p:Organization)-[:PARTY_TO]->(a)
                                 WHERE {_VISIBLE.format(v="p")} | p.id],
                       states: [(a)-[:IN_STATE]->(s:State) | s.id]}}) AS agreements
"""

_COLLABORATION_FILTERS = """($kind IS NULL OR c.kind = $kind)
  AND ($state IS NULL OR EXISTS { (c)-[:IN_STATE]->(:State {id: $state}) })"""
_COLLABORATION = f"""
RETURN c {{.id, .name, .alternate_names, .kind, .level, .formed, .formed_text, .goals,
          .member_description,
          states: [(c)-[:IN_STATE]->(s:State) | s.id],
          members: [(o:Organization)-[m:MEMBER_OF]->(c) WHERE {_VISIBLE.format(v="o")}
                    | {{organization: o.id, role: m.role}}]}} AS collaboration
ORDER BY c.name, c.id
"""
COLLABORATIONS = f"MATCH (c:Collaboration)\nWHERE {_COLLABORATION_FILTERS}{_COLLABORATION}"
# Apart, not `$ids IS NULL OR c.id IN $ids` in one: with the OR the planner cannot seek
# the ids in the index and scans every collaboration (648 at 100k) for each loader batch.
COLLABORATIONS_BY_ID = (f"MATCH (c:Collaboration)\nWHERE c.id IN $ids\n  AND "
                        f"{_COLLABORATION_FILTERS}{_COLLABORATION}")

STATES = """
MATCH (s:State)
OPTIONAL MATCH (l:Legislation)-[:APPLIES_TO]->(s)
WITH s, head(collect(l {.id, .status, .title, .approved, .signed, .published, .effective,
                        .date_text, .note})) AS law
RETURN s {.id, .name_es, .name_en, .kind,
          neighbours: [(s)-[:BORDERS]-(n:State) | n.id]} AS state, law
ORDER BY s.id
"""

FEDERAL_LEGISLATION = """
MATCH (l:Legislation {jurisdiction: 'MX'})
RETURN l {.id, .status, .title, .approved, .signed, .published, .effective, .date_text,
          .note} AS law
"""

SERVICE_TYPES = """
MATCH (t:ServiceType)
RETURN t {.id, .name_es, .name_en, .description_es, .description_en, .hsds_term, .synonyms_es,
          .synonyms_en} AS service
ORDER BY t.id
"""

# --- edits -------------------------------------------------------------------------------
# Every edit runs in one transaction with its audit event (referral_graph/edits/).

def existing_ids(label: str) -> str:
    return f"UNWIND $ids AS id MATCH (n:{_label(label)} {{id: id}}) RETURN n.id AS id"


def snapshot(label: str) -> str:
    """Everything an edit may change about one node, as the audit trail keeps it."""
    return f"""
MATCH (n:{_label(label)} {{id: $id}})
RETURN properties(n) AS props,
       [(n)-[r]->(m) | {{type: type(r), to: m.id, props: properties(r)}}] AS out
"""


def upsert_node(label: str) -> str:
    return f"MERGE (n:{_label(label)} {{id: $id}}) SET n += $props"


def replace_rels(rel: str, start: str, end: str) -> str:
    """Make (start {id})-[rel]->(end) exactly the given ends; new ones tagged `$dataset`."""
    return f"""
MATCH (a:{_label(start)} {{id: $id}})
OPTIONAL MATCH (a)-[old:{_rel(rel)}]->(b:{_label(end)}) WHERE NOT b.id IN $ends
DELETE old
WITH DISTINCT a
UNWIND $ends AS end
MATCH (b:{_label(end)} {{id: end}})
MERGE (a)-[r:{_rel(rel)}]->(b) ON CREATE SET r.dataset = $dataset
"""


def set_shelter_label(add: bool) -> str:
    verb = "SET" if add else "REMOVE"
    return f"MATCH (n:Organization {{id: $id}}) {verb} n:Shelter"


MERGE_MEMBERSHIP = """
MATCH (o:Organization {id: $organization}), (c:Collaboration {id: $collaboration})
MERGE (o)-[m:MEMBER_OF]->(c) ON CREATE SET m.dataset = $dataset
SET m.role = $role
"""

# A referral in one statement: whether its id is taken and which organizations and
# needs do not exist (nothing is created then), else the node and its two ties, returned
# as `snapshot` returns them (the audit event's "after").
RECORD_REFERRAL = """
OPTIONAL MATCH (old:Referral {id: $id})
OPTIONAL MATCH (a:Organization {id: $from_org})
OPTIONAL MATCH (b:Organization {id: $to_org})
WITH old, a, b, [n IN $needs WHERE NOT EXISTS { MATCH (:ServiceType {id: n}) }] AS missing
FOREACH (_ IN CASE WHEN old IS NULL AND a IS NOT NULL AND b IS NOT NULL AND missing = []
                   THEN [1] ELSE [] END |
  CREATE (r:Referral {id: $id, date: $date, needs: $needs, outcome: $outcome,
                      recorded_at: datetime(), dataset: $dataset})
  CREATE (r)-[:REFERRED_FROM]->(a), (r)-[:REFERRED_TO]->(b))
WITH old IS NOT NULL AS taken, a IS NULL AS no_from, b IS NULL AS no_to, missing
OPTIONAL MATCH (n:Referral {id: $id})
RETURN taken, no_from, no_to, missing, properties(n) AS props,
       [(n)-[r]->(m) | {type: type(r), to: m.id, props: properties(r)}] AS out
"""

CREATE_AUDIT_EVENT = """
CREATE (e:AuditEvent {id: $id, at: datetime(), actor: $actor, role: $role, action: $action,
                      target_label: $label, target_id: $target, before: $before, after: $after,
                      seq: $seq})
"""

AUDIT_TRAIL = """
MATCH (e:AuditEvent)
WHERE ($target IS NULL OR e.target_id = $target)
  AND ($tokens OR e.target_label <> 'ApiToken')
  AND ($after_at IS NULL OR e.at < datetime($after_at))
RETURN e {.id, .actor, .role, .action, .target_label, .target_id, .before, .after,
          at: toString(e.at)} AS event
ORDER BY e.at DESC LIMIT $limit
"""


def replace_incoming(rel: str, start: str, end: str) -> str:
    """Make the (start)-[rel]->(end {id}) edges come from exactly `$starts`."""
    return f"""
MATCH (b:{_label(end)} {{id: $id}})
OPTIONAL MATCH (a:{_label(start)})-[old:{_rel(rel)}]->(b) WHERE NOT a.id IN $starts
DELETE old
WITH DISTINCT b
UNWIND $starts AS start
MATCH (a:{_label(start)} {{id: start}})
MERGE (a)-[r:{_rel(rel)}]->(b) ON CREATE SET r.dataset = $dataset
"""


OWNER_OF_CAPABILITY = (
    "MATCH (o:Organization)-[:PROVIDES]->(c:Capability {id: $id}) RETURN o.id AS owner"
)

DELETE_MEMBERSHIP = """
MATCH (o:Organization {id: $organization})-[m:MEMBER_OF]->(c:Collaboration {id: $collaboration})
DELETE m RETURN count(m) AS n
"""



def incoming_ids(rel: str, start: str, end: str) -> str:
    return (f"MATCH (a:{_label(start)})-[:{_rel(rel)}]->(:{_label(end)} {{id: $id}}) "
            "RETURN a.id AS id")
