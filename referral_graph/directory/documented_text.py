"""The documented records as text for the terminal, in Spanish or English, each with its
passages (the CLI's `figures`, `conflicts`, `activities` and `agreements`)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from referral_graph.directory.documented import (
    Activity,
    Conflict,
    Figure,
    Subject,
)
from referral_graph.directory.lang import Lang, label
from referral_graph.directory.model import Agreement
from referral_graph.network.model import SourceRef


def _w(key: str, lang: Lang) -> str:
    return label("words", key, lang) or key


def _quote(sources: Sequence[SourceRef], lang: Lang) -> list[str]:
    return [f"   {_w('source', lang)}: {s.cite()} — «{s.passage}»" for s in sources]


def _subject(s: Subject, lang: Lang) -> str:
    name = s.name or label("placeholder", "confidential_shelter", lang)
    return f"{label('subject_kind', s.kind, lang)}: {name}"


def _span(start: dt.date, end: dt.date | None) -> str:
    return start.isoformat() + (f" – {end.isoformat()}" if end and end != start else "")


def figures_text(items: Sequence[Figure], lang: Lang) -> str:
    lines = [f"{len(items)} {_w('figures', lang)}"]
    for f in items:
        value = f"{f.value:g}" + (f" {f.unit}" if f.unit else "")
        lines.append(f"- {label('metric', f.metric, lang)}: {value} ({_subject(f.about, lang)})")
        lines.append(f"   «{f.text}»")
        lines += _quote(f.sources, lang)
    return "\n".join(lines)


def conflicts_text(items: Sequence[Conflict], lang: Lang) -> str:
    lines = [f"{len(items)} {_w('conflicts', lang)}"]
    for c in items:
        lines.append(f"- {c.attribute} [{_w('unresolved', lang)}]")
        for s in c.sides:
            lines.append(f"  · {s.value} ({_subject(s.about, lang)})")
            lines += _quote(s.sources, lang)
    return "\n".join(lines)


def activities_text(items: Sequence[Activity], lang: Lang) -> str:
    lines = [f"{len(items)} {_w('activities', lang)}"]
    for a in items:
        where = ", ".join(a.states) + (f" ({a.city})" if a.city else "")
        lines.append(f"- {_span(a.start, a.end)} · {label('activity_kind', a.kind, lang)} · "
                     f"{where}: {a.theme}")
        who = ", ".join(a.participants) or "—"
        lines.append(f"   {_w('organizations', lang)} ({len(a.participants)}): {who}"
                     + (f" · {_w('no_tie', lang)}" if a.makes_no_tie else ""))
        if a.participant_count is not None or a.participant_description:
            count = f"{a.participant_count} " if a.participant_count is not None else ""
            lines.append(f"   {_w('participants', lang)}: {count}"
                         f"{a.participant_description or ''}".rstrip())
        lines += _quote(a.sources, lang)
    return "\n".join(lines)


def agreements_text(items: Sequence[Agreement], lang: Lang) -> str:
    lines = [f"{len(items)} {_w('agreements', lang)}"]
    for a in items:
        when = a.date.isoformat() if a.date else (a.date_text or "—")
        ends = f"; {_w('ends', lang)} {a.ends.isoformat()}" if a.ends else ""
        lines.append(f"- {label('agreement_kind', a.kind, lang)}: {a.subject} ({when}{ends})")
        lines.append(f"   {_w('parties', lang)}: {', '.join(a.parties) or '—'}"
                     + (f" · {a.party_description}" if a.party_description else ""))
        lines += _quote(a.sources, lang)
    return "\n".join(lines)


def as_json(items: Sequence[Any]) -> str:
    """The records as JSON (dates as ISO strings)."""
    return json.dumps([dataclasses.asdict(x) for x in items], default=str, ensure_ascii=False,
                      indent=1)
