"""The confidentiality rule as the importers of other formats apply it (HSDS, spreadsheets).

ISSUE-12 CALL SITE: issue 12 writes one domain rule that every write path must call. Until
it is in main, this applies the existing one; switch this function to the shared rule then.
"""

from __future__ import annotations

from typing import Any

from referral_graph.dataset.models import OrgKind


def apply_confidentiality_rule(org: dict[str, Any]) -> dict[str, Any]:
    """An organization's fields with ``confidential`` decided: as the data states it, else
    true for a shelter (the safety default of `dataset.models.Organization`).

    >>> apply_confidentiality_rule({"kind": "shelter"})["confidential"]
    True
    >>> apply_confidentiality_rule({"kind": "shelter", "confidential": False})["confidential"]
    False
    """
    if org.get("confidential") is None:
        org["confidential"] = org.get("kind") == OrgKind.SHELTER
    return org
