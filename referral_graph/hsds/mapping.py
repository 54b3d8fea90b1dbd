"""How another directory's words become ours: taxonomy terms → service types (a mapping
file), service areas → Mexican states.

Both are pure functions over strings, with doctests; `records.py` applies them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from referral_graph.dataset.load import Problem
from referral_graph.text import fold

DEFAULT_MAPPING = Path(__file__).parent / "mapping.yaml"
_ISO = re.compile(r"\bMX-[A-Z]{3}\b")
# The area an export gives a service when no source says where it is given.
NOT_STATED = {"area no indicada en las fuentes", "area not stated in the sources"}
NATIONAL_NAMES = {"mexico", "mx", "republica mexicana", "estados unidos mexicanos",
                  "nacional", "national", "todo el pais", "the whole country"}


class Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    taxonomy: str | None = None
    code: str | None = None
    name: str | None = None
    service: str = Field(min_length=1)

    @model_validator(mode="after")
    def _matches_something(self) -> Rule:
        if not (self.code or self.name):
            raise ValueError("a rule needs a code or a name to match")
        return self


class MappingFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    terms: list[Rule] = []


@dataclass(frozen=True, slots=True)
class Term:
    """A taxonomy term as the importer sees it, with its taxonomy's name and id."""

    id: str
    name: str
    code: str | None
    taxonomy: str | None  # the term's own `taxonomy` text
    taxonomy_name: str | None
    taxonomy_id: str | None

    def label(self) -> str:
        tax = self.taxonomy_name or self.taxonomy
        code = f" ({self.code})" if self.code else ""
        return f"{tax + ': ' if tax else ''}{self.name}{code}"


def load_mapping(path: Path, services: set[str]) -> tuple[list[Rule], list[Problem]]:
    """The rules of a mapping file, or problems naming the file, rule and field."""
    display = str(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as e:
        return [], [Problem(display, None, None, f"cannot read the mapping file: {e.strerror}")]
    except (yaml.YAMLError, UnicodeDecodeError) as e:
        return [], [Problem(display, None, None, f"not a YAML mapping file: {e}")]
    try:
        mapping = MappingFile.model_validate(data or {})
    except ValidationError as e:
        return [], [Problem(display, _rule_index(err["loc"]),
                            ".".join(str(x) for x in err["loc"]), err["msg"])
                    for err in e.errors()]
    problems = [Problem(display, i, f"terms.{i - 1}.service",
                        f"unknown service type {r.service!r}")
                for i, r in enumerate(mapping.terms, start=1) if r.service not in services]
    return mapping.terms, problems


def _rule_index(loc: tuple[Any, ...]) -> int | None:
    return loc[1] + 1 if len(loc) > 1 and isinstance(loc[1], int) else None


def match(term: Term, rules: list[Rule]) -> str | None:
    """The service type the first matching rule names, or None.

    >>> t = Term("x", "Safe Housing", None, None, "Open Eligibility", None)
    >>> match(t, [Rule(taxonomy="open eligibility", name="safe housing", service="shelter")])
    'shelter'
    >>> match(t, [Rule(taxonomy="AIRS", name="Safe Housing", service="shelter")]) is None
    True
    """
    taxes = {fold(x) for x in (term.taxonomy, term.taxonomy_name) if x} | (
        {term.taxonomy_id} if term.taxonomy_id else set())
    for r in rules:
        if r.taxonomy and fold(r.taxonomy) not in taxes and r.taxonomy not in taxes:
            continue
        if r.code and (term.code is None or fold(r.code) != fold(term.code)):
            continue
        if r.name and fold(r.name) != fold(term.name):
            continue
        return r.service
    return None


def area_states(name: str | None, description: str | None,
                states: dict[str, tuple[str, str]]) -> tuple[list[str], bool]:
    """The state codes a service area names, and whether it means the whole country.

    >>> S = {"MX-OAX": ("Oaxaca", "Oaxaca"), "MX-NLE": ("Nuevo León", "Nuevo Leon")}
    >>> area_states("Nuevo Leon", None, S), area_states("Oaxaca", "ISO 3166-2: MX-OAX", S)
    ((['MX-NLE'], False), (['MX-OAX'], False))
    >>> area_states("México", "ISO 3166-1: MX.", S), area_states("MyCity area", None, S)
    (([], True), ([], False))
    """
    text = " ".join(x for x in (name, description) if x)
    codes = sorted({c for c in _ISO.findall(text) if c in states})
    if codes:
        return codes, False
    by_name = {fold(n): code for code, names in states.items() for n in names}
    key = fold(name or "")
    if key in by_name:
        return [by_name[key]], False
    if key in NATIONAL_NAMES:
        return [], True
    return [], False
