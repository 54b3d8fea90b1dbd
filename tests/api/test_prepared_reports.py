"""The service prepares today's coverage reports once the data settles
(`gaps/prepare.py`): the first analyst to ask is answered without computing one."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from referral_graph.api.app import create_app
from referral_graph.api.graphql.queries import gaps as gaps_query
from referral_graph.config import DEFAULT_SEED, Settings
from referral_graph.gaps import service
from referral_graph.importer.run import import_dataset
from referral_graph.store.driver import Database
from tests.conftest import wipe

PROVIDERS = '{ providers(service: "legal_aid", state: "MX-OAX") { noneInState } }'
GAPS = "{ coverageReport { summary cells { state service status } } }"


@pytest.fixture
def computed(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    calls: list[bool] = []
    real = service._computed

    def counting(graph: object, **kwargs: object) -> object:
        calls.append(True)
        return real(graph, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(service, "_computed", counting)
    return calls


def _app(database: Database, settings: Settings) -> Iterator[TestClient]:
    wipe(database)
    import_dataset(database, DEFAULT_SEED)
    with TestClient(create_app(settings, database)) as c:
        yield c


def test_the_first_report_asked_was_prepared(database: Database, neo4j_settings: Settings,
                                             computed: list[bool],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    rendered: list[str] = []
    real = gaps_query.to_dict

    def counting(report: object, lang: str = "en") -> dict:
        rendered.append(lang)
        return real(report, lang)  # type: ignore[arg-type]

    monkeypatch.setattr(gaps_query, "to_dict", counting)
    for client in _app(database, neo4j_settings):
        assert client.app.state.preparers == []  # nothing before the projection is used
        assert client.post("/graphql", json={"query": PROVIDERS}).status_code == 200
        [preparer] = client.app.state.preparers
        deadline = time.monotonic() + 30
        while preparer.prepared == 0 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert preparer.prepared == 1 and len(computed) == 2  # public, then staff
        assert sorted(rendered) == ["en", "en", "es", "es"]  # and made into answers
        for lang in ("ES", "EN"):
            body = client.post("/graphql", json={"query": GAPS.replace(
                "coverageReport", f"coverageReport(lang: {lang})")}).json()
            assert "errors" not in body and body["data"]["coverageReport"]["cells"]
        assert len(computed) == 2 and len(rendered) == 4  # served what was prepared


def test_preparing_can_be_turned_off(database: Database, neo4j_settings: Settings) -> None:
    for client in _app(database, neo4j_settings.replace(prepare_reports=False)):
        assert client.post("/graphql", json={"query": PROVIDERS}).status_code == 200
        assert client.app.state.preparers == []
