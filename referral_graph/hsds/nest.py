"""Nested HSDS documents (what `GET /services/{id}` returns) from the flat tables.

Shapes follow the compiled schemas: a full service holds its areas, languages, locations,
attributes (each with its taxonomy term and that term's taxonomy), metadata and its
organization; a full organization holds its locations and its services (as ``{id, name,
status}`` unless asked for in full); list items hold only one-to-one fields. Children do
not repeat their parent's id, as in the specification's examples.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from referral_graph.hsds.build import Tables
from referral_graph.hsds.schemas import tables as layouts


class Nester:
    def __init__(self, t: Tables) -> None:
        self.t = t
        self.by_id = {name: {r["id"]: r for r in rows} for name, rows in t.items()}
        self.kids: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
        for name, rows in t.items():
            for r in rows:
                for k, v in r.items():
                    if (k.endswith("_id") or k == "link_id") and isinstance(v, str):
                        self.kids[(name, k, v)].append(r)

    def get(self, table: str, rid: str) -> dict[str, Any] | None:
        return self.by_id.get(table, {}).get(rid)

    def scalar(self, table: str, row: dict[str, Any], *drop: str) -> dict[str, Any]:
        cols = layouts()[table].columns
        return {k: row[k] for k in cols if k in row and k not in drop}

    def _put(self, out: dict[str, Any], key: str, items: list[Any]) -> None:
        if items:
            out[key] = items

    # --- pieces --------------------------------------------------------------------------

    def term(self, term_id: str) -> dict[str, Any] | None:
        term = self.get("taxonomy_term", term_id)
        if term is None:
            return None
        out = self.scalar("taxonomy_term", term)
        tax = self.get("taxonomy", term.get("taxonomy_id", ""))
        if tax is not None:
            out["taxonomy_detail"] = self.scalar("taxonomy", tax)
        return out

    def attributes(self, link_id: str) -> list[dict[str, Any]]:
        out = []
        for a in self.kids[("attribute", "link_id", link_id)]:
            item = self.scalar("attribute", a, "link_id")
            term = self.term(a["taxonomy_term_id"])
            if term is not None:
                item["taxonomy_term"] = term
            out.append(item)
        return out

    def metadata(self, rid: str) -> list[dict[str, Any]]:
        return [self.scalar("metadata", m, "resource_id")
                for m in self.kids[("metadata", "resource_id", rid)]]

    def _common(self, out: dict[str, Any], rid: str) -> dict[str, Any]:
        self._put(out, "attributes", self.attributes(rid))
        self._put(out, "metadata", self.metadata(rid))
        return out

    def location(self, loc: dict[str, Any], *drop: str) -> dict[str, Any]:
        out = self.scalar("location", loc, *drop)
        lid = loc["id"]
        for key, table in (("languages", "language"), ("addresses", "address"),
                           ("contacts", "contact"), ("accessibility", "accessibility"),
                           ("phones", "phone"), ("schedules", "schedule")):
            self._put(out, key, [self.scalar(table, r, "location_id")
                                 for r in self.kids[(table, "location_id", lid)]])
        return self._common(out, lid)

    def organization(self, org: dict[str, Any], services: str | None = None) -> dict[str, Any]:
        """``services``: None (left out), ``"min"`` (id, name, status) or ``"full"``."""
        out = self.scalar("organization", org)
        oid = org["id"]
        for key, table in (("funding", "funding"), ("contacts", "contact"), ("phones", "phone"),
                           ("programs", "program"),
                           ("organization_identifiers", "organization_identifier")):
            self._put(out, key, [self.scalar(table, r, "organization_id")
                                 for r in self.kids[(table, "organization_id", oid)]])
        self._put(out, "locations", [self.location(loc, "organization_id") for loc in
                                     self.kids[("location", "organization_id", oid)]])
        self._common(out, oid)
        if services is not None:
            mine = self.kids[("service", "organization_id", oid)]
            self._put(out, "services", [
                self.service(s, with_org=False) if services == "full"
                else {k: s[k] for k in ("id", "name", "status")} for s in mine])
        return out

    def capacities(self, sid: str) -> list[dict[str, Any]]:
        out = []
        for c in self.kids[("service_capacity", "service_id", sid)]:
            item = self.scalar("service_capacity", c, "service_id")
            unit = self.get("unit", c.get("unit_id", ""))
            if unit is not None:
                item["unit"] = self.scalar("unit", unit)
            out.append(item)
        return out

    def service(self, svc: dict[str, Any], *, with_org: bool = True,
                with_sal: bool = True) -> dict[str, Any]:
        out = self.scalar("service", svc)
        sid = svc["id"]
        for key, table in (("phones", "phone"), ("schedules", "schedule"),
                           ("service_areas", "service_area"), ("languages", "language"),
                           ("funding", "funding"), ("cost_options", "cost_option"),
                           ("required_documents", "required_document"),
                           ("contacts", "contact")):
            self._put(out, key, [self.scalar(table, r, "service_id")
                                 for r in self.kids[(table, "service_id", sid)]])
        if with_sal:
            self._put(out, "service_at_locations", [
                self.service_at_location(s, with_service=False)
                for s in self.kids[("service_at_location", "service_id", sid)]])
        org = self.get("organization", svc.get("organization_id", ""))
        if with_org and org is not None:
            out["organization"] = self.organization(org)
        self._put(out, "capacities", self.capacities(sid))
        return self._common(out, sid)

    def service_at_location(self, sal: dict[str, Any], *,
                            with_service: bool = True) -> dict[str, Any]:
        out = self.scalar("service_at_location", sal, *(() if with_service else ("service_id",)))
        for key, table in (("contacts", "contact"), ("phones", "phone"),
                           ("schedules", "schedule")):
            self._put(out, key, [self.scalar(table, r, "service_at_location_id")
                                 for r in self.kids[(table, "service_at_location_id",
                                                     sal["id"])]])
        loc = self.get("location", sal.get("location_id", ""))
        if loc is not None:
            out["location"] = self.location(loc)
        svc = self.get("service", sal.get("service_id", ""))
        if with_service and svc is not None:
            out["service"] = self.service(svc, with_sal=False)
        return self._common(out, sal["id"])

    # --- list items (one-to-one fields only) ---------------------------------------------

    def service_item(self, svc: dict[str, Any]) -> dict[str, Any]:
        out = self.scalar("service", svc)
        org = self.get("organization", svc.get("organization_id", ""))
        if org is not None:
            out["organization"] = self.scalar("organization", org)
        return out

    def organization_item(self, org: dict[str, Any]) -> dict[str, Any]:
        return self.scalar("organization", org)

    def service_at_location_item(self, sal: dict[str, Any]) -> dict[str, Any]:
        out = self.scalar("service_at_location", sal)
        loc = self.get("location", sal.get("location_id", ""))
        if loc is not None:
            out["location"] = self.scalar("location", loc)
        svc = self.get("service", sal.get("service_id", ""))
        if svc is not None:
            out["service"] = self.service_item(svc)
        return out
