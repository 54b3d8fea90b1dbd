"""`referral-graph completeness|export-import-schemas`: the seed data set against its
source documents, and the JSON Schemas of its files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from referral_graph.config import DEFAULT_SEED, DOCS_DIR
from referral_graph.console import fail, out

if TYPE_CHECKING:

    pass

dataset_app = typer.Typer()  # its commands join the root command (cli.py)


@dataset_app.command("export-import-schemas")
def export_import_schemas() -> None:
    """Write the JSON Schemas of the seed files into schema/import/."""
    from referral_graph.dataset.jsonschema import export

    for path in export():
        out.print(f"wrote {path}")


@dataset_app.command("completeness")
def completeness_cmd(
    seed: Annotated[Path, typer.Option(help="The data set directory")] = DEFAULT_SEED,
    docs: Annotated[Path, typer.Option(help="Where the source documents are")] = DOCS_DIR,
    show: Annotated[str, typer.Option(help="List facts: missing, excused, held or all")] = (
        "missing"),
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """Is every date, number, amount and name of the source documents held by a record (with
    a passage that contains it) or excused in not-modelled.yaml? Exit 1 when not."""
    from referral_graph.dataset import completeness as c
    from referral_graph.dataset.load import DataSetError

    if not docs.is_dir():
        raise fail(f"--docs: {docs} is not a directory (the source documents are expected in "
                    "../shared/source-documents beside the repository)", 2)
    try:
        report = c.run(seed, docs)
    except (DataSetError, OSError, ValueError, KeyError) as e:
        raise fail(str(e), 2) from None
    if as_json:
        out.print_json(json.dumps(c.report_dict(report, docs), ensure_ascii=False))
    else:
        out.print(c.report_text(report, docs, show), highlight=False, markup=False,
                  soft_wrap=True)
    raise typer.Exit(0 if report.ok else 1)
