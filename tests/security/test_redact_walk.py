"""`Redactor.redact_data` walks an answer giving back what did not change as it was: the same
answer as the walk that rebuilt everything and compared each rebuilt item with the
original (the reference below, the code before), on random answers whose strings name
confidential organizations or not, with and without the shuffle of changed list items."""

from __future__ import annotations

import json
from collections.abc import Callable
from enum import StrEnum
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from referral_graph.network.redact import MASK, Redactor

TERMS = ["Casa Alianza", "Alternativas Pacíficas", "Monterrey"]
WORDS = ["Casa Alianza", "casa alianza (CMX)", "Alternativas Pacificas, A.C.", "MONTERREY",
         "Oaxaca", "legal aid", "", "asesoría", "T3JnOmNhc2EtYWxpYW56YQ==", "ngo"]


def reference(r: Redactor, value: Any, order: Callable[[str], str] | None,
              opaque: Callable[[str], str | None] | None) -> Any:
    """The walk before: every container rebuilt, changed list items found by `!=`."""

    def text(v: str) -> str:
        inner = opaque(v) if opaque is not None else None
        if inner is None:
            return r.redact(v)
        return v if r.redact(inner) == inner else MASK

    def walk(v: Any) -> Any:
        if isinstance(v, str):
            return text(v)
        if isinstance(v, dict):
            return {k: walk(x) for k, x in v.items()}
        if not isinstance(v, list):
            return v
        out = [walk(x) for x in v]
        if order is not None:
            changed = [i for i, (a, b) in enumerate(zip(v, out, strict=True)) if a != b]
            if len(changed) > 1:
                moved = sorted(changed, key=lambda i: order(
                    json.dumps(v[i], sort_keys=True, ensure_ascii=False, default=str)))
                out = list(out)
                for slot, i in zip(changed, [out[i] for i in moved], strict=True):
                    out[slot] = i
        return out

    return walk(value)


def opaque(text: str) -> str | None:
    return "casa-alianza" if text.startswith("T3Jn") else None


def order(text: str) -> str:
    return text[::-1]  # any keyed order will do: a fixed one that is not the items' own




class Kind(StrEnum):  # graphql-core puts enum values in an answer as the schema's members
    NGO = "ngo"
    ACADEMIC = "academic"


class Sector(StrEnum):  # another enum with an equal value: remembered as one text
    ACADEMIC = "academic"


leaves = st.one_of(st.sampled_from([*WORDS, Kind.NGO, Kind.ACADEMIC, Sector.ACADEMIC,
                                    "academic"]), st.integers(-3, 3), st.none(), st.booleans(),
                   st.floats(allow_nan=False))
answers = st.recursive(leaves, lambda inner: st.one_of(
    st.lists(inner, max_size=6),
    st.dictionaries(st.sampled_from(["id", "name", "kinds", "nodes", "why"]), inner,
                    max_size=5)), max_leaves=40)


@settings(max_examples=400, deadline=None)
@given(answers, st.booleans(), st.booleans())
def test_the_walk_answers_as_the_walk_that_rebuilt_everything(
        answer: Any, ordered: bool, opaqued: bool) -> None:
    r = Redactor(TERMS)
    o, q = (order if ordered else None), (opaque if opaqued else None)
    expected = reference(Redactor(TERMS), answer, o, q)
    before = json.dumps(answer, sort_keys=True)
    got = r.redact_data(answer, order=o, opaque=q)
    assert got == expected
    assert json.dumps(answer, sort_keys=True) == before  # its input is never written to
    again = r.redact_data(answer, order=o, opaque=q)  # from the remembered outcomes
    assert again == expected


def test_an_answer_naming_nobody_is_given_back_as_it_was() -> None:
    answer = {"nodes": [{"id": "a", "name": "Oaxaca"}], "edges": [{"kinds": ["ngo"]}]}
    assert Redactor(TERMS).redact_data(answer, order=order) is answer


def test_enum_values_equal_to_a_remembered_text_are_not_changes() -> None:
    # graphql-core puts enum members in an answer; the redactor remembers each text's
    # outcome, so a sector's "academic" may come back as the kind's equal member. Taken
    # for a change, the two nodes traded places (the shuffle of changed items) and a
    # network's node list lost its order (found comparing 100k answers before and after).
    nodes = [{"id": "b", "kind": Kind.ACADEMIC, "sector": Sector.ACADEMIC},
             {"id": "a", "kind": "academic", "sector": Sector.ACADEMIC}]
    out = Redactor(TERMS).redact_data(nodes, order=order)
    assert [n["id"] for n in out] == ["b", "a"]
