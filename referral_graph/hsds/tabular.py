"""HSDS tabular form: one CSV per table and a datapackage.json describing them.

Written as the specification's own example package is: UTF-8 without BOM, CRLF line ends,
columns in the schema's order, every 3.0 table present (empty ones with their header), and
a Table Schema per resource with the foreign keys the official package declares. These are
files for machines: values are written exactly as they are (a phone "+52 ..." stays so);
the spreadsheet exports (`referral_graph/spreadsheets/`) are the ones made for Excel.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from referral_graph.dataset.load import Problem
from referral_graph.hsds.build import Tables
from referral_graph.hsds.schemas import EXTRA_31, Table, raw_schema, tables

LICENSE = {"name": "Creative Commons Attribution-ShareAlike 4.0", "type": "CC-BY-SA-4.0",
           "url": "https://creativecommons.org/licenses/by-sa/4.0/"}
# `<table>_id` columns that name another table's row (the official package's foreign keys).
_FK = {"organization_id": "organization", "program_id": "program", "service_id": "service",
       "location_id": "location", "contact_id": "contact", "phone_id": "phone",
       "service_at_location_id": "service_at_location", "taxonomy_id": "taxonomy",
       "taxonomy_term_id": "taxonomy_term", "unit_id": "unit"}


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def to_csv(table: Table, rows: list[dict[str, Any]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(table.columns)
    for r in rows:
        w.writerow([_cell(r.get(c)) for c in table.columns])
    return buf.getvalue()


def _field(name: str, spec: dict[str, Any], required: bool) -> dict[str, Any]:
    f: dict[str, Any] = {"name": name, "type": spec.get("datapackage_type") or spec["type"]}
    for k in ("title", "description", "format"):
        if spec.get(k):
            f[k] = spec[k]
    unique = bool(spec.get("constraints", {}).get("unique"))
    f["constraints"] = {"required": required, "unique": unique}
    return f


def resource(table: Table) -> dict[str, Any]:
    """The Table Schema resource of one CSV, derived from the object's JSON Schema."""
    props = raw_schema(table.name)["properties"]
    required = set(table.required) | set(table.tabular_required)
    fields = [_field(c, props[c], c in required) for c in table.columns]
    fks = [{"fields": c, "reference": {"resource": _FK[c], "fields": "id"}}
           for c in table.columns if c in _FK and _FK[c] in tables()]
    schema: dict[str, Any] = {"primaryKey": "id", "fields": fields}
    if fks:
        schema["foreignKeys"] = fks
    return {"name": table.name, "path": table.path, "profile": "tabular-data-resource",
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "schema": schema}


def write_tabular(t: Tables, out: Path, about: dict[str, Any]) -> list[Path]:
    """Every 3.0 table, the 3.1 capacity tables when there are rows, and datapackage.json."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    chosen = [tb for tb in tables().values()
              if tb.name not in EXTRA_31 or t.get(tb.name)]
    for tb in chosen:
        path = out / tb.path
        path.write_text(to_csv(tb, t.get(tb.name, [])), encoding="utf-8", newline="")
        written.append(path)
    package = {
        "name": "referral-graph-hsds", "title": about["title"],
        "description": about["description"], "profile": "tabular-data-package",
        "version": "3.0.0", "homepage": "https://docs.openreferral.org", "license": LICENSE,
        "referral_graph": about, "resources": [resource(tb) for tb in chosen],
    }
    path = out / "datapackage.json"
    path.write_text(json.dumps(package, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return [*written, path]


# --- reading -------------------------------------------------------------------------------

def decode(raw: bytes, name: str) -> tuple[str | None, Problem | None]:
    """UTF-8 text (a BOM is allowed), or a problem naming the row and the bad byte."""
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as e:
        row = raw[: e.start].count(b"\n")  # rows after the header line, 1-based
        return None, Problem(name, row if row >= 1 else None, None,
                             f"not UTF-8 text: byte 0x{raw[e.start]:02x} at offset {e.start}; "
                             "save the file as UTF-8", line=row + 1)


def _number(text: str) -> float | int:
    value = float(text)
    return int(value) if value.is_integer() and "." not in text and "e" not in text.lower() \
        else value


def read_csv(path: Path, table: Table, display: str, problems: list[Problem]
             ) -> list[dict[str, Any]]:
    """Rows of one table's CSV: empty cells left out, numbers as numbers."""
    text, bad = decode(path.read_bytes(), display)
    if bad is not None:
        problems.append(bad)
        return []
    assert text is not None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = reader.fieldnames or []
    missing = [c for c in ("id", *table.tabular_required) if c not in header]
    if missing:
        problems.append(Problem(display, None, missing[0],
                                f"missing column(s) {', '.join(missing)}"))
        return []
    rows = []
    # An empty cell is an absent value, except in a required text column, where the only
    # thing it can mean is the empty text (a metadata row's previous value of nothing).
    keep_empty = set(table.required) - table.numbers
    for i, raw in enumerate(reader, start=1):
        row: dict[str, Any] = {}
        for k, v in raw.items():
            if k is None or v is None or k not in table.columns or (
                    v == "" and k not in keep_empty):
                continue
            if k in table.numbers:
                try:
                    row[k] = _number(v)
                except ValueError:
                    problems.append(Problem(display, i, k, f"{v!r} is not a number",
                                            line=i + 1, row_id=raw.get("id")))
                    continue
            else:
                row[k] = v
        row["_where"] = (display, i, "")
        rows.append(row)
    return rows


def read_tabular(directory: Path, display: str, problems: list[Problem]) -> Tables:
    """The tables of a tabular package (with or without datapackage.json)."""
    by_path = {tb.path: tb for tb in tables().values()}
    wanted: list[str] = []
    package = directory / "datapackage.json"
    if package.exists():
        try:
            desc = json.loads(package.read_text(encoding="utf-8-sig"))
            wanted = [r["path"] for r in desc.get("resources", ()) if r.get("path") in by_path]
        except (ValueError, UnicodeDecodeError, AttributeError, KeyError, TypeError) as e:
            problems.append(Problem(f"{display}/datapackage.json", None, None,
                                    f"not a readable data package: {e}"))
            return {}
    else:
        wanted = [p for p in by_path if (directory / p).exists()]
        if "organizations.csv" not in wanted:
            problems.append(Problem(f"{display}/organizations.csv", None, None,
                                    "missing file: a tabular HSDS package needs at least "
                                    "organizations.csv (or a datapackage.json)"))
    out: Tables = {}
    for p in wanted:
        path = directory / p
        if not path.exists():
            problems.append(Problem(f"{display}/{p}", None, None,
                                    "missing file: datapackage.json lists it"))
            continue
        tb = by_path[p]
        out[tb.name] = read_csv(path, tb, f"{display}/{p}", problems)
    return out
