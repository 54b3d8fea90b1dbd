"""What the documents report besides who provides what: figures, the statements that
disagree (conflicts), activities and agreements — as plain records, for the API and the CLI.

Each function takes ``see_confidential``. For a public caller a confidential organization is
never named: it is not listed as a participant or a party, filtering by it matches nothing
(as an unknown id does), and a figure or statement about it says "a confidential shelter"
instead of its name and id.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from referral_graph.directory.model import Agreement, native_date, source
from referral_graph.network.model import SourceRef
from referral_graph.store import documented_cypher as q
from referral_graph.store.driver import Database

SUBJECT_KINDS = {"Organization": "organization", "Activity": "activity",
                 "Agreement": "agreement", "Collaboration": "collaboration",
                 "Legislation": "legislation", "Capability": "capability"}


@dataclass(frozen=True, slots=True)
class Subject:
    """The record a figure or statement is about; ``id`` None when hidden from the caller."""

    id: str | None
    kind: str  # organization, activity, agreement, collaboration, legislation, capability
    name: str | None  # None when hidden: the interface says "confidential shelter"
    confidential: bool = False


@dataclass(frozen=True, slots=True)
class Figure:
    id: str
    metric: str
    value: float
    text: str  # as the document writes it
    about: Subject
    unit: str | None = None
    period_from: dt.date | None = None
    period_to: dt.date | None = None
    sources: tuple[SourceRef, ...] = ()


@dataclass(frozen=True, slots=True)
class Side:
    """One statement of a conflict, with the passages that make it."""

    id: str
    value: str
    attribute: str
    about: Subject
    sources: tuple[SourceRef, ...] = ()


@dataclass(frozen=True, slots=True)
class Conflict:
    """Documents that disagree. The data set keeps every side and picks none."""

    id: str
    attribute: str
    sides: tuple[Side, ...]
    resolved: bool = False  # the documents settle nothing; nor does the data set


@dataclass(frozen=True, slots=True)
class Activity:
    id: str
    kind: str
    theme: str
    start: dt.date
    participants: tuple[str, ...]  # organizations the caller may see, by id
    end: dt.date | None = None
    states: tuple[str, ...] = ()
    city: str | None = None
    participant_count: int | None = None  # persons, as the document counts them
    participant_description: str | None = None
    table: str | None = None
    note: str | None = None
    sources: tuple[SourceRef, ...] = ()

    @property
    def makes_no_tie(self) -> bool:
        """One participating organization only: the event ties nobody to anybody."""
        return len(self.participants) < 2


def _sources(rows: Sequence[dict[str, Any]]) -> tuple[SourceRef, ...]:
    return tuple(sorted((source(r) for r in rows if r and r.get("id")), key=lambda s: s.id))


def _subject(row: dict[str, Any], see: bool) -> Subject:
    kind = SUBJECT_KINDS.get(row.get("label") or "", "record")
    if row.get("confidential") and not see:
        return Subject(None, kind, None, True)
    return Subject(row["id"], kind, row.get("name"), bool(row.get("confidential")))


def _hidden(db: Database, ids: Sequence[str], see: bool) -> set[str]:
    """Which of `ids` name records the caller may not see (confidential organizations)."""
    if see or not ids:
        return set()
    from referral_graph.directory.service import organizations

    visible = organizations(db, ids, see_confidential=False)
    everyone = organizations(db, ids, see_confidential=True)
    return set(everyone) - set(visible)


def figures(db: Database, *, see_confidential: bool, about: Sequence[str] | None = None,
            metric: str | None = None, ids: Sequence[str] | None = None) -> list[Figure]:
    """Figures the documents report, about some records (all when None), by metric id
    (case-insensitive substring: "trained" finds ``individuals_trained``).
    `ids`: only these figures."""
    about_ids = _visible_ids(db, about, see_confidential)
    if about_ids == []:
        return []
    rows = db.read(q.FIGURES, about=about_ids, ids=list(ids) if ids is not None else None,
                   metric=metric.strip().lower() if metric else None)
    out = []
    for r in rows:
        f = r["figure"]
        out.append(Figure(
            id=f["id"], metric=f["metric"], value=f["value"], text=f["text"],
            about=_subject(f["about"], see_confidential), unit=f.get("unit"),
            period_from=native_date(f.get("period_from")),
            period_to=native_date(f.get("period_to")), sources=_sources(f["sources"])))
    return out


def conflicts(db: Database, *, see_confidential: bool, about: Sequence[str] | None = None,
              ids: Sequence[str] | None = None, statements: Sequence[str] | None = None
              ) -> list[Conflict]:
    """Where the documents disagree: each conflict with every side and its passages.
    `ids`: only these conflicts; `statements`: only the conflicts with these sides."""
    about_ids = _visible_ids(db, about, see_confidential)
    if about_ids == []:
        return []
    out = []
    for r in db.read(q.CONFLICTS, about=about_ids, ids=list(ids) if ids is not None else None,
                     sides=list(statements) if statements is not None else None):
        sides = tuple(Side(s["id"], s["value"], s["attribute"],
                           _subject(s["about"], see_confidential), _sources(s["sources"]))
                      for s in r["sides"])
        out.append(Conflict(r["conflict"], sides[0].attribute if sides else "", sides))
    return out


def activities(db: Database, *, see_confidential: bool,
               organizations: Sequence[str] | None = None, state: str | None = None,
               start: dt.date | None = None, end: dt.date | None = None,
               kind: str | None = None, ids: Sequence[str] | None = None) -> list[Activity]:
    """Trainings, workshops, meetings… that overlap [start, end], by date; with the
    organizations the caller may see and the number of persons the document gives.
    `ids`: only these activities."""
    rows = db.read(q.ACTIVITIES, see=see_confidential, kind=kind, state=state,
                   ids=list(ids) if ids is not None else None,
                   organizations=list(organizations) if organizations is not None else None,
                   **{"from": start, "to": end})
    out = []
    for r in rows:
        a = r["activity"]
        start = native_date(a["start"])
        assert start is not None  # the data-set model requires it of every activity
        out.append(Activity(
            id=a["id"], kind=a["kind"], theme=a["theme"], start=start,
            end=native_date(a.get("end")), participants=tuple(sorted(a["participants"])),
            states=tuple(sorted(a["states"])), city=a.get("city"),
            participant_count=a.get("participant_count"),
            participant_description=a.get("participant_description"), table=a.get("table"),
            note=a.get("note"), sources=_sources(a["sources"])))
    return out


def agreements(db: Database, *, see_confidential: bool,
               organizations: Sequence[str] | None = None, state: str | None = None,
               start: dt.date | None = None, end: dt.date | None = None,
               kind: str | None = None, ids: Sequence[str] | None = None
               ) -> list[Agreement]:
    """MOUs, agreements and grants that may overlap [start, end] (an undated one is kept:
    its ``date_text`` says what the documents say), with the parties the caller may see.
    `ids`: only these agreements."""
    rows = db.read(q.AGREEMENTS, see=see_confidential, kind=kind, state=state,
                   ids=list(ids) if ids is not None else None,
                   organizations=list(organizations) if organizations is not None else None,
                   **{"from": start, "to": end})
    out = []
    for r in rows:
        a = r["agreement"]
        out.append(Agreement(
            id=a["id"], kind=a["kind"], subject=a["subject"],
            parties=tuple(sorted(a["parties"])), states=tuple(sorted(a["states"])),
            date=native_date(a.get("date")), date_text=a.get("date_text"),
            ends=native_date(a.get("ends")), party_description=a.get("party_description"),
            note=a.get("note"), sources=_sources(a["sources"])))
    return out


def _visible_ids(db: Database, ids: Sequence[str] | None, see: bool) -> list[str] | None:
    """`ids` without the organizations the caller may not see ([] when none is left)."""
    if ids is None:
        return None
    hidden = _hidden(db, list(ids), see)
    return [i for i in ids if i not in hidden]


def by_participant(items: Sequence[Activity], ids: Sequence[str]) -> dict[str, list[Activity]]:
    """Activities grouped under each of `ids` that took part (for batched look-ups)."""
    out: dict[str, list[Activity]] = {i: [] for i in ids}
    for a in items:
        for p in a.participants:
            if p in out:
                out[p].append(a)
    return out


def by_subject(items: Sequence[Figure], ids: Sequence[str]) -> dict[str, list[Figure]]:
    out: dict[str, list[Figure]] = {i: [] for i in ids}
    for f in items:
        if f.about.id in out:
            out[f.about.id].append(f)
    return out


def conflicts_by_subject(items: Sequence[Conflict], ids: Sequence[str]
                         ) -> dict[str, list[Conflict]]:
    out: dict[str, list[Conflict]] = {i: [] for i in ids}
    for c in items:
        for i in {s.about.id for s in c.sides if s.about.id is not None} & set(out):
            out[i].append(c)
    return out
