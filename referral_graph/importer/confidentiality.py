"""The confidentiality rule as the importers of other formats apply it (HSDS, spreadsheets).

The call site of the one shared rule (`referral_graph.safety.confidential`): a shelter is
confidential unless a cited source says its location is public (``public_source``).
"""

from __future__ import annotations

from typing import Any

from referral_graph.safety.confidential import ConfidentialityError, apply


def apply_confidentiality_rule(org: dict[str, Any]) -> dict[str, Any]:
    """An organization's fields with ``confidential`` decided by the shared rule.

    A record the rule refuses (a shelter said to be public without the source that says
    so) is returned as it is: the record model applies the same rule and the importer
    reports the refusal with the file, record and field.

    >>> apply_confidentiality_rule({"kind": "shelter"})["confidential"]
    True
    >>> apply_confidentiality_rule({"kind": "shelter", "confidential": False})["confidential"]
    False
    """
    try:
        return apply(org)
    except ConfidentialityError:
        return org
