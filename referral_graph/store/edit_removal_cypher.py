"""Cypher of an editor's removals (`edits/removals.py`) beyond the delete itself."""

from __future__ import annotations

# The record as it was before its removal (the audit event's `before`), for a retry of the
# removal with its idempotency key: the retry answers what the first request answered.
REMOVED_BEFORE = """
MATCH (e:AuditEvent {target_id: $id}) WHERE e.target_label = $label AND e.action = 'delete'
RETURN e.before AS before ORDER BY e.at DESC LIMIT 1
"""
