"""Free text understands the words people use for a service ("asesoría legal", "abogado",
"psicólogo", "lawyer"): the synonym list lives in the taxonomy (seeds/reference)."""

from __future__ import annotations

import pytest

from referral_graph.config import DEFAULT_SEED
from referral_graph.dataset.load import load_dataset
from referral_graph.reference.services import ServiceError, parse_service, understand
from referral_graph.text import fold

SERVICES = load_dataset(DEFAULT_SEED).records("service_types")


def test_every_service_has_spanish_and_english_synonyms() -> None:
    assert all(s.synonyms_es and s.synonyms_en for s in SERVICES)


@pytest.mark.parametrize("service", SERVICES, ids=lambda s: s.id)
def test_every_name_and_synonym_names_its_service(service) -> None:  # type: ignore[no-untyped-def]
    for words in (service.id, service.name_es, service.name_en, *service.synonyms_es,
                  *service.synonyms_en):
        assert parse_service(words) == service.id, words
        assert understand(f"necesito {words} en Oaxaca").service == service.id, words


def test_no_word_names_two_services() -> None:
    seen: dict[str, str] = {}
    for s in SERVICES:
        for words in {fold(w) for w in (s.name_es, s.name_en, *s.synonyms_es, *s.synonyms_en)}:
            assert seen.setdefault(words, s.id) == s.id, (words, seen[words], s.id)


@pytest.mark.parametrize("text, service, state", [
    ("asesoría legal en Oaxaca", "legal_aid", "MX-OAX"),
    ("asesoria legal oaxaca", "legal_aid", "MX-OAX"),
    ("asesoría jurídica Oaxaca", "legal_aid", "MX-OAX"),
    ("abogado en Oaxaca", "legal_aid", "MX-OAX"),
    ("Necesito una abogada en la CDMX", "legal_aid", "MX-CMX"),
    ("psicólogo Oaxaca", "mental_health", "MX-OAX"),
    ("psicólogos en el DF", "mental_health", "MX-CMX"),
    ("legal aid in Oaxaca", "legal_aid", "MX-OAX"),
    ("lawyer in Mexico City", "legal_aid", "MX-CMX"),
    ("refugio Quintana Roo", "shelter", "MX-ROO"),
    ("safe house Edomex", "shelter", "MX-MEX"),
    ("¿Dónde denunciar en Chihuahua?", "prosecution", "MX-CHH"),
    ("trabajo social OAX", "social_protection", "MX-OAX"),
    ("intérprete de lengua indígena en Oaxaca", "interpretation", "MX-OAX"),
])
def test_free_text_is_understood(text: str, service: str, state: str) -> None:
    u = understand(text)
    assert (u.service, u.state) == (service, state)


def test_spanish_words_are_not_state_codes() -> None:
    # "son", "que", "ver" are Spanish words in a sentence, not Sonora, Querétaro, Veracruz.
    u = understand("¿quiénes son los abogados que pueden ver mi caso?")
    assert u.service == "legal_aid" and u.state is None
    assert understand("abogado SON").state == "MX-SON"


def test_an_unknown_service_names_the_argument() -> None:
    with pytest.raises(ServiceError) as e:
        parse_service("astrología", "needs")
    assert str(e.value).startswith("needs: 'astrología' is not a service type")
    assert e.value.extensions == {"code": "BAD_USER_INPUT", "argument": "needs"}
