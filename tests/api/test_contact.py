"""Contact details: only as a source states them, never for a confidential organization.

A caseworker acts on a phone, a website or an address; each is a fact with its passage, and a
confidential shelter is reached through the public organization with the strongest tie.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from referral_graph.api.app import create_app
from referral_graph.auth.tokens import Role, create
from referral_graph.config import DEFAULT_SEED, Settings
from referral_graph.dataset.load import load_dataset
from referral_graph.dataset.model import Organization
from referral_graph.store.driver import Database
from tests.api.helpers import data, gql


@pytest.fixture
def client(seeded_db: Database, neo4j_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(neo4j_settings, seeded_db)) as c:
        yield c


def test_every_seeded_contact_is_written_in_its_passage() -> None:
    ds = load_dataset(DEFAULT_SEED)
    passages = {s.id: s.passage for s in ds.records("sources")}
    with_contact = [o for o in ds.records("organizations") if o.has_contact]
    # The documents state one contact: PROTEJA's website. Nothing else may appear.
    assert [(o.id, o.website) for o in with_contact] == [("proteja", "www.proteja.com.mx")]
    for o in with_contact:
        said = " ".join(passages[s] for s in o.contact_sources)
        for value in [*(o.phones or []), o.website, o.email, o.address]:
            if value:
                assert value in said, (o.id, value)


def test_a_contact_needs_its_source_and_never_belongs_to_a_confidential_body() -> None:
    base = {"id": "x-org", "name": "X", "kind": "ngo", "sector": "civil_society",
            "sources": ["qr-cover"]}
    with pytest.raises(ValidationError, match="contact_sources"):
        Organization.model_validate({**base, "phones": ["55 1234 5678"]})
    with pytest.raises(ValidationError, match="never stored"):
        Organization.model_validate({**base, "kind": "shelter", "address": "Calle 1",
                                     "contact_sources": ["qr-cover"]})
    with pytest.raises(ValidationError, match="phones"):
        Organization.model_validate({**base, "phones": ["call us"],
                                     "contact_sources": ["qr-cover"]})
    ok = Organization.model_validate({**base, "phones": ["+52 (55) 1234-5678 ext. 12"],
                                      "website": "https://example.org/ayuda",
                                      "contact_sources": ["qr-cover"]})
    assert ok.has_contact


CONTACT = "query($id: ID!) { organization(id: $id) { contact { phones website email address " \
          "sources { id: slug passage } } } }"


def test_public_contact_comes_with_its_passage(client: TestClient) -> None:
    c = data(client, CONTACT, {"id": "proteja"})["organization"]["contact"]
    assert c["website"] == "www.proteja.com.mx" and c["phones"] == []
    assert "www.proteja.com.mx" in c["sources"][0]["passage"]
    assert data(client, CONTACT, {"id": "pgr"})["organization"]["contact"] is None


def test_confidential_shelter_is_reached_through_a_public_organization(
        client: TestClient, seeded_db: Database) -> None:
    q = """{ providers(service: "shelter", state: "ROO", asOf: "2008-06-01") {
              confidentialNote confidentialVia { id: slug name contact { website } }
              providers { organization { id: slug } } } }"""
    p = data(client, q)["providers"]
    via = p["confidentialVia"]
    assert via and all(o["name"] in p["confidentialNote"] for o in via)
    assert via[0]["id"] == "proteja" and via[0]["contact"]["website"] == "www.proteja.com.mx"
    staff = create(seeded_db, Role.STAFF, "contact test")
    q2 = '{ organization(id: "ciam-cancun") { contact { website } reachThrough(asOf: ' \
         '"2008-06-01") { id: slug } } }'
    o = data(client, q2, token=staff)["organization"]
    assert o["contact"] is None and o["reachThrough"][0]["id"] == "proteja"
    assert data(client, q2)["organization"] is None  # public: as unknown


UPDATE = """mutation($i: UpdateOrganizationInput!) { updateOrganization(input: $i) {
  ok errors { field message } organization { contact { phones sources { id: slug } } } } }"""


def test_editors_add_a_sourced_contact_and_never_a_shelters(client: TestClient,
                                                            seeded_db: Database) -> None:
    editor = create(seeded_db, Role.EDITOR, "contact editor")
    r = data(client, UPDATE, {"i": {"id": "pgr", "phones": ["800 008 5400"]}},
             token=editor)["updateOrganization"]
    assert not r["ok"] and "contact_sources" in r["errors"][0]["message"]
    r = data(client, UPDATE, {"i": {"id": "pgr", "phones": ["800 008 5400"],
                                                  "contactSources": ["nope-source"]}},
             token=editor)["updateOrganization"]
    assert not r["ok"] and r["errors"][0]["field"] == "input.contactSources[0]"
    r = data(client, UPDATE, {"i": {"id": "pgr", "phones": ["800 008 5400"],
                                                  "contactSources": ["qr-cover"]}},
             token=editor)["updateOrganization"]
    assert r["ok"], r["errors"]
    assert r["organization"]["contact"] == {"phones": ["800 008 5400"],
                                            "sources": [{"id": "qr-cover"}]}
    assert data(client, CONTACT, {"id": "pgr"})["organization"]["contact"]["phones"] == [
        "800 008 5400"]
    r = data(client, UPDATE, {"i": {"id": "casa-alianza", "website": "www.example.org",
                                                           "contactSources": ["qr-cover"]}},
             token=editor)["updateOrganization"]
    assert not r["ok"] and "never stored" in r["errors"][0]["message"]
    body = gql(client, '{ organization(id: "casa-alianza") { contact { website } } }',
               token=editor)
    assert body["data"]["organization"]["contact"] is None
