"""The answers to the README's queries on the seeds, kept as they are now.

Taken before the code-health restructuring (issue 17), so that moving code keeps behaviour
identical: each answer is compared, whole, with the one stored under readme/. When an answer
changes on purpose (new seed data, a new field), re-bless and commit the files:

    make snapshots        # = REFERRAL_GRAPH_BLESS=1 pytest tests/snapshots -p no:randomly

The README's curl examples are read from the README itself; the command-line examples are
asked through the API the commands share their domain code with.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from referral_graph.api.app import create_app
from referral_graph.auth.tokens import Role, create
from referral_graph.config import DEFAULT_SEED, REPO_ROOT, Settings
from referral_graph.directory.lang import Lang, long_date
from referral_graph.importer.run import import_dataset
from referral_graph.store.driver import Database
from tests.conftest import wipe

STORE = Path(__file__).parent / "readme"
BLESS = os.environ.get("REFERRAL_GRAPH_BLESS") == "1"
# A fixed key: public pseudonyms and the order of public lists depend on it.
SECRET = "readme-snapshots-" * 3


def _curl_examples() -> dict[str, dict[str, Any]]:
    """Every `curl … /graphql … -d '{…}'` of the README, named by position and first field."""
    out = {}
    blocks = re.finditer(r"curl -s \S*/graphql(?P<opts>[^\n]*?) -d '(?P<body>\{.*?\})'\n",
                         (REPO_ROOT / "README.md").read_text(), re.S)
    for i, m in enumerate(blocks, start=1):
        body = json.loads(m.group("body"))
        headers = dict(h.split(": ", 1) for h in re.findall(r"-H '([^']*)'", m.group("opts")))
        field = re.match(r"\s*\{\s*(\w+)", body["query"]).group(1)  # type: ignore[union-attr]
        out[f"curl-{i}-{field}"] = {"graphql": body, "headers": headers}
    return out


# The README's command-line examples, as the equivalent API requests.
CLI = {
    "cli-providers-legal-aid-oax-en": {"graphql": {"query": (
        '{ providers(service: "legal_aid", state: "OAX") { message noneInState '
        "confidentialNote providers { organization { id: slug name } reach why } alternatives "
        "{ organization { id: slug name } state distance why } } }")},
        "headers": {"accept-language": "en"}},
    "cli-search-procuraduria-oax": {"graphql": {"query": (
        '{ organizations(query: "procuraduria", state: "OAX", first: 100) { totalCount '
        "edges { node { id: slug name national states { code } } } } }")}},
    "cli-refer-casa-alianza-staff": {"staff": True, "graphql": {"query": (
        '{ referralPlan(origin: "casa-alianza", needs: ["legal_aid", "shelter"], '
        'state: "OAX") { plans { rank cost handoffs steps { provider { slug } needs cold '
        "explanation } } unmet { need reason alternatives { slug } } gaps } }")}},
    "cli-gaps-oax-en": {"graphql": {"query": (
        '{ coverageReport(states: ["OAX"], lang: EN) { summary cells { state service status '
        "providers { slug name } reasons } states { code lawStatus collaborations "
        "brokers { slug name } isolated { slug name } } } }")}},
    "cli-gaps-without-proteja-en": {"graphql": {"query": (
        '{ coverageChanges(after: {without: ["proteja"]}, lang: EN) { before after headline '
        "lines newGaps { state service before after lost } closedGaps { state service } "
        "otherChanges { state service kind before after } } }")}},
    "cli-gaps-diff-2006-2010": {"graphql": {"query": (
        '{ coverageChanges(before: {asOf: "2006-06-01"}, after: {asOf: "2010-01-01"}) '
        "{ before after headline lines newGaps { state service before after lost } "
        "closedGaps { state service before after gained } otherChanges { state service kind "
        "before after } } }")}},
    "download-gaps-json-en": {"get": "/reports/gaps.json?lang=en"},
    "download-gaps-csv-es": {"get": "/reports/gaps.csv?lang=es"},
}

CASES = {**_curl_examples(), **CLI}


@pytest.fixture(scope="module")
def client(database: Database, neo4j_settings: Settings) -> Iterator[TestClient]:
    wipe(database)
    import_dataset(database, DEFAULT_SEED)
    with TestClient(create_app(neo4j_settings.replace(pseudonym_secret=SECRET),
                               database)) as c:
        yield c


@pytest.fixture(scope="module")
def staff(database: Database, client: TestClient) -> str:
    return create(database, Role.STAFF, "snapshot reader")


def undated(text: str, today: dt.date | None = None) -> str:
    """`text` with today's date (the default date basis of an answer) as ``<today>``, so
    that an answer stored today still compares equal tomorrow.

    >>> undated("vigente al 2 de marzo de 2026 (2026-03-02; 2 March 2026)", dt.date(2026, 3, 2))
    'vigente al <today> (<today>; <today>)'
    """
    today = today or dt.date.today()
    for form in (long_date(today, Lang.ES), long_date(today, Lang.EN), today.isoformat()):
        text = text.replace(form, "<today>")
    return text


def answer(client: TestClient, case: dict[str, Any], staff: str) -> str:
    return undated(_answer(client, case, staff))


def _answer(client: TestClient, case: dict[str, Any], staff: str) -> str:
    if "get" in case:
        r = client.get(case["get"])
        assert r.status_code == 200, r.text
        text = r.text
        return (json.dumps(json.loads(text), ensure_ascii=False, indent=1, sort_keys=True)
                if case["get"].split("?")[0].endswith(".json") else text)
    headers = dict(case.get("headers", {}))
    if case.get("staff"):
        headers["authorization"] = f"Bearer {staff}"
    body = client.post("/graphql", json=case["graphql"], headers=headers).json()
    assert "errors" not in body, body
    return json.dumps(body, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def test_the_readme_still_has_its_examples() -> None:
    assert len(_curl_examples()) >= 4
    stored = {p.stem for p in STORE.glob("*.*")}
    stale = stored - set(CASES)
    assert BLESS or not stale, (f"snapshots of queries the README no longer asks: "
                                f"{sorted(stale)}; delete them or run `make snapshots`")


@pytest.mark.parametrize("name", sorted(CASES))
def test_readme_answer_is_unchanged(client: TestClient, staff: str, name: str) -> None:
    got = answer(client, CASES[name], staff)
    suffix = ".csv" if name.endswith("-csv-es") else ".json"
    path = STORE / f"{name}{suffix}"
    if BLESS:
        STORE.mkdir(exist_ok=True)
        path.write_text(got, encoding="utf-8")
        return
    assert path.exists(), f"no stored answer for {name!r}: run `make snapshots` and commit it"
    want = path.read_text(encoding="utf-8")
    if got != want:
        diff = "".join(list(difflib.unified_diff(
            want.splitlines(keepends=True), got.splitlines(keepends=True),
            f"stored {path.name}", "answer now"))[:80])
        pytest.fail(f"The README answer {name!r} changed. If that is intended, run "
                    f"`make snapshots` and commit tests/snapshots/readme/.\n{diff}",
                    pytrace=False)
