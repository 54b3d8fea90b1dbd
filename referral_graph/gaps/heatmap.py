"""The state × service heat map, as PNG or SVG, in Spanish or English.

Colours come from matplotlib's *inferno* map, sampled at five points: it is safe for the
common colour-vision deficiencies and its lightness rises monotonically, so the severity order
survives greyscale printing. Darkest is worst. Each cell also prints its number of providers
recorded, so no reading depends on colour alone. Text is drawn as paths (no font needed to
view the SVG) and nothing is fetched: the files work offline.

matplotlib (and numpy under it) is imported by the drawing functions only: the colours and
labels here are read wherever a report is rendered, the service's start included, and
loading matplotlib there cost about a second for no picture.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from referral_graph import i18n
from referral_graph.gaps.classify import STATUSES, Status
from referral_graph.gaps.report import CoverageReport

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from matplotlib.typing import RcKeyType

# A bare Figure, never pyplot: PNGs are drawn by Agg, no GUI backend is ever chosen or
# imported, and nothing is left in pyplot's global figure list of a long-running server.

# inferno at 0.12, 0.38, 0.60, 0.80, 0.97: worst (gap) darkest, covered palest.
COLOURS: dict[Status, str] = {
    Status.GAP: "#1f0c48",
    Status.DISCONNECTED: "#7f1e6c",
    Status.SINGLE_POINT: "#d84c3e",
    Status.THIN: "#f9a621",
    Status.COVERED: "#f6f7b0",
}
_DARK = {Status.GAP, Status.DISCONNECTED}  # white text on these (black on #d84c3e: 5.0:1)

_RC: dict[RcKeyType, str] = {
    "svg.fonttype": "path",
    "svg.hashsalt": "referral-graph",  # stable ids: the same report gives the same SVG
    "font.family": "DejaVu Sans",  # ships with matplotlib: accents, offline
}


def _subtitle(report: CoverageReport, lang: str) -> str:
    t = i18n.group("gaps.heatmap", lang)
    parts = []
    if report.synthetic:
        parts.append(t["synthetic"])
    if report.as_of:
        parts.append(t["as_of"].format(date=report.as_of.isoformat()))
    if report.without:
        parts.append(t["without"].format(orgs=", ".join(report.org_name(o)
                                                        for o in report.without)))
    return " · ".join(parts)


def figure(report: CoverageReport, lang: str = "en") -> Figure:
    """The heat map as a matplotlib figure (one row per state, one column per service)."""
    import matplotlib as mpl
    from matplotlib.colors import BoundaryNorm, ListedColormap
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    states, services = ordered_states(report, lang), report.services
    codes = {s: i for i, s in enumerate(STATUSES)}
    grid = [[codes[report.cell(st, sv).status] for sv in services] for st in states]
    cmap = ListedColormap([COLOURS[s] for s in STATUSES])
    norm = BoundaryNorm([i - 0.5 for i in range(len(STATUSES) + 1)], cmap.N)

    with mpl.rc_context(_RC):
        width = 2.6 + 0.62 * len(services)
        height = 2.9 + 0.30 * len(states)
        fig = Figure(figsize=(width, height), dpi=110, layout="constrained")
        ax = fig.add_subplot()
        ax.pcolormesh(grid, cmap=cmap, norm=norm, edgecolors="white", linewidth=1.0)
        ax.invert_yaxis()  # first state on top, as in a table
        for i, st in enumerate(states):
            for j, sv in enumerate(services):
                cell = report.cell(st, sv)
                n = len(cell.providers)
                ax.text(j + 0.5, i + 0.5, "99+" if n > 99 else str(n), ha="center",
                        va="center", fontsize=7.5,
                        color="white" if cell.status in _DARK else "#222222")
        ax.set_xticks([j + 0.5 for j in range(len(services))],
                      [_short(label(report.service_names, sv, lang)) for sv in services],
                      rotation=40, ha="right", rotation_mode="anchor", fontsize=8.5)
        ax.set_yticks([i + 0.5 for i in range(len(states))],
                      [_short(label(report.state_names, st, lang), 34) for st in states],
                      fontsize=8.5)
        ax.tick_params(length=0)
        ax.xaxis.tick_top()
        ax.xaxis.set_label_position("top")
        for tick in ax.get_xticklabels():
            tick.set_horizontalalignment("left")
        for spine in ax.spines.values():
            spine.set_visible(False)
        ax.set_aspect("auto")
        labels = {st: i18n.text("gap_status", st.value, lang) for st in STATUSES}
        counts = report.counts()
        handles = [Patch(facecolor=COLOURS[s], edgecolor="#888888",
                         label=f"{labels[s]} ({counts.get(s, 0)})") for s in STATUSES]
        fig.legend(handles=handles, loc="outside lower center", ncols=3, fontsize=8.5,
                   frameon=False)
        fig.suptitle(i18n.text("gaps.heatmap", "title", lang), fontsize=12, fontweight="bold")
        sub = _subtitle(report, lang)
        note = i18n.text("gaps.heatmap", "note", lang)
        ax.set_xlabel((f"{sub}\n" if sub else "") + note, fontsize=8.5, color="#333333",
                      labelpad=8)
        ax.xaxis.set_label_position("bottom")
    return fig


def label(names: Mapping[str, tuple[str, str]], key: str, lang: str) -> str:
    """A state's or service's name as a label (capitalized, unlike inside a sentence)."""
    es, en = names.get(key, (key, key))
    return es if lang == "es" else en


def ordered_states(report: CoverageReport, lang: str) -> list[str]:
    """States in alphabetical order of their name in ``lang``, as a reader looks them up."""
    return sorted(report.states, key=lambda s: label(report.state_names, s, lang).casefold())


def _short(text: str, limit: int = 28) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def heatmap_bytes(report: CoverageReport, fmt: str = "png", lang: str = "en") -> bytes:
    """The heat map encoded as ``png`` or ``svg``."""
    import matplotlib as mpl

    fig = figure(report, lang)
    buf = io.BytesIO()
    with mpl.rc_context(_RC):
        fig.savefig(buf, format=fmt, dpi=150 if fmt == "png" else None,
                    metadata={"Date": None} if fmt == "svg" else {"Software": None})
    return buf.getvalue()


def write_heatmap(report: CoverageReport, path: str | Path, lang: str = "en") -> Path:
    """Write the heat map; the format follows the suffix (``.png`` or ``.svg``)."""
    path = Path(path)
    fmt = path.suffix.lstrip(".").lower()
    if fmt not in ("png", "svg"):
        raise ValueError(f"heat map format must be .png or .svg, not {path.suffix!r}")
    path.write_bytes(heatmap_bytes(report, fmt, lang))
    return path


def inline_svg(report: CoverageReport, lang: str = "en") -> str:
    """The SVG for pasting inside an HTML page: no XML prolog, metadata or namespace URIs
    (HTML parses inline SVG without them), so the page holds no address at all."""
    svg = heatmap_bytes(report, "svg", lang).decode()
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    svg = re.sub(r'\s+xmlns(:\w+)?="[^"]*"', "", svg)
    return svg.replace("<svg ", '<svg role="img" ', 1)
