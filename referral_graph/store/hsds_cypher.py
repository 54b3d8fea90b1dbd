"""Cypher of the HSDS export, API and import (referral_graph/hsds/), always parameterised.

The export reads the whole directory once per version (a few thousand rows for the seeds);
each query returns one row per node with what hangs off it, so a snapshot costs a handful
of round trips whatever its size.
"""

from __future__ import annotations

_SRC = "src {.id, .document, .section, .table, .passage, .date, .synthetic}"

SNAPSHOT_ORGANIZATIONS = f"""
MATCH (o:Organization)
RETURN properties(o) AS props,
       [(o)-[:OPERATES_IN]->(s:State) | s.id] AS states,
       [(o)-[:SOURCED_FROM]->(src:Source) | {_SRC}] AS sources,
       COLLECT {{ MATCH (src:Source) WHERE src.id IN coalesce(o.contact_sources, [])
                 RETURN {_SRC} }} AS contact_sources,
       head(COLLECT {{ MATCH (src:Source) WHERE src.id = o.public_source
                      RETURN {_SRC} }}) AS public_source
ORDER BY o.id
"""

SNAPSHOT_CAPABILITIES = f"""
MATCH (o:Organization)-[:PROVIDES]->(c:Capability)-[:OF_SERVICE]->(t:ServiceType)
RETURN properties(c) AS props, o.id AS organization, t.id AS service,
       [(c)-[:COVERS]->(s:State) | s.id] AS covers,
       [(c)-[:SOURCED_FROM]->(src:Source) | {_SRC}] AS sources
ORDER BY c.id
"""

SNAPSHOT_STATES = "MATCH (s:State) RETURN s.id AS code, s.name_es AS name_es, " \
                  "s.name_en AS name_en ORDER BY s.id"

SNAPSHOT_AGREEMENTS = f"""
MATCH (a:Agreement)
RETURN properties(a) AS props,
       [(p:Organization)-[:PARTY_TO]->(a) | p.id] AS parties,
       [(a)-[:IN_STATE]->(s:State) | s.id] AS states,
       [(a)-[:SOURCED_FROM]->(src:Source) | {_SRC}] AS sources
ORDER BY a.id
"""

SNAPSHOT_COLLABORATIONS = f"""
MATCH (c:Collaboration)
RETURN properties(c) AS props,
       [(o:Organization)-[m:MEMBER_OF]->(c) | {{organization: o.id, role: m.role}}] AS members,
       [(c)-[:IN_STATE]->(s:State) | s.id] AS states,
       [(c)-[:SOURCED_FROM]->(src:Source) | {_SRC}] AS sources
ORDER BY c.id
"""

SNAPSHOT_ACTIVITIES = f"""
MATCH (a:Activity)
RETURN properties(a) AS props,
       [(p:Organization)-[:PARTICIPATED_IN]->(a) | p.id] AS participants,
       [(a)-[:IN_STATE]->(s:State) | s.id] AS states,
       [(a)-[:SOURCED_FROM]->(src:Source) | {_SRC}] AS sources
ORDER BY a.id
"""

SNAPSHOT_REFERRALS = f"""
MATCH (a:Organization)<-[:REFERRED_FROM]-(r:Referral)-[:REFERRED_TO]->(b:Organization)
RETURN r {{.id, .date, .needs, .outcome, .synthetic}} AS props, a.id AS from_org,
       b.id AS to_org, [(r)-[:SOURCED_FROM]->(src:Source) | {_SRC}] AS sources
ORDER BY r.id
"""

# Only changes to what HSDS has objects for (organizations and their services).
SNAPSHOT_AUDIT = """
MATCH (e:AuditEvent) WHERE e.target_label IN ['Organization', 'Capability']
RETURN e {.id, .actor, .role, .action, .target_label, .target_id, .before, .after,
          at: toString(e.at)} AS event
ORDER BY e.at, e.id
"""

ALL_SOURCES = "MATCH (src:Source) RETURN src {.id, .document, .section, .table, .passage, " \
              ".date, .synthetic} AS source ORDER BY src.id"

# --- import ------------------------------------------------------------------------------

IDS_BY_LABEL = """
UNWIND $labels AS label
CALL (label) {
  MATCH (n) WHERE label IN labels(n) AND n.id IS NOT NULL RETURN collect(n.id) AS ids
}
RETURN label, ids
"""

# Imported history: one AuditEvent per HSDS metadata row, tagged with the data set.
MERGE_IMPORTED_EVENTS = """
UNWIND $rows AS row
MERGE (e:AuditEvent {id: row.id})
SET e += row.props, e.at = datetime(row.at)
"""

EXISTING_EVENTS = "UNWIND $ids AS id MATCH (e:AuditEvent {id: id}) RETURN e.id AS id"
