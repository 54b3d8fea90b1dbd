"""Classification of one cell from plain facts: each status, its reasons, both languages."""

from __future__ import annotations

from typing import Any

from referral_graph.gaps.classify import Anchor, CellFacts, Names, Status, classify, name_list

NAMES = Names({"MX-OAX": ("Oaxaca", "Oaxaca")},
              {"legal_aid": ("Asesoría jurídica", "Legal aid")},
              {"a": "Casa A", "b": "Fundación B, I.A.P.", "hub": "Hub", "tf": "TF"}.__getitem__)


def facts(**kw: Any) -> CellFacts:
    base: dict[str, Any] = dict(state="MX-OAX", service="legal_aid")
    base.update(kw)
    for key in ("providers", "local", "stated", "linked"):
        if key in base:
            base[key] = frozenset(base[key])
    return CellFacts(**base)


def test_gap_says_recorded_not_exists() -> None:
    status, flags, reasons = classify(facts(), NAMES)
    assert status == Status.GAP and flags == (Status.GAP,)
    assert reasons[0].en == "No provider of legal aid recorded in Oaxaca."
    assert "registro" in reasons[0].es and "Oaxaca" in reasons[0].es


def test_covered_needs_two_linked_stated_local_providers() -> None:
    status, _, reasons = classify(facts(providers="ab", local="ab", stated="ab", linked="ab"),
                                  NAMES)
    assert status == Status.COVERED
    assert reasons[0].code == "covered"


def test_one_provider_is_a_single_point() -> None:
    status, flags, reasons = classify(facts(providers="a", local="a", stated="a", linked="a"),
                                      NAMES)
    assert status == Status.SINGLE_POINT and flags == (Status.SINGLE_POINT,)
    assert reasons[0].orgs == ("a",) and "Casa A" in reasons[0].en


def test_separator_and_bridge_reasons_name_them() -> None:
    status, _, reasons = classify(
        facts(providers="ab", local="ab", stated="ab", linked="ab", separators=("hub",),
              bridges=(("hub", "tf"),)), NAMES)
    assert status == Status.SINGLE_POINT
    codes = [r.code for r in reasons]
    assert codes == ["separator", "bridge"]
    assert "runs through Hub" in reasons[0].en and "pasan por Hub" in reasons[0].es


def test_disconnected_beats_single_point() -> None:
    status, flags, reasons = classify(facts(providers="a", local="a", stated="a"), NAMES)
    assert status == Status.DISCONNECTED
    assert flags == (Status.DISCONNECTED, Status.SINGLE_POINT)
    assert reasons[0].code == "disconnected"


def test_mandate_only_is_thin() -> None:
    status, flags, reasons = classify(facts(providers="ab", local="ab", linked="ab"), NAMES)
    assert (status, flags) == (Status.THIN, (Status.THIN,))
    assert reasons[0].code == "mandate_only"


def test_national_only_is_thin_and_says_so() -> None:
    status, _, reasons = classify(facts(providers="ab", stated="ab"), NAMES)
    assert status == Status.THIN
    assert [r.code for r in reasons] == ["national_only"]


def test_no_network_anchor_wording() -> None:
    _, _, reasons = classify(facts(providers="a", local="a", stated="a", anchor=Anchor.NONE),
                             NAMES)
    assert "any other organization of the state" in reasons[0].en


def test_names_ending_in_a_full_stop_are_not_doubled() -> None:
    _, _, reasons = classify(facts(providers="b", local="b", stated="b", linked="b"), NAMES)
    assert reasons[0].en.endswith("I.A.P.") and not reasons[0].en.endswith("..")


def test_every_reason_has_both_languages_and_they_differ() -> None:
    for kw in ({}, dict(providers="a", local="a", stated="a"),
               dict(providers="ab", stated="ab"),
               dict(providers="ab", local="ab", stated="ab", linked="ab")):
        for r in classify(facts(**kw), NAMES)[2]:
            assert r.en and r.es and r.en != r.es
            assert r.text("es") == r.es and r.text("en") == r.en


def test_name_list_truncates() -> None:
    assert name_list(list("abcdef"), Names(), "en") == "a, b, c and 3 more"
    assert name_list(list("abcdef"), Names(), "es") == "a, b, c y 3 más"
    assert name_list(["a"], Names(), "en") == "a"


def test_severity_order() -> None:
    assert [s.severity for s in Status] == [0, 1, 2, 3, 4]
    assert Status.GAP.severity < Status.COVERED.severity



# The words of the reasons, whole: they are what an analyst reads in the report. (Mutation
# testing found that wording, language choice and list punctuation could change unseen.)
CMX = Names({"MX-CMX": ("Ciudad de México", "Mexico City")},
            {"shelter": ("Albergue / refugio", "Shelter")},
            {"a": "Casa A", "b": "Casa B", "c": "Casa C", "hub": "Hub"}.__getitem__)


def test_disconnected_reason_in_both_languages_for_each_anchor() -> None:
    expected = {
        Anchor.COLLABORATIONS: ("the state's task forces and networks",
                                "los grupos de trabajo y redes del estado"),
        Anchor.NETWORK: ("the rest of the state's network", "el resto de la red del estado"),
        Anchor.NONE: ("any other organization of the state",
                      "ninguna otra organización del estado"),
    }
    for anchor, (en, es) in expected.items():
        one = classify(facts(state="MX-CMX", service="shelter", providers="a", local="a",
                             stated="a", anchor=anchor), CMX)[2][0]
        assert one.en == (f"1 provider of shelter in Mexico City (Casa A), none with a "
                          f"recorded tie to {en}.")
        assert one.es == (f"1 proveedor de albergue / refugio en Ciudad de México (Casa A), "
                          f"sin ningún vínculo registrado con {es}.")
        three = classify(facts(state="MX-CMX", service="shelter", providers="abc",
                               local="abc", stated="abc", anchor=anchor), CMX)[2][0]
        assert three.en.startswith("3 providers of shelter in Mexico City "
                                   "(Casa A, Casa B and Casa C), none")
        assert three.es.startswith("3 proveedores de albergue / refugio en Ciudad de México "
                                   "(Casa A, Casa B y Casa C), sin")


def test_gap_and_separator_reasons_word_for_word() -> None:
    gap = classify(facts(state="MX-CMX", service="shelter"), CMX)[2][0]
    assert gap.en == "No provider of shelter recorded in Mexico City."
    assert gap.es == ("No hay registro de ningún proveedor de albergue / refugio en "
                      "Ciudad de México.")
    sep = classify(facts(state="MX-CMX", service="shelter", providers="ab", local="ab",
                         stated="ab", linked="ab", separators=("hub", "c")), CMX)[2][0]
    assert sep.en == ("Every recorded path from the state's task forces and networks to the "
                      "providers of shelter runs through Hub and Casa C (each one alone).")
    assert sep.es == ("Todas las rutas registradas desde los grupos de trabajo y redes del "
                      "estado hasta los proveedores de albergue / refugio pasan por Hub y "
                      "Casa C (cada una por sí sola).")


def test_name_lists_and_fallback_names() -> None:
    names = Names(org={"a": "A", "b": "B", "c": "C"}.__getitem__)
    assert [name_list(list("abc")[:n], names, "en") for n in (0, 1, 2, 3)] == [
        "", "A", "A and B", "A, B and C"]
    assert name_list(list("abc"), names, "es") == "A, B y C"
    # An unknown state or service is named by its code; a lone capital is left alone.
    assert Names().state("MX-ZZZ", "es") == Names().state("MX-ZZZ", "en") == "MX-ZZZ"
    assert Names(services={"x": ("X", "X")}).service("x", "en") == "X"
    assert Names(services={"t": ("Línea TIP", "TIP hotline")}).service("t", "en") == (
        "TIP hotline")
    assert Names(services={"t": ("Línea TIP", "TIP hotline")}).service("t", "es") == (
        "línea TIP")
