"""What a user means by a service: names and synonyms, and free text such as "asesoría legal
en Oaxaca" or "lawyer in Mexico City" read as (service, state).

The taxonomy (`seeds/reference/service_types.yaml`) lists each service's Spanish and English
names and the words people use for it (``synonyms_es``, ``synonyms_en``: "abogado",
"psicólogo", "lawyer"). Accents and case are ignored; the longest match wins, so "trabajo
social" is social protection, not vocational training.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from referral_graph.config import SEEDS_DIR
from referral_graph.reference.errors import UnknownName
from referral_graph.reference.states import state_index
from referral_graph.text import fold

SERVICES_FILE = SEEDS_DIR / "reference" / "service_types.yaml"


class ServiceError(UnknownName):
    """A service argument that names no service type; GraphQL reports BAD_USER_INPUT."""

    HINT = ("is not a service type; give its id, name or a usual word for it, e.g. legal_aid, "
            "asesoría jurídica or abogado")


@lru_cache(maxsize=4)
def service_index(path: Path = SERVICES_FILE) -> dict[str, str]:
    """Folded spelling -> service id, for every id, name and synonym of `path`."""
    rows = yaml.safe_load(path.read_text(encoding="utf-8"))["service_types"]
    index: dict[str, str] = {}
    for row in rows:
        sid = row["id"]
        for s in (sid, sid.replace("_", " "), row["name_es"], row["name_en"],
                  *re.split(r"\s*/\s*", row["name_es"]), *row.get("synonyms_es", ()),
                  *row.get("synonyms_en", ())):
            index.setdefault(fold(s), sid)
    return index


def parse_service(value: str, argument: str = "service") -> str:
    """The service id `value` names (an id, a name or a synonym), or ServiceError.

    >>> parse_service("legal_aid"), parse_service("Asesoría legal"), parse_service("abogado")
    ('legal_aid', 'legal_aid', 'legal_aid')
    >>> parse_service("psicólogo"), parse_service("refugio"), parse_service("lawyer")
    ('mental_health', 'shelter', 'legal_aid')
    """
    sid = service_index().get(fold(value or ""))
    if sid is None:
        raise ServiceError(argument, value or "")
    return sid


@dataclass(frozen=True, slots=True)
class Understood:
    """What free text names: a service and a state (None when it names none)."""

    service: str | None
    state: str | None
    service_words: str | None = None  # the words that named it, as folded
    state_words: str | None = None


def _longest(folded: str, index: dict[str, str], accept: object = None) -> tuple[str, str] | None:
    best: tuple[str, str] | None = None
    for words, value in index.items():
        if not words or (accept is not None and not accept(words)):  # type: ignore[operator]
            continue
        if f" {words} " in folded and (best is None or len(words) > len(best[0])):
            best = (words, value)
    return best


def understand(text: str) -> Understood:
    """The service and the state a sentence names.

    State codes count only when written as codes (OAX, MX-OAX): in a sentence, "son", "que"
    and "ver" are Spanish words, not Sonora, Querétaro and Veracruz.

    >>> u = understand("asesoría legal en Oaxaca")
    >>> u.service, u.state, u.service_words
    ('legal_aid', 'MX-OAX', 'asesoria legal')
    >>> u = understand("¿Quiénes son los psicólogos que atienden en la CDMX?")
    >>> u.service, u.state
    ('mental_health', 'MX-CMX')
    >>> u = understand("trabajo social OAX")
    >>> u.service, u.state
    ('social_protection', 'MX-OAX')
    """
    folded = f" {fold(text or '')} "
    service = _longest(folded, _plurals(service_index()))
    codes = {w for w in re.findall(r"\b(?:MX-)?[A-Z]{2,4}\b", text or "")}
    code_words = {fold(c) for c in codes}
    states = state_index()

    def spelled(words: str) -> bool:
        # a bare three-letter code only when the user wrote it in capitals
        return len(words) > 3 or words in code_words or words in ("df", "cdmx")

    state = _longest(folded, states, spelled)
    return Understood(service[1] if service else None, state[1] if state else None,
                      service[0] if service else None, state[0] if state else None)


@lru_cache(maxsize=4)
def _plurals_cached(items: tuple[tuple[str, str], ...]) -> dict[str, str]:
    out = dict(items)
    for words, sid in items:  # "psicólogos", "abogadas", "refugios": plural of the last word
        last = words.rsplit(" ", 1)[-1]
        if len(last) > 3:
            plural = words + ("es" if last[-1] not in "aeiou" else "s")
            out.setdefault(plural, sid)
    return out


def _plurals(index: dict[str, str]) -> dict[str, str]:
    return _plurals_cached(tuple(sorted(index.items())))
