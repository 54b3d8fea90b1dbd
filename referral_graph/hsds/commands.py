"""What `referral-graph import --format …` and `export --format …` run for HSDS and
spreadsheets (the seed format stays in `referral_graph/importer/`)."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from referral_graph.directory.lang import Lang
from referral_graph.hsds.build import Scope
from referral_graph.store.driver import Database


def import_other(db: Database, fmt: str, path: Path, *, dry_run: bool, mapping: Path | None,
                 skip_invalid: bool, rejected: Path | None, name: str | None,
                 lang: str) -> str:
    """Import HSDS or a spreadsheet; the report as text. Raises DataSetError."""
    if fmt == "hsds":
        from referral_graph.hsds.importer import Options, import_hsds

        report = import_hsds(db, path, Options(mapping=mapping, skip_invalid=skip_invalid,
                                               rejected=rejected, dry_run=dry_run, name=name))
        return report.describe(Lang(lang))
    from referral_graph.spreadsheets.importer import import_sheets

    return import_sheets(db, path, fmt, dry_run=dry_run, name=name).describe()


def export_to(db: Database, G: nx.Graph, fmt: str, out: Path, *, staff: bool,
              lang: str) -> list[Path]:
    if fmt in ("hsds", "hsds-tabular"):
        from referral_graph.hsds.export import make_export, write_export

        exp = make_export(db, G, Scope(see_confidential=staff, audit=staff), Lang(lang))
        return write_export(exp, fmt, out)
    from referral_graph.spreadsheets.exporter import export_sheets

    return export_sheets(db, G, fmt, out, staff=staff, lang=lang)
