"""A coverage report as plain data (JSON), CSV, Markdown or a terminal table, in ES or EN.

Every rendering says what the statuses are: claims about the data set. Reasons are the
report's own sentences; nothing here re-derives a figure.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from referral_graph import i18n
from referral_graph.gaps.classify import STATUSES, Status
from referral_graph.gaps.heatmap import (
    COLOURS,
    label,
    ordered_states,
    write_heatmap,
)
from referral_graph.gaps.report import DISCLAIMER, Cell, CoverageReport, StateDetail
from referral_graph.spreadsheets.safe import safe_writer

LANGS = ("es", "en")

SYMBOLS: dict[Status, str] = {  # for the terminal: readable without colour too
    Status.GAP: "✗", Status.DISCONNECTED: "⊘", Status.SINGLE_POINT: "!",
    Status.THIN: "~", Status.COVERED: "✓",
}

MAX_LISTED = 10  # organizations listed per field in human-readable renderings


def t(key: str, lang: str) -> str:
    return i18n.text("gaps.report", key, check_lang(lang))


def words(lang: str) -> dict[str, str]:
    """The report's words in ``lang`` (catalogue group ``gaps.report``), by key."""
    return i18n.group("gaps.report", check_lang(lang))


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"lang must be 'es' or 'en', not {lang!r}")
    return lang


def status_label(status: Status, lang: str) -> str:
    return i18n.text("gap_status", status.value, check_lang(lang))


def law_label(status: str, lang: str) -> str:
    """The law status as the gap report writes it, inside a sentence: the directory's
    label (group ``law``) in lower case; "not stated" names the sources it was looked for in.

    >>> law_label("partial", "es"), law_label("partial", "en")
    ('legislación parcial', 'partial law')
    """
    return i18n.get("gaps.law", status, check_lang(lang)) or status


def listed(report: CoverageReport, ids: Iterable[str], lang: str, limit: int = MAX_LISTED) -> str:
    """Organization names, at most ``limit`` of them, then "and N more"."""
    ids = list(ids)
    shown = ", ".join(report.org_name(o) for o in ids[:limit])
    rest = len(ids) - limit
    return shown + (" " + t("more", lang).format(n=rest) if rest > 0 else "") if ids else "—"


def scope_line(report: CoverageReport, lang: str) -> str:
    """What the report covers: its date basis (the one the directory and plans state too),
    closures, synthetic data."""
    import datetime as dt

    from referral_graph.directory.answers import DateBasis
    from referral_graph.directory.lang import Lang

    basis = DateBasis(report.as_of, defaulted=report.as_of == dt.date.today())
    parts = [basis.text(Lang.EN if lang == "en" else Lang.ES)]
    if report.without:
        parts.append(f"{t('without', lang)}: {listed(report, report.without, lang)}")
    if report.synthetic:
        parts.append(t("synthetic", lang))
    return ". ".join(p.rstrip(".") for p in parts) + "."


def law_text(detail: StateDetail, lang: str) -> str:
    date = detail.law_date.isoformat() if detail.law_date else t("undated", lang)
    return f"{law_label(detail.law_status, lang)} ({date})"


# --- JSON ----------------------------------------------------------------------------------


def _cell_dict(report: CoverageReport, cell: Cell, lang: str) -> dict[str, Any]:
    return {
        "state": cell.state,
        "service": cell.service,
        "status": cell.status.value,
        "status_label": status_label(cell.status, lang),
        "flags": [f.value for f in cell.flags],
        "providers": list(cell.providers),
        "national": list(cell.national),
        "linked": list(cell.linked),
        "separators": list(cell.separators),
        "bridges": [list(b) for b in cell.bridges],
        "anchor": cell.anchor.value,
        "reasons": [{"code": r.code, "text": r.text(lang), "orgs": list(r.orgs)}
                    for r in cell.reasons],
        "last_recorded": [{"org": o, "ended": d.isoformat()} for o, d in cell.last_recorded],
        "provisions": [p.id for p in cell.provisions],
        "sources": [{"id": s.id, "cite": s.cite()} for s in cell.sources],
    }


def _detail_dict(d: StateDetail, lang: str) -> dict[str, Any]:
    return {
        "law_status": d.law_status,
        "law_label": law_label(d.law_status, lang),
        "law_date": d.law_date.isoformat() if d.law_date else None,
        "collaborations": [{"id": c.id, "name": c.name, "kind": c.kind, "level": c.level,
                            "members": c.members} for c in d.collaborations],
        "orgs": d.orgs, "ties": d.ties, "anchor": d.anchor.value, "core": d.core,
        "components": [len(c) for c in d.components],
        "articulation_points": list(d.articulation_points),
        "bridges": [list(b) for b in d.bridges],
        "brokers": [{"org": b.org, "betweenness": b.betweenness,
                     "articulation_point": b.articulation} for b in d.brokers],
        "betweenness_samples": d.betweenness_samples,
        "isolated": list(d.isolated),
        "communities": [{"index": c.index, "members": list(c.members), "ties_out": c.ties_out,
                         "talks_to": list(c.talks_to)} for c in d.communities],
        "community_method": d.community_method,
        "notes": [r.text(lang) for r in d.notes],
    }


def to_dict(report: CoverageReport, lang: str = "en") -> dict[str, Any]:
    """The whole report as JSON-ready data; texts in ``lang``, ids everywhere."""
    check_lang(lang)
    return {
        "lang": lang,
        "disclaimer": DISCLAIMER.text(lang),
        "scope": scope_line(report, lang),
        "as_of": report.as_of.isoformat() if report.as_of else None,
        "without": list(report.without),
        "synthetic": report.synthetic,
        "states": {s: label(report.state_names, s, lang) for s in report.states},
        "services": {s: label(report.service_names, s, lang) for s in report.services},
        "counts": {s.value: report.counts().get(s, 0) for s in STATUSES},
        "summary": [{"status": ln.status.value, "service": ln.service,
                     "states": list(ln.states), "text": ln.text(lang)} for ln in report.summary],
        "cells": [_cell_dict(report, report.cell(s, v), lang)
                  for s in report.states for v in report.services],
        "details": {s: _detail_dict(report.details[s], lang) for s in report.states},
        "organizations": {o: report.org_name(o) for o in sorted(report.orgs)},
    }


def to_json(report: CoverageReport, lang: str = "en") -> str:
    return json.dumps(to_dict(report, lang), ensure_ascii=False, indent=1)


# --- CSV -----------------------------------------------------------------------------------


def to_csv(report: CoverageReport, lang: str = "en") -> str:
    """One row per state × service, headed in ``lang``; organizations by name and by id."""
    T = words(lang)
    out = io.StringIO()
    w = safe_writer(out, lineterminator="\n")  # no cell can run as a formula
    w.writerow(["state_code", T["state"], "service_id", T["service"], "status", T["status"],
                "providers_count", T["providers"], "provider_ids", T["national"],
                T["linked"], T["separators"], T["bridges"], T["reasons"], T["sources"]])
    for s in ordered_states(report, lang):
        for v in report.services:
            c = report.cell(s, v)
            names = report.org_name
            w.writerow([
                s, label(report.state_names, s, lang), v, label(report.service_names, v, lang),
                c.status.value, status_label(c.status, lang), len(c.providers),
                "; ".join(names(o) for o in c.providers), "; ".join(c.providers),
                "; ".join(names(o) for o in c.national), len(c.linked),
                "; ".join(names(o) for o in c.separators),
                "; ".join(f"{names(a)} – {names(b)}" for a, b in c.bridges),
                " ".join(r.text(lang) for r in c.reasons),
                "; ".join(src.cite() for src in c.sources),
            ])
    return out.getvalue()


# --- Markdown ------------------------------------------------------------------------------


def md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("*", "\\*").replace("_", "\\_")


def to_markdown(report: CoverageReport, lang: str = "en", image: str | None = "heatmap.png",
                after_summary: str = "") -> str:
    """Summary, the heat map (``image``, a file written beside the Markdown), then per state
    the cells that are not covered, with reasons and sources, and the network's shape.

    ``after_summary``: a Markdown section placed after the summary (a what-if's changes)."""
    T = words(lang)
    lines = [f"# {T['title']}", "", f"_{md_escape(scope_line(report, lang))}_", "",
             f"> {DISCLAIMER.text(lang)}", "", f"## {T['summary']}", ""]
    counts = report.counts()
    lines.append(f"{T['counts']}: " + ", ".join(
        f"{status_label(s, lang)} {counts.get(s, 0)}" for s in STATUSES) + ".")
    lines.append("")
    lines += [f"- {md_escape(ln.text(lang))}" for ln in report.summary] or [T["no_issues"]]
    if after_summary:
        lines += ["", after_summary.rstrip("\n")]
    if image:
        lines += ["", f"## {T['heatmap']}", "", f"![{T['heatmap']}]({image})"]
    lines += ["", f"## {T['states']}"]
    for s in ordered_states(report, lang):
        d = report.details[s]
        lines += ["", f"### {md_escape(label(report.state_names, s, lang))} ({s})", ""]
        lines.append(f"- **{T['law']}:** {law_text(d, lang)}")
        lines.extend(f"  - {md_escape(n.text(lang))}" for n in d.notes)
        collabs = "; ".join(f"{md_escape(c.name)} ({c.members} {T['members']})"
                            for c in d.collaborations) or T["none"]
        lines.append(f"- **{T['collaborations']}:** {collabs}")
        lines.append(f"- **{T['network']}:** {d.orgs} {T['orgs']}, {d.ties} {T['ties']}, "
                     f"{len(d.components)} {T['components']}, {d.core} {T['core']}")
        lines.append(f"- **{T['brokers']}:** {md_escape(brokers_text(report, d, lang))}")
        lines.append(f"- **{T['isolated']}:** {md_escape(listed(report, d.isolated, lang))}")
        lines.append(f"- **{T['communities']}:** {md_escape(communities_text(report, d, lang))}")
        cells = [report.cell(s, v) for v in report.services]
        gaps = [label(report.service_names, c.service, lang) for c in cells
                if c.status == Status.GAP]
        if gaps:  # one line: a gap's only reason is that nothing is recorded
            lines.append(f"- **{status_label(Status.GAP, lang)}:** {md_escape(', '.join(gaps))}")
        bad = [c for c in cells if c.status not in (Status.GAP, Status.COVERED)]
        if bad:
            lines += ["", f"| {T['service']} | {T['status']} | {T['reasons']} | {T['sources']} |",
                      "|---|---|---|---|"]
            for c in bad:
                reasons = " ".join(r.text(lang) for r in c.reasons)
                sources = "; ".join(src.cite() for src in c.sources) or "—"
                lines.append(f"| {md_escape(label(report.service_names, c.service, lang))} | "
                             f"{status_label(c.status, lang)} | {md_escape(reasons)} | "
                             f"{md_escape(sources)} |")
    return "\n".join(lines) + "\n"


def brokers_text(report: CoverageReport, d: StateDetail, lang: str) -> str:
    if not d.brokers:
        return "—"
    how = (t("sampled", lang).format(k=d.betweenness_samples) if d.betweenness_samples
           else t("exact", lang))
    return ", ".join(f"{report.org_name(b.org)} {b.betweenness:.2f}"
                     + (f" ({t('article', lang)})" if b.articulation else "")
                     for b in d.brokers) + f" [{how}]"


def communities_text(report: CoverageReport, d: StateDetail, lang: str, limit: int = 5) -> str:
    if not d.communities:
        return "—"
    parts = []
    for c in d.communities[:limit]:
        ties = (f"{t('talks_to', lang)} " + ", ".join(f"#{i + 1}" for i in c.talks_to)
                if c.talks_to else t("no_ties_with", lang))
        parts.append(f"#{c.index + 1} ({len(c.members)}: "
                     f"{listed(report, c.members, lang, 3)}; {ties})")
    rest = len(d.communities) - limit
    more = " " + t("more", lang).format(n=rest) if rest > 0 else ""
    return "; ".join(parts) + more + f" [{t('method', lang)}: {d.community_method}]"


# --- terminal ------------------------------------------------------------------------------


def to_table(report: CoverageReport, lang: str = "en") -> Table:
    """The state × service grid for a terminal: a symbol (readable without colour) and the
    number of providers, on the heat map's colour. Services are numbered; see ``service_key``.
    """
    T = words(lang)
    table = Table(title=T["title"], box=box.SIMPLE_HEAD, padding=(0, 0), pad_edge=False)
    table.add_column(T["state"], no_wrap=True, max_width=18, overflow="ellipsis")
    for i, _ in enumerate(report.services, 1):
        table.add_column(str(i), justify="center", min_width=3)
    for s in ordered_states(report, lang):
        row: list[Text | str] = [label(report.state_names, s, lang)]
        for v in report.services:
            c = report.cell(s, v)
            ink = "white" if c.status.severity < Status.THIN.severity else "black"
            n = len(c.providers)
            row.append(Text(f"{SYMBOLS[c.status]}{n if n < 100 else '99+'}",
                            style=f"{ink} on {COLOURS[c.status]}"))
        table.add_row(*row)
    return table


def service_key(report: CoverageReport, lang: str = "en") -> str:
    """The numbered services of ``to_table``'s columns."""
    return "  ".join(f"{i} {label(report.service_names, v, lang)}"
                     for i, v in enumerate(report.services, 1))


def legend(lang: str = "en") -> str:
    return "  ".join(f"{SYMBOLS[s]} {status_label(s, lang)}" for s in STATUSES)


def print_report(report: CoverageReport, console: Console | None = None, lang: str = "en"
                 ) -> None:
    console = console or Console()
    console.print(scope_line(report, lang))
    console.print(to_table(report, lang))
    console.print(service_key(report, lang), markup=False)
    console.print(legend(lang), markup=False)
    console.print(DISCLAIMER.text(lang), markup=False)
    for ln in report.summary:
        console.print(f"• {ln.text(lang)}", markup=False)


# --- files ---------------------------------------------------------------------------------

FORMATS = ("json", "csv", "md", "html", "png", "svg")


def write_report(report: CoverageReport, directory: str | Path, lang: str = "es",
                 formats: Iterable[str] = FORMATS, stem: str = "coverage") -> dict[str, Path]:
    """Write the report in each format into ``directory``; the Markdown's heat map is the
    PNG written beside it (written whenever Markdown is asked for)."""
    from referral_graph.gaps.render_html import to_html

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    wanted = list(dict.fromkeys(formats))
    if "md" in wanted and "png" not in wanted:
        wanted.append("png")
    paths: dict[str, Path] = {}
    png = f"{stem}-{lang}.png"
    for fmt in wanted:
        path = directory / f"{stem}-{lang}.{fmt}"
        if fmt in ("png", "svg"):
            write_heatmap(report, path, lang)
        elif fmt == "json":
            path.write_text(to_json(report, lang), encoding="utf-8")
        elif fmt == "csv":
            path.write_text(to_csv(report, lang), encoding="utf-8")
        elif fmt == "md":
            path.write_text(to_markdown(report, lang, image=png), encoding="utf-8")
        elif fmt == "html":
            path.write_text(to_html(report, lang), encoding="utf-8")
        else:
            raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
        paths[fmt] = path
    return paths
