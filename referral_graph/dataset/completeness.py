"""Is every fact of the source documents in the data set, or excused? A check, not a hope.

Every date, number, money amount, percentage, identifier and proper name of each source
document (found by `dataset.facts`) must be either

- **held**: a record carries the value (in a field, or in its own text such as a note or a
  statement's value) and cites a source passage that contains that occurrence; or
- **excused**: listed in the data set's ``not-modelled.yaml`` with a reason.

Dates and numbers count per occurrence (two "two"s are two facts); a proper name counts once
per document (held when one of its occurrences is). The check fails on excuses that no
longer match anything, excuses for facts that are held anyway, and excuses whose checkable
claims are false: ``repeats: ID`` (that record holds the same value) and ``count_of: [IDs]``
(the number counts exactly those records).

The documents and the known names are listed in the data set's ``completeness.yaml``.

Just over 400 lines on purpose: one check whose matching rules (per occurrence, per name,
checkable excuses) must be read together to be trusted; finding the facts is `dataset.facts`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

import yaml

from referral_graph.dataset.facts import Day, Fact, extract
from referral_graph.dataset.load import DataSet
from referral_graph.reference.states import state_index
from referral_graph.text import fold

CONFIG = "completeness.yaml"
EXCUSES = "not-modelled.yaml"
MIN_REASON = 25  # characters: "not modelled" is not a reason
# Record kinds whose rows state facts (sources are the passages; the reference rows are not
# from the documents).
RECORD_KINDS = ("organizations", "capabilities", "collaborations", "agreements", "activities",
                "legislation", "figures", "statements")


@dataclass(frozen=True, slots=True)
class Document:
    file: str
    title: str  # as `sources.yaml` names it in `document`
    year: int | None = None  # of dates written without a year (a report's tables)


@dataclass(frozen=True, slots=True)
class Excuse:
    document: str  # file name
    text: str
    reason: str
    context: str | None = None  # a longer passage around `text`, when it occurs more than once
    repeats: str | None = None  # a record that holds the same value from another passage
    count_of: tuple[str, ...] = ()  # the records the number counts
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    fact: Fact
    status: str  # held | excused | missing
    by: tuple[str, ...] = ()  # record ids that hold it
    excuse: Excuse | None = None


@dataclass
class DocumentReport:
    document: Document
    findings: list[Finding] = field(default_factory=list)

    def count(self, status: str | None = None) -> int:
        return sum(1 for f in self.findings if status is None or f.status == status)

    @property
    def missing(self) -> list[Finding]:
        return [f for f in self.findings if f.status == "missing"]


@dataclass
class Report:
    documents: list[DocumentReport]
    problems: list[str]  # excuses that are stale, redundant or false; config errors

    @property
    def ok(self) -> bool:
        return not self.problems and not any(d.missing for d in self.documents)

    def summary(self) -> list[dict[str, Any]]:
        return [{"document": d.document.file, "facts": d.count(), "held": d.count("held"),
                 "excused": d.count("excused"), "missing": d.count("missing")}
                for d in self.documents]


# --- configuration -------------------------------------------------------------------------


@dataclass(frozen=True)
class Config:
    documents: tuple[Document, ...]
    names: tuple[str, ...]
    not_names: tuple[str, ...]
    excuses: tuple[Excuse, ...]


def load_config(seed_dir: Path) -> Config:
    """The documents, known names and excuses of a data set directory."""
    conf = yaml.safe_load((seed_dir / CONFIG).read_text(encoding="utf-8")) or {}
    docs = tuple(Document(d["file"], d["title"], d.get("year"))
                 for d in conf.get("documents", ()))
    path = seed_dir / EXCUSES
    text = path.read_text(encoding="utf-8")
    rows = (yaml.safe_load(text) or {}).get("not_modelled", [])
    lines = _row_lines(text)
    excuses = []
    for i, r in enumerate(rows):
        unknown = set(r) - {"document", "text", "reason", "context", "repeats", "count_of"}
        if unknown:
            raise ValueError(f"{EXCUSES} row {i + 1}: unknown field(s) {sorted(unknown)}")
        excuses.append(Excuse(r["document"], str(r["text"]), str(r.get("reason") or ""),
                              r.get("context"), r.get("repeats"),
                              tuple(r.get("count_of") or ()),
                              lines[i] if i < len(lines) else None))
    return Config(docs, tuple(conf.get("names", ())), tuple(conf.get("not_names", ())),
                  tuple(excuses))


def _row_lines(text: str) -> list[int]:
    root = yaml.compose(text)
    for k, v in root.value if isinstance(root, yaml.MappingNode) else ():
        if k.value == "not_modelled" and isinstance(v, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in v.value]
    return []


# --- what a record holds -------------------------------------------------------------------


@dataclass
class Holdings:
    """Every value one record carries: dates, numbers, identifiers, names (folded text)."""

    days: list[Day] = field(default_factory=list)
    numbers: set[float] = field(default_factory=set)
    text: str = ""  # folded, with spaces around, for name look-ups
    raw: str = ""  # as written, for identifiers
    states: set[str] = field(default_factory=set)


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _strings(v)
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)


def holdings(record: Any, year: int | None) -> Holdings:
    """What `record` holds: its date and number fields, and every fact of its own text."""
    h = Holdings()
    data = record.model_dump(exclude={"sources"})
    for key, value in data.items():
        if isinstance(value, dt.date):
            h.days.append((value.year, value.month, value.day))
        elif isinstance(value, bool):
            continue
        elif isinstance(value, int | float) and key != "id":
            h.numbers.add(float(value))
            if record.__class__.__name__ == "Figure" and getattr(record, "unit", "") == "fraction":
                h.numbers.add(round(float(value) * 100, 6))
    for key in ("states", "covers"):
        h.states |= set(data.get(key) or ())
    if data.get("jurisdiction", "MX") != "MX":
        h.states.add(data["jurisdiction"])
    texts = [s for k, v in data.items() if k not in ("id",) for s in _strings(v)]
    h.raw = " | ".join(texts)
    h.text = f" {fold(h.raw)} "
    for f in extract(h.raw, year=year):
        if f.kind == "date":
            h.days.extend(cast(tuple[Day, Day], f.value))
        elif f.kind in ("number", "money", "percent"):
            values = f.value if isinstance(f.value, tuple) else (f.value,)
            h.numbers |= {float(v) for v in values}
    return h


def _day_held(day: Day, days: Sequence[Day]) -> bool:
    y, m, d = day
    return any(y == b[0] and (m is None or m == b[1]) and (d is None or d == b[2])
               for b in days)


_STATES: dict[str, str] | None = None


def _state_of(name: str) -> str | None:
    global _STATES
    if _STATES is None:
        _STATES = state_index()
    return _STATES.get(name)


def value_held(fact: Fact, h: Holdings) -> bool:
    """Does the record whose holdings are `h` carry the fact's value?"""
    if fact.kind == "date":
        start, end = cast(tuple[Day, Day], fact.value)  # a date fact's value: (from, to)
        return _day_held(start, h.days) and _day_held(end, h.days)
    if fact.kind in ("number", "money", "percent"):
        values = fact.value if isinstance(fact.value, tuple) else (fact.value,)
        return all(float(v) in h.numbers for v in values)
    if fact.kind == "identifier":
        return str(fact.value) in h.raw
    name = str(fact.value)
    if f" {name} " in h.text:
        return True
    code = _state_of(name)
    return code is not None and code in h.states


# --- where passages stand in a document -----------------------------------------------------


@lru_cache(maxsize=1024)
def passage_spans(document: str, passage: str) -> tuple[tuple[int, int], ...]:
    """Where `passage` stands in `document`, whatever the whitespace (tables use tabs)."""
    words = passage.split()
    if not words:
        return ()
    pat = re.compile(r"\s+".join(re.escape(w) for w in words))
    return tuple(m.span() for m in pat.finditer(document))


# --- the check -----------------------------------------------------------------------------


@lru_cache(maxsize=8192)
def _folded_text(text: str) -> str:
    return fold(text)


def _excuse_matches(e: Excuse, fact: Fact, text: str) -> bool:
    if _folded_text(e.text) != _folded_text(fact.text):
        return False
    if e.context is None:
        return True
    return any(s <= fact.start and fact.end <= t for s, t in passage_spans(text, e.context))


def check(ds: DataSet, config: Config, docs_dir: Path) -> Report:
    """Every fact of every configured document, held, excused or missing."""
    problems: list[str] = []
    years = {d.title: d.year for d in config.documents}
    sources = {s.id: s for s in ds.records("sources")}
    records: list[tuple[str, Any, list[str]]] = []  # (id, record, source ids)
    held_by: dict[str, Holdings] = {}
    for s in sources.values():  # a source holds its document's date, if its passage gives it
        if s.date is not None:
            records.append((s.id, s, [s.id]))
            held_by[s.id] = Holdings(days=[(s.date.year, s.date.month, s.date.day)])
    for kind in RECORD_KINDS:
        for r in ds.records(kind):
            cites = [sources[s] for s in r.sources if s in sources]
            year = next((years.get(s.document) for s in cites if years.get(s.document)), None)
            records.append((r.id, r, list(r.sources)))
            held_by[r.id] = holdings(r, year)
    # The known names, and every state's names from the reference data.
    names = [*config.names, *(n for s in ds.records("states") for n in (s.name_es, s.name_en))]
    reports = []
    used: set[int] = set()
    for doc in config.documents:
        path = docs_dir / doc.file
        if not path.exists():
            problems.append(f"{doc.file}: not found in {docs_dir}")
            continue
        text = path.read_text(encoding="utf-8")
        spans = {sid: passage_spans(text, s.passage) for sid, s in sources.items()
                 if s.document == doc.title}
        for sid, sp in spans.items():
            if not sp:
                problems.append(f"{doc.file}: source {sid}'s passage is not in the document")
        facts = extract(text, year=doc.year, names=names, not_names=config.not_names)
        # Each record's passages in this document; a record citing none cannot hold its facts.
        cited = {rid: [sp for s in srcs for sp in spans.get(s, ())] for rid, _, srcs in records}
        cited = {rid: sp for rid, sp in cited.items() if sp}
        excuses = [(i, e) for i, e in enumerate(config.excuses) if e.document == doc.file]
        rep = DocumentReport(doc)
        names_held: dict[str, tuple[str, ...]] = {}
        pending_names: list[Fact] = []
        for fact in facts:
            holders = tuple(
                rid for rid, sp in cited.items()
                if any(a <= fact.start and fact.end <= b for a, b in sp)
                and value_held(fact, held_by[rid]))
            if fact.kind == "name":
                if holders:
                    names_held.setdefault(str(fact.value), holders)
                pending_names.append(fact)
                continue
            rep.findings.append(_finding(fact, holders, excuses, text, used))
        seen: set[str] = set()
        for fact in pending_names:  # one finding per distinct name
            if fact.value in seen:
                continue
            seen.add(str(fact.value))
            rep.findings.append(_finding(fact, names_held.get(str(fact.value), ()), excuses,
                                         text, used))
        reports.append(rep)
        problems += _check_excuses(doc, excuses, rep, text, facts, used, ds, held_by)
    return Report(reports, problems)


def _finding(fact: Fact, holders: tuple[str, ...], excuses: list[tuple[int, Excuse]],
             text: str, used: set[int]) -> Finding:
    match = next(((i, e) for i, e in excuses if _excuse_matches(e, fact, text)), None)
    if match is not None:
        used.add(match[0])
    if holders:
        return Finding(fact, "held", holders, match[1] if match else None)
    if match is not None:
        return Finding(fact, "excused", (), match[1])
    return Finding(fact, "missing")


def _check_excuses(doc: Document, excuses: list[tuple[int, Excuse]], rep: DocumentReport,
                   text: str, facts: list[Fact], used: set[int], ds: DataSet,
                   held_by: dict[str, Holdings]) -> list[str]:
    problems = []
    for i, e in excuses:
        where = f"{EXCUSES}:{e.line}" if e.line else f"{EXCUSES} row {i + 1}"
        if len(e.reason.strip()) < MIN_REASON:
            problems.append(f"{where}: {e.text!r}: give a specific reason")
        if e.context is not None and not passage_spans(text, e.context):
            problems.append(f"{where}: {e.text!r}: the context is not in {doc.file}")
        if i not in used:
            problems.append(f"{where}: {e.text!r} matches no fact of {doc.file}")
            continue
        matched = [f for f in rep.findings if f.excuse is e]
        if matched and all(f.status == "held" for f in matched):
            by = sorted({b for f in matched for b in f.by})
            problems.append(f"{where}: {e.text!r} is held by {', '.join(by)}: drop the excuse")
        if e.repeats is not None:
            h = held_by.get(e.repeats)
            if h is None:
                problems.append(f"{where}: repeats: no record {e.repeats!r}")
            elif not all(value_held(f.fact, h) for f in matched):
                problems.append(f"{where}: {e.repeats} does not hold {e.text!r}")
        if e.count_of:
            known = {r.id for k in RECORD_KINDS for r in ds.records(k)}
            missing = [x for x in e.count_of if x not in known]
            if missing:
                problems.append(f"{where}: count_of: no record(s) {', '.join(missing)}")
            for f in matched:
                values = f.fact.value if isinstance(f.fact.value, tuple) else (f.fact.value,)
                if any(float(v) != len(e.count_of) for v in values):
                    problems.append(f"{where}: {e.text!r} is not the count of "
                                    f"{len(e.count_of)} record(s)")
    return problems


def context_of(text: str, fact: Fact, width: int = 50) -> str:
    """The fact with some words around it, on one line."""
    a, b = max(0, fact.start - width), min(len(text), fact.end + width)
    return re.sub(r"\s+", " ", text[a:b]).strip()


def report_text(report: Report, docs_dir: Path, show: str = "missing") -> str:
    """A table per document (facts, held, excused, missing), then the facts `show` asks
    for (missing, excused, held or all) with their context, then the excuses' problems."""
    lines = [f"{'document':<40} {'facts':>6} {'held':>6} {'excused':>8} {'missing':>8}"]
    for row in report.summary():
        lines.append(f"{row['document']:<40} {row['facts']:>6} {row['held']:>6} "
                     f"{row['excused']:>8} {row['missing']:>8}")
    for d in report.documents:
        text = (docs_dir / d.document.file).read_text(encoding="utf-8")
        chosen = [f for f in d.findings if show == "all" or f.status == show]
        if chosen:
            lines.append(f"\n{d.document.file}:")
        for f in chosen:
            why = (", ".join(f.by) if f.status == "held" else
                   f.excuse.reason if f.excuse else "neither held nor excused")
            lines.append(f"  [{f.status}] {f.fact.kind} {f.fact.text!r}: "
                         f"…{context_of(text, f.fact)}… — {why}")
    if report.problems:
        lines.append("\nProblems with not-modelled.yaml or the sources:")
        lines += [f"  - {p}" for p in report.problems]
    lines.append("\nEvery fact is held or excused." if report.ok else
                 "\nIncomplete: hold each missing fact in a record (with its passage) or excuse "
                 f"it in {EXCUSES} with a reason.")
    return "\n".join(lines)


def report_dict(report: Report, docs_dir: Path) -> dict[str, Any]:
    out: dict[str, Any] = {"ok": report.ok, "summary": report.summary(),
                           "problems": report.problems, "facts": []}
    for d in report.documents:
        text = (docs_dir / d.document.file).read_text(encoding="utf-8")
        out["facts"] += [{"document": d.document.file, "kind": f.fact.kind,
                          "text": f.fact.text, "status": f.status, "held_by": list(f.by),
                          "reason": f.excuse.reason if f.excuse else None,
                          "context": context_of(text, f.fact)} for f in d.findings]
    return out


def run(seed_dir: Path, docs_dir: Path) -> Report:
    from referral_graph.dataset.load import load_dataset

    return check(load_dataset(seed_dir), load_config(seed_dir), docs_dir)
