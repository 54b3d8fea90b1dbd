"""Checks across rows: unique ids, and every reference pointing at a row that exists."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from referral_graph.dataset.load import DataSet, Problem, Row

# Kinds whose rows can be the subject of a figure or a statement.
SUBJECT_KINDS = ("organizations", "activities", "agreements", "collaborations", "legislation",
                 "capabilities")


def _key(kind: str) -> str:
    return "code" if kind == "states" else "id"


@functools.cache
def _has(model: type, name: str) -> bool:
    """Whether records of this class have the attribute: asked of the class once, not of
    each row. On a pydantic model that lacks it, `hasattr(record, name)` goes through the
    model's `__getattr__` and an AttributeError for every row (1.3 s of a 100,000-
    organization data set's validation).

    >>> from pydantic import BaseModel
    >>> class Row(BaseModel):
    ...     sources: list[str] = []
    >>> _has(Row, "sources"), _has(Row, "states")
    (True, False)
    """
    return name in getattr(model, "model_fields", {}) or hasattr(model, name)


def cross_check(ds: DataSet) -> list[Problem]:
    from referral_graph.dataset.load import Problem

    problems: list[Problem] = []
    ids: dict[str, set[str]] = {}
    for kind, rows in ds.rows.items():
        seen: dict[str, Row] = {}
        for row in rows:
            rid = getattr(row.record, _key(kind))
            if rid in seen:
                first = seen[rid]
                problems.append(
                    Problem(row.file, row.index, _key(kind),
                            f"duplicate id {rid!r}; first used in {first.file} row {first.index}",
                            row.line, rid)
                )
            seen[rid] = row
        ids[kind] = set(seen)
    subjects = set().union(*(ids[k] for k in SUBJECT_KINDS))

    def check(row: Row, field: str, values: Iterable[str], kind: str, pool: set[str]) -> None:
        for v in values:
            if v not in pool and v not in ds.invalid_ids:
                problems.append(
                    Problem(row.file, row.index, field, f"unknown {kind} {v!r}", row.line,
                            getattr(row.record, "id", None) or getattr(row.record, "code", None))
                )

    for kind, rows in ds.rows.items():
        for row in rows:
            r = row.record
            model: type = type(r)
            if kind != "sources" and _has(model, "sources"):
                check(row, "sources", r.sources, "source", ids["sources"])
            if kind == "organizations":
                check(row, "contact_sources", r.contact_sources, "source", ids["sources"])
            if kind == "organizations" and r.public_source:
                check(row, "public_source", [r.public_source], "source", ids["sources"])
            if kind == "states":
                check(row, "neighbours", r.neighbours, "state", ids["states"])
            if _has(model, "states"):
                check(row, "states", r.states, "state", ids["states"])
            if kind == "capabilities":
                check(row, "organization", [r.organization], "organization", ids["organizations"])
                check(row, "service", [r.service], "service type", ids["service_types"])
                check(row, "covers", r.covers, "state", ids["states"])
            elif kind == "collaborations":
                check(row, "members", [mb.organization for mb in r.members], "organization",
                      ids["organizations"])
            elif kind == "agreements":
                check(row, "parties", r.parties, "organization", ids["organizations"])
            elif kind == "activities":
                check(row, "participants", r.participants, "organization", ids["organizations"])
            elif kind == "legislation" and r.jurisdiction != "MX":
                check(row, "jurisdiction", [r.jurisdiction], "state", ids["states"])
            elif kind == "referrals":
                check(row, "referred_from", [r.referred_from], "organization",
                      ids["organizations"])
                check(row, "referred_to", [r.referred_to], "organization", ids["organizations"])
                check(row, "needs", r.needs, "service type", ids["service_types"])
            elif kind in ("figures", "statements"):
                check(row, "subject", [r.subject], "subject", subjects)
    return problems
