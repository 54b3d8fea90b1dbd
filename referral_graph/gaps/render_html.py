"""The coverage report as one self-contained HTML page: summary, heat map, per-state detail.

Nothing is fetched: CSS is inline, the heat map is inline SVG (text drawn as paths), there is
no script and no font to download. The page opens from a USB stick on an offline laptop.
"""

from __future__ import annotations

import base64
from html import escape
from typing import Any

from referral_graph.gaps.classify import STATUSES, Status
from referral_graph.gaps.heatmap import COLOURS, heatmap_bytes, inline_svg, label, ordered_states
from referral_graph.gaps.render import (
    brokers_text,
    communities_text,
    law_text,
    listed,
    scope_line,
    status_label,
    words,
)
from referral_graph.gaps.report import DISCLAIMER, CoverageReport
from referral_graph.templating import Markup, render

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;
 margin:0 auto;max-width:1100px;padding:1.5rem;color:#1d1d1f;line-height:1.45}
h1{margin:.2rem 0}h2{border-bottom:2px solid #ddd;padding-bottom:.2rem;margin-top:2rem}
.scope{color:#555}.disclaimer{background:#f3f3f6;border-left:4px solid #888;padding:.6rem .9rem}
.badge{display:inline-block;padding:.05rem .45rem;border-radius:.3rem;font-size:.85em;
 border:1px solid #999;white-space:nowrap}
.counts span{margin-right:.9rem}
figure{margin:1rem 0}figure svg,figure img{max-width:100%;height:auto}
details{border:1px solid #ddd;border-radius:.4rem;margin:.5rem 0;padding:.3rem .8rem}
summary{cursor:pointer;font-weight:600}
table{border-collapse:collapse;width:100%;margin:.6rem 0;font-size:.92em}
th,td{border-bottom:1px solid #e3e3e3;text-align:left;padding:.3rem .4rem;vertical-align:top}
th{background:#fafafa}.muted{color:#666}.src{font-size:.85em;color:#444}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{font-weight:600}
dd{margin:0}
@media print{details{break-inside:avoid}details:not([open]) > *:not(summary){display:block}}
"""


def _ink(status: Status) -> str:
    # White only on the two darkest fills: on #d84c3e it is 4.2:1, black is 5.0:1 (WCAG AA).
    return "#fff" if status.severity < Status.SINGLE_POINT.severity else "#111"


def _state(report: CoverageReport, state: str, lang: str) -> dict[str, Any]:
    """What the template shows of one state."""
    d = report.details[state]
    cells = [report.cell(state, v) for v in report.services]
    return {
        "code": state, "name": label(report.state_names, state, lang),
        "worst": min((c.status for c in cells), key=lambda s: s.severity),
        "bad": sum(1 for c in cells if c.status != Status.COVERED), "cells": len(cells),
        "law": law_text(d, lang), "notes": [n.text(lang) for n in d.notes],
        "collaborations": [(c.name, c.members) for c in d.collaborations],
        "orgs": d.orgs, "ties": d.ties, "components": len(d.components), "core": d.core,
        "brokers": brokers_text(report, d, lang), "isolated": listed(report, d.isolated, lang),
        "communities": communities_text(report, d, lang),
        "gaps": [label(report.service_names, c.service, lang) for c in cells
                 if c.status == Status.GAP],
        "rows": [{"service": label(report.service_names, c.service, lang), "status": c.status,
                  "count": len(c.providers), "providers": listed(report, c.providers, lang),
                  "reasons": [r.text(lang) for r in c.reasons],
                  "sources": [s.cite() for s in c.sources]}
                 for c in sorted(cells, key=lambda c: c.status.severity)
                 if c.status != Status.GAP],
    }


def to_html(report: CoverageReport, lang: str = "en", image: str = "svg",
            after_summary: str = "") -> str:
    """The page (``templates/gaps/report.html.jinja``, autoescaped); ``image`` "svg" inlines
    the heat map as SVG, "png" as a data URI.

    ``after_summary``: an HTML section placed after the summary (a what-if's changes)."""
    T = words(lang)
    counts = report.counts()
    if image == "png":
        data = base64.b64encode(heatmap_bytes(report, "png", lang)).decode()
        figure = render("gaps/png.html.jinja", alt=T["heatmap"], data=data).rstrip("\n")
    else:
        figure = inline_svg(report, lang).replace(
            "<svg ", f'<svg aria-label="{escape(T["heatmap"])}" ', 1)
    return render(
        "gaps/report.html.jinja", lang=lang, T=T, css=Markup(_CSS),
        scope=scope_line(report, lang), disclaimer=DISCLAIMER.text(lang),
        counts=[(s, counts.get(s, 0)) for s in STATUSES],
        summary=[ln.text(lang) for ln in report.summary],
        after_summary=Markup(after_summary), figure=Markup(figure),
        states=[_state(report, s, lang) for s in ordered_states(report, lang)],
        colours=COLOURS, ink=_ink, status_label=lambda s: status_label(s, lang),
        gap=Status.GAP,
    )
