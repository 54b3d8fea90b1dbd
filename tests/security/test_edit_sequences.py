"""Property: no sequence of edits makes a shelter's name or city visible to the public.

Random sequences (hypothesis, stateful) of creates and updates of kind, name, city and
`confidential`, run as an editor against the real Neo4j through the API. After every step
the public answers (the organization itself, a name search, the state's network, the
providers of a service there) are read, and no organization stored as a shelter may have
its name or city in them; the store must obey the rule (`check.find` finds nothing).
Finding 1 fails this within a few steps (an NGO with a city, then kind: shelter).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import ClassVar

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, rule

from referral_graph.api.app import create_app
from referral_graph.auth.tokens import Role, create
from referral_graph.config import Settings
from referral_graph.safety import check
from referral_graph.store.driver import Database

KINDS = st.sampled_from(["ngo", "shelter", "government_agency"])
CONFIDENTIAL = st.sampled_from([None, True, False])
TAG = "Zqx"  # in every generated name, so one public search finds them all
COUNTER = itertools.count()

ORG = "organization { id: slug kind confidential name city }"
CREATE = f"""mutation($i: OrganizationInput!) {{ createOrganization(input: $i) {{ ok
  errors {{ field message }} {ORG} }} }}"""
UPDATE = f"""mutation($i: UpdateOrganizationInput!) {{ updateOrganization(
  input: $i) {{ ok errors {{ field message }} {ORG} }} }}"""
CAPABILITY = """mutation($o: ID!) { setCapability(input: {organization: $o,
  service: "legal_aid", basis: stated, sources: ["qr-cover"]}) { ok } }"""
PUBLIC = f"""{{ organizations(query: "{TAG}", first: 100) {{ edges {{ node {{
  id: slug name city }} }} }}
  network(state: "MX-OAX", depth: 0) {{ nodes {{ id label name }} }}
  providers(service: "legal_aid", state: "MX-OAX") {{ providers {{ organization {{ name city }}
  why }} }} }}"""
ONE = "o{n}: organization(id: \"{id}\") {{ id: slug }}"
STAFF = f"""{{ organizations(query: "{TAG}", first: 100) {{ edges {{ node {{
  id: slug kind confidential name city }} }} }} }}"""


def fresh(word: str) -> str:
    """A value no other organization, source or label uses (so a match is a leak)."""
    return f"{word}{TAG}{next(COUNTER)}"


class EditSequences(RuleBasedStateMachine):
    client: ClassVar[TestClient]
    db: ClassVar[Database]
    editor: ClassVar[str]

    orgs = Bundle("orgs")

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []

    def _edit(self, query: str, variables: dict) -> dict:
        r = self.client.post("/graphql", json={"query": query, "variables": variables},
                             headers={"Authorization": f"Bearer {self.editor}"})
        body = r.json()
        assert r.status_code == 200 and "errors" not in body, r.text
        return next(iter(body["data"].values()))

    @rule(target=orgs, kind=KINDS, confidential=CONFIDENTIAL)
    def create(self, kind: str, confidential: bool | None) -> str:
        name = fresh("Casa ")
        out = self._edit(CREATE, {"i": {
            "id": name.lower().replace(" ", "-"), "name": name, "kind": kind,
            "sector": "civil_society", "states": ["MX-OAX"], "city": fresh("Ciudad"),
            "sources": ["qr-cover"],
            **({} if confidential is None else {"confidential": confidential})}})
        if not out["ok"]:  # only a shelter asked to be public without a source is refused
            assert kind == "shelter" and confidential is False, out
            return self.create(kind, None)
        oid = out["organization"]["id"]
        self._edit(CAPABILITY, {"o": oid})
        self.ids.append(oid)
        return oid

    @rule(oid=orgs, kind=KINDS)
    def change_kind(self, oid: str, kind: str) -> None:
        self._edit(UPDATE, {"i": {"id": oid, "kind": kind}})

    @rule(oid=orgs)
    def move(self, oid: str) -> None:
        self._edit(UPDATE, {"i": {"id": oid, "city": fresh("Ciudad")}})

    @rule(oid=orgs)
    def rename(self, oid: str) -> None:
        self._edit(UPDATE, {"i": {"id": oid, "name": fresh("Casa ")}})

    @rule(oid=orgs, confidential=CONFIDENTIAL)
    def set_confidential(self, oid: str, confidential: bool | None) -> None:
        out = self._edit(UPDATE, {"i": {"id": oid, "confidential": confidential}})
        if not out["ok"]:
            assert [e["field"] for e in out["errors"]] == ["input.confidential"], out

    @invariant()
    def no_shelter_is_visible(self) -> None:
        assert check.find(self.db) == []
        if not self.ids:
            return
        staff = self._edit(STAFF, {})["edges"]
        lookups = " ".join(ONE.format(n=n, id=oid) for n, oid in enumerate(self.ids[-12:]))
        public = self.client.post("/graphql", json={"query": PUBLIC[:-1] + lookups + " }"})
        assert "errors" not in public.json(), public.text
        shown = {o["id"] for o in public.json()["data"].values() if o and "id" in o}
        for org in (e["node"] for e in staff):
            if org["kind"] == "shelter":
                assert org["confidential"] is True  # no source here says it is public
            if org["confidential"]:
                for secret in (org["name"], org["city"]):
                    assert secret not in public.text, (org, public.text)
                assert org["id"] not in shown


@pytest.fixture
def client(seeded_db: Database, neo4j_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(neo4j_settings, seeded_db)) as c:
        yield c


def test_no_edit_sequence_shows_a_shelter(client: TestClient, seeded_db: Database) -> None:
    EditSequences.client = client
    EditSequences.db = seeded_db
    EditSequences.editor = create(seeded_db, Role.EDITOR, "sequence editor")
    run = EditSequences.TestCase
    run.settings = settings(max_examples=8, stateful_step_count=5, deadline=None,
                            derandomize=True, suppress_health_check=list(HealthCheck))
    run().runTest()
