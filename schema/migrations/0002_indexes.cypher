// Indexes behind the directory's filters and search.
CREATE INDEX organization_kind IF NOT EXISTS FOR (n:Organization) ON (n.kind);
CREATE INDEX organization_sector IF NOT EXISTS FOR (n:Organization) ON (n.sector);
CREATE INDEX organization_search_key IF NOT EXISTS FOR (n:Organization) ON (n.search_key);
CREATE INDEX capability_service IF NOT EXISTS FOR (n:Capability) ON (n.service);
CREATE INDEX activity_start IF NOT EXISTS FOR (n:Activity) ON (n.start);
CREATE INDEX referral_date IF NOT EXISTS FOR (n:Referral) ON (n.date);
CREATE INDEX audit_event_at IF NOT EXISTS FOR (n:AuditEvent) ON (n.at);
CREATE INDEX legislation_jurisdiction IF NOT EXISTS FOR (n:Legislation) ON (n.jurisdiction);
