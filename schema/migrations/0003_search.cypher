// A text index makes the directory's accent-folded CONTAINS search an index seek.
CREATE TEXT INDEX organization_search_text IF NOT EXISTS FOR (n:Organization) ON (n.search_key);
CREATE INDEX referral_outcome IF NOT EXISTS FOR (n:Referral) ON (n.outcome);
