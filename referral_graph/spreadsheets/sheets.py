"""The template's sheets: which record each holds, its columns, and how a cell becomes a
field of the data-set models (the same pydantic models the seed files and the API use).

A list (states, sources, parties ...) is written in one cell, its items separated by ``;``.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pydantic import BaseModel

from referral_graph.dataset import model as m
from referral_graph.spreadsheets.safe import restore

SEP = "; "
_TRUE = {"true", "yes", "si", "sí", "1", "x", "verdadero"}
_FALSE = {"false", "no", "0", "falso"}


class Membership(BaseModel):
    """A row of the memberships sheet: an organization in a task force or network."""

    model_config = m.Record.model_config
    collaboration: m.Slug
    organization: m.Slug
    role: str | None = None


@dataclass(frozen=True, slots=True)
class Sheet:
    name: str  # sheet name, CSV file stem and data-set kind
    model: type[BaseModel]
    columns: tuple[str, ...]


SHEETS: tuple[Sheet, ...] = (
    Sheet("sources", m.Source, ("id", "document", "section", "table", "passage", "date",
                                "synthetic")),
    Sheet("organizations", m.Organization, (
        "id", "name", "acronym", "alternate_names", "kind", "sector", "states", "national",
        "city", "confidential", "public_source", "languages", "populations", "active_from",
        "active_to", "named_by_role", "note",
        "phones", "website", "email", "address", "contact_sources", "sources", "synthetic")),
    Sheet("capabilities", m.Capability, (
        "id", "organization", "service", "basis", "mandate", "covers", "national", "scope",
        "group", "active_from", "active_to", "note", "sources", "synthetic")),
    Sheet("collaborations", m.Collaboration, (
        "id", "name", "alternate_names", "kind", "level", "states", "formed", "formed_text",
        "goals", "member_description", "sources", "synthetic")),
    Sheet("memberships", Membership, ("collaboration", "organization", "role")),
    Sheet("agreements", m.Agreement, (
        "id", "kind", "subject", "parties", "party_description", "states", "date",
        "date_text", "ends", "note", "sources", "synthetic")),
)
BY_NAME = {s.name: s for s in SHEETS}


def _base(annotation: Any) -> Any:
    """The field's type without Optional/Annotated: list, bool, int, date, an enum, str."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0]
        else:
            return annotation


def kind_of(sheet: Sheet, column: str) -> Any:
    return _base(sheet.model.model_fields[column].annotation)


def choices(sheet: Sheet, column: str) -> list[str]:
    """The allowed values of an enum column (for the template's drop-down lists)."""
    t = kind_of(sheet, column)
    return [e.value for e in t] if isinstance(t, type) and issubclass(t, StrEnum) else []


def to_cell(value: Any) -> Any:
    """A record's field as a cell value.

    >>> to_cell(["MX-OAX", "MX-PUE"]), to_cell(True), to_cell(dt.date(2009, 3, 1))
    ('MX-OAX; MX-PUE', 'true', '2009-03-01')
    """
    if value is None:
        return None
    if isinstance(value, list | tuple | frozenset | set):
        return SEP.join(str(v) for v in value) if value else None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def from_cell(sheet: Sheet, column: str, value: Any) -> tuple[Any, str | None]:
    """A cell as the model's field, or (None, a message saying what was expected).

    >>> s = BY_NAME["organizations"]
    >>> from_cell(s, "states", "MX-OAX; MX-PUE;"), from_cell(s, "national", "Sí")
    ((['MX-OAX', 'MX-PUE'], None), (True, None))
    >>> from_cell(s, "national", "maybe")[1]
    'write true or false (sí/no)'
    """
    if isinstance(value, str):
        value = restore(value.strip())
        if value == "":
            return None, None
    if value is None:
        return None, None
    t = typing.get_origin(kind_of(sheet, column)) or kind_of(sheet, column)
    if t is list:
        text = str(value)
        return [x.strip() for x in text.replace("\n", ";").split(";") if x.strip()], None
    if t is bool:
        if isinstance(value, bool):
            return value, None
        word = str(value).strip().lower()
        if word in _TRUE or word in _FALSE:
            return word in _TRUE, None
        return None, "write true or false (sí/no)"
    if t is dt.date and isinstance(value, dt.datetime):
        return value.date(), None
    if t is str and isinstance(value, int | float) and not isinstance(value, bool):
        return str(int(value)) if float(value).is_integer() else str(value), None
    return value, None
