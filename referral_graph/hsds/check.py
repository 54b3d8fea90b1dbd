"""Check flat HSDS rows before anything is written: the official schema, ids, references.

- Every row must validate against its object's schema (formats asserted) and carry the
  fields the tabular form requires (a service's ``organization_id`` ...).
- Ids are unique per table.
- A reference the import follows to place a record (a service's organization, a service
  area's service, an attribute's taxonomy term ...) must name a row that exists: a dangling
  one is an error. A reference to something the import does not use (a parent
  organization, a contact's service at location, a metadata row's resource) is listed in
  the report as ignored; the specification's own examples have several.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from referral_graph.dataset.load import Problem
from referral_graph.hsds.build import Tables
from referral_graph.hsds.schemas import problems as schema_problems
from referral_graph.hsds.schemas import tables as layouts
from referral_graph.hsds.tabular import _FK

# Table -> fields that must resolve, and the table they name.
FOLLOWED: dict[str, dict[str, str]] = {
    "service": {"organization_id": "organization"},
    "service_at_location": {"service_id": "service", "location_id": "location"},
    "service_area": {"service_id": "service"},
    "language": {"service_id": "service"},
    "attribute": {"taxonomy_term_id": "taxonomy_term"},
    "service_capacity": {"service_id": "service", "unit_id": "unit"},
}
REQUIRED_LINKS = {"service": ("organization_id",)}


def where(row: dict[str, Any]) -> tuple[str, int | None, str]:
    return row.get("_where") or ("?", None, "")


def public(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if not k.startswith("_")}


def _problem(row: dict[str, Any], fld: str | None, message: str) -> Problem:
    file, index, path = where(row)
    full = ".".join(p for p in (path, fld) if p) or None
    line = index + 1 if index is not None and file.endswith(".csv") else None
    rid = row.get("id")
    return Problem(file, index, full, message, line=line,
                   row_id=rid if isinstance(rid, str) else None)


@dataclass
class Checked:
    problems: list[Problem] = field(default_factory=list)  # errors: nothing is written
    notes: list[str] = field(default_factory=list)  # ignored references, for the report
    # (table, id) of rejected rows; a row with no id is keyed "#<its object id>"
    bad: set[tuple[str, str | None]] = field(default_factory=set)
    reasons: dict[tuple[str, str | None], list[str]] = field(
        default_factory=lambda: defaultdict(list))

    def reject(self, table: str, row: dict[str, Any], p: Problem) -> None:
        self.problems.append(p)
        rid = row.get("id")
        key = (table, rid if isinstance(rid, str) else f"#{id(row)}")
        self.bad.add(key)
        self.reasons[key].append(str(p))


def check(t: Tables, form: str) -> Checked:
    out = Checked()
    ids: dict[str, set[str]] = {name: {r["id"] for r in rows if isinstance(r.get("id"), str)}
                                for name, rows in t.items()}
    for name, rows in t.items():
        layout = layouts()[name]
        seen: dict[str, dict[str, Any]] = {}
        for row in rows:
            for fld, msg in schema_problems(name, public(row)):
                if not fld and any(msg == f"{n!r} is a required property"
                                   for n in layout.nested_required):
                    continue  # a flat row names it by id (a capacity's unit_id)
                out.reject(name, row, _problem(row, fld or None, msg))
            # Nested JSON links a child to its parent by nesting, not by these fields.
            needed = layout.tabular_required if form == "tabular" else ()
            for fld in (*needed, *REQUIRED_LINKS.get(name, ())):
                if row.get(fld) in (None, ""):
                    out.reject(name, row, _problem(row, fld, f"{fld!r} is required"))
            rid = row.get("id")
            if form == "tabular" and isinstance(rid, str):
                if rid in seen:
                    f0, i0, _ = where(seen[rid])
                    out.reject(name, row, _problem(row, "id", f"duplicate id {rid!r}; first "
                                                              f"used in {f0} row {i0}"))
                seen[rid] = row
    for name, rows in t.items():
        followed = FOLLOWED.get(name, {})
        for row in rows:
            for fld, value in row.items():
                if not isinstance(value, str) or fld == "id" or fld.startswith("_"):
                    continue
                target = followed.get(fld) or _FK.get(fld)
                if fld == "link_id":
                    target = row.get("link_entity") if row.get("link_entity") in ids else None
                    if target is None or value in ids.get(target, ()):
                        if target is None and not any(value in s for s in ids.values()):
                            out.notes.append(_ignored(row, fld, value, "record"))
                        continue
                if target is None or value in ids.get(target, ()):
                    continue
                if fld in followed:
                    out.reject(name, row, _problem(row, fld, f"unknown {target} {value!r}"))
                else:
                    out.notes.append(_ignored(row, fld, value, target))
    return out


def _ignored(row: dict[str, Any], fld: str, value: str, target: str) -> str:
    return f"{_problem(row, fld, '')}".rstrip(": ") + \
        f": names {target} {value!r}, which is not in the data set (ignored)"


def cascade(t: Tables, c: Checked) -> None:
    """Reject what hangs off a rejected row (a service of a rejected organization ...)."""
    changed = True
    while changed:
        changed = False
        for name, rows in t.items():
            links = {**FOLLOWED.get(name, {})}
            if name == "attribute":
                links["link_id"] = ""
            if name == "metadata":
                links["resource_id"] = ""
            for row in rows:
                key = (name, row.get("id"))
                if key in c.bad:
                    continue
                for fld, target in links.items():
                    value = row.get(fld)
                    tables_ = [target] if target else list(t)
                    if value and any((tb, value) in c.bad for tb in tables_):
                        c.bad.add(key)
                        c.reasons[key].append(
                            f"{fld} {value!r} names a rejected record")
                        changed = True
                        break
