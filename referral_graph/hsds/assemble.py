"""The whole export: organizations and services (`build.py`), then ties, capacity, the
audit trail and the taxonomies, then the redactor over every text of a public export."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

from referral_graph.capacity.model import rank
from referral_graph.directory.lang import Lang, label
from referral_graph.hsds import vocabulary as voc
from referral_graph.hsds.build import Builder, Scope, Tables, plain, source_value
from referral_graph.hsds.ids import hsds_id, is_uuid
from referral_graph.hsds.snapshot import Node, Snapshot

CAPACITY_UNITS = ("beds", "places")


def _clean(d: dict[str, Any]) -> dict[str, Any]:
    # 0 is a value (no free beds); False, like None, says nothing worth a field.
    return {k: v for k, v in d.items() if v is not None and v is not False and v != []
            and v != ""}


def _sources(node: Node) -> list[dict[str, Any]]:
    return [source_value(s) for s in sorted(node.links.get("sources") or (),
                                            key=lambda s: s["id"])]


def _tie(b: Builder, code: str, node: Node, members: list[tuple[str, dict[str, Any]]],
         value: dict[str, Any], field: str) -> None:
    """One tie attribute on each visible member; the tie lists only visible members."""
    public = [(oid, extra, b.public_org_id(oid)) for oid, extra in members]
    visible = [(oid, extra, h) for oid, extra, h in public if h]
    if not visible:
        return
    value = _clean({**value, "id": node.id, field: sorted(h for _, _, h in visible),
                    "states": sorted(node.links.get("states") or ()),
                    "sources": _sources(node)})
    for oid, extra, h in sorted(visible, key=lambda x: x[0]):
        b.attribute("organization", h, oid, code, {**value, **_clean(extra)})


def ties(b: Builder) -> None:
    for a in b.snap.agreements:
        _tie(b, "agreement", a, [(p, {}) for p in a.links["parties"]],
             {k: a.get(k) for k in ("kind", "subject", "date", "date_text", "ends",
                                    "party_description", "note", "synthetic")}, "parties")
    for c in b.snap.collaborations:
        _tie(b, "collaboration", c,
             [(m["organization"], {"role": m.get("role")}) for m in c.links["members"]],
             {k: c.get(k) for k in ("name", "kind", "level", "formed", "formed_text", "goals",
                                    "member_description", "alternate_names", "synthetic")},
             "members")
    for a in b.snap.activities:
        _tie(b, "activity", a, [(p, {}) for p in a.links["participants"]],
             {k: a.get(k) for k in ("kind", "theme", "start", "end", "city",
                                    "participant_description", "participant_count",
                                    "table", "synthetic")}, "participants")
    for r in b.snap.referrals:
        ends = (b.public_org_id(r.links["from_org"]), b.public_org_id(r.links["to_org"]))
        if None in ends:
            continue
        value = _clean({"id": r.id, "date": r.get("date"), "needs": sorted(r.get("needs") or ()),
                        "outcome": r.get("outcome"), "from": ends[0], "to": ends[1],
                        "sources": _sources(r), "synthetic": r.get("synthetic") or None})
        for oid in sorted({r.links["from_org"], r.links["to_org"]}):
            b.attribute("organization", b.org_ids[oid], oid, "referral", value)


def utc_text(value: dt.datetime) -> str:
    """
    >>> utc_text(dt.datetime(2026, 5, 1, 12, 0, 0, 123456, tzinfo=dt.UTC))
    '2026-05-01T12:00:00.123Z'
    """
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.") + \
        f"{value.microsecond // 1000:03d}Z"


def capacity_status(cap: Node) -> str:
    """What a public caller may know: ``has_capacity``, ``full`` or ``unknown``."""
    return ("has_capacity", "unknown", "full")[rank(cap.get("capacity_available"))]


def capacity(b: Builder) -> None:
    units: set[str] = set()
    for cap in b.snap.capabilities:
        org = b.orgs[cap.links["organization"]]
        if cap.get("capacity_available") is None or cap.id not in b.service_ids:
            continue
        sid = b.service_ids[cap.id]
        if b.hidden(org):
            continue  # never, not even "full", for a confidential shelter
        if not b.scope.see_confidential:
            b.attribute("service", sid, cap.id, "capacity_status", capacity_status(cap))
            continue
        unit = cap.get("capacity_unit")
        units.add(unit)
        b.t["service_capacity"].append(_clean({
            "id": hsds_id("service_capacity", cap.id), "service_id": sid,
            "unit_id": hsds_id("unit", unit), "available": cap.get("capacity_available"),
            "maximum": cap.get("capacity_total"),
            "updated": utc_text(cap.get("capacity_updated_at"))}))
    for unit in sorted(units):
        b.t["unit"].append({"id": hsds_id("unit", unit),
                            "name": label("capacity_unit", unit, b.lang), "identifier": unit})


# --- the audit trail ---------------------------------------------------------------------

_SKIP = {"search_key", "dataset", "id", "version"}  # bookkeeping, not data


def _fields(snapshot: str | None) -> dict[str, str]:
    """An audit snapshot (JSON) as field -> text: properties, and relationships by type."""
    if not snapshot:
        return {}
    data = json.loads(snapshot)
    if "fields" in data:  # imported from another directory's HSDS metadata
        return dict(data["fields"])
    out = {k: plain(v) for k, v in (data.get("properties") or {}).items()
           if k not in _SKIP and v is not None}
    groups: dict[str, list[str]] = {}
    for r in data.get("relationships") or ():
        groups.setdefault(r["type"].lower(), []).append(str(r["to"]))
    out.update({k: plain(sorted(v)) for k, v in groups.items()})
    return out


def metadata(b: Builder) -> None:
    for e in b.snap.events:
        target = e["target_id"]
        if e["target_label"] == "Organization":
            org = b.orgs.get(target)
            rid, rtype = b.org_ids.get(target), "organization"
        else:
            cap = next((c for c in b.snap.capabilities if c.id == target), None)
            org = b.orgs.get(cap.links["organization"]) if cap else None
            rid, rtype = b.service_ids.get(target), "service"
        if rid is None or org is None or b.hidden(org):
            continue
        before, after = _fields(e.get("before")), _fields(e.get("after"))
        changed = sorted(f for f in set(before) | set(after) if before.get(f) != after.get(f))
        single = len(changed) == 1 and is_uuid(e["id"])
        for f in changed:
            b.t["metadata"].append({
                "id": e["id"] if single else hsds_id("metadata", f"{e['id']}/{f}"),
                "resource_id": rid, "resource_type": rtype, "last_action_date": e["at"],
                "last_action_type": e["action"], "field_name": f,
                "previous_value": before.get(f, ""), "replacement_value": after.get(f, ""),
                "updated_by": e.get("actor") or e.get("role") or ""})


# --- everything ----------------------------------------------------------------------------

def _unique(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for r in rows:
        seen.setdefault(r["id"], r)
    return list(seen.values())


def _redact_row(row: dict[str, Any], redact: Callable[[Any], Any]) -> dict[str, Any]:
    out = {}
    for k, v in row.items():
        if k == "id" or k.endswith("_id") or not isinstance(v, str):
            out[k] = v
        elif k == "value" and v.startswith(("{", "[")):
            out[k] = plain(redact(json.loads(v)))
        else:
            out[k] = redact(v)
    return out


def build_tables(snap: Snapshot, scope: Scope, lang: Lang, *,
                 pseudonyms: dict[str, str] | None = None, today: dt.date | None = None,
                 redact: Callable[[Any], Any] | None = None) -> Tables:
    """Every HSDS table of the directory as ``scope`` may see it, in ``lang``.

    ``pseudonyms`` (confidential id -> public alias) and ``redact`` are required for a
    public export; `export.py` takes them from the projection's public view.
    """
    if not scope.see_confidential and (pseudonyms is None or redact is None):
        raise ValueError("a public export needs the public view's pseudonyms and redactor")
    b = Builder(snap, scope, lang, pseudonyms or {}, today or dt.date.today())
    for org in snap.organizations:
        b.organization(org)
    types = {t.id: t for t in snap.service_types}
    for cap in snap.capabilities:
        b.service(cap, types)
    ties(b)
    capacity(b)
    if scope.audit:
        metadata(b)
    oe_names = sorted({t.hsds_term for t in snap.service_types if t.hsds_term})
    b.t["taxonomy"] = _unique([*voc.taxonomies(lang, open_eligibility=bool(oe_names)),
                               *b.t["taxonomy"]])
    b.t["taxonomy_term"] = _unique([
        *(voc.service_term(t, lang) for t in sorted(snap.service_types, key=lambda t: t.id)),
        *(voc.oe_term(n, lang) for n in oe_names),
        *(voc.attribute_term(c, lang) for c in voc.all_attribute_codes()),
        *b.t["taxonomy_term"]])
    tables: Tables = dict(b.t)
    if not scope.see_confidential and redact is not None:
        tables = {name: [_redact_row(r, redact) for r in rows] for name, rows in tables.items()}
    return tables
