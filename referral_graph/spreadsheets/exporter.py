"""The directory as the template (to edit and import again), and the gap report as a
workbook with the wide state × service matrix.

Without ``staff``, a workbook holds what a public caller may see: no confidential
organization, nothing tied to one, every text through the redactor.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from referral_graph.config import SEEDS_DIR
from referral_graph.dataset.load import load_dataset
from referral_graph.gaps.render import label, ordered_states, status_label, to_csv
from referral_graph.gaps.report import CoverageReport
from referral_graph.hsds.snapshot import Node, native, read_snapshot
from referral_graph.network.redact import redactor_for
from referral_graph.spreadsheets.lang import GAPS
from referral_graph.spreadsheets.safe import restore
from referral_graph.spreadsheets.sheets import BY_NAME
from referral_graph.spreadsheets.workbook import Rows, _cell, write_csv, write_xlsx
from referral_graph.store import hsds_cypher
from referral_graph.store.driver import Database


def _fields(node: Node, sheet: str, **links: Any) -> dict[str, Any]:
    model = BY_NAME[sheet].model.model_fields
    row = {k: v for k, v in node.props.items() if k in model}
    row.update(links)
    return row


def _ids(node: Node, key: str) -> list[str]:
    return sorted(s["id"] if isinstance(s, dict) else s for s in node.links.get(key) or ())


def directory_rows(db: Database, G: nx.Graph, *, staff: bool) -> Rows:
    """Every sheet's rows, from the database as it is now."""
    snap = read_snapshot(db)
    hidden = {o.id for o in snap.organizations if o.get("confidential") and not staff}
    rows: Rows = {name: [] for name in BY_NAME}
    for o in snap.organizations:
        if o.id not in hidden:
            rows["organizations"].append(_fields(o, "organizations", states=_ids(o, "states"),
                                                 sources=_ids(o, "sources")))
    for c in snap.capabilities:
        if c.links["organization"] not in hidden:
            rows["capabilities"].append(_fields(
                c, "capabilities", organization=c.links["organization"],
                service=c.links["service"], covers=sorted(c.links["covers"]),
                sources=_ids(c, "sources")))
    for c in snap.collaborations:
        rows["collaborations"].append(_fields(c, "collaborations", states=_ids(c, "states"),
                                              sources=_ids(c, "sources")))
        rows["memberships"] += [{"collaboration": c.id, "organization": mb["organization"],
                                 "role": mb.get("role")}
                                for mb in sorted(c.links["members"],
                                                 key=lambda mb: mb["organization"])
                                if mb["organization"] not in hidden]
    for a in snap.agreements:
        parties = [p for p in sorted(a.links["parties"]) if p not in hidden]
        if parties:
            rows["agreements"].append(_fields(a, "agreements", parties=parties,
                                              states=_ids(a, "states"),
                                              sources=_ids(a, "sources")))
    cited = {s for sheet in rows.values() for r in sheet
             for s in [*r.get("sources", ()), *r.get("contact_sources", ())]}
    reference = {s.id for s in load_dataset(SEEDS_DIR / "reference").records("sources")}
    rows["sources"] = [native(r["source"]) for r in db.read(hsds_cypher.ALL_SOURCES)
                       if r["source"]["id"] in cited - reference]
    if not staff:
        redact = redactor_for(G).redact
        rows = {k: [{f: redact(v) if isinstance(v, str) and f not in _IDS else v
                     for f, v in r.items()} for r in rs] for k, rs in rows.items()}
    return rows


# Fields that hold ids: the redactor leaves them as they are (they name no shelter here).
_IDS = {"id", "organization", "collaboration", "service"}


def export_sheets(db: Database, G: nx.Graph, fmt: str, out: Path, *, staff: bool,
                  lang: str = "es") -> list[Path]:
    rows = directory_rows(db, G, staff=staff)
    if fmt == "xlsx":
        services = sorted(st.id for st in load_dataset(SEEDS_DIR / "reference")
                          .records("service_types"))
        return [write_xlsx(rows, out, lang, services)]
    return write_csv(rows, out)


def template(fmt: str, out: Path, lang: str) -> list[Path]:
    """An empty template: the sheets with their headers (and, in XLSX, drop-down lists)."""
    rows: Rows = {}
    if fmt == "xlsx":
        services = [st.id for st in load_dataset(SEEDS_DIR / "reference")
                    .records("service_types")]
        return [write_xlsx(rows, out, lang, sorted(services))]
    return write_csv(rows, out)


# --- the gap report ----------------------------------------------------------------------

_FILLS = {"covered": "C6E7C8", "thin": "FFF2B3", "single_point": "FFD59E",
          "disconnected": "F8C0A8", "gap": "E89A9A"}


def gap_workbook(report: CoverageReport, lang: str,
                 redact: Callable[[str], str] = lambda s: s) -> bytes:
    """The coverage report as XLSX: a wide matrix (states × services, each cell its status,
    coloured) and the long table of cells with providers, reasons and sources."""
    T = GAPS["en" if lang == "en" else "es"]
    wb = Workbook()
    ws = wb.worksheets[0]
    ws.title = T["matrix"]
    _cell(ws, 1, 1, redact(T["title"]))
    ws.cell(row=1, column=1).font = Font(bold=True)
    services = list(report.services)
    header = [T["code"], T["state"], *(label(report.service_names, s, lang) for s in services)]
    for j, h in enumerate(header, start=1):
        _cell(ws, 2, j, h)
        ws.cell(row=2, column=j).font = Font(bold=True)
    for i, state in enumerate(ordered_states(report, lang), start=3):
        _cell(ws, i, 1, state)
        _cell(ws, i, 2, label(report.state_names, state, lang))
        for j, service in enumerate(services, start=3):
            cell = report.cell(state, service)
            _cell(ws, i, j, status_label(cell.status, lang))
            fill = _FILLS.get(cell.status.value)
            if fill:
                ws.cell(row=i, column=j).fill = PatternFill("solid", start_color=fill)
    ws.freeze_panes = "C3"
    long = wb.create_sheet(T["cells"])
    for i, row in enumerate(csv.reader(io.StringIO(redact(to_csv(report, lang)))), start=1):
        for j, value in enumerate(row, start=1):
            _cell(long, i, j, restore(value))  # text cells, safe by their style
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


