"""The audit trail as pages (`referral_graph.edits.trail_pages`): newest first, cut between
two cursors by (time, id), forwards (`first`) in the trail's order or backwards (`last`) in
the reverse order, which the caller turns back."""

from __future__ import annotations

_WHERE = """WHERE ($target IS NULL OR e.target_id = $target)
  AND ($tokens OR e.target_label <> 'ApiToken')"""

COUNT = f"""
MATCH (e:AuditEvent)
{_WHERE}
RETURN count(e) AS total
"""


def _page(order: str) -> str:
    return f"""
MATCH (e:AuditEvent)
{_WHERE}
  AND ($after_at IS NULL OR e.at < datetime($after_at)
       OR (e.at = datetime($after_at) AND e.id < $after_id))
  AND ($before_at IS NULL OR e.at > datetime($before_at)
       OR (e.at = datetime($before_at) AND e.id > $before_id))
RETURN e {{.id, .actor, .role, .action, .target_label, .target_id, .before, .after,
          at: toString(e.at)}} AS event
ORDER BY e.at {order}, e.id {order} LIMIT $limit
"""


PAGE = _page("DESC")  # the trail's order: newest first
PAGE_BACKWARD = _page("ASC")
