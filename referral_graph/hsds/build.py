"""The directory as HSDS 3.0 tables: a pure function from a snapshot to flat records.

One table per HSDS object (``organization``, ``service``, ``service_area`` ...), each row
in its tabular shape; `nest.py` assembles the nested JSON documents from the same rows, so
the JSON export, the tabular export and the API can never disagree.

What maps where (docs/hsds.md has the table):

- Organization → ``organization`` (+ a ``location`` named after its city, when a source
  states the city); Capability → ``service`` with one ``service_area`` per state it serves
  (``Mexico`` for national reach) and the organization's languages.
- Service type → an ``attribute`` with a term of our service taxonomy (and the Open
  Eligibility term when the type names one).
- What HSDS has no field for — basis, mandate, source passages, kind, sector, ties (shared
  agreements, task forces and networks, activities, referrals) — → ``attribute`` rows with
  terms of the "referral-graph attributes" taxonomy; structured values are JSON strings.
- The audit trail → ``metadata`` (one row per changed field), only when ``scope.audit``.

**Confidentiality.** Without ``scope.see_confidential``, a confidential organization is
exported the way 211s publish domestic-violence shelters: its services with their service
areas and service type only — no location, address, contact, city, note, source or tie —
under the public view's pseudonym; nobody else's ties name it; every text passes the
redactor (`build_public.py`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from referral_graph.directory.lang import Lang, label
from referral_graph.hsds import vocabulary as voc
from referral_graph.hsds.ids import hsds_id
from referral_graph.hsds.lang import text
from referral_graph.hsds.snapshot import Node, Snapshot

Tables = dict[str, list[dict[str, Any]]]
ORG_FLAGS = ("national", "named_by_role", "synthetic")


@dataclass(frozen=True, slots=True)
class Scope:
    """What the export may hold: confidential organizations (staff), the audit trail."""

    see_confidential: bool = False
    audit: bool = False

    @property
    def name(self) -> str:
        return "staff" if self.see_confidential else "public"


def plain(value: Any) -> str:
    """An attribute value as text.

    >>> plain(True), plain(dt.date(2009, 3, 31)), plain({"b": 1, "a": "é"})
    ('true', '2009-03-31', '{"a": "é", "b": 1}')
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=plain)
    return str(value)


SOURCE_FIELDS = ("id", "document", "section", "table", "passage", "date", "synthetic")


def source_value(src: dict[str, Any]) -> dict[str, Any]:
    return {k: src[k] for k in SOURCE_FIELDS if src.get(k) not in (None, False)}


class Builder:
    """Accumulates the tables of one export."""

    def __init__(self, snap: Snapshot, scope: Scope, lang: Lang,
                 pseudonyms: dict[str, str], today: dt.date) -> None:
        self.snap, self.scope, self.lang, self.today = snap, scope, lang, today
        self.pseudonyms = pseudonyms
        self.t: Tables = defaultdict(list)
        self._attr_seq: dict[tuple[str, str], int] = defaultdict(int)
        self.terms_used: set[str] = set()
        self.orgs = {o.id: o for o in snap.organizations}
        self.org_ids: dict[str, str] = {}  # slug -> HSDS id, for visible organizations
        self.service_ids: dict[str, str] = {}  # capability slug -> HSDS id

    # --- who is visible, and under which id ---------------------------------------------

    def hidden(self, org: Node) -> bool:
        """Exported anonymised: a confidential organization in a public export."""
        return bool(org.get("confidential")) and not self.scope.see_confidential

    def org_key(self, org: Node) -> str:
        return self.pseudonyms[org.id] if self.hidden(org) else org.id

    def public_org_id(self, oid: str) -> str | None:
        """The HSDS id of an organization another record may name; None if hidden."""
        org = self.orgs.get(oid)
        if org is None or self.hidden(org):
            return None
        return self.org_ids.get(oid)

    # --- attributes ----------------------------------------------------------------------

    def attribute(self, entity: str, link_id: str, key: str, code: str, value: Any,
                  term_id: str | None = None) -> None:
        term = term_id or voc.attribute_term_id(code)
        if term_id is None:
            self.terms_used.add(code)
        n = self._attr_seq[(link_id, term)]
        self._attr_seq[(link_id, term)] = n + 1
        row = {"id": hsds_id("attribute", f"{entity}/{key}/{term}/{n}"), "link_id": link_id,
               "taxonomy_term_id": term, "link_entity": entity}
        if value is not None:
            row["value"] = plain(value)
        self.t["attribute"].append(row)

    def sources(self, entity: str, link_id: str, key: str, node: Node) -> None:
        for src in sorted(node.links.get("sources") or (), key=lambda s: s["id"]):
            self.attribute(entity, link_id, key, "source", source_value(src))

    def kept(self, entity: str, link_id: str, key: str, node: Node) -> None:
        """Attributes of another directory's taxonomies, kept from an HSDS import."""
        for raw in node.get("hsds_attributes") or ():
            kept = json.loads(raw)
            term = kept["term"]
            self.attribute(entity, link_id, key, "", kept.get("value"), term_id=term["id"])
            self.t["taxonomy_term"].append(term)
            if kept.get("taxonomy"):
                self.t["taxonomy"].append(kept["taxonomy"])

    # --- organizations -------------------------------------------------------------------

    def organization(self, org: Node) -> None:
        key = self.org_key(org)
        oid = hsds_id("organization", key)
        self.org_ids[org.id] = oid
        if self.hidden(org):
            self.t["organization"].append({
                "id": oid, "name": text("confidential_name", self.lang),
                "description": text("confidential_description", self.lang)})
            self.attribute("organization", oid, key, "confidential", True)
            return
        row: dict[str, Any] = {"id": oid, "name": org.get("name"),
                               "description": org.get("hsds_description")
                               or self._describe(org)}
        if org.get("acronym"):
            row["alternate_name"] = org.get("acronym")
        self.t["organization"].append(row)
        self.attribute("organization", oid, key, "id", org.id)
        self.attribute("organization", oid, key, "kind", org.get("kind"))
        self.attribute("organization", oid, key, "sector", org.get("sector"))
        self.attribute("organization", oid, key, "confidential", bool(org.get("confidential")))
        for flag in ORG_FLAGS:
            if org.get(flag):
                self.attribute("organization", oid, key, flag, True)
        for f in ("active_from", "active_to", "note"):
            if org.get(f) is not None:
                self.attribute("organization", oid, key, f, org.get(f))
        if org.links.get("public_source"):  # the passage that says its location is public
            self.attribute("organization", oid, key, "public_source",
                           source_value(org.links["public_source"]))
        for code in sorted(org.links.get("states") or ()):
            self.attribute("organization", oid, key, "state", code)
        for name in org.get("alternate_names") or ():
            self.attribute("organization", oid, key, "alternate_name", name)
        for p in sorted(org.get("populations") or ()):
            self.attribute("organization", oid, key, "population", p)
        self.sources("organization", oid, key, org)
        self.kept("organization", oid, key, org)
        self.contact(org, row, oid, key)
        if org.get("city"):
            self.location(org, oid, key)

    def contact(self, org: Node, row: dict[str, Any], oid: str, key: str) -> None:
        """Phones, website, e-mail and address, as a source states them (never a
        confidential organization's: the model refuses to store them)."""
        website = org.get("website")
        if website:
            row["website"] = website if "://" in website else f"http://{website}"
            self.attribute("organization", oid, key, "website", website)
        if org.get("email"):
            row["email"] = org.get("email")
        for i, number in enumerate(org.get("phones") or ()):
            self.t["phone"].append({"id": hsds_id("phone", f"{key}/{i}"),
                                    "organization_id": oid, "number": number})
        if org.get("address"):
            self.attribute("organization", oid, key, "address", org.get("address"))
        for src in sorted(org.links.get("contact_sources") or (), key=lambda s: s["id"]):
            self.attribute("organization", oid, key, "contact_source", source_value(src))

    def _describe(self, org: Node) -> str:
        parts = [label("kind", org.get("kind"), self.lang),
                 label("sector", org.get("sector"), self.lang)]
        if org.get("national"):
            parts.append(text("national", self.lang))
        return " · ".join(p for p in parts if p)

    def location(self, org: Node, oid: str, key: str) -> None:
        lid = hsds_id("location", key)
        self.t["location"].append({"id": lid, "location_type": "physical",
                                   "organization_id": oid, "name": org.get("city"),
                                   "description": text("city_location", self.lang)})
        self.attribute("location", lid, key, "city", org.get("city"))

    # --- services ------------------------------------------------------------------------

    def service(self, cap: Node, types: dict[str, Any]) -> None:
        org = self.orgs[cap.links["organization"]]
        hidden = self.hidden(org)
        key = self._hidden_key(org, cap) if hidden else cap.id
        sid = hsds_id("service", key)
        self.service_ids[cap.id] = sid
        stype = types[cap.links["service"]]
        type_name = stype.name_es if self.lang is Lang.ES else stype.name_en
        who = (text("confidential_name", self.lang) if hidden
               else org.get("acronym") or org.get("name"))
        row: dict[str, Any] = {
            "id": sid, "organization_id": self.org_ids[org.id],
            "name": (not hidden and cap.get("hsds_name")) or f"{type_name} – {who}",
            "description": (not hidden and cap.get("hsds_description"))
            or (stype.description_es if self.lang is Lang.ES else stype.description_en)
            or type_name,
            "status": "active" if self._active(org, cap) else "inactive",
        }
        modified = None if hidden else self.last_modified(org, cap)
        if modified:
            row["last_modified"] = modified
        self.t["service"].append(row)
        self.attribute("service", sid, key, "", None,
                       term_id=voc.service_term_id(cap.links["service"]))
        if stype.hsds_term:
            self.attribute("service", sid, key, "", None, term_id=voc.oe_term_id(stype.hsds_term))
        self.areas(org, cap, sid, key)
        self.languages(org, sid, key)
        if hidden:
            return
        self.attribute("service", sid, key, "id", cap.id)
        self.attribute("service", sid, key, "basis", cap.get("basis"))
        for f in ("mandate", "active_from", "active_to", "note", "group"):
            if cap.get(f) is not None:
                self.attribute("service", sid, key, f, cap.get(f))
        if cap.get("scope") not in (None, "organization"):
            self.attribute("service", sid, key, "scope", cap.get("scope"))
        if cap.get("synthetic"):
            self.attribute("service", sid, key, "synthetic", True)
        self.sources("service", sid, key, cap)
        self.kept("service", sid, key, cap)
        if org.get("city"):
            lid = hsds_id("location", org.id)
            self.t["service_at_location"].append({
                "id": hsds_id("service_at_location", cap.id), "service_id": sid,
                "location_id": lid})

    def _hidden_key(self, org: Node, cap: Node) -> str:
        """A hidden organization's service is keyed by pseudonym and type, never by its id."""
        base = f"{self.org_key(org)}/{cap.links['service']}"
        n = self._attr_seq[("hidden-service", base)]
        self._attr_seq[("hidden-service", base)] = n + 1
        return base if n == 0 else f"{base}/{n + 1}"

    def _active(self, org: Node, cap: Node) -> bool:
        ends = [d for d in (org.get("active_to"), cap.get("active_to")) if d is not None]
        starts = [d for d in (org.get("active_from"), cap.get("active_from")) if d is not None]
        return all(d >= self.today for d in ends) and all(d <= self.today for d in starts)

    def last_modified(self, org: Node, cap: Node) -> str | None:
        """The latest of the stored (imported) time and the audit trail's last change."""
        times = [(dt.datetime.fromisoformat(s.replace("Z", "+00:00")), s)
                 for s in [cap.get("last_modified"),
                           *[e["at"] for e in self.snap.events
                             if e["target_id"] in (cap.id, org.id)]] if s]
        return max(times)[1] if times else None

    def areas(self, org: Node, cap: Node, sid: str, key: str) -> None:
        covers = sorted(cap.links.get("covers") or ())
        states = covers or sorted(org.links.get("states") or ())
        for code in states:
            names = self.snap.states.get(code, (code, code))
            self.t["service_area"].append({
                "id": hsds_id("service_area", f"{key}/{code}"), "service_id": sid,
                "name": names[0] if self.lang is Lang.ES else names[1],
                "description": text("state_area", self.lang, code=code)})
        national = cap.get("national") or (org.get("national") and not covers)
        if national:
            self.t["service_area"].append({
                "id": hsds_id("service_area", f"{key}/MX"), "service_id": sid,
                "name": text("mexico", self.lang),
                "description": text("national_area", self.lang)})
        kept = [] if self.hidden(org) else [json.loads(a) for a in cap.get("hsds_areas") or ()]
        for area in kept:
            self.t["service_area"].append({**area, "service_id": sid})
        if not (states or national or kept):
            # Every service says where it is given; here, honestly, that nobody wrote it down.
            self.t["service_area"].append({
                "id": hsds_id("service_area", f"{key}/not-stated"), "service_id": sid,
                "name": text("no_area", self.lang),
                "description": text("no_area_description", self.lang)})

    def languages(self, org: Node, sid: str, key: str) -> None:
        for code in sorted(org.get("languages") or ()):
            row = {"id": hsds_id("language", f"{key}/{code}"), "service_id": sid}
            row["code" if code.isalpha() and 2 <= len(code) <= 3 else "name"] = code
            self.t["language"].append(row)
