"""Write and read the template: an XLSX workbook (openpyxl) or a folder of CSV sheets.

Every problem names the file, the sheet, the row and the column (letter and header), the
way a person looks for it in Excel or LibreOffice.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from referral_graph.spreadsheets.lang import instructions
from referral_graph.spreadsheets.safe import BOM, csv_text, risky
from referral_graph.spreadsheets.sheets import BY_NAME, SHEETS, choices, to_cell

Rows = dict[str, list[dict[str, Any]]]
Read = dict[str, list[tuple[int, dict[str, Any]]]]


@dataclass(frozen=True, slots=True)
class SheetProblem:
    file: str
    sheet: str | None
    row: int | None
    column: str | None  # "C (kind)"
    message: str
    row_id: str | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.sheet:
            where.append(f"sheet {self.sheet!r}")
        if self.row is not None:
            where.append(f"row {self.row}" + (f" (id {self.row_id!r})" if self.row_id else ""))
        if self.column:
            where.append(f"column {self.column}")
        return ", ".join(where) + f": {self.message}"


def column(index: int, header: str) -> str:
    """
    >>> column(3, "kind")
    'C (kind)'
    """
    return f"{get_column_letter(index)} ({header})"


def _cell(ws: Any, row: int, col: int, value: Any) -> None:
    c = ws.cell(row=row, column=col, value=value)
    if isinstance(value, str):
        c.data_type = "s"  # text, even when it looks like a formula or a number
        if risky(value):
            c.quotePrefix = True  # and Excel shows it as text, never runs it


def write_xlsx(rows: Rows, path: Path, lang: str, services: list[str]) -> Path:
    wb = Workbook()
    readme = wb.worksheets[0]
    readme.title = "readme"
    for i, line in enumerate(instructions(lang), start=1):
        _cell(readme, i, 1, line)
    readme.column_dimensions["A"].width = 120
    for sheet in SHEETS:
        ws = wb.create_sheet(sheet.name)
        for j, col in enumerate(sheet.columns, start=1):
            _cell(ws, 1, j, col)
            ws.cell(row=1, column=j).font = Font(bold=True)
            ws.column_dimensions[get_column_letter(j)].width = 28 if col != "passage" else 80
            allowed = services if col == "service" else choices(sheet, col)
            if allowed:
                dv = DataValidation(type="list", formula1='"' + ",".join(allowed) + '"',
                                    allow_blank=True)
                dv.add(f"{get_column_letter(j)}2:{get_column_letter(j)}5000")
                ws.add_data_validation(dv)
        ws.freeze_panes = "A2"
        for i, record in enumerate(rows.get(sheet.name, ()), start=2):
            for j, col in enumerate(sheet.columns, start=1):
                _cell(ws, i, j, to_cell(record.get(col)))
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def write_csv(rows: Rows, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for sheet in SHEETS:
        text = csv_text([sheet.columns, *([to_cell(r.get(c)) for c in sheet.columns]
                                          for r in rows.get(sheet.name, ()))])
        path = folder / f"{sheet.name}.csv"
        path.write_bytes((BOM + text).encode("utf-8"))
        written.append(path)
    return written


def _table(file: str, sheet: str, header: list[Any], body: list[tuple[int, list[Any]]],
           problems: list[SheetProblem]) -> list[tuple[int, dict[str, Any]]]:
    spec = BY_NAME[sheet]
    names = [str(h).strip() if h is not None else "" for h in header]
    for j, h in enumerate(names, start=1):
        if h and h not in spec.columns:
            problems.append(SheetProblem(file, sheet, 1, column(j, h),
                                         f"unknown column; expected {', '.join(spec.columns)}"))
    out = []
    for number, values in body:
        if all(v in (None, "") for v in values):
            continue  # blank rows between records are fine
        out.append((number, {names[j]: v for j, v in enumerate(values)
                             if j < len(names) and names[j] in spec.columns}))
    return out


def read_xlsx(path: Path, problems: list[SheetProblem]) -> tuple[Read, dict[str, list[str]]]:
    """Rows of each known sheet (row number, column -> value), and each sheet's headers."""
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as e:
        problems.append(SheetProblem(path.name, None, None, None,
                                     f"not an XLSX workbook this importer can read: {e}"))
        return {}, {}
    out: Read = {}
    headers: dict[str, list[str]] = {}
    for ws in wb.worksheets:
        if ws.title == "readme":
            continue
        if ws.title not in BY_NAME:
            problems.append(SheetProblem(path.name, ws.title, None, None,
                                         f"unknown sheet; expected {', '.join(BY_NAME)}"))
            continue
        grid = list(ws.iter_rows(values_only=True))
        if not grid:
            continue
        headers[ws.title] = [str(h) if h is not None else "" for h in grid[0]]
        out[ws.title] = _table(path.name, ws.title, list(grid[0]),
                               [(i, list(r)) for i, r in enumerate(grid[1:], start=2)],
                               problems)
    wb.close()
    return out, headers


def read_csv(folder: Path, problems: list[SheetProblem]) -> tuple[Read, dict[str, list[str]]]:
    out: Read = {}
    headers: dict[str, list[str]] = {}
    files = sorted(folder.glob("*.csv")) if folder.is_dir() else []
    if not files:
        problems.append(SheetProblem(str(folder), None, None, None,
                                     "missing files: expected a folder of CSV sheets "
                                     f"({', '.join(f'{s}.csv' for s in BY_NAME)})"))
    for path in files:
        sheet = path.stem
        if sheet not in BY_NAME:
            problems.append(SheetProblem(path.name, None, None, None,
                                         f"unknown sheet; expected {', '.join(BY_NAME)}"))
            continue
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            problems.append(SheetProblem(path.name, sheet, raw[: e.start].count(b"\n") + 1,
                                         None, f"not UTF-8 text (byte 0x{raw[e.start]:02x}); "
                                               "save it as CSV UTF-8"))
            continue
        grid = list(csv.reader(io.StringIO(text, newline="")))
        if not grid:
            continue
        headers[sheet] = grid[0]
        out[sheet] = _table(path.name, sheet, list(grid[0]),
                            [(i, list(r)) for i, r in enumerate(grid[1:], start=2)], problems)
    return out, headers
