"""Exactly-once mutations and concurrent editors (findings 2 and 5).

- A write whose answer is lost (Neo4j dies between commit and reply) is retried with the
  same Idempotency-Key: the retry gets the first answer, nothing is written twice.
- Two editors saving one record at once both keep their change; a save based on a version
  that changed since is refused with a CONFLICT naming who changed it and when.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from referral_graph.api.app import create_app
from referral_graph.auth.tokens import Caller, Role, create
from referral_graph.config import Settings
from referral_graph.edits import service as edits
from referral_graph.store.driver import Database, DatabaseUnavailable
from tests.api.helpers import data

RECORD = """
mutation($i: ReferralInput!) {
  recordReferral(input: $i) { ok referralId errors { field message } }
}
"""
REFERRAL = {"fromOrganization": "cndh", "toOrganization": "proteja", "needs": ["legal_aid"],
            "date": "2009-03-01", "outcome": "accepted"}


class LosesOneAnswer:
    """The real database, except that once armed, a write commits and then its answer is
    lost, as when Neo4j dies between its commit and its reply."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self.armed = False

    def __getattr__(self, name: str) -> Any:
        return getattr(self._db, name)

    def write_tx(self, work: Any, **kw: Any) -> Any:
        result = self._db.write_tx(work, **kw)
        if self.armed:
            self.armed = False
            raise DatabaseUnavailable("The graph database is not reachable right now.")
        return result


@pytest.fixture
def lossy(seeded_db: Database) -> LosesOneAnswer:
    return LosesOneAnswer(seeded_db)


@pytest.fixture
def client(lossy: LosesOneAnswer, neo4j_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(neo4j_settings, lossy)) as c:  # type: ignore[arg-type]
        yield c


@pytest.fixture
def staff(seeded_db: Database) -> str:
    return create(seeded_db, Role.STAFF, "Caseworker")


def referrals(db: Database) -> int:
    return db.read("MATCH (r:Referral) RETURN count(r) AS n")[0]["n"]


def post(client: TestClient, token: str, key: str | None, variables: dict,
         query: str = RECORD) -> Any:
    headers = {"Authorization": f"Bearer {token}"}
    if key:
        headers["Idempotency-Key"] = key
    return client.post("/graphql", json={"query": query, "variables": variables},
                       headers=headers)


def test_a_retry_after_a_lost_answer_returns_the_first_answer(
        client: TestClient, lossy: LosesOneAnswer, seeded_db: Database, staff: str) -> None:
    before = referrals(seeded_db)
    lossy.armed = True
    lost = post(client, staff, "referral-7f3a", {"i": REFERRAL})
    assert lost.json()["errors"][0]["extensions"]["code"] == "DATABASE_UNAVAILABLE"
    assert referrals(seeded_db) == before + 1  # it was committed all the same
    retry = post(client, staff, "referral-7f3a", {"i": REFERRAL})
    assert retry.status_code == 200, retry.text
    again = post(client, staff, "referral-7f3a", {"i": REFERRAL})
    first = retry.json()["data"]["recordReferral"]
    assert first["ok"] and again.json()["data"]["recordReferral"] == first
    assert referrals(seeded_db) == before + 1  # never written twice
    stored = seeded_db.read("MATCH (r:Referral) RETURN r.id AS id")
    assert first["referralId"] in {r["id"] for r in stored}


def test_a_key_is_scoped_to_its_request(client: TestClient, seeded_db: Database,
                                        staff: str) -> None:
    before = referrals(seeded_db)
    ok = post(client, staff, "k-1", {"i": REFERRAL}).json()["data"]["recordReferral"]
    other = {**REFERRAL, "needs": ["shelter"]}
    reused = post(client, staff, "k-1", {"i": other}).json()["data"]["recordReferral"]
    assert ok["ok"] and not reused["ok"]
    assert reused["errors"][0]["field"] == "Idempotency-Key"
    assert "different request" in reused["errors"][0]["message"]
    fresh = post(client, staff, "k-2", {"i": other}).json()["data"]["recordReferral"]
    assert fresh["ok"] and fresh["referralId"] != ok["referralId"]
    without = [post(client, staff, None, {"i": REFERRAL}).json()["data"]["recordReferral"]
               for _ in range(2)]
    assert without[0]["referralId"] != without[1]["referralId"]  # no key: two referrals
    assert referrals(seeded_db) == before + 4


class PausesAfterFirstTransaction:
    """Lets a test interleave two editors: the thread named ``first`` stops right after its
    first transaction until ``resume`` is set."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self.first = ""
        self.paused = threading.Event()
        self.resume = threading.Event()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._db, name)

    def _then_pause(self, result: Any) -> Any:
        if threading.current_thread().name == self.first and not self.paused.is_set():
            self.paused.set()
            self.resume.wait(30)
        return result

    def read_tx(self, work: Any, **kw: Any) -> Any:
        return self._then_pause(self._db.read_tx(work, **kw))

    def write_tx(self, work: Any, **kw: Any) -> Any:
        return self._then_pause(self._db.write_tx(work, **kw))


def test_two_editors_saving_one_record_at_once_both_keep_their_change(
        seeded_db: Database) -> None:
    db = PausesAfterFirstTransaction(seeded_db)
    ana, ben = Caller(Role.EDITOR, "Ana"), Caller(Role.EDITOR, "Ben")
    db.first = "ana"
    a = threading.Thread(name="ana", target=lambda: edits.save_organization(
        db, ana, {"city": "Ciudad de México"}, org_id="cndh"))  # type: ignore[arg-type]
    a.start()
    assert db.paused.wait(30)
    edits.save_organization(seeded_db, ben, {"acronym": "CNDH-MX"}, org_id="cndh")
    db.resume.set()
    a.join(30)
    row = seeded_db.read("MATCH (o:Organization {id: 'cndh'}) RETURN o.city AS city, "
                         "o.acronym AS acronym")[0]
    assert row == {"city": "Ciudad de México", "acronym": "CNDH-MX"}


UPDATE = """
mutation($i: UpdateOrganizationInput!) {
  updateOrganization(input: $i) {
    ok errors { field message code } organization { id: slug city version }
  }
}
"""


def test_a_stale_save_is_a_conflict_naming_who_changed_it_and_when(
        client: TestClient, seeded_db: Database) -> None:
    ana = create(seeded_db, Role.EDITOR, "Ana (Oaxaca)")
    ben = create(seeded_db, Role.EDITOR, "Ben (CDMX)")
    loaded = data(client, '{ organization(id: "cndh") { version city } }', token=ana)
    version = loaded["organization"]["version"]
    first = post(client, ben, None, {"i": {"id": "cndh", "city": "Ciudad de México",
                                     "expectedVersion": version}}, UPDATE).json()
    saved = first["data"]["updateOrganization"]
    assert saved["ok"] and saved["organization"]["version"] > version
    stale = post(client, ana, None, {"i": {"id": "cndh", "city": "Oaxaca",
                                           "expectedVersion": version}},
                 UPDATE).json()
    payload = stale["data"]["updateOrganization"]
    assert not payload["ok"] and payload["organization"] is None
    [error] = payload["errors"]
    assert error["code"] == "CONFLICT" and error["field"] == "expectedVersion"
    assert "Ben (CDMX)" in error["message"]
    [top] = stale["errors"]
    assert top["extensions"]["code"] == "CONFLICT"
    assert top["extensions"]["changedBy"].startswith("Ben (CDMX)")
    assert top["extensions"]["changedAt"][:4].isdigit()
    assert top["extensions"]["currentVersion"] == saved["organization"]["version"]
    city = seeded_db.read("MATCH (o:Organization {id: 'cndh'}) RETURN o.city AS c")[0]["c"]
    assert city == "Ciudad de México"  # the stale save wrote nothing
    again = post(client, ana, None, {"i": {
        "id": "cndh", "city": "Oaxaca", "expectedVersion": saved["organization"]["version"]}},
        UPDATE).json()
    assert again["data"]["updateOrganization"]["ok"]


def test_simultaneous_saves_of_one_version_one_wins(client: TestClient,
                                                    seeded_db: Database) -> None:
    token = create(seeded_db, Role.EDITOR, "Editor")
    version = data(client, '{ organization(id: "proteja") { version } }',
                   token=token)["organization"]["version"]
    results: list[Any] = []
    start = threading.Barrier(4)

    def save(n: int) -> None:
        start.wait()
        results.append(post(client, token, None, {"i": {
            "id": "proteja", "note": f"save {n}", "expectedVersion": version}}, UPDATE).json())

    threads = [threading.Thread(target=save, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    outcomes = sorted(r["data"]["updateOrganization"]["ok"] for r in results)
    assert outcomes == [False, False, False, True]
    assert all(r["data"]["updateOrganization"]["errors"][0]["code"] == "CONFLICT"
               for r in results if not r["data"]["updateOrganization"]["ok"])
