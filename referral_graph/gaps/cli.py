"""`referral-graph gaps|gaps-diff`: coverage gaps, and what closures or dates change."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from referral_graph.console import date_option, err, fail, network, out, public, write

if TYPE_CHECKING:

    pass

gaps_app = typer.Typer()  # its commands join the root command (cli.py)


@gaps_app.command("gaps")
def gaps(
    state: Annotated[list[str] | None, typer.Option(help="State code(s); default all")] = None,
    service: Annotated[list[str] | None, typer.Option(help="Service type(s); default all")] = None,
    fmt: Annotated[str, typer.Option("--format", help="table, csv, json, md, html or xlsx")
                   ] = "table",
    without: Annotated[list[str] | None, typer.Option(help="As if this org closed")] = None,
    as_of: Annotated[str | None, typer.Option(help="Only what was in force on YYYY-MM-DD "
                                                   "(default: today)")] = None,
    all_dates: Annotated[bool, typer.Option("--all-dates",
                                            help="Every record, whatever its dates")] = False,
    lang: Annotated[str, typer.Option(help="es or en")] = "es",
    out_file: Annotated[Path | None, typer.Option("--out", help="Write to this file")] = None,
    staff: Annotated[bool, typer.Option(help="Name confidential shelters")] = False,
) -> None:
    """Coverage gaps by state and service: a claim about the data set, not the world.

    With --without, the report also lists what those closures change: new gaps first.
    """
    from referral_graph.gaps import changes, render
    from referral_graph.gaps.heatmap import write_heatmap
    from referral_graph.gaps.service import ReportError, what_if_for

    if fmt not in ("table", "csv", "json", "md", "html", "xlsx"):
        raise fail(f"--format: {fmt!r} is not one of table, csv, json, md, html, xlsx", 2)
    if fmt == "xlsx" and out_file is None:
        raise fail("--format xlsx writes a workbook: give --out FILE.xlsx", 2)
    if fmt == "md" and out_file is None:
        raise fail("--format md writes a heat-map picture beside it: give --out FILE.md", 2)
    try:
        render.check_lang(lang)
        day = date_option("--as-of", as_of)
        G = network()
        report, cmp = what_if_for(G, see_confidential=staff, states=state, services=service,
                                  without=without or (), as_of=day, all_dates=all_dates)
    except (ReportError, ValueError) as e:
        raise fail(str(e), 2) from None
    if fmt == "table" and out_file is None:
        # The terminal table prints through rich; redact the texts it is built from.
        console = Console(record=True, file=io.StringIO(), width=out.width)
        render.print_report(report, console, lang=lang)
        if cmp is not None:
            console.print(changes.changes_text(cmp, lang), markup=False, highlight=False)
        sys.stdout.write(public(G, console.export_text(styles=out.is_terminal), staff))
        return
    if fmt == "xlsx":
        from referral_graph.spreadsheets.exporter import gap_workbook

        assert out_file is not None
        out_file.parent.mkdir(parents=True, exist_ok=True)
        out_file.write_bytes(gap_workbook(report, lang, lambda t: public(G, t, staff)))
        err.print(f"wrote {out_file}", highlight=False)
        return
    image = None
    if fmt == "md":
        assert out_file is not None
        out_file.parent.mkdir(parents=True, exist_ok=True)
        image = out_file.with_suffix(".png")
        write_heatmap(report, image, lang)
    text = changes.report_document(report, cmp, "csv" if fmt == "table" else fmt, lang,
                                   image=image.name if image else None)
    write(public(G, text, staff), out_file)


@gaps_app.command("gaps-diff")
def gaps_diff(
    without: Annotated[list[str] | None, typer.Option(help="After: as if this org closed")] = None,
    as_of: Annotated[str | None, typer.Option(help="After: as of YYYY-MM-DD")] = None,
    before_without: Annotated[list[str] | None, typer.Option(
        help="Before: as if this org closed")] = None,
    before_as_of: Annotated[str | None, typer.Option(help="Before: as of YYYY-MM-DD")] = None,
    all_dates: Annotated[bool, typer.Option("--all-dates",
                                            help="After: every record, whatever its dates")
                         ] = False,
    before_all_dates: Annotated[bool, typer.Option(
        "--before-all-dates", help="Before: every record, whatever its dates")] = False,
    state: Annotated[list[str] | None, typer.Option(help="State code(s); default all")] = None,
    service: Annotated[list[str] | None, typer.Option(help="Service type(s); default all")] = None,
    fmt: Annotated[str, typer.Option("--format", help="text, csv, json or md")] = "text",
    lang: Annotated[str, typer.Option(help="es or en")] = "es",
    out_file: Annotated[Path | None, typer.Option("--out", help="Write to this file")] = None,
    staff: Annotated[bool, typer.Option(help="Name confidential shelters")] = False,
) -> None:
    """New and closed gaps between two reports: before and after closures, or two dates.

    The after side is about today unless --as-of or --all-dates says otherwise; the before
    side takes the after side's date unless given its own, e.g. `--before-as-of 2006-01-01
    --as-of 2009-12-31` (what the PROTEJA years changed) or `--without proteja --as-of
    2009-03-01`.
    """
    from referral_graph.gaps import changes, render
    from referral_graph.gaps.service import ReportError, compare_for

    writers = {"text": changes.changes_text, "csv": changes.changes_csv,
               "md": changes.changes_markdown,
               "json": lambda c, lg: json.dumps(changes.changes_dict(c, lg), ensure_ascii=False,
                                                indent=1)}
    if fmt not in writers:
        raise fail(f"--format: {fmt!r} is not one of {', '.join(writers)}", 2)
    try:
        render.check_lang(lang)
        after_day = date_option("--as-of", as_of)
        before_day = date_option("--before-as-of", before_as_of)
        G = network()
        cmp = compare_for(G, see_confidential=staff, states=state, services=service,
                          before_without=before_without or (), before_as_of=before_day,
                          before_all_dates=(before_all_dates if before_day or before_all_dates
                                            else None),
                          without=without or (), as_of=after_day, all_dates=all_dates)
    except (ReportError, ValueError) as e:
        raise fail(str(e), 2) from None
    write(public(G, writers[fmt](cmp, lang), staff), out_file)
