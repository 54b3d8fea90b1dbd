"""Nested HSDS JSON (API answers, the JSON export, the specification's examples) → flat rows.

Each nested object becomes a row of its table with its parent's id filled in, the way the
tabular form links them. The same record often appears in several places of one document
(the examples repeat one phone five times); copies are merged, and a copy that disagrees
with another is an error naming both places.
"""

from __future__ import annotations

from typing import Any

from referral_graph.dataset.load import Problem
from referral_graph.hsds.build import Tables
from referral_graph.hsds.schemas import tables as layouts

_COMMON = {"attributes": ("attribute", "link_id"), "metadata": ("metadata", "resource_id")}
# parent table -> array key -> (child table, the child's field naming the parent)
ARRAYS: dict[str, dict[str, tuple[str, str]]] = {
    "service": {"phones": ("phone", "service_id"), "schedules": ("schedule", "service_id"),
                "service_areas": ("service_area", "service_id"),
                "service_at_locations": ("service_at_location", "service_id"),
                "languages": ("language", "service_id"), "funding": ("funding", "service_id"),
                "cost_options": ("cost_option", "service_id"),
                "required_documents": ("required_document", "service_id"),
                "contacts": ("contact", "service_id"),
                "capacities": ("service_capacity", "service_id")},
    "organization": {"funding": ("funding", "organization_id"),
                     "contacts": ("contact", "organization_id"),
                     "phones": ("phone", "organization_id"),
                     "locations": ("location", "organization_id"),
                     "programs": ("program", "organization_id"),
                     "organization_identifiers": ("organization_identifier", "organization_id"),
                     "services": ("service", "organization_id")},
    "service_at_location": {"contacts": ("contact", "service_at_location_id"),
                            "phones": ("phone", "service_at_location_id"),
                            "schedules": ("schedule", "service_at_location_id")},
    "location": {"languages": ("language", "location_id"), "addresses": ("address", "location_id"),
                 "contacts": ("contact", "location_id"),
                 "accessibility": ("accessibility", "location_id"),
                 "phones": ("phone", "location_id"), "schedules": ("schedule", "location_id")},
    "phone": {"languages": ("language", "phone_id")},
    "contact": {"phones": ("phone", "contact_id")},
}
# parent table -> object key -> (child table, the parent's field naming the child)
OBJECTS: dict[str, dict[str, tuple[str, str]]] = {
    "service": {"organization": ("organization", "organization_id"),
                "program": ("program", "program_id")},
    "service_at_location": {"location": ("location", "location_id"),
                            "service": ("service", "service_id")},
    "attribute": {"taxonomy_term": ("taxonomy_term", "taxonomy_term_id")},
    "taxonomy_term": {"taxonomy_detail": ("taxonomy", "taxonomy_id")},
    "service_capacity": {"unit": ("unit", "unit_id")},
}
LINKS = frozenset(f for spec in (*ARRAYS.values(), *OBJECTS.values())
                  for _, f in spec.values()) | {"link_id", "resource_id"}


class Flattener:
    def __init__(self, problems: list[Problem]) -> None:
        self.tables: Tables = {}
        self._seen: dict[tuple[str, str], dict[str, Any]] = {}
        self.problems = problems

    def add(self, table: str, obj: Any, where: tuple[str, int | None, str],
            parent: tuple[str, str, str] | None = None) -> str | None:
        """Add ``obj`` (a nested ``table`` object) and all it holds; return its id."""
        file, index, path = where
        if not isinstance(obj, dict):
            self.problems.append(Problem(file, index, path or None,
                                         f"expected a {table} object"))
            return None
        cols = set(layouts()[table].columns)
        row: dict[str, Any] = {k: v for k, v in obj.items() if k in cols}
        if parent is not None:
            ptable, field, pid = parent
            row.setdefault(field, pid)
            if table == "attribute":
                row.setdefault("link_entity", ptable)
            if table == "metadata":
                row.setdefault("resource_type", ptable)
        for key, (child, field) in OBJECTS.get(table, {}).items():
            if key in obj:
                cid = self.add(child, obj[key], (file, index, _join(path, key)))
                if cid is not None:
                    row.setdefault(field, cid)
        rid = row.get("id")
        if not isinstance(rid, str):
            rid = None
        row["_where"] = where
        if rid is None or self._merge(table, rid, row):
            self.tables.setdefault(table, []).append(row)
        for key, (child, field) in {**ARRAYS.get(table, {}), **_COMMON}.items():
            items = obj.get(key)
            if items is None:
                continue
            if not isinstance(items, list):
                self.problems.append(Problem(file, index, _join(path, key), "expected a list",
                                             row_id=rid))
                continue
            for i, item in enumerate(items):
                self.add(child, item, (file, index, f"{_join(path, key)}[{i}]"),
                         (table, field, rid) if rid else None)
        return rid

    def _merge(self, table: str, rid: str, row: dict[str, Any]) -> bool:
        """True when the row is new; a copy is merged into the first one."""
        first = self._seen.get((table, rid))
        if first is None:
            self._seen[(table, rid)] = row
            return True
        for k, v in row.items():
            if k == "_where":
                continue
            if k not in first:
                first[k] = v
            elif first[k] != v:
                file, index, path = row["_where"]
                f0, i0, p0 = first["_where"]
                self.problems.append(Problem(
                    file, index, _join(path, k),
                    f"duplicate id {rid!r}: this {table} differs in {k!r} from the one at "
                    f"{f0}{f' row {i0}' if i0 else ''} {p0 or '(top)'}", row_id=rid))
                break
        return False

    def add_rows(self, table: str, rows: list[Any], file: str) -> None:
        """Flat rows of one table (the tabular form written as JSON). Cells are read as the
        CSV would give them: text, and numbers only in the number columns."""
        layout = layouts()[table]
        for i, r in enumerate(rows, start=1):
            if isinstance(r, dict):
                r = {k: _cell(v, k in layout.numbers) for k, v in r.items()}
            self.add(table, r, (file, i, ""))


def _cell(value: Any, number: bool) -> Any:
    if number and isinstance(value, str):
        try:
            return float(value) if "." in value else int(value)
        except ValueError:
            return value  # the schema check names it
    if not number and isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def kind_of(doc: dict[str, Any]) -> str | None:
    """Which HSDS object a top-level JSON object is, by its fields.

    >>> kind_of({"id": "x", "name": "n", "status": "active"})
    'service'
    >>> kind_of({"id": "x", "name": "n", "description": "d"})
    'organization'
    """
    if "status" in doc:
        return "service"
    if "location_type" in doc:
        return "location"
    if {"location", "location_id", "service", "service_id"} & set(doc) and "name" not in doc:
        return "service_at_location"
    if {"taxonomy_detail", "term_uri", "parent_id", "taxonomy_id", "code"} & set(doc):
        return "taxonomy_term"
    if "name" in doc and "description" in doc:
        return ("organization" if {"services", "locations", "website", "email",
                                   "alternate_name", "organization_identifiers"} & set(doc)
                or ("version" not in doc and "uri" not in doc) else "taxonomy")
    return None
