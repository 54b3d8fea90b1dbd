"""Spreadsheets: templates filled in Excel or LibreOffice and imported with errors naming
sheet, row and column; the directory exported and imported back unchanged; exports that
open cleanly (BOM, accents) and never run a cell as a formula."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner

from referral_graph.api.app import create_app
from referral_graph.auth.tokens import Caller, Role, create
from referral_graph.cli import app
from referral_graph.config import Settings
from referral_graph.dataset.load import DataSetError
from referral_graph.edits import service as edits
from referral_graph.network.loading import load_network
from referral_graph.spreadsheets.exporter import export_sheets, template
from referral_graph.spreadsheets.importer import import_sheets
from referral_graph.spreadsheets.safe import TRIGGERS
from referral_graph.spreadsheets.workbook import read_csv, read_xlsx
from referral_graph.store import migrations
from referral_graph.store.driver import Database
from tests.api.test_confidentiality import leaks
from tests.conftest import wipe

EDITOR = Caller(Role.EDITOR, "Editor")
EVIL = ['=HYPERLINK("http://x.example","clic")', "+52 55 1234 5678", "-2+3", "@SUM(A1)",
        "\tTab", "\rReturn"]


def _evil_org(db: Database) -> None:
    src = edits.create_source(db, EDITOR, {"document": "Prueba", "section": "1",
                                           "passage": "Texto de prueba."})
    edits.save_organization(db, EDITOR, {"id": "org-evil", "name": EVIL[0], "kind": "ngo",
                                         "sector": "civil_society", "states": ["MX-OAX"],
                                         "note": " | ".join(EVIL[1:]), "acronym": EVIL[3],
                                         "sources": [src]})
    edits.save_capability(db, EDITOR, {"organization": "org-evil", "service": "legal_aid",
                                       "basis": "stated", "sources": [src]})


def _rows(fmt: str, path: Path) -> dict:
    read, _ = (read_xlsx if fmt == "xlsx" else read_csv)(path, [])
    return {k: [r for _, r in v] for k, v in read.items()}


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_spreadsheet_round_trip_is_exact(seeded_db: Database, tmp_path: Path, fmt: str) -> None:
    _evil_org(seeded_db)
    first, second = tmp_path / f"a.{fmt}", tmp_path / f"b.{fmt}"
    export_sheets(seeded_db, load_network(seeded_db), fmt, first, staff=True)
    wipe(seeded_db)
    migrations.apply(seeded_db)
    report = import_sheets(seeded_db, first, fmt)
    assert report.counts["organizations"] == 42 and report.written.changed
    export_sheets(seeded_db, load_network(seeded_db), fmt, second, staff=True)
    assert _rows(fmt, first) == _rows(fmt, second)
    assert seeded_db.read("MATCH (o:Organization {id: 'org-evil'}) RETURN o.name AS n") == [
        {"n": EVIL[0]}]  # the text as it was typed, whatever the protection on the way
    assert not import_sheets(seeded_db, first, fmt).written.changed  # idempotent


def test_no_cell_can_run_as_a_formula(seeded_db: Database, tmp_path: Path,
                                      neo4j_settings: Settings) -> None:
    _evil_org(seeded_db)
    G = load_network(seeded_db)
    export_sheets(seeded_db, G, "xlsx", tmp_path / "d.xlsx", staff=True)
    wb = load_workbook(tmp_path / "d.xlsx")
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row
             if isinstance(c.value, str) and c.value.startswith(TRIGGERS)]
    assert {c.value for c in cells} >= {EVIL[0], EVIL[3]}
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)
    export_sheets(seeded_db, G, "csv", tmp_path / "d", staff=True)
    staff = create(seeded_db, Role.STAFF, "s")
    with TestClient(create_app(neo4j_settings, seeded_db)) as client:
        downloads = [client.get("/reports/gaps.csv?lang=en&state=OAX",
                                headers={"Authorization": f"Bearer {staff}"}).content,
                     client.get("/exports/network.csv?around=org-evil").content]
        sheet = client.get("/reports/gaps.xlsx?lang=es&state=OAX")
    texts = [p.read_bytes() for p in (tmp_path / "d").iterdir()] + downloads
    for raw in texts:
        assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: Excel reads accents right
        for row in csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")):
            assert not any(cell.startswith(TRIGGERS) for cell in row), row
    sheet_csv = (tmp_path / "d" / "organizations.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in sheet_csv and "'@SUM(A1)" in sheet_csv
    gaps = downloads[0].decode("utf-8-sig")
    assert "@SUM(A1)" in gaps and "Oaxaca" in gaps and "prosecution" in gaps  # its acronym
    ws = load_workbook(io.BytesIO(sheet.content))["matriz"]
    assert ws.cell(row=2, column=2).value == "Estado" and ws.max_row == 3  # OAX only
    assert sheet.headers["content-type"].startswith("application/vnd.openxmlformats")


def test_gap_workbook_matrix_and_public_redaction(seeded_db: Database,
                                                  neo4j_settings: Settings) -> None:
    with TestClient(create_app(neo4j_settings, seeded_db)) as client:
        r = client.get("/reports/gaps.xlsx?lang=en")
    wb = load_workbook(io.BytesIO(r.content))
    matrix = wb["matrix"]
    assert matrix.max_row == 2 + 32 and matrix.max_column == 2 + 15
    assert matrix.cell(row=2, column=3).value and matrix.cell(row=3, column=1).value.startswith(
        "MX-")
    text = " ".join(str(c.value) for ws in wb.worksheets for row in ws.iter_rows()
                    for c in row if c.value is not None)
    assert not leaks(text) and "Oaxaca" in text


def _workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def test_errors_name_sheet_row_and_column_and_nothing_is_written(
        seeded_db: Database, tmp_path: Path) -> None:
    path = _workbook(tmp_path / "bad.xlsx", {
        "organizations": [["id", "name", "kind", "sector", "national", "sources", "colour"],
                          ["nueva-osc", "Nueva OSC", "refugio", "civil_society", "quizás",
                           "qr-cover", "azul"],
                          ["otra-osc", "Otra OSC", "ngo", "civil_society", "no", "no-such"],
                          ["otra-osc", "Otra OSC", "ngo", "civil_society", "no", "qr-cover"]],
        "capabilities": [["id", "organization", "service", "basis", "sources"],
                         ["cap-x", "pgr", "legal_aid", "stated", "qr-cover"]],
        "notes": [["x"]],
    })
    before = seeded_db.read("MATCH (n) RETURN count(n) AS n")
    with pytest.raises(DataSetError) as e:
        import_sheets(seeded_db, path, "xlsx")
    text = str(e.value)
    for expected in [
        "bad.xlsx, sheet 'organizations', row 1, column G (colour): unknown column",
        "bad.xlsx, sheet 'organizations', row 2, column E (national): write true or false",
        "bad.xlsx, sheet 'organizations', row 4 (id 'otra-osc'), column A (id): duplicate id "
        "'otra-osc'; first used in row 3",
        "bad.xlsx, sheet 'organizations', row 3 (id 'otra-osc'), column F (sources): unknown "
        "Source 'no-such'",
        "bad.xlsx, sheet 'capabilities', row 2 (id 'cap-x'), column B (organization): unknown "
        "Organization 'pgr' (not in the organizations sheet)",
        "bad.xlsx, sheet 'notes': unknown sheet",
    ]:
        assert expected in text, (expected, text)
    assert seeded_db.read("MATCH (n) RETURN count(n) AS n") == before
    (tmp_path / "csvs").mkdir()
    (tmp_path / "csvs" / "organizations.csv").write_bytes(
        "id,name,kind,sector,sources\nx-y,Organización,ngo,civil_society,qr-cover\n"
        .encode("latin-1"))
    with pytest.raises(DataSetError, match=r"organizations.csv, sheet 'organizations', row 2: "
                                           r"not UTF-8 text"):
        import_sheets(seeded_db, tmp_path / "csvs", "csv")


def _append(ws, **values: object) -> None:  # type: ignore[no-untyped-def]
    """A row typed under the template's headers, as an editor fills it."""
    header = [c.value for c in ws[1]]
    ws.append([values.get(h) for h in header])


def test_a_filled_template_imports(seeded_db: Database, tmp_path: Path) -> None:
    path = template("xlsx", tmp_path / "t.xlsx", "es")[0]
    wb = load_workbook(path)
    assert wb.sheetnames == ["readme", "sources", "organizations", "capabilities",
                             "collaborations", "memberships", "agreements"]
    kind = next(c.column_letter for c in wb["organizations"][1] if c.value == "kind")
    assert any(f"{kind}2" in str(dv.sqref) for dv in
               wb["organizations"].data_validations.dataValidation)  # kind: a drop-down
    _append(wb["sources"], id="src-nueva", document="Directorio estatal", section="p. 3",
            passage="La Casa Refugio Nueva da asesoría jurídica en Puebla.")
    _append(wb["organizations"], id="casa-nueva", name="Casa Refugio Nueva", kind="shelter",
            sector="civil_society", states="MX-PUE", city="Puebla", sources="src-nueva")
    _append(wb["capabilities"], id="cap-casa-nueva-legal-aid", organization="casa-nueva",
            service="legal_aid", basis="stated", covers="MX-PUE", sources="src-nueva")
    _append(wb["memberships"], collaboration="proteja-shelters-network",
            organization="casa-nueva", role="miembro")
    wb.save(path)
    report = import_sheets(seeded_db, path, "xlsx")
    assert report.counts == {"sources": 1, "organizations": 1, "capabilities": 1,
                             "memberships": 1}
    org = seeded_db.read("MATCH (o:Organization {id: 'casa-nueva'})-[:MEMBER_OF]->(c) "
                         "RETURN o.confidential AS c, labels(o) AS l, c.id AS net")
    assert org == [{"c": True, "l": ["Organization", "Shelter"],
                    "net": "proteja-shelters-network"}]  # a shelter: confidential


def test_cli_exports_and_imports(seeded_db: Database, neo4j_settings: Settings,
                                 tmp_path: Path) -> None:
    env = {"REFERRAL_GRAPH_STATE": str(neo4j_settings.state_dir),
           "REFERRAL_GRAPH_BOLT_PORT": str(neo4j_settings.bolt_port)}

    def cli(*args: str):  # type: ignore[no-untyped-def]
        return CliRunner().invoke(app, list(args), env=env)

    done = cli("export", "--format", "hsds-tabular", "--out", str(tmp_path / "hsds"))
    assert done.exit_code == 0, done.output
    again = cli("import", "--format", "hsds", str(tmp_path / "hsds"), "--dry-run")
    assert again.exit_code == 0 and "Dry run: nothing was written." in again.stdout
    (tmp_path / "hsds" / "services.csv").unlink()
    bad = cli("import", "--format", "hsds", str(tmp_path / "hsds"))
    assert bad.exit_code == 2 and "hsds/services.csv: missing file" in bad.stderr
    assert "Nothing was written." in bad.stderr
    sheet = cli("gaps", "--format", "xlsx", "--state", "OAX", "--out", str(tmp_path / "g.xlsx"))
    assert sheet.exit_code == 0 and load_workbook(tmp_path / "g.xlsx")["matriz"].max_row == 3
    made = cli("template", "--format", "csv", "--out", str(tmp_path / "plantilla"))
    assert made.exit_code == 0 and len(list((tmp_path / "plantilla").glob("*.csv"))) == 6


def test_every_field_of_the_models_has_a_column() -> None:
    """A field the template forgot would be lost on the way through a spreadsheet."""
    from referral_graph.spreadsheets.sheets import SHEETS

    for sheet in SHEETS:
        assert set(sheet.columns) == set(sheet.model.model_fields) - {"members"}, sheet.name
