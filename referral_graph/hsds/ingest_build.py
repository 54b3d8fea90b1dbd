"""The records of an HSDS import: organizations, capabilities, ties, capacity, history.

See `ingest.py` for the rules; this module applies them table by table.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from typing import Any

from pydantic import TypeAdapter, ValidationError

from referral_graph.dataset import model as m
from referral_graph.hsds.check import where
from referral_graph.hsds.ids import slug_of
from referral_graph.hsds.ingest import Ingest, Mapped, apply_confidentiality_rule, safe_slug
from referral_graph.hsds.mapping import NOT_STATED, area_states
from referral_graph.hsds.schemas import tables as layouts
from referral_graph.text import fold

_PHONE = TypeAdapter(m.Phone)
# Columns the graph keeps, per table; any other column with data is reported as not kept.
KEPT = {
    "organization": {"id", "name", "alternate_name", "description", "website", "email"},
    "phone": {"id", "organization_id", "number"},
    "service": {"id", "organization_id", "name", "description", "status", "last_modified"},
    "service_area": {"id", "service_id", "name", "description"},
    "location": {"id", "organization_id", "name", "location_type", "description"},
    "address": {"id", "location_id", "city", "state_province"},
    "language": {"id", "service_id", "location_id", "code", "name"},
    "service_at_location": {"id", "service_id", "location_id"},
    "attribute": {"id", "link_id", "taxonomy_term_id", "link_entity", "value"},
    "taxonomy_term": {"id", "code", "name", "description", "taxonomy", "taxonomy_id",
                      "language"},
    "taxonomy": {"id", "name", "description", "version"},
    "metadata": set(layouts()["metadata"].columns),
    "service_capacity": {"id", "service_id", "unit_id", "available", "maximum", "updated"},
    "unit": {"id", "name", "identifier"},
}


def _flag(values: list[str]) -> bool | None:
    return values[-1] == "true" if values else None


def _one(values: list[str]) -> str | None:
    return values[0] if values else None


_first = _one


def _validate(ing: Ingest, row: dict[str, Any], model: type[m.Record], data: dict[str, Any]
              ) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as e:
        for err in e.errors():
            ing.problem(row, ".".join(str(x) for x in err["loc"]) or None,
                        f"cannot be stored as {model.__name__.lower()}: {err['msg']}")
        return None


def organizations(ing: Ingest) -> None:
    used: set[str] = set()
    for row in ing.t.get("organization", ()):
        ours = ing.ours(row["id"])
        slug = _one(ours.get("id", []))
        slug = slug if slug and safe_slug(slug, "organization") == slug and slug not in used \
            else slug_of(row["id"])
        used.add(slug)
        ing.out.org_slug[row["id"]] = slug
    shelters = _shelter_orgs(ing)
    for row in ing.t.get("organization", ()):
        ours = ing.ours(row["id"])
        slug = ing.out.org_slug[row["id"]]
        foreign = "id" not in ours and "confidential" not in ours
        locations = _locations(ing, row["id"])
        kind = _one(ours.get("kind", [])) or ("shelter" if row["id"] in shelters
                                              else "not_stated")
        data: dict[str, Any] = {
            "id": slug, "name": row["name"], "acronym": row.get("alternate_name"),
            "kind": kind, "sector": _one(ours.get("sector", [])) or "not_stated",
            "states": sorted(set(ours.get("state", [])) | locations["states"]),
            "national": bool(_flag(ours.get("national", []))),
            "city": _one(ours.get("city", [])) or locations["city"],
            "confidential": _flag(ours.get("confidential", [])),
            "public_source": _first(ing.source_ids(row, "organization", ours["public_source"]))
            if ours.get("public_source") else None,
            "languages": sorted(_languages(ing, row["id"])) or None,
            "populations": sorted(ours.get("population", [])) or None,
            "alternate_names": ours.get("alternate_name", []),
            "active_from": _one(ours.get("active_from", [])),
            "active_to": _one(ours.get("active_to", [])),
            "named_by_role": bool(_flag(ours.get("named_by_role", []))),
            "note": _one(ours.get("note", [])),
            "synthetic": bool(_flag(ours.get("synthetic", []))),
            "sources": ing.source_ids(row, "organization", ours.get("source", [])),
        }
        data = apply_confidentiality_rule({k: v for k, v in data.items() if v is not None})
        data.update(_contact(ing, row, ours, data))
        rec = _validate(ing, row, m.Organization, data)
        if rec is None:
            continue
        ing.out.records["organizations"].append((rec, where(row)))
        ing.report.counts["organizations"] += 1
        extra = ing.out.extras[("Organization", slug)]
        if foreign:
            extra["hsds_description"] = row.get("description")
        kept = ing.kept(row["id"])
        kept += [k for s in ing.t.get("service", ()) if s.get("organization_id") == row["id"]
                 and not ing.service_types(s["id"]) for k in ing.kept(s["id"])]
        if kept:
            extra["hsds_attributes"] = kept


def _contact(ing: Ingest, row: dict[str, Any], ours: dict[str, list[str]],
             org: dict[str, Any]) -> dict[str, Any]:
    """Phones, website, e-mail and address, each only as its source states it; none for a
    confidential organization (the model never stores them), which the report says."""
    phones = []
    for p in ing.t.get("phone", ()):
        if p.get("organization_id") != row["id"] or not p.get("number"):
            continue
        try:
            phones.append(_PHONE.validate_python(p["number"]))
        except ValidationError:
            ing.report.ignored.append(f"{where(p)[0]}: phone {p['number']!r} of organization "
                                      f"{row['id']} is not a phone number (not kept)")
    found = {"phones": phones or None,
             "website": _one(ours.get("website", [])) or row.get("website"),
             "email": row.get("email"), "address": _one(ours.get("address", []))}
    found = {k: v for k, v in found.items() if v}
    if not found:
        return {}
    if org.get("confidential"):
        ing.report.ignored.append(f"organization {row['id']}: confidential, so its contact "
                                  f"details ({', '.join(sorted(found))}) are not kept")
        return {}
    cited = ours.get("contact_source", [])
    found["contact_sources"] = ing.source_ids(row, "organization", cited) if cited else \
        ing.source_ids(row, "organization", [])
    return found


def _shelter_orgs(ing: Ingest) -> set[str]:
    """Organizations with a service mapped to shelter: another directory's shelters."""
    out: set[str] = set()
    for s in ing.t.get("service", ()):
        if "shelter" in ing.service_types(s["id"]) and s.get("organization_id"):
            out.add(s["organization_id"])
    return out


def _locations(ing: Ingest, org_id: str) -> dict[str, Any]:
    """City and states of an organization's locations: our `city` attribute, else the
    first address with a city; states from the addresses' state_province."""
    locs = [loc for loc in ing.t.get("location", ()) if loc.get("organization_id") == org_id]
    sids = {s["id"] for s in ing.t.get("service", ()) if s.get("organization_id") == org_id}
    locs += [ing.by_id["location"][x["location_id"]]
             for x in ing.t.get("service_at_location", ())
             if x["service_id"] in sids and x["location_id"] in ing.by_id.get("location", {})]
    city, states = None, set()
    for loc in locs:
        ours = ing.ours(loc["id"])
        city = city or _one(ours.get("city", []))
        for a in ing.t.get("address", ()):
            if a.get("location_id") != loc["id"]:
                continue
            city = city or a.get("city")
            codes, _ = area_states(a.get("state_province"), None, ing.states)
            states |= set(codes)
    return {"city": city, "states": states}


def _languages(ing: Ingest, org_id: str) -> set[str]:
    sids = {s["id"] for s in ing.t.get("service", ()) if s.get("organization_id") == org_id}
    return {name for lg in ing.t.get("language", ())
            if lg.get("service_id") in sids and (name := lg.get("code") or lg.get("name"))}


def services(ing: Ingest) -> None:
    for row in ing.t.get("service", ()):
        org = ing.out.org_slug.get(row.get("organization_id", ""))
        types = ing.service_types(row["id"], count=True)
        if org is None:
            continue
        covers, national = _areas(ing, row)  # reported even when the service is not imported
        if not types:
            ing.report.services_skipped.append(f"{row['name']} ({row['id']})")
            continue
        ours = ing.ours(row["id"])
        own = _one(ours.get("id", []))
        caps = []
        for stype in types:
            cid = own if own and len(types) == 1 else \
                f"{slug_of(row['id'])}-{stype.replace('_', '-')}"[:80]
            data: dict[str, Any] = {
                "id": safe_slug(cid, "service"), "organization": org, "service": stype,
                "basis": _one(ours.get("basis", [])) or "stated", "covers": covers,
                "national": national, "mandate": _one(ours.get("mandate", [])),
                "active_from": _one(ours.get("active_from", [])),
                "active_to": _one(ours.get("active_to", [])),
                "note": _one(ours.get("note", [])),
                "scope": _one(ours.get("scope", [])), "group": _one(ours.get("group", [])),
                "synthetic": bool(_flag(ours.get("synthetic", []))),
                "sources": ing.source_ids(row, "service", ours.get("source", [])),
            }
            rec = _validate(ing, row, m.Capability, {k: v for k, v in data.items()
                                                     if v is not None})
            if rec is None:
                continue
            ing.out.records["capabilities"].append((rec, where(row)))
            ing.report.counts["capabilities"] += 1
            caps.append(rec.id)
            extra = ing.out.extras[("Capability", rec.id)]
            if row.get("last_modified"):
                extra["last_modified"] = row["last_modified"]
            if "id" not in ours:
                extra["hsds_name"] = row["name"]
                extra["hsds_description"] = row.get("description")
            kept = ing.kept(row["id"])
            if kept:
                extra["hsds_attributes"] = kept
            areas = _kept_areas(ing, row)
            if areas:
                extra["hsds_areas"] = areas
        ing.out.caps_of_service[row["id"]] = caps


def _areas(ing: Ingest, row: dict[str, Any]) -> tuple[list[str], bool]:
    covers: set[str] = set()
    national = False
    for a in ing.t.get("service_area", ()):
        if a.get("service_id") != row["id"]:
            continue
        codes, whole = area_states(a.get("name"), a.get("description"), ing.states)
        if fold(str(a.get("name") or "")) in NOT_STATED:
            continue
        covers |= set(codes)
        national = national or whole
        ing.report.areas["states" if codes else "national" if whole else "other"] += 1
        if not codes and not whole:
            ing.report.areas_unmapped[str(a.get("name") or a.get("description") or a["id"])] += 1
    return sorted(covers), national


def _kept_areas(ing: Ingest, row: dict[str, Any]) -> list[str]:
    out = []
    for a in ing.t.get("service_area", ()):
        if a.get("service_id") != row["id"]:
            continue
        codes, whole = area_states(a.get("name"), a.get("description"), ing.states)
        if not codes and not whole and fold(str(a.get("name") or "")) not in NOT_STATED:
            keep = {k: v for k, v in a.items() if not k.startswith("_") and k != "service_id"}
            out.append(json.dumps(keep, ensure_ascii=False, sort_keys=True))
    return out


def not_kept(ing: Ingest) -> None:
    for name, rows in ing.t.items():
        if name not in KEPT:
            if rows:
                ing.report.not_kept[name] = {f"({len(rows)})"}
            continue
        extra = {k for r in rows for k, v in r.items()
                 if not k.startswith("_") and k not in KEPT[name] and v not in (None, "")}
        if extra:
            ing.report.not_kept[name] = extra


def capacity(ing: Ingest) -> None:
    units = ing.by_id.get("unit", {})
    for row in ing.t.get("service_capacity", ()):
        caps = ing.out.caps_of_service.get(row.get("service_id", ""), [])
        unit = units.get(row.get("unit_id", ""), {})
        code = _unit_code(unit)
        if not caps or code is None:
            ing.report.ignored.append(f"service_capacity {row['id']}: unit "
                                      f"{unit.get('name')!r} is neither beds nor places")
            continue
        try:
            updated = dt.datetime.fromisoformat(str(row["updated"]).replace("Z", "+00:00"))
        except ValueError:
            ing.problem(row, "updated", f"{row.get('updated')!r} is not a date-time")
            continue
        for cid in caps:
            ing.out.extras[("Capability", cid)].update({
                "capacity_unit": code, "capacity_available": int(row["available"]),
                "capacity_total": int(row["maximum"]) if row.get("maximum") is not None
                else None, "capacity_updated_at": updated})
        ing.report.counts["capacities"] += 1


def _unit_code(unit: dict[str, Any]) -> str | None:
    words = {fold(str(unit.get(k) or "")) for k in ("identifier", "name")}
    if words & {"beds", "bed", "camas", "cama"}:
        return "beds"
    if words & {"places", "place", "lugares", "lugar", "plazas", "plaza"}:
        return "places"
    return None


def by_kind(mapped: Mapped) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = defaultdict(list)
    for kind, items in mapped.records.items():
        out[kind] = items
    return out
