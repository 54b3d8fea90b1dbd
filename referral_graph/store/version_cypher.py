"""Cypher of the change counter, the change log, record versions and idempotency keys.

Every write transaction starts with `BEGIN_CHANGE`: it increments the one `DataVersion`
node, which also takes its write lock, so writes are serialised and numbered in commit
order. A `Change` node (the log) says which organizations each number touched, so every
process can bring its projection up to date by re-reading only those.

An edit runs as few distinct statements as it can: `BEGIN_CHANGE` also looks up the
caller's idempotency key, and `FINISH_EDIT` writes the audit event, the change log entry
and the key in one. Each distinct statement is planned once per Neo4j start, and on a
just-restarted JVM each plan costs a tenth of a second to a second (docs/reliability.md,
"recovery"); the first writes after an outage wait for all of them.
"""

from __future__ import annotations

from referral_graph.store.cypher import _label

BEGIN_CHANGE = """
MERGE (v:DataVersion {id: 'graph'})
  ON CREATE SET v.value = 0, v.epoch = randomUUID()
SET v.value = v.value + 1
WITH v
OPTIONAL MATCH (m:RestoreMarker)
WITH v, count(m) > 0 AS restoring
OPTIONAL MATCH (k:IdempotencyKey {id: $key})
RETURN v.value AS seq, v.epoch AS epoch, restoring,
       k.fingerprint AS fingerprint, k.result AS result, toString(k.at) AS at
"""

RECORD_CHANGE = """
CREATE (:Change {seq: $seq, at: datetime(), by: $by, action: $action, orgs: $orgs,
                 full: $full, scope: $scope})
"""

HEAD = """
OPTIONAL MATCH (v:DataVersion {id: 'graph'})
OPTIONAL MATCH (m:RestoreMarker)
RETURN v.value AS value, v.epoch AS epoch, count(m) > 0 AS restoring
"""

CHANGES_BETWEEN = """
MATCH (c:Change) WHERE $since < c.seq <= $upto
RETURN c.seq AS seq, c.orgs AS orgs, c.full AS full, c.scope AS scope
ORDER BY seq
"""

CHANGE_AT = """
MATCH (c:Change {seq: $seq})
RETURN c.by AS by, c.action AS action, toString(c.at) AS at
"""

PRUNE_CHANGES = "MATCH (c:Change) WHERE c.seq <= $below WITH c LIMIT 1000 DELETE c"

LAST_AUDIT_OF = """
MATCH (e:AuditEvent {target_id: $id}) WHERE e.target_label = $label
RETURN e.actor AS by, e.role AS role, e.action AS action, toString(e.at) AS at, e.seq AS seq
ORDER BY e.at DESC LIMIT 1
"""


def set_version(label: str) -> str:
    """Stamp a record with the change number that last wrote it (its `version`)."""
    return f"MATCH (n:{_label(label)} {{id: $id}}) SET n.version = $seq"


def set_versions(label: str) -> str:
    return f"UNWIND $ids AS id MATCH (n:{_label(label)} {{id: id}}) SET n.version = $seq"


# --- idempotency keys: a retried mutation gets the first answer ---------------------------

IDEMPOTENCY_KEY = """
MATCH (k:IdempotencyKey {id: $id})
RETURN k.fingerprint AS fingerprint, k.result AS result, toString(k.at) AS at
"""

STORE_IDEMPOTENCY_KEY = """
CREATE (:IdempotencyKey {id: $id, fingerprint: $fingerprint, result: $result, seq: $seq,
                         at: datetime()})
"""

# What an edit writes beside its data, in one statement: the audit event (`$event`, as
# `cypher.CREATE_AUDIT_EVENT` writes it), the change log entry, and the idempotency key
# when the caller sent one (`$key`: a map, or null). `$scope` says what of the
# organizations changed (`store.changes.Change`): null for anything.
FINISH_EDIT = """
CREATE (:AuditEvent {id: $event.id, at: datetime(), actor: $event.actor, role: $event.role,
                    action: $event.action, target_label: $event.label,
                    target_id: $event.target, before: $event.before, after: $event.after,
                    seq: $seq})
CREATE (:Change {seq: $seq, at: datetime(), by: $by, action: $change, orgs: $orgs,
                 full: false, scope: $scope})
FOREACH (k IN CASE WHEN $key IS NULL THEN [] ELSE [$key] END |
  CREATE (:IdempotencyKey {id: k.id, fingerprint: k.fingerprint, result: k.result,
                           seq: $seq, at: datetime()}))
"""

PRUNE_IDEMPOTENCY_KEYS = """
MATCH (k:IdempotencyKey) WHERE k.at < datetime() - duration($keep)
WITH k LIMIT 1000 DELETE k
"""
