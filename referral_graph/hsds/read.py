"""Read an HSDS directory from a path into flat tables, or name what is wrong with it.

A path may be:
- a tabular package: a folder with CSVs (and usually datapackage.json);
- a folder of JSON files: this service's JSON export, or any files of the shapes below;
- one JSON file: a service, organization, service_at_location, location, taxonomy or
  taxonomy term; a list page (``{"contents": [...]}``) or an array of such objects; or the
  tabular form written as JSON (``{"organizations.csv": [...], ...}``).

Every row keeps where it came from (file, row, path) for the error messages.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from referral_graph.dataset.load import Problem
from referral_graph.hsds.build import Tables
from referral_graph.hsds.flatten import Flattener, kind_of
from referral_graph.hsds.schemas import tables as layouts
from referral_graph.hsds.tabular import decode, read_tabular

# File names of the JSON export (and the API's collections) -> the object they hold.
FILE_KINDS = {"services.json": "service", "organizations.json": "organization",
              "service_at_locations.json": "service_at_location",
              "locations.json": "location", "taxonomies.json": "taxonomy",
              "taxonomy_terms.json": "taxonomy_term"}
SKIPPED = {"about.json", "datapackage.json"}


def _json_file(path: Path, display: str, problems: list[Problem]) -> Any:
    text, bad = decode(path.read_bytes(), display)
    if bad is not None:
        problems.append(bad)
        return None
    try:
        return json.loads(text or "")
    except json.JSONDecodeError as e:
        problems.append(Problem(display, None, None, f"not valid JSON: {e.msg}", line=e.lineno))
        return None


def _add_document(flat: Flattener, data: Any, display: str, hint: str | None,
                  problems: list[Problem]) -> None:
    by_path = {t.path: t.name for t in layouts().values()}
    if isinstance(data, dict) and data and all(k in by_path for k in data):
        for key, rows in data.items():  # the tabular form as JSON
            if not isinstance(rows, list):
                problems.append(Problem(display, None, key, "expected a list of rows"))
                continue
            flat.add_rows(by_path[key], rows, display)
        return
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        data = data["contents"]  # a page of a list endpoint
    items = data if isinstance(data, list) else [data]
    for index, item in enumerate(items, start=1):
        kind = hint or (kind_of(item) if isinstance(item, dict) else None)
        if kind is None:
            problems.append(Problem(display, index, None,
                                    "not an HSDS object this importer knows (service, "
                                    "organization, service_at_location, location, taxonomy, "
                                    "taxonomy_term)"))
            continue
        flat.add(kind, item, (display, index, ""))


def read_path(path: Path, problems: list[Problem]) -> tuple[Tables, str]:
    """The flat tables at ``path`` and what form they were in (``tabular`` or ``json``)."""
    display = path.name or str(path)
    if not path.exists():
        problems.append(Problem(str(path), None, None, "missing file or folder"))
        return {}, "json"
    if path.is_dir():
        if (path / "datapackage.json").exists() or any(path.glob("*.csv")):
            return read_tabular(path, display, problems), "tabular"
        flat = Flattener(problems)
        files = sorted(p for p in path.glob("*.json") if p.name not in SKIPPED)
        if not files:
            problems.append(Problem(display, None, None,
                                    "missing files: no CSV, datapackage.json or JSON file "
                                    "in this folder"))
        for p in files:
            data = _json_file(p, f"{display}/{p.name}", problems)
            if data is not None:
                _add_document(flat, data, f"{display}/{p.name}", FILE_KINDS.get(p.name),
                              problems)
        return flat.tables, "json"
    flat = Flattener(problems)
    data = _json_file(path, display, problems)
    if data is not None:
        _add_document(flat, data, display, FILE_KINDS.get(path.name), problems)
    return flat.tables, "json"
