"""Ties and history of an HSDS import: agreements, task forces and networks, activities and
referrals from a referral-graph export's tie attributes; audit events from metadata rows."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from referral_graph.dataset import model as m
from referral_graph.hsds.check import where
from referral_graph.hsds.ids import hsds_id, is_uuid
from referral_graph.hsds.ingest import Ingest, safe_slug
from referral_graph.hsds.ingest_build import _validate

TIES = ("agreement", "collaboration", "activity", "referral")
_FIELDS = {
    "agreement": ("kind", "subject", "party_description", "date", "date_text", "ends",
                  "note", "synthetic"),
    "collaboration": ("name", "kind", "level", "formed", "formed_text", "goals",
                      "member_description", "alternate_names", "synthetic"),
    "activity": ("kind", "theme", "start", "end", "city", "participant_description",
                 "participant_count", "table", "synthetic"),
}
_KINDS: dict[str, tuple[str, type[m.Record]]] = {
    "agreement": ("agreements", m.Agreement), "collaboration":
    ("collaborations", m.Collaboration), "activity": ("activities", m.Activity)}


def ties(ing: Ingest) -> list[dict[str, Any]]:
    """Tie records into ``ing.out.records``; returns the referrals (not data-set rows)."""
    groups: dict[str, dict[str, dict[str, Any]]] = {code: {} for code in TIES}
    for row in ing.t.get("organization", ()):
        slug = ing.out.org_slug.get(row["id"])
        ours = ing.ours(row["id"])
        for code in TIES:
            for data in ing.json_values(row, code, ours.get(code, [])):
                key = str(data.get("id") or json.dumps(data, sort_keys=True))
                entry = groups[code].setdefault(key, {"data": data, "row": row, "members": []})
                entry["members"].append((slug, data.get("role")))
    for code, (kind, model) in _KINDS.items():
        for key, entry in groups[code].items():
            _tie(ing, code, kind, model, key, entry)
    referrals = []
    for key, entry in groups["referral"].items():
        d, row = entry["data"], entry["row"]
        ends = [ing.out.org_slug.get(str(d.get(x))) for x in ("from", "to")]
        if None in ends or not d.get("date"):
            ing.report.ignored.append(f"referral {key}: an organization or the date is missing")
            continue
        rid = safe_slug(key, "referral")
        sources = [ing._source(row, safe_slug(s.get("id") or json.dumps(s), "source"), s)
                   for s in d.get("sources") or () if isinstance(s, dict)]
        if sources:  # a referral a data set states: a record like any other
            rec = _validate(ing, row, m.Referral, {
                "id": rid, "referred_from": ends[0], "referred_to": ends[1],
                "needs": sorted(d.get("needs") or ()), "date": d["date"],
                "outcome": d.get("outcome"), "sources": sources,
                "synthetic": bool(d.get("synthetic"))})
            if rec is not None:
                ing.out.records["referrals"].append((rec, where(row)))
                ing.report.counts["referrals"] += 1
            continue
        # one recorded through the API (no source): written as it was recorded
        referrals.append({"id": rid, "from": ends[0], "to": ends[1],
                          "date": dt.date.fromisoformat(str(d["date"])),
                          "needs": sorted(d.get("needs") or ()), "outcome": d.get("outcome")})
        ing.report.counts["referrals"] += 1
    return referrals


def _tie(ing: Ingest, code: str, kind: str, model: type[m.Record], key: str,
         entry: dict[str, Any]) -> None:
    d, row = entry["data"], entry["row"]
    members = [(s, role) for s, role in entry["members"] if s]
    data: dict[str, Any] = {"id": safe_slug(key, code)}
    data.update({f: d[f] for f in _FIELDS[code] if d.get(f) is not None})
    data["states"] = sorted(d.get("states") or ())
    data["sources"] = [ing._source(row, safe_slug(s.get("id") or json.dumps(s), "source"), s)
                       for s in d.get("sources") or () if isinstance(s, dict)] or \
        ing.source_ids(row, "organization", [])
    if code == "collaboration":
        data["members"] = [{"organization": s, "role": r} for s, r in sorted(set(members))]
    else:
        field = "parties" if code == "agreement" else "participants"
        data[field] = sorted({s for s, _ in members})
    rec = _validate(ing, row, model, data)
    if rec is not None:
        ing.out.records[kind].append((rec, where(row)))
        ing.report.counts[kind] += 1


def events(ing: Ingest, dataset: str) -> list[dict[str, Any]]:
    """Metadata rows → audit events on the records they describe (history is kept)."""
    out = []
    for row in ing.t.get("metadata", ()):
        rid = row.get("resource_id", "")
        if rid in ing.out.org_slug:
            label, target = "Organization", ing.out.org_slug[rid]
        elif ing.out.caps_of_service.get(rid):
            label, target = "Capability", ing.out.caps_of_service[rid][0]
        else:
            continue  # listed among ignored references by the check
        try:
            at = dt.datetime.fromisoformat(str(row["last_action_date"]).replace("Z", "+00:00"))
        except ValueError:
            ing.problem(row, "last_action_date",
                        f"{row['last_action_date']!r} is not a date or date-time")
            continue
        if at.tzinfo is None:
            at = at.replace(tzinfo=dt.UTC)
        fld = row["field_name"]
        out.append({
            "id": row["id"] if is_uuid(row["id"]) else hsds_id("metadata", row["id"]),
            "props": {"actor": row["updated_by"], "role": "import",
                      "action": row["last_action_type"], "target_label": label,
                      "target_id": target, "at": at, "dataset": dataset,
                      "before": json.dumps({"fields": {fld: row["previous_value"]}},
                                           ensure_ascii=False),
                      "after": json.dumps({"fields": {fld: row["replacement_value"]}},
                                          ensure_ascii=False)}})
        ing.report.counts["audit_events"] += 1
    return out
