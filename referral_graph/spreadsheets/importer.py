"""`referral-graph import --format xlsx|csv PATH`: a filled template as a data set.

Every cell goes through the data-set models (the seeds' and the API's validation); ids are
unique per sheet; every reference resolves — organizations to the organizations sheet
(a workbook carries the organizations it talks about, as the export writes them), sources
and task forces to the workbook or the database, states and service types to the reference
data. Any problem names sheet, row and column, and nothing is written. Then the workbook is
written like a seed directory (one transaction, idempotent), as a data set of its own name.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from referral_graph.config import SEEDS_DIR
from referral_graph.dataset.load import DataSet, DataSetError, Manifest, Row, load_dataset
from referral_graph.edits.validate import MAX_TEXT, slug
from referral_graph.importer.confidentiality import apply_confidentiality_rule
from referral_graph.importer.mapping import RelRow, to_graph
from referral_graph.importer.sync import ImportReport, sync
from referral_graph.spreadsheets.sheets import BY_NAME, Sheet, from_cell
from referral_graph.spreadsheets.workbook import (
    Read,
    SheetProblem,
    column,
    read_csv,
    read_xlsx,
)
from referral_graph.store import hsds_cypher, migrations
from referral_graph.store.driver import Database

# field -> (label it names, where it may be: "sheet" (this workbook) or "any")
REFS: dict[str, dict[str, tuple[str, str, str]]] = {
    "organizations": {"states": ("State", "states", "any"), "sources": ("Source", "sources",
                                                                        "any"),
                      "contact_sources": ("Source", "sources", "any"),
                      "public_source": ("Source", "sources", "any")},
    "capabilities": {"organization": ("Organization", "organizations", "sheet"),
                     "service": ("ServiceType", "", "any"), "covers": ("State", "", "any"),
                     "sources": ("Source", "sources", "any")},
    "collaborations": {"states": ("State", "", "any"), "sources": ("Source", "sources", "any")},
    "memberships": {"collaboration": ("Collaboration", "collaborations", "any"),
                    "organization": ("Organization", "organizations", "sheet")},
    "agreements": {"parties": ("Organization", "organizations", "sheet"),
                   "states": ("State", "", "any"), "sources": ("Source", "sources", "any")},
}


@dataclass
class SheetReport:
    dataset: str
    counts: dict[str, int]
    written: ImportReport

    def describe(self) -> str:
        rows = ", ".join(f"{k} {v}" for k, v in self.counts.items() if v) or "none"
        return f"Workbook rows: {rows}.\n{self.written.describe()}"


def _records(file: str, read: Read, headers: dict[str, list[str]],
             problems: list[SheetProblem]) -> dict[str, list[tuple[int, Any]]]:
    out: dict[str, list[tuple[int, Any]]] = {}
    for name, rows in read.items():
        sheet = BY_NAME[name]
        where = {h: column(j, h) for j, h in enumerate(headers[name], start=1)}
        needed = [c for c in sheet.columns if sheet.model.model_fields[c].is_required()]
        missing = [c for c in needed if c not in where]
        if missing:
            problems.append(SheetProblem(file, name, 1, None,
                                         f"missing column(s) {', '.join(missing)}"))
            continue
        seen: dict[str, int] = {}
        for number, cells in rows:
            rec = _record(file, sheet, number, cells, where, problems)
            if rec is None:
                continue
            rid = getattr(rec, "id", None)
            if rid is not None and rid in seen:
                problems.append(SheetProblem(file, name, number, where["id"],
                                             f"duplicate id {rid!r}; first used in row "
                                             f"{seen[rid]}", rid))
                continue
            if rid is not None:
                seen[rid] = number
            out.setdefault(name, []).append((number, rec))
    return out


def _record(file: str, sheet: Sheet, number: int, cells: dict[str, Any],
            where: dict[str, str], problems: list[SheetProblem]) -> Any:
    data: dict[str, Any] = {}
    bad = False
    for col, raw in cells.items():
        value, error = from_cell(sheet, col, raw)
        if error is None and isinstance(value, str) and len(value) > MAX_TEXT:
            error = f"at most {MAX_TEXT} characters"
        if error:
            problems.append(SheetProblem(file, sheet.name, number, where[col], error))
            bad = True
        elif value is not None:
            data[col] = value
    if bad:
        return None
    if sheet.name == "organizations" and "kind" in data:
        data = apply_confidentiality_rule(data)
    rid = str(data.get("id")) if data.get("id") is not None else None
    try:
        return sheet.model.model_validate(data)
    except ValidationError as e:
        for err in e.errors():
            field = str(err["loc"][0]) if err["loc"] else None
            problems.append(SheetProblem(file, sheet.name, number, where.get(field or ""),
                                         str(err["msg"]).removeprefix("Value error, "), rid))
        return None


def _known(db: Database) -> dict[str, set[str]]:
    rows = db.read(hsds_cypher.IDS_BY_LABEL,
                   labels=["Source", "Collaboration", "State", "ServiceType"])
    return {r["label"]: set(r["ids"]) for r in rows}


def _check_refs(file: str, recs: dict[str, list[tuple[int, Any]]], known: dict[str, set[str]],
                headers: dict[str, list[str]], problems: list[SheetProblem]) -> None:
    ids = {name: {r.id for _, r in rows if hasattr(r, "id")} for name, rows in recs.items()}
    for name, rows in recs.items():
        where = {h: column(j, h) for j, h in enumerate(headers[name], start=1)}
        for number, rec in rows:
            for field, (label, sheet, scope) in REFS.get(name, {}).items():
                values = getattr(rec, field)
                for v in values if isinstance(values, list) else [values]:
                    if v is None or v in ids.get(sheet, ()) or (
                            scope == "any" and v in known.get(label, ())):
                        continue
                    place = f" (not in the {sheet} sheet)" if scope == "sheet" else ""
                    problems.append(SheetProblem(file, name, number, where.get(field),
                                                 f"unknown {label} {v!r}{place}",
                                                 getattr(rec, "id", None)))


def plan_sheets(db: Database, path: Path, fmt: str, name: str | None = None
                ) -> tuple[Any, dict[str, int], str]:
    """The rows a workbook would write, or DataSetError naming sheet, row and column."""
    problems: list[SheetProblem] = []
    if not path.exists():
        raise DataSetError([SheetProblem(str(path), None, None, None,
                                         "missing file or folder")])  # type: ignore[list-item]
    read, headers = (read_xlsx if fmt == "xlsx" else read_csv)(path, problems)
    recs = _records(path.name, read, headers, problems)
    ref = load_dataset(SEEDS_DIR / "reference")
    known = _known(db)
    known["State"] = known.get("State", set()) | {s.code for s in ref.records("states")}
    known["ServiceType"] = known.get("ServiceType", set()) | {
        s.id for s in ref.records("service_types")}
    known["Source"] = known.get("Source", set()) | {s.id for s in ref.records("sources")}
    _check_refs(path.name, recs, known, headers, problems)
    if problems:
        raise DataSetError(problems)  # type: ignore[arg-type]
    dataset = name or ("sheet-" + slug(path.stem or path.name))[:80].strip("-")
    ds = DataSet(name=dataset, title=f"Spreadsheet {path.name}", synthetic=False,
                 directories=[], manifests=[*ref.manifests, Manifest(
                     name=dataset, title=f"Spreadsheet {path.name}", synthetic=False)])
    for kind, ref_rows in ref.rows.items():
        ds.rows[kind].extend(ref_rows)
    for kind, sheet_rows in recs.items():
        if kind != "memberships":
            ds.rows[kind].extend(Row(rec, f"{path.name} [{kind}]", n, None, dataset)
                                 for n, rec in sheet_rows)
    graph = to_graph(ds)
    graph.rels += [RelRow("MEMBER_OF", "Organization", m.organization, "Collaboration",
                          m.collaboration, {"role": m.role}, dataset)
                   for _, m in recs.get("memberships", ())]
    return graph, {k: len(v) for k, v in recs.items()}, dataset


def import_sheets(db: Database, path: Path, fmt: str, *, dry_run: bool = False,
                  name: str | None = None) -> SheetReport:
    graph, counts, dataset = plan_sheets(db, path, fmt, name)
    migrations.apply(db)
    return SheetReport(dataset, counts, sync(db, graph, dataset, dry_run=dry_run))
