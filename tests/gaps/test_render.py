"""Every rendering, in both languages, offline."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import networkx as nx
import pytest
from rich.console import Console

from referral_graph.gaps import coverage_report, diff_reports
from referral_graph.gaps.heatmap import COLOURS, STATUS_LABELS, heatmap_bytes, write_heatmap
from referral_graph.gaps.render import (
    diff_text,
    print_report,
    to_csv,
    to_dict,
    to_json,
    to_markdown,
    write_report,
)
from referral_graph.gaps.render_html import to_html
from referral_graph.gaps.report import CoverageReport
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


def test_html_order_summary_heatmap_states_and_sources(report: CoverageReport) -> None:
    html = to_html(report, "en")
    summary = html.index("4 states have no provider of")
    heat = html.index("<svg")
    oaxaca = html.index('<details id="MX-OAX">')
    assert summary < heat < oaxaca
    assert "Test quarterly report, Table 9" in html[oaxaca:]
    assert "Every recorded path from the state&#x27;s task forces and networks" in html


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
    for status, es in STATUS_LABELS["es"].items():
        assert es != STATUS_LABELS["en"][status]
    en_md, es_md = to_markdown(report, "en"), to_markdown(report, "es")
    assert "Coverage-gap report" in en_md and "Informe de brechas de cobertura" in es_md
    assert "No provider of Service medical recorded" not in es_md
    assert "Sin proveedor registrado" in es_md and "No provider recorded" in en_md


def test_terminal_table(report: CoverageReport) -> None:
    console = Console(record=True, width=100)
    print_report(report, console, "es")
    out = console.export_text()
    assert "Oaxaca" in out and "Punto único de falla" in out and "✗0" in out


def test_write_report_every_format(tmp_path: Path, report: CoverageReport) -> None:
    paths = write_report(report, tmp_path, "es")
    assert set(paths) == {"json", "csv", "md", "html", "png", "svg"}
    assert all(p.stat().st_size > 500 for p in paths.values())
    with pytest.raises(ValueError):
        write_report(report, tmp_path, "es", formats=["pdf"])
    with pytest.raises(ValueError):
        to_csv(report, "fr")


def test_diff_text(graph: nx.Graph, report: CoverageReport) -> None:
    after = coverage_report(graph, services=SERVICES, without=["proj"])
    text = diff_text(diff_reports(report, after), after, "en")
    assert text.startswith("New gaps: 3")
    assert "Guerrero · Service legal_aid: Single point of failure → No provider recorded" in text


def test_what_if_title_names_the_closed_org(graph: nx.Graph) -> None:
    after = coverage_report(graph, services=SERVICES, without=["proj"])
    assert "As if closed: PROJ" in to_markdown(after, "en")
