// The change counter (one node), its log, and idempotency keys of mutations
// (referral_graph/store/changes.py, edits/guard.py). MERGE on DataVersion relies on the
// uniqueness constraint to stay one node under concurrent writers.
CREATE CONSTRAINT data_version_id IF NOT EXISTS FOR (n:DataVersion) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT change_seq IF NOT EXISTS FOR (n:Change) REQUIRE n.seq IS UNIQUE;
CREATE CONSTRAINT idempotency_key_id IF NOT EXISTS FOR (n:IdempotencyKey) REQUIRE n.id IS UNIQUE;
CREATE INDEX idempotency_key_at IF NOT EXISTS FOR (n:IdempotencyKey) ON (n.at);
// A stale save names who changed the record last: the newest audit event about it.
CREATE INDEX audit_event_target IF NOT EXISTS FOR (n:AuditEvent) ON (n.target_id);
