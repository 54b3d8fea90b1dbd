"""What changed between two coverage reports, as data, text, CSV, Markdown or HTML.

A change is a claim about the data set like the rest of the report: "a new gap" means the
records before the change named a provider and the records after it name none.
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from typing import Any

from referral_graph import i18n
from referral_graph.gaps.classify import Status
from referral_graph.gaps.effects import NetworkEffect, effect_text, kind_label, network_effects
from referral_graph.gaps.heatmap import label
from referral_graph.gaps.render import (
    check_lang,
    md_escape,
    scope_line,
    status_label,
    to_csv,
    to_dict,
    to_markdown,
    words,
)
from referral_graph.gaps.render_html import to_html
from referral_graph.gaps.report import CoverageReport, StatusChange
from referral_graph.gaps.service import Comparison
from referral_graph.spreadsheets.safe import safe_writer
from referral_graph.templating import render

COUNTED = ("new_gap", "weaker", "closed_gap", "stronger", "other")  # in headline order


def _t(lang: str) -> dict[str, str]:
    return i18n.group("gaps.changes", check_lang(lang))


def kind(change: StatusChange) -> str:
    """new_gap, closed_gap, weaker, stronger or other: what the change means for a victim
    who needs the service there.

    >>> kind(StatusChange("MX-OAX", "legal_aid", Status.SINGLE_POINT, Status.GAP, ()))
    'new_gap'
    """
    if change.after == Status.GAP:
        return "new_gap"
    if change.before == Status.GAP:
        return "closed_gap"
    if change.after.severity < change.before.severity:
        return "weaker"
    if change.after.severity > change.before.severity:
        return "stronger"
    return "other"


def ordered(cmp: Comparison) -> list[StatusChange]:
    """New gaps first, then weaker cells, closed gaps, stronger cells; by state, service."""
    rank = {"new_gap": 0, "weaker": 1, "closed_gap": 2, "stronger": 3, "other": 4}
    states = {s: i for i, s in enumerate(cmp.after.states)}
    services = {v: i for i, v in enumerate(cmp.after.services)}
    return sorted(cmp.diff.changed, key=lambda c: (rank[kind(c)], states.get(c.state, 0),
                                                   services.get(c.service, 0)))


def headline(cmp: Comparison, lang: str) -> str:
    """One sentence with the counts, e.g. "3 new gaps, 1 other cell weaker."."""
    if not cmp.diff.changed:
        return _t(lang)["none"] if not effects(cmp) else _t(lang)["network_only"]
    kinds = [kind(c) for c in cmp.diff.changed]
    check_lang(lang)
    parts = [i18n.plural("gaps.changes.counted", k, n, lang)
             for k in COUNTED if (n := kinds.count(k))]
    return ", ".join(parts) + "."


def _names(cmp: Comparison, ids: Sequence[str]) -> list[str]:
    return [cmp.org_name(o) for o in ids]


def change_dict(cmp: Comparison, c: StatusChange, lang: str) -> dict[str, Any]:
    after = cmp.after
    return {
        "state": c.state,
        "state_name": label(after.state_names, c.state, lang),
        "service": c.service,
        "service_name": label(after.service_names, c.service, lang),
        "kind": kind(c),
        "kind_label": _t(lang)[kind(c)],
        "before": c.before.value,
        "before_label": status_label(c.before, lang),
        "after": c.after.value,
        "after_label": status_label(c.after, lang),
        "lost": list(c.lost),
        "lost_names": _names(cmp, c.lost),
        "gained": list(c.gained),
        "gained_names": _names(cmp, c.gained),
        "reasons": [r.text(lang) for r in c.reasons],
    }


def effects(cmp: Comparison) -> list[NetworkEffect]:
    """Organizations isolated, brokers lost, networks split by the change, per state."""
    return network_effects(cmp.before, cmp.after)


def effect_dict(cmp: Comparison, e: NetworkEffect, lang: str) -> dict[str, Any]:
    state = label(cmp.after.state_names, e.state, lang)
    return {
        "state": e.state, "state_name": state, "kind": e.kind,
        "kind_label": kind_label(e.kind, lang),
        "organizations": list(e.orgs), "organization_names": _names(cmp, e.orgs),
        "causes": list(e.causes), "cause_names": _names(cmp, e.causes),
        "parts_before": e.parts_before, "parts_after": e.parts_after,
        "text": effect_text(e, state, cmp.org_name, lang),
    }


def changes_dict(cmp: Comparison, lang: str = "en") -> dict[str, Any]:
    """The comparison as JSON-ready data: both scopes, the headline, every changed cell, and
    what the change does to each state's network."""
    changes = [change_dict(cmp, c, lang) for c in ordered(cmp)]
    network = [effect_dict(cmp, e, lang) for e in effects(cmp)]
    return {
        "before": scope_line(cmp.before, lang),
        "after": scope_line(cmp.after, lang),
        "headline": headline(cmp, lang),
        "lines": [group_line(cmp, g, lang) for g in groups(cmp)] + [e["text"] for e in network],
        "new_gaps": [c for c in changes if c["kind"] == "new_gap"],
        "closed_gaps": [c for c in changes if c["kind"] == "closed_gap"],
        "other_changes": [c for c in changes if c["kind"] not in ("new_gap", "closed_gap")],
        "network_effects": network,
    }


def groups(cmp: Comparison) -> list[list[StatusChange]]:
    """Changed cells that read as one line: same service, same change, same providers lost
    and gained (closing a national provider changes one service in many states alike)."""
    out: dict[tuple, list[StatusChange]] = {}
    for c in ordered(cmp):
        out.setdefault((kind(c), c.service, c.before, c.after, c.lost, c.gained), []).append(c)
    return list(out.values())


def _who(cmp: Comparison, c: StatusChange, lang: str) -> str:
    T = _t(lang)
    who = [f"{T['lost']}: {', '.join(_names(cmp, c.lost))}"] if c.lost else []
    who += [f"{T['gained']}: {', '.join(_names(cmp, c.gained))}"] if c.gained else []
    return f" ({'; '.join(who)})" if who else ""


def group_line(cmp: Comparison, group: Sequence[StatusChange], lang: str) -> str:
    """One line for a group: "[new gap] Legal aid: Single point of failure → No provider
    recorded (no longer recorded: PROTEJA) in 3 states: Oaxaca, Puebla, Tlaxcala." A
    single cell also gets the first reason for its new status, unless it is a gap (whose
    reason only repeats that nothing is recorded)."""
    T, R = _t(lang), words(lang)
    after, c = cmp.after, group[0]
    change = (f"{label(after.service_names, c.service, lang)}: "
              f"{status_label(c.before, lang)} → {status_label(c.after, lang)}"
              f"{_who(cmp, c, lang)}")
    places = [label(after.state_names, x.state, lang) for x in group]
    if len(group) == 1:
        reason = f" {c.reasons[0].text(lang)}" if c.reasons and c.after != Status.GAP else ""
        return f"[{T[kind(c)]}] {places[0]} · {change}.{reason}"
    return (f"[{T[kind(c)]}] {change}, {len(group)} {R['states'].lower()}: "
            f"{', '.join(places)}.")


def changes_text(cmp: Comparison, lang: str = "en") -> str:
    """For the terminal: both scopes, the headline, then the changed cells, grouped."""
    T = _t(lang)
    lines = [f"{T['before']}: {scope_line(cmp.before, lang)}",
             f"{T['after']}: {scope_line(cmp.after, lang)}", headline(cmp, lang)]
    lines += [f"  {group_line(cmp, g, lang)}" for g in groups(cmp)]
    lines += [f"  {effect_dict(cmp, e, lang)['text']}" for e in effects(cmp)]
    return "\n".join(lines) + "\n"


def changes_csv(cmp: Comparison, lang: str = "en") -> str:
    """One row per changed cell."""
    T, R = _t(lang), words(lang)
    out = io.StringIO()
    w = safe_writer(out, lineterminator="\n")  # no cell can run as a formula
    w.writerow(["state_code", R["state"], "service_id", R["service"], "change", T["kind"],
                "before", T["before"], "after", T["after"], "lost_ids", T["lost"],
                "gained_ids", T["gained"], R["reasons"]])
    for c in (change_dict(cmp, c, lang) for c in ordered(cmp)):
        w.writerow([c["state"], c["state_name"], c["service"], c["service_name"], c["kind"],
                    c["kind_label"], c["before"], c["before_label"], c["after"],
                    c["after_label"], "; ".join(c["lost"]), "; ".join(c["lost_names"]),
                    "; ".join(c["gained"]), "; ".join(c["gained_names"]),
                    " ".join(c["reasons"])])
    return out.getvalue()


def changes_markdown(cmp: Comparison, lang: str = "en", level: int = 2) -> str:
    """A section: title, both scopes, headline, and the changed cells as a list."""
    T = _t(lang)
    lines = [f"{'#' * level} {T['title']}", "",
             f"- **{T['before']}:** {md_escape(scope_line(cmp.before, lang))}",
             f"- **{T['after']}:** {md_escape(scope_line(cmp.after, lang))}", "",
             md_escape(headline(cmp, lang)), ""]
    lines += [f"- {md_escape(group_line(cmp, g, lang))}" for g in groups(cmp)]
    lines += [f"- {md_escape(effect_dict(cmp, e, lang)['text'])}" for e in effects(cmp)]
    return "\n".join(lines) + "\n"


def changes_html(cmp: Comparison, lang: str = "en") -> str:
    """A section of the HTML report (no script, no style of its own): the template
    ``templates/gaps/changes.html.jinja``, autoescaped."""
    lines = [group_line(cmp, g, lang) for g in groups(cmp)]
    lines += [effect_dict(cmp, e, lang)["text"] for e in effects(cmp)]
    table = [change_dict(cmp, c, lang) for c in ordered(cmp)]
    return render("gaps/changes.html.jinja", lang=lang, title=_t(lang)["title"], T=_t(lang),
                  R=words(lang), before=scope_line(cmp.before, lang),
                  after=scope_line(cmp.after, lang), headline=headline(cmp, lang),
                  lines=lines, table=table).rstrip("\n")


def report_document(report: CoverageReport, cmp: Comparison | None, fmt: str, lang: str = "en",
                    image: str | None = None) -> str:
    """The report as ``html``, ``json``, ``csv`` or ``md`` (``image``: the heat-map file beside
    it); with ``cmp``, a what-if's changes follow the summary (the CSV stays the matrix)."""
    if fmt == "html":
        return to_html(report, lang, after_summary=changes_html(cmp, lang) if cmp else "")
    if fmt == "md":
        return to_markdown(report, lang, image=image,
                           after_summary=changes_markdown(cmp, lang) if cmp else "")
    if fmt == "json":
        data = to_dict(report, lang)
        if cmp is not None:
            data["changes"] = changes_dict(cmp, lang)
        return json.dumps(data, ensure_ascii=False, indent=1)
    if fmt == "csv":
        return to_csv(report, lang)
    raise ValueError(f"format: {fmt!r} is not one of html, json, csv, md")
