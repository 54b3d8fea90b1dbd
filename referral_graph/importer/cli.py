"""`referral-graph import|export|template`: data sets in and out (seed folders, HSDS,
spreadsheets)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from referral_graph.console import database, err, fail, network, out

if TYPE_CHECKING:

    pass

importer_app = typer.Typer()  # its commands join the root command (cli.py)


IMPORT_FORMATS = ("seed", "hsds", "xlsx", "csv")


EXPORT_FORMATS = ("hsds", "hsds-tabular", "xlsx", "csv")


@importer_app.command("import")
def import_(
    path: Annotated[Path, typer.Argument(help="A seed directory (e.g. seeds/proteja), an HSDS "
                                              "folder or file, or a filled spreadsheet")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Validate and diff only")] = False,
    bulk: Annotated[bool | None, typer.Option(
        "--bulk/--one-transaction",
        help="Batched, resumable writes (default for data sets over 2 MB)")] = None,
    batch_size: Annotated[int, typer.Option(
        help="Rows per batch (bulk import)")] = 2_000,  # importer.batches.BATCH_ROWS
    fmt: Annotated[str, typer.Option("--format", help="seed, hsds (JSON or tabular), xlsx "
                                                      "or csv (a folder of CSV sheets)")] = "seed",
    mapping: Annotated[Path | None, typer.Option(
        help="HSDS: taxonomy terms -> service types (YAML); default the shipped one")] = None,
    skip_invalid: Annotated[bool, typer.Option(
        "--skip-invalid", help="HSDS: import the valid records, write the rejected ones")] = False,
    rejected: Annotated[Path | None, typer.Option(
        help="HSDS: where --skip-invalid writes the rejected records")] = None,
    name: Annotated[str | None, typer.Option(help="Data set name (default from the path)")] = None,
    lang: Annotated[str, typer.Option(help="es or en (the report)")] = "en",
) -> None:
    """Validate a whole data set, then write it (idempotent).

    Small data sets are written in one transaction; large ones (a synthetic national
    network) in batches, with a progress bar, resuming after an interrupted run.
    """
    from referral_graph import i18n
    from referral_graph.dataset.load import DataSetError
    from referral_graph.importer.bulk import LARGE_BYTES, BulkReport, bulk_import, dataset_bytes
    from referral_graph.importer.run import import_dataset
    from referral_graph.importer.sync import ImportReport
    from referral_graph.safety.check import UnsafeData

    if fmt not in IMPORT_FORMATS:
        raise fail(f"--format: {fmt!r} is not one of {', '.join(IMPORT_FORMATS)}", 2)
    if bulk is None:
        bulk = fmt == "seed" and path.is_dir() and dataset_bytes(path) > LARGE_BYTES
    report: str | ImportReport
    try:
        if fmt != "seed":
            from referral_graph.hsds.commands import import_other

            report = import_other(database(), fmt, path, dry_run=dry_run, mapping=mapping,
                                  skip_invalid=skip_invalid, rejected=rejected, name=name,
                                  lang=lang)
        elif bulk:
            report = bulk_import(database(), path, batch_rows=batch_size, console=err,
                                 dry_run=dry_run)
        else:
            report = import_dataset(database(), path, dry_run=dry_run)
    except (DataSetError, UnsafeData) as e:
        err.print(str(e), highlight=False, markup=False, soft_wrap=True)
        err.print("Nothing was written.")
        raise typer.Exit(2) from None
    if isinstance(report, BulkReport) and dry_run:
        out.print(f"Valid: {report.rows} rows in {report.batches} batches. "
                  + i18n.text("hsds.report", "dry", "en"), highlight=False)
        if report.removed:
            out.print(f"Rows no longer in the data set, would be removed ({len(report.removed)}):",
                      highlight=False, markup=False)
            for gone in report.removed:
                out.print(f"  - {gone.describe()}", highlight=False, markup=False)
        return
    out.print(report if isinstance(report, str) else report.describe(), highlight=False,
              markup=False)
    if dry_run and isinstance(report, str):
        out.print(i18n.text("hsds.report", "dry", "en"))


@importer_app.command("export")
def export(
    fmt: Annotated[str, typer.Option("--format", help="hsds (JSON), hsds-tabular (CSV + "
                                                      "datapackage.json), xlsx or csv")],
    out_path: Annotated[Path, typer.Option("--out", help="Folder (hsds, hsds-tabular, csv) "
                                                         "or .xlsx file")],
    staff: Annotated[bool, typer.Option(help="Include confidential shelters (and, for HSDS, "
                                             "the audit trail); the export says so")] = False,
    lang: Annotated[str, typer.Option(help="es or en")] = "es",
) -> None:
    """Write the directory as Open Referral HSDS 3.0, or as spreadsheets to edit and import."""
    from referral_graph.hsds.commands import export_to

    if fmt not in EXPORT_FORMATS:
        raise fail(f"--format: {fmt!r} is not one of {', '.join(EXPORT_FORMATS)}", 2)
    if lang not in ("es", "en"):
        raise fail("--lang: es or en", 2)
    db = database()
    for path in export_to(db, network(), fmt, out_path, staff=staff, lang=lang):
        err.print(f"wrote {path}", highlight=False)


@importer_app.command("template")
def template_cmd(
    fmt: Annotated[str, typer.Option("--format", help="xlsx or csv (a folder of sheets)")],
    out_path: Annotated[Path, typer.Option("--out", help=".xlsx file or folder")],
    lang: Annotated[str, typer.Option(help="es or en (the readme sheet)")] = "es",
) -> None:
    """An empty spreadsheet template to fill in Excel or LibreOffice and import."""
    from referral_graph.spreadsheets.exporter import template

    if fmt not in ("xlsx", "csv"):
        raise fail(f"--format: {fmt!r} is not xlsx or csv", 2)
    for path in template(fmt, out_path, lang):
        err.print(f"wrote {path}", highlight=False)
