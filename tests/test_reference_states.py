"""One state function: every code, name and usual alias, and one error for the rest."""

from __future__ import annotations

import pytest

from referral_graph.config import DEFAULT_SEED
from referral_graph.dataset.load import load_dataset
from referral_graph.reference.states import StateError, parse_state, parse_states
from referral_graph.text import fold

STATES = load_dataset(DEFAULT_SEED).records("states")


@pytest.mark.parametrize("state", STATES, ids=lambda s: s.code)
def test_every_code_and_name_names_its_state(state) -> None:  # type: ignore[no-untyped-def]
    spellings = [state.code, state.code.lower(), state.code[3:], state.code[3:].lower(),
                 state.name_es, state.name_en, fold(state.name_es), state.name_es.upper(),
                 *state.aliases]
    assert {parse_state(s) for s in spellings} == {state.code}


@pytest.mark.parametrize("alias, code", [
    ("CDMX", "MX-CMX"), ("DF", "MX-CMX"), ("D.F.", "MX-CMX"), ("Distrito Federal", "MX-CMX"),
    ("Ciudad de México", "MX-CMX"), ("Ciudad de Mexico", "MX-CMX"), ("Mexico City", "MX-CMX"),
    ("Federal District", "MX-CMX"), ("Edomex", "MX-MEX"), ("Estado de México", "MX-MEX"),
    ("State of Mexico", "MX-MEX"), ("OAX", "MX-OAX"), ("MX-OAX", "MX-OAX"),
    ("Yucatan", "MX-YUC"), ("San Luis Potosi", "MX-SLP"), ("Nuevo Leon", "MX-NLE"),
])
def test_usual_aliases(alias: str, code: str) -> None:
    assert parse_state(alias) == code


def test_no_spelling_names_two_states() -> None:
    seen: dict[str, str] = {}
    for s in STATES:
        for spelling in (s.code, s.code[3:], s.name_es, s.name_en, *s.aliases):
            key = fold(spelling)
            assert seen.setdefault(key, s.code) == s.code, (spelling, seen[key], s.code)


@pytest.mark.parametrize("bad", ["XX", "MX-XXX", "", "Atlantis", "México", "Texas"])
def test_one_error_wording_naming_the_argument(bad: str) -> None:
    with pytest.raises(StateError) as e:
        parse_state(bad, "before.states")
    assert str(e.value).startswith(f"before.states: {bad!r} is not a Mexican state")
    assert e.value.extensions == {"code": "BAD_USER_INPUT", "argument": "before.states"}


def test_lists_keep_order_and_drop_repeats() -> None:
    assert parse_states(["DF", "CDMX", "oax"]) == ["MX-CMX", "MX-OAX"]
