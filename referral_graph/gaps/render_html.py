"""The coverage report as one self-contained HTML page: summary, heat map, per-state detail.

Nothing is fetched: CSS is inline, the heat map is inline SVG (text drawn as paths), there is
no script and no font to download. The page opens from a USB stick on an offline laptop.
"""

from __future__ import annotations

import base64
from html import escape

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
from referral_graph.gaps.report import DISCLAIMER, Cell, CoverageReport

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


def _badge(status: Status, lang: str) -> str:
    # White only on the two darkest fills: on #d84c3e it is 4.2:1, black is 5.0:1 (WCAG AA).
    ink = "#fff" if status.severity < Status.SINGLE_POINT.severity else "#111"
    return (f'<span class="badge" style="background:{COLOURS[status]};color:{ink}">'
            f"{escape(status_label(status, lang))}</span>")


def _cell_row(report: CoverageReport, cell: Cell, lang: str) -> str:
    reasons = " ".join(escape(r.text(lang)) for r in cell.reasons)
    sources = "<br>".join(escape(s.cite()) for s in cell.sources) or "—"
    return (f"<tr><td>{escape(label(report.service_names, cell.service, lang))}</td>"
            f"<td>{_badge(cell.status, lang)}</td>"
            f"<td>{len(cell.providers)}: {escape(listed(report, cell.providers, lang))}</td>"
            f"<td>{reasons}</td><td class=\"src\">{sources}</td></tr>")


def _state_section(report: CoverageReport, state: str, lang: str) -> str:
    T = words(lang)
    d = report.details[state]
    cells = [report.cell(state, v) for v in report.services]
    worst = min((c.status for c in cells), key=lambda s: s.severity)
    bad = sum(1 for c in cells if c.status != Status.COVERED)
    collabs = ", ".join(f"{escape(c.name)} ({c.members} {T['members']})"
                        for c in d.collaborations) or T["none"]
    notes = "".join(f"<br><span class=\"muted\">{escape(n.text(lang))}</span>" for n in d.notes)
    gaps = ", ".join(escape(label(report.service_names, c.service, lang)) for c in cells
                     if c.status == Status.GAP) or "—"
    rows = "".join(_cell_row(report, c, lang)
                   for c in sorted(cells, key=lambda c: c.status.severity)
                   if c.status != Status.GAP)
    name = escape(label(report.state_names, state, lang))
    return f"""<details id="{escape(state)}">
<summary>{name} <span class="muted">({escape(state)})</span> {_badge(worst, lang)}
<span class="muted">{bad}/{len(cells)} {T['not_covered']}</span></summary>
<dl>
<dt>{T['law']}</dt><dd>{escape(law_text(d, lang))}{notes}</dd>
<dt>{T['collaborations']}</dt><dd>{collabs}</dd>
<dt>{T['network']}</dt><dd>{d.orgs} {T['orgs']}, {d.ties} {T['ties']},
 {len(d.components)} {T['components']}, {d.core} {T['core']}</dd>
<dt>{T['brokers']}</dt><dd>{escape(brokers_text(report, d, lang))}</dd>
<dt>{T['isolated']}</dt><dd>{escape(listed(report, d.isolated, lang))}</dd>
<dt>{T['communities']}</dt><dd>{escape(communities_text(report, d, lang))}</dd>
<dt>{_badge(Status.GAP, lang)}</dt><dd>{gaps}</dd>
</dl>
<table><thead><tr><th>{T['service']}</th><th>{T['status']}</th><th>{T['providers']}</th>
<th>{T['reasons']}</th><th>{T['sources']}</th></tr></thead>
<tbody>{rows}</tbody></table>
</details>"""


def to_html(report: CoverageReport, lang: str = "en", image: str = "svg",
            after_summary: str = "") -> str:
    """The page; ``image`` "svg" inlines the heat map as SVG, "png" as a data URI.

    ``after_summary``: an HTML section placed after the summary (a what-if's changes)."""
    T = words(lang)
    counts = report.counts()
    count_line = "".join(f"<span>{_badge(s, lang)} {counts.get(s, 0)}</span>" for s in STATUSES)
    summary = "".join(f"<li>{escape(ln.text(lang))}</li>" for ln in report.summary)
    if image == "png":
        data = base64.b64encode(heatmap_bytes(report, "png", lang)).decode()
        figure = f'<img alt="{escape(T["heatmap"])}" src="data:image/png;base64,{data}">'
    else:
        figure = inline_svg(report, lang).replace(
            "<svg ", f'<svg aria-label="{escape(T["heatmap"])}" ', 1)
    states = "\n".join(_state_section(report, s, lang) for s in ordered_states(report, lang))
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(T['title'])}</title>
<style>{_CSS}</style>
</head>
<body>
<h1>{escape(T['title'])}</h1>
<p class="scope">{escape(scope_line(report, lang))}</p>
<p class="disclaimer">{escape(DISCLAIMER.text(lang))}</p>
<h2>{T['summary']}</h2>
<p class="counts">{count_line}</p>
<ul>{summary or f"<li>{T['no_issues']}</li>"}</ul>
{after_summary}
<h2>{T['heatmap']}</h2>
<figure>{figure}</figure>
<h2>{T['states']}</h2>
{states}
</body>
</html>
"""
