"""The one confidentiality rule for organizations, for every path that writes one.

A shelter's location is what a trafficker looks for, so a shelter is confidential unless a
cited source says its location is public (``public_source``: the id of that passage). The
rule decides from the record being written, never from what happened to be stored: an
update that makes an organization a shelter makes it confidential, whatever it was before.
Edits (`referral_graph.edits`), the data-set importer (through the record model) and any
later importer (bulk, HSDS, spreadsheets) call these functions; the store's ``:Shelter``
label follows ``kind`` through `shelter_label`, and `referral_graph.safety.check` finds any
stored organization where they disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

SHELTER = "shelter"


class ConfidentialityError(ValueError):
    """A record asks for something the rule forbids; ``field`` names the input."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def shelter_label(kind: str | None) -> bool:
    """Whether the node carries the ``:Shelter`` label: exactly when its kind is shelter.

    >>> shelter_label("shelter"), shelter_label("ngo"), shelter_label(None)
    (True, False, False)
    """
    return kind == SHELTER


def confidential_for(kind: str | None, confidential: bool | None,
                     public_source: str | None) -> bool:
    """Whether an organization is confidential.

    >>> confidential_for("shelter", None, None)
    True
    >>> confidential_for("shelter", None, "report-says-its-office-is-public")
    False
    >>> confidential_for("shelter", True, "report-says-its-office-is-public")
    True
    >>> confidential_for("ngo", None, None), confidential_for("ngo", True, None)
    (False, True)
    >>> confidential_for("shelter", False, None)
    Traceback (most recent call last):
    ...
    referral_graph.safety.confidential.ConfidentialityError: confidential: a shelter stays \
confidential unless a source says its location is public: give that source as publicSource
    """
    if not shelter_label(kind):
        return bool(confidential)
    if public_source:
        return confidential is True
    if confidential is False:
        raise ConfidentialityError(
            "confidential", "a shelter stays confidential unless a source says its location "
                            "is public: give that source as publicSource")
    return True


def apply(record: Mapping[str, Any]) -> dict[str, Any]:
    """`record` (an organization row: ``kind``, maybe ``confidential``, ``public_source``)
    with ``confidential`` decided by the rule; for importers that build rows themselves.

    >>> apply({"id": "casa", "kind": "shelter", "confidential": None})["confidential"]
    True
    """
    out = dict(record)
    out["confidential"] = confidential_for(out.get("kind"), out.get("confidential"),
                                           out.get("public_source"))
    return out


def merge_update(stored: Mapping[str, Any], patch: Mapping[str, Any]) -> dict[str, Any]:
    """The organization an update describes: the stored fields, then the patch.

    What was stored about confidentiality only carries over while the organization stays
    what it was: when the patch makes it a shelter, the stored ``confidential: false`` (and
    the source that made some other organization public) no longer apply, so unless the
    patch itself says otherwise the rule makes it confidential.

    >>> ngo = {"kind": "ngo", "city": "Tuxtepec", "confidential": False}
    >>> merge_update(ngo, {"kind": "shelter"})["confidential"] is None
    True
    >>> merge_update(ngo, {"name": "Casa"})["confidential"]
    False
    """
    merged = {**stored, **patch}
    if shelter_label(merged.get("kind")) and not shelter_label(stored.get("kind")):
        for key in ("confidential", "public_source"):
            if key not in patch:
                merged[key] = None
    return merged
