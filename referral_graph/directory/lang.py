"""Spanish and English labels for the directory's codes, and the caller's language.

Spanish is the default: most users work in Spanish. An `Accept-Language` header that
prefers English switches the default; an explicit ``lang`` argument always wins.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum


class Lang(StrEnum):
    ES = "es"
    EN = "en"


def from_accept_language(header: str | None) -> Lang:
    """The caller's preferred language among ours, by `Accept-Language` q-values.

    >>> from_accept_language("en-GB,en;q=0.9,es;q=0.5")
    <Lang.EN: 'en'>
    >>> from_accept_language("fr, es;q=0.4, en;q=0.3")
    <Lang.ES: 'es'>
    >>> from_accept_language(None)
    <Lang.ES: 'es'>
    """
    best, best_q = Lang.ES, -1.0
    for part in (header or "").split(","):
        tag, _, params = part.strip().partition(";")
        primary = tag.strip().lower().split("-")[0]
        if primary not in ("es", "en"):
            continue
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                continue
        if q > best_q:
            best, best_q = Lang(primary), q
    return best


LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "kind": {
        "shelter": ("Refugio", "Shelter"),
        "ngo": ("Organización de la sociedad civil", "NGO"),
        "government_agency": ("Dependencia de gobierno", "Government agency"),
        "human_rights_commission": ("Comisión de derechos humanos", "Human rights commission"),
        "task_force_secretariat": ("Secretaría técnica de grupo de trabajo",
                                   "Task force secretariat"),
        "international": ("Organismo internacional", "International organization"),
        "foreign_government": ("Gobierno extranjero", "Foreign government"),
        "academic": ("Institución académica", "Academic institution"),
        "union": ("Sindicato", "Union"),
        "media": ("Medio de comunicación", "Media"),
        "consultancy": ("Consultoría", "Consultancy"),
        "project": ("Proyecto", "Project"),
        "not_stated": ("Tipo no indicado", "Kind not stated"),
    },
    "sector": {
        "civil_society": ("Sociedad civil", "Civil society"),
        "federal": ("Gobierno federal", "Federal government"),
        "state": ("Gobierno estatal", "State government"),
        "municipal": ("Gobierno municipal", "Municipal government"),
        "international": ("Internacional", "International"),
        "foreign": ("Extranjero", "Foreign"),
        "private": ("Privado", "Private"),
        "academic": ("Académico", "Academic"),
        "not_stated": ("Sector no indicado", "Sector not stated"),
    },
    "reach": {
        "operates_in": ("Trabaja en el estado", "Works in the state"),
        "covers": ("Atiende el estado", "Covers the state"),
        "national": ("Alcance nacional", "National reach"),
        "neighbour": ("En un estado vecino", "In a neighbouring state"),
        "elsewhere": ("En otro estado", "In another state"),
    },
    "basis": {
        "stated": ("Indicado en un documento", "Stated in a document"),
        "mandate": ("Por mandato legal", "By legal mandate"),
    },
    "law": {
        "comprehensive": ("Ley integral", "Comprehensive law"),
        "partial": ("Reforma parcial", "Partial reform"),
        "none": ("Sin ley", "No law"),
        "not_stated": ("No indicado en los documentos", "Not stated in the documents"),
    },
    "capacity": {
        "has_capacity": ("Con lugar disponible", "Has capacity"),
        "full": ("Lleno", "Full"),
        "unknown": ("Disponibilidad desconocida", "Capacity unknown"),
    },
    "capacity_unit": {
        "beds": ("Camas", "Beds"),
        "places": ("Lugares", "Places"),
    },
}


def label(group: str, code: str | None, lang: Lang) -> str | None:
    """The label of a code in a language; the code itself when there is none.

    >>> label("kind", "shelter", Lang.ES), label("kind", "shelter", Lang.EN)
    ('Refugio', 'Shelter')
    """
    if code is None:
        return None
    pair = LABELS.get(group, {}).get(code)
    if pair is None:
        return code
    return pair[0] if lang is Lang.ES else pair[1]


def long_date(day: dt.date, lang: Lang) -> str:
    """A date as people write it.

    >>> long_date(dt.date(2009, 3, 31), Lang.ES), long_date(dt.date(2009, 3, 31), Lang.EN)
    ('31 de marzo de 2009', '31 March 2009')
    """
    month = label("month", str(day.month), lang)
    return f"{day.day} de {month} de {day.year}" if lang is Lang.ES else \
        f"{day.day} {month} {day.year}"


def month_year(day: dt.date, lang: Lang) -> str:
    """A month as people write it.

    >>> month_year(dt.date(2009, 3, 31), Lang.ES)
    'marzo de 2009'
    """
    month = label("month", str(day.month), lang)
    return f"{month} de {day.year}" if lang is Lang.ES else f"{month} {day.year}"


def _take_record_labels() -> None:
    # The documented records' labels live beside this table (lang_records.py).
    from referral_graph.directory.lang_records import RECORD_LABELS

    LABELS.update(RECORD_LABELS)


_take_record_labels()
