"""Reads of records by id, for the Relay `node`/`nodes` fields (read by
`referral_graph.directory.by_id`). Visibility is decided by the reads the rest of the API
uses (the owner organization through `ORGANIZATIONS`, the members of a collaboration
through `COLLABORATIONS`): these queries only find which records the ids name.
"""

from __future__ import annotations

CAPABILITY_OWNERS = """
MATCH (o:Organization)-[:PROVIDES]->(c:Capability)
WHERE c.id IN $ids
RETURN c.id AS id, o.id AS organization
"""

SOURCES = """
MATCH (src:Source)
WHERE src.id IN $ids
RETURN src {.id, .document, .section, .table, .passage, .date} AS source
"""

REFERRALS = """
MATCH (f:Organization)<-[:REFERRED_FROM]-(x:Referral)-[:REFERRED_TO]->(t:Organization)
WHERE x.id IN $ids
RETURN x.id AS id, x.date AS date, x.outcome AS outcome, x.needs AS needs,
       f.id AS from_organization, t.id AS to_organization
"""

AUDIT_EVENTS = """
MATCH (e:AuditEvent)
WHERE e.id IN $ids AND ($tokens OR e.target_label <> 'ApiToken')
RETURN e {.id, .actor, .role, .action, .target_label, .target_id, .before, .after,
          at: toString(e.at)} AS event
"""

LEGISLATION = """
MATCH (l:Legislation)
WHERE l.id IN $ids
RETURN l {.id, .status, .title, .approved, .signed, .published, .effective, .date_text,
          .note} AS law
"""
