"""Coverage-gap report: for every state and service, who provides it and how robustly.

Every status is a claim about the data set ("no provider recorded"), never about the world.
"""

from referral_graph.gaps.classify import Anchor, Reason, Status
from referral_graph.gaps.report import (
    Cell,
    CoverageReport,
    ReportDiff,
    StateDetail,
    StatusChange,
    coverage_report,
    diff_reports,
    refresh_state,
)

__all__ = [
    "Anchor",
    "Cell",
    "CoverageReport",
    "Reason",
    "ReportDiff",
    "StateDetail",
    "Status",
    "StatusChange",
    "coverage_report",
    "diff_reports",
    "refresh_state",
]
