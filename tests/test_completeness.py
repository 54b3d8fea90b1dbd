"""Completeness as a test: every fact of the PROTEJA documents is held by a record or excused.

The documents live beside the repository (../shared/source-documents), as in CI. Without them
the check cannot run, and the skip says so (pytest -rs prints the reason).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

from referral_graph.config import DEFAULT_SEED, DOCS_DIR
from referral_graph.dataset import completeness as c
from referral_graph.dataset import facts as facts_module
from referral_graph.dataset.load import load_dataset

REPORT = DOCS_DIR / "proteja-quarterly-report-2009-q1.txt"
needs_documents = pytest.mark.skipif(
    not REPORT.exists(),
    reason=f"COMPLETENESS NOT CHECKED: the PROTEJA source documents are not at {DOCS_DIR} "
           "(../shared/source-documents beside the repository)")


def test_extraction_finds_each_kind() -> None:
    text = ("PROTEJA (2006-2009, US\\$3 million) trained 8,980 people. On October 2, 2007, "
            "Congress acted; Jan. 12-13 and March 10 courses; twenty-one events of 35-140 "
            "participants; Ninety percent; Dr. Noemi Guzik spoke. One course; Table 1.")
    found = facts_module.extract(text, year=2009, names=["PROTEJA"])
    kinds = [(f.kind, f.value) for f in found]
    assert ("money", 3_000_000.0) in kinds and ("number", 8980.0) in kinds
    assert ("date", ((2006, None, None), (2009, None, None))) in kinds
    assert ("date", ((2007, 10, 2), (2007, 10, 2))) in kinds
    assert ("date", ((2009, 1, 12), (2009, 1, 13))) in kinds
    assert ("date", ((2009, 3, 10), (2009, 3, 10))) in kinds
    assert ("number", 21.0) in kinds and ("number", (35.0, 140.0)) in kinds
    assert ("percent", 90.0) in kinds
    assert {f.text for f in found if f.kind == "name"} == {"PROTEJA", "Noemi Guzik"}
    assert ("number", 1.0) not in kinds  # "One course", "Table 1": not counts


@pytest.fixture(scope="module")
def seed():  # type: ignore[no-untyped-def]
    return load_dataset(DEFAULT_SEED)


@pytest.fixture(scope="module")
def config():  # type: ignore[no-untyped-def]
    return c.load_config(DEFAULT_SEED)


@needs_documents
def test_every_fact_of_the_documents_is_held_or_excused(seed, config) -> None:  # type: ignore[no-untyped-def]
    report = c.check(seed, config, DOCS_DIR)
    text = c.report_text(report, DOCS_DIR)
    print(text)  # the figures, in the test log
    assert report.ok, text
    counts = {row["document"]: row for row in report.summary()}
    assert counts["proteja-quarterly-report-2009-q1.txt"]["facts"] >= 200
    assert all(row["held"] > row["excused"] for row in counts.values())


@needs_documents
def test_the_seven_state_laws_carry_the_dates_the_report_gives(seed) -> None:  # type: ignore[no-untyped-def]
    text = REPORT.read_text(encoding="utf-8")
    listed = re.findall(r"^(\w+),? adopted (\w+ \d{1,2}, \d{4})[;.]", text, re.M)
    assert len(listed) == 7
    states = {"Mexico": "MX-MEX"} | {s.name_en: s.code for s in seed.records("states")}
    laws = {r.jurisdiction: r for r in seed.records("legislation")}
    sources = {s.id: s for s in seed.records("sources")}
    for state, written in listed:
        law = laws[states[state]]
        assert law.status == "comprehensive"
        assert law.approved == dt.datetime.strptime(written, "%B %d, %Y").date(), state
        assert "not stated" not in (law.date_text or ""), state
        assert any(written in sources[s].passage for s in law.sources), state


@needs_documents
def test_a_record_dropped_makes_its_facts_missing(seed, config) -> None:  # type: ignore[no-untyped-def]
    rows = seed.rows["legislation"]
    i = next(i for i, r in enumerate(rows) if r.record.id == "law-mx-chh")
    bare = rows[i].record.model_copy(update={"approved": None, "date_text": None, "note": None})
    broken = dataclasses.replace(seed, rows={**seed.rows, "legislation": [
        *rows[:i], dataclasses.replace(rows[i], record=bare), *rows[i + 1:]]})
    report = c.check(broken, config, DOCS_DIR)
    missing = [f.fact.text for d in report.documents for f in d.missing]
    assert missing == ["January 1, 2007"]


@needs_documents
def test_excuses_are_checked(seed, config) -> None:  # type: ignore[no-untyped-def]
    doc = "proteja-quarterly-report-2009-q1.txt"
    bad = (
        c.Excuse(doc, "Atlantis", "A place the report never names, to test staleness."),
        c.Excuse(doc, "519", "Held by fig-shelter-victims already, so this is redundant."),
        c.Excuse(doc, "Calderon", "short"),
        c.Excuse(doc, "three", "The MOUs, counted wrongly on purpose for this test.",
                 context="PROTEJA signed MOUs with the governments of three states",
                 count_of=("mou-morelos", "mou-nayarit")),
        c.Excuse(doc, "May 2006", "Claims a record that does not hold the date.",
                 repeats="pgr"),
    )
    ours = tuple(e for e in config.excuses if (e.text, e.context) not in {
        ("three", "PROTEJA signed MOUs with the governments of three states"), ("May 2006", None),
        ("Calderon", None)})
    report = c.check(seed, dataclasses.replace(config, excuses=ours + bad), DOCS_DIR)
    problems = "\n".join(report.problems)
    assert "'Atlantis' matches no fact" in problems
    assert "'519' is held by fig-shelter-victims" in problems
    assert "'Calderon': give a specific reason" in problems
    assert "'three' is not the count of 2 record(s)" in problems
    assert "pgr does not hold 'May 2006'" in problems
    assert not report.ok


@needs_documents
def test_cli_prints_the_figures_and_fails_when_incomplete(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from typer.testing import CliRunner

    from referral_graph.cli import app

    ok = CliRunner().invoke(app, ["completeness"])
    assert ok.exit_code == 0, ok.output
    assert "proteja-quarterly-report-2009-q1.txt" in ok.output and "held" in ok.output
    other = tmp_path / "docs"
    other.mkdir()
    (other / "proteja-project-overview.txt").write_text("Trained 12,345 people in 2031.")
    bad = CliRunner().invoke(app, ["completeness", "--docs", str(other)])
    assert bad.exit_code == 1 and "12,345" in bad.output and "not found" in bad.output
