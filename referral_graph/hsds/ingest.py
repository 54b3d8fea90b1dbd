"""Checked HSDS rows → the data-set records the seed importer writes (pure, no database).

An organization becomes an Organization, a service one Capability per service type its
terms map to, its service areas the states it covers. A record this service exported
carries its own ids, sources and ties as attributes, and gets them back; any other record
gets the importing file and its record id as its Source, keeps its own name and
description, and keeps the terms no rule maps as attributes. Everything kept or dropped is
counted in the report (`report.py`).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from referral_graph.dataset import model as m
from referral_graph.dataset.load import Problem
from referral_graph.hsds import vocabulary as voc
from referral_graph.hsds.build import SOURCE_FIELDS
from referral_graph.hsds.check import public, where
from referral_graph.hsds.ids import hsds_id
from referral_graph.hsds.mapping import Rule, Term, match
from referral_graph.hsds.report import Report
from referral_graph.importer.confidentiality import apply_confidentiality_rule

__all__ = ["Ingest", "Mapped", "apply_confidentiality_rule", "safe_slug"]

OURS = {voc.attribute_term_id(c): c for c in voc.all_attribute_codes()}
_SLUG = m.SLUG


def safe_slug(raw: Any, kind: str) -> str:
    """``raw`` when it is a valid id, else a stable UUID made from it."""
    text = str(raw)
    return text if re.match(_SLUG, text) and 2 <= len(text) <= 80 else hsds_id(kind, text)


@dataclass
class Mapped:
    """What the import will write, and what it could not place."""

    records: dict[str, list[tuple[Any, tuple[str, int | None, str]]]] = field(
        default_factory=lambda: defaultdict(list))
    extras: dict[tuple[str, str], dict[str, Any]] = field(
        default_factory=lambda: defaultdict(dict))
    org_slug: dict[str, str] = field(default_factory=dict)  # HSDS id -> slug
    caps_of_service: dict[str, list[str]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


class Ingest:
    def __init__(self, t: dict[str, list[dict[str, Any]]], rules: list[Rule],
                 states: dict[str, tuple[str, str]], services: set[str],
                 report: Report) -> None:
        self.t, self.rules, self.states, self.services = t, rules, states, services
        self.report = report
        self.out = Mapped()
        self.by_id = {name: {r["id"]: r for r in rows} for name, rows in t.items()}
        self.attrs: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for a in t.get("attribute", ()):
            self.attrs[a["link_id"]].append(a)
        self.sources: dict[str, m.Source] = {}
        self.terms = {r["id"]: self._term(r) for r in t.get("taxonomy_term", ())}
        self.service_terms = {voc.service_term_id(s): s for s in services}

    # --- helpers -------------------------------------------------------------------------

    def _term(self, r: dict[str, Any]) -> Term:
        tax = self.by_id.get("taxonomy", {}).get(r.get("taxonomy_id") or "")
        return Term(r["id"], r["name"], r.get("code"), r.get("taxonomy"),
                    tax["name"] if tax else None, r.get("taxonomy_id"))

    def problem(self, row: dict[str, Any], fld: str | None, message: str) -> None:
        file, index, path = where(row)
        self.out.problems.append(Problem(file, index, ".".join(x for x in (path, fld) if x)
                                         or None, message, row_id=row.get("id")))

    def ours(self, rid: str) -> dict[str, list[str]]:
        """Our extension attributes of a record: code -> values, in order."""
        found: dict[str, list[str]] = defaultdict(list)
        for a in self.attrs.get(rid, ()):
            code = OURS.get(a["taxonomy_term_id"])
            if code is None:
                term = self.terms.get(a["taxonomy_term_id"])
                if term and term.taxonomy_id == voc.ATTRIBUTES and term.code in voc.ATTR_CODES:
                    code = term.code
            if code is not None:
                found[code].append(a.get("value", ""))
        return found

    def json_values(self, row: dict[str, Any], code: str, values: list[str]
                    ) -> list[dict[str, Any]]:
        out = []
        for v in values:
            try:
                data = json.loads(v)
                if not isinstance(data, dict):
                    raise ValueError("not an object")
                out.append(data)
            except ValueError as e:
                self.problem(row, f"attributes[{code}].value", f"not a JSON object: {e}")
        return out

    def source_ids(self, row: dict[str, Any], table: str, values: list[str]) -> list[str]:
        """Sources the record cites (its `source` attributes), else one for the record
        itself: the importing file and its id."""
        ids = []
        for data in self.json_values(row, "source", values):
            sid = safe_slug(data.get("id") or json.dumps(data, sort_keys=True), "source")
            ids.append(self._source(row, sid, data))
        if ids or values:
            return ids
        file, _, path = where(row)
        sid = hsds_id("source", f"{file}#{table}/{row['id']}")
        passage = json.dumps(public(row), ensure_ascii=False, sort_keys=True)
        return [self._source(row, sid, {"document": file, "passage": passage,
                                        "section": f"{table} {row['id']}"
                                        + (f" ({path})" if path else "")})]

    def _source(self, row: dict[str, Any], sid: str, data: dict[str, Any]) -> str:
        if sid not in self.sources:
            data = {k: data[k] for k in SOURCE_FIELDS if k != "id" and data.get(k) is not None}
            try:
                self.sources[sid] = m.Source.model_validate({"id": sid, **data})
                self.out.records["sources"].append((self.sources[sid], where(row)))
            except ValueError as e:
                self.problem(row, "attributes[source].value", f"not a source: {e}")
        return sid

    def kept(self, rid: str) -> list[str]:
        """Attributes of terms that are neither ours nor mapped, as kept JSON."""
        out = []
        for a in self.attrs.get(rid, ()):
            tid = a["taxonomy_term_id"]
            if tid in OURS or tid in self.service_terms or tid not in self.terms:
                continue
            term = self.terms[tid]
            if term.taxonomy_id == voc.ATTRIBUTES or match(term, self.rules):
                continue
            raw = public(self.by_id["taxonomy_term"][tid])
            tax = self.by_id.get("taxonomy", {}).get(term.taxonomy_id or "")
            out.append(json.dumps({"term": raw, "taxonomy": public(tax) if tax else None,
                                   "value": a.get("value")}, ensure_ascii=False,
                                  sort_keys=True))
            self.report.unmapped_term(term.label())
        return out

    def service_types(self, rid: str, *, count: bool = False) -> list[str]:
        """The service types a record's terms map to; with ``count``, in the report too."""
        found: list[str] = []
        for a in self.attrs.get(rid, ()):
            tid = a["taxonomy_term_id"]
            stype = self.service_terms.get(tid)
            if stype is None and tid in self.terms and tid not in OURS:
                term = self.terms[tid]
                if term.taxonomy_id == voc.SERVICES and term.code in self.services:
                    stype = term.code
                else:
                    stype = match(term, self.rules)
                    if stype and count:
                        self.report.mapped_term(term.label(), stype)
            if stype and stype not in found:
                found.append(stype)
        return found
