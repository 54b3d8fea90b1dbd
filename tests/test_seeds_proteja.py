"""The PROTEJA seed set says what the documents say: checked against their text."""

from __future__ import annotations

import re

import pytest

from referral_graph.config import DEFAULT_SEED, REPO_ROOT
from referral_graph.dataset.load import load_dataset
from referral_graph.store.driver import Database
from referral_graph.text import fold

DOCS = REPO_ROOT.parent / "shared" / "source-documents"
REPORT = DOCS / "proteja-quarterly-report-2009-q1.txt"
OVERVIEW = DOCS / "proteja-project-overview.txt"

pytestmark = pytest.mark.skipif(not REPORT.exists(), reason="shared/source-documents not beside")


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def ds():
    return load_dataset(DEFAULT_SEED)


@pytest.fixture(scope="module")
def state_codes(ds) -> dict[str, str]:
    """Folded state name (English or Spanish, as the documents spell them) -> ISO code."""
    codes = {}
    for s in ds.records("states"):
        codes[fold(s.name_en)] = s.code
        codes[fold(s.name_es)] = s.code
    codes["mexico"] = "MX-MEX"  # the report's "Mexico" in a list of states is the State of Mexico
    codes["state of mexico"] = "MX-MEX"
    return codes


def _names(text: str) -> list[str]:
    parts = re.split(r",\s*(?:and\s+)?|\s+and\s+", text.strip().rstrip("."))
    return [fold(n) for n in parts if n.strip()]


def test_every_passage_is_quoted_verbatim(ds) -> None:
    texts = {
        "PROTEJA quarterly report no. 12 (2009 Q1)": squash(REPORT.read_text()),
        "PROTEJA project overview": squash(OVERVIEW.read_text()),
    }
    checked = 0
    for src in ds.records("sources"):
        if src.document in texts:
            assert squash(src.passage) in texts[src.document], src.id
            checked += 1
    assert checked >= 20


def test_legislation_matches_the_report_footnotes(ds, state_codes) -> None:
    report = REPORT.read_text()
    some_law = re.search(r"^² (.+)$", report, re.M).group(1)
    no_law = re.search(r"^³ (.+)$", report, re.M).group(1)
    seven = re.search(r"and in seven states \(([^)]+)\)", report).group(1)
    some = {state_codes[n] for n in _names(some_law)}
    none = {state_codes[n] for n in _names(no_law)}
    comprehensive = {state_codes[n] for n in _names(seven)}
    assert (len(some), len(none), len(comprehensive)) == (19, 12, 7)

    laws = {r.jurisdiction: r for r in ds.records("legislation")}
    assert len(laws) == 33  # 32 federal entities + the federal law
    for code in comprehensive:
        assert laws[code].status == "comprehensive", code
    for code in some - comprehensive:
        assert laws[code].status == "partial", code
    for code in none:
        assert laws[code].status == "none", code
    unmentioned = set(laws) - some - none - {"MX"}
    assert unmentioned == {"MX-CMX"}
    assert laws["MX-CMX"].status == "not_stated"


def test_federal_law_dates(ds) -> None:
    import datetime as dt

    federal = next(r for r in ds.records("legislation") if r.jurisdiction == "MX")
    assert federal.approved == dt.date(2007, 10, 2)
    assert federal.signed == dt.date(2007, 11, 26)
    assert federal.published == dt.date(2007, 11, 27)
    assert federal.effective == dt.date(2007, 11, 28)


def test_conflicts_are_kept_with_both_sides(ds) -> None:
    by_conflict: dict[str, list] = {}
    for s in ds.records("statements"):
        by_conflict.setdefault(s.conflict, []).append(s)
    assert len(by_conflict) >= 2
    assert all(len(sides) >= 2 for sides in by_conflict.values())
    values = squash(" ".join(s.value for s in ds.records("statements")))
    for needle in ("four", "five", "May 15, 2008", "March 3, 2008"):
        assert needle.lower() in values.lower(), needle


def test_no_invented_contact_data(ds) -> None:
    phone = re.compile(r"(?<![\w-])\+?(?:\(?\d{2,3}\)?[\s.-]?)?\d{3,4}[\s.-]?\d{4}(?![\w-])")
    email = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
    for kind in ("organizations", "capabilities", "collaborations", "agreements", "activities"):
        for r in ds.records(kind):
            text = re.sub(r"\d{4}-\d{2}-\d{2}", "", r.model_dump_json())
            assert not phone.search(text), (r.id, phone.search(text).group())
            assert not email.search(text), r.id
    for org in ds.records("organizations"):
        if org.city:
            assert fold(org.city) in fold(REPORT.read_text() + OVERVIEW.read_text()), org.id


def test_shelters_named_in_the_report_are_shelters(ds) -> None:
    shelters = {fold(o.name) for o in ds.records("organizations") if o.kind == "shelter"}
    for name in ("CIAM Cancún", "Casa Alianza", "Casa de las Mercedes", "Alternativas Pacíficas",
                 "Camino a Casa"):
        assert any(fold(name) in s for s in shelters), name


def test_states_reference_is_symmetric_and_complete(ds) -> None:
    states = {s.code: s for s in ds.records("states")}
    assert len(states) == 32
    for code, s in states.items():
        for n in s.neighbours:
            assert code in states[n].neighbours, (code, n)


def test_seeded_graph_holds_the_legislation(seeded_db: Database) -> None:
    rows = seeded_db.read(
        "MATCH (l:Legislation)-[:APPLIES_TO]->(s:State) RETURN l.status AS status, count(*) AS n"
    )
    counts = {r["status"]: r["n"] for r in rows}
    assert counts == {"comprehensive": 7, "partial": 12, "none": 12, "not_stated": 1}

