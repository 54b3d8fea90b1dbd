"""Every rendering, in both languages, offline."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import networkx as nx
import pytest
from rich.console import Console

from referral_graph.gaps import coverage_report
from referral_graph.gaps.changes import (
    changes_csv,
    changes_dict,
    changes_html,
    changes_markdown,
    changes_text,
)
from referral_graph.gaps.classify import STATUSES
from referral_graph.gaps.heatmap import COLOURS, heatmap_bytes, write_heatmap
from referral_graph.gaps.render import (
    print_report,
    status_label,
    to_csv,
    to_dict,
    to_json,
    to_markdown,
    write_report,
)
from referral_graph.gaps.render_html import to_html
from referral_graph.gaps.report import CoverageReport
from referral_graph.gaps.service import compare_for, what_if_for
from tests.gaps.conftest import SERVICES, STATES

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?(?:https?:)?//|"""
                      r"""@import|<link\b|<script\b""", re.I)


@pytest.fixture
def report(graph: nx.Graph) -> CoverageReport:
    return coverage_report(graph, services=SERVICES)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_json_round_trips_with_every_cell(report: CoverageReport, lang: str) -> None:
    data = json.loads(to_json(report, lang))
    assert data == to_dict(report, lang)
    assert len(data["cells"]) == len(STATES) * len(SERVICES)
    cell = next(c for c in data["cells"] if (c["state"], c["service"]) == ("MX-OAX", "shelter"))
    assert cell["status"] == "single_point" and cell["separators"] == ["hub", "tf1"]
    assert cell["sources"] == [{"id": "src-1", "cite": "Test quarterly report, Table 9"}]
    assert data["details"]["MX-OAX"]["isolated"] == ["m1"]


def test_csv_has_a_row_per_cell_and_localized_headers(report: CoverageReport) -> None:
    en = list(csv.reader(io.StringIO(to_csv(report, "en"))))
    es = list(csv.reader(io.StringIO(to_csv(report, "es"))))
    assert len(en) == 1 + len(STATES) * len(SERVICES)
    assert en[0] != es[0] and en[0][0] == es[0][0] == "state_code"
    row = next(r for r in en if r[0] == "MX-OAX" and r[2] == "shelter")
    assert row[4] == "single_point" and row[6] == "2" and "Org hub" in row[11]


def test_markdown_references_the_png_beside_it(tmp_path: Path, report: CoverageReport) -> None:
    paths = write_report(report, tmp_path, "en", formats=["md"])
    md = paths["md"].read_text(encoding="utf-8")
    assert "![Heat map](coverage-en.png)" in md
    assert (tmp_path / "coverage-en.png").read_bytes().startswith(PNG_MAGIC)
    assert "not that none exists" in md
    assert "### Oaxaca (MX-OAX)" in md and "Test quarterly report, Table 9" in md


@pytest.mark.parametrize("lang", ["es", "en"])
def test_html_is_self_contained(report: CoverageReport, lang: str) -> None:
    for image in ("svg", "png"):
        html = to_html(report, lang, image=image)
        assert not EXTERNAL.search(html)
        assert "http" not in html  # not even an XML namespace: nothing that looks fetchable
        assert html.count("<details") == len(STATES)
        assert f'<html lang="{lang}">' in html
    assert "<svg" in to_html(report, lang, "svg")
    assert "data:image/png;base64," in to_html(report, lang, "png")


@pytest.mark.parametrize("lang", ["es", "en"])
def test_html_escapes_what_the_data_says(graph: nx.Graph, lang: str) -> None:
    # The pages and the report are Jinja2 templates with autoescape: a name from the data
    # is text, never markup, wherever it is shown (the state's isolated list, providers).
    from tests.gaps.conftest import org

    org(graph, "evil", "MX-OAX", "shelter", name='<script>alert("x")</script> & Co')
    html = to_html(coverage_report(graph, services=SERVICES), lang)
    assert "<script>" not in html and "&lt;script&gt;" in html and "&amp; Co" in html


def test_html_order_summary_heatmap_states_and_sources(report: CoverageReport) -> None:
    html = to_html(report, "en")
    summary = html.index("4 states have no provider of")
    heat = html.index("<svg")
    oaxaca = html.index('<details id="MX-OAX">')
    assert summary < heat < oaxaca
    assert "Test quarterly report, Table 9" in html[oaxaca:]
    assert "Every recorded path from the state&#39;s task forces and networks" in html  # escaped


def test_png_and_svg_are_written_and_not_trivial(tmp_path: Path, report: CoverageReport
                                                 ) -> None:
    png = write_heatmap(report, tmp_path / "map.png", "es")
    svg = write_heatmap(report, tmp_path / "map.svg", "en")
    assert png.read_bytes().startswith(PNG_MAGIC) and png.stat().st_size > 20_000
    text = svg.read_text(encoding="utf-8")
    assert text.lstrip().startswith("<?xml") and "<svg" in text and len(text) > 20_000
    for colour in {COLOURS[c.status] for c in report.cells.values()}:
        assert colour in text  # every status present is drawn in its colour
    with pytest.raises(ValueError):
        write_heatmap(report, tmp_path / "map.gif")


def test_svg_is_stable(report: CoverageReport) -> None:
    assert heatmap_bytes(report, "svg", "en") == heatmap_bytes(report, "svg", "en")


def test_spanish_and_english_labels_differ(report: CoverageReport) -> None:
    assert heatmap_bytes(report, "png", "es") != heatmap_bytes(report, "png", "en")
    for status in STATUSES:
        assert status_label(status, "es") != status_label(status, "en")
    en_md, es_md = to_markdown(report, "en"), to_markdown(report, "es")
    assert "Coverage-gap report" in en_md and "Informe de brechas de cobertura" in es_md
    assert "No provider of Service medical recorded" not in es_md
    assert "Sin proveedor registrado" in es_md and "No provider recorded" in en_md


def test_terminal_table(report: CoverageReport) -> None:
    console = Console(record=True, width=100)
    print_report(report, console, "es")
    out = console.export_text()
    assert "Oaxaca" in out and "Un solo proveedor o" in out and "✗0" in out


def test_write_report_every_format(tmp_path: Path, report: CoverageReport) -> None:
    paths = write_report(report, tmp_path, "es")
    assert set(paths) == {"json", "csv", "md", "html", "png", "svg"}
    assert all(p.stat().st_size > 500 for p in paths.values())
    with pytest.raises(ValueError):
        write_report(report, tmp_path, "es", formats=["pdf"])
    with pytest.raises(ValueError):
        to_csv(report, "fr")


def test_changes_text_names_what_closing_proj_leaves(graph: nx.Graph) -> None:
    cmp = compare_for(graph, see_confidential=True, services=SERVICES, without=["proj"],
                      all_dates=True)
    lines = changes_text(cmp, "en").splitlines()
    every = "Date basis: none: every record counts, whatever its dates."
    assert lines[0].startswith(f"Before: {every} Synthetic data")
    assert lines[1].startswith(f"After: {every} As if closed: PROJ.")
    assert lines[2] == "3 new gaps."
    assert lines[3:] == [
        "  [new gap] Service legal_aid: Single point of failure → No provider recorded (no "
        "longer recorded: PROJ), 3 states: Chihuahua, Guerrero, Yucatán."]


def test_changes_in_every_format_say_the_same(graph: nx.Graph) -> None:
    cmp = compare_for(graph, see_confidential=True, services=SERVICES, without=["hub"],
                      all_dates=True)
    data = changes_dict(cmp, "es")
    assert data["new_gaps"] == [] and data["closed_gaps"] == []
    (c,) = data["other_changes"]
    assert (c["state"], c["service"], c["kind"], c["before"], c["after"]) == (
        "MX-OAX", "shelter", "weaker", "single_point", "disconnected")
    assert c["lost"] == [] and c["kind_label"] == "más débil"  # the hub provides no shelter
    rows = list(csv.DictReader(io.StringIO(changes_csv(cmp, "es"))))
    assert [(r["state_code"], r["service_id"], r["change"]) for r in rows] == [
        ("MX-OAX", "shelter", "weaker")]
    md = changes_markdown(cmp, "es")
    assert md.startswith("## Qué cambia\n") and "\n1 celda más débil.\n" in md
    assert ("- [más débil] Oaxaca · Servicio shelter: Un solo proveedor o vínculo → "
            "Proveedores sin vínculo con la red estatal. 2 proveedores de servicio "
            "shelter en Oaxaca (Org s1 y Org s2), sin ningún vínculo registrado con "
            "los grupos de trabajo y redes del estado.\n") in md
    # and what closing the hub does to Oaxaca's network, with who caused it
    assert md.endswith("- Oaxaca: su red se divide (2 → 3 partes conectadas), por el cierre "
                       "de Org hub.\n")
    html = changes_html(cmp, "es")
    assert html.count("<tr>") == 2 and "más débil" in html and not EXTERNAL.search(html)


def test_no_change_says_so(graph: nx.Graph) -> None:
    cmp = compare_for(graph, see_confidential=True, services=SERVICES)
    assert cmp.diff.changed == ()
    assert changes_text(cmp, "en").splitlines()[2] == "No cell changes status."
    assert "<table>" not in changes_html(cmp, "en")


def test_closed_gaps_come_after_new_ones(graph: nx.Graph) -> None:
    # From mid-2009 (proj closed) to all records: the three gaps proj's end opened close.
    cmp = compare_for(graph, see_confidential=True, services=SERVICES,
                      before_as_of=dt.date(2009, 6, 1), all_dates=True)
    data = changes_dict(cmp, "en")
    assert [(c["state"], c["service"]) for c in data["closed_gaps"]] == [
        ("MX-CHH", "legal_aid"), ("MX-GRO", "legal_aid"), ("MX-YUC", "legal_aid")]
    assert all(c["gained"] == ["proj"] and c["gained_names"] == ["PROJ"] and c["lost"] == []
               for c in data["closed_gaps"])
    assert data["new_gaps"] == []
    assert [c["kind"] for c in data["other_changes"]] == ["stronger", "stronger"]
    assert data["headline"] == "3 gaps closed, 2 other cells stronger."


def test_what_if_report_carries_its_changes(graph: nx.Graph, tmp_path: Path) -> None:
    report, cmp = what_if_for(graph, see_confidential=True, services=SERVICES,
                              without=["proj"], all_dates=True)
    assert cmp is not None and cmp.after is report and report.without == ("proj",)
    assert len(cmp.diff.new_gaps) == 3
    page = to_html(report, "en", after_summary=changes_html(cmp, "en"))
    assert page.index('id="changes"') < page.index("Heat map")
    md = to_markdown(report, "en", image=None, after_summary=changes_markdown(cmp, "en"))
    assert md.index("## What changes") < md.index("## States")
    assert what_if_for(graph, see_confidential=True, services=SERVICES)[1] is None


def test_what_if_title_names_the_closed_org(graph: nx.Graph) -> None:
    after = coverage_report(graph, services=SERVICES, without=["proj"])
    assert "As if closed: PROJ" in to_markdown(after, "en")
