"""The HSDS 3.0 API under /hsds/: answers validate against the official OpenAPI
description's response schemas; pages, filters, roles and redaction as GraphQL's."""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from typing import Any

import pytest
from fastapi.testclient import TestClient
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from referral_graph.api.app import create_app
from referral_graph.auth.server_secret import load_key
from referral_graph.auth.tokens import Role, create
from referral_graph.config import Settings
from referral_graph.hsds import vocabulary as voc
from referral_graph.hsds.ids import hsds_id
from referral_graph.network.loading import load_network
from referral_graph.network.public import pseudonyms, set_key
from referral_graph.store.driver import Database
from tests.api.test_confidentiality import SECRET, leaks
from tests.hsds.referee import COMPILED, SHARED, errors

RAW = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
OFFICIAL = json.loads((SHARED / "schema" / "openapi.json").read_text())


@cache
def _registry() -> Registry:
    """The official description, with its remote references served from ../shared."""
    res = [("urn:hsds:openapi", Resource.from_contents(OFFICIAL,
                                                       default_specification=DRAFT202012))]
    for path in [*(SHARED / "schema").glob("*.json"), *COMPILED.glob("*.json")]:
        url = RAW + ("compiled/" if path.parent == COMPILED else "") + path.name
        res.append((url, Resource.from_contents(json.loads(path.read_text()),
                                                default_specification=DRAFT202012)))
    return Registry().with_resources(res)


@cache
def official(path: str) -> Draft202012Validator:
    """The official 200 response schema of ``path``."""
    pointer = "/paths/" + path.replace("~", "~0").replace("/", "~1") + \
        "/get/responses/200/content/application~1json/schema"
    if path == "/service_at_locations/{id}":  # the official file names service.json here
        return Draft202012Validator({"$ref": RAW + "compiled/service_at_location.json"},
                                    registry=_registry(),
                                    format_checker=Draft202012Validator.FORMAT_CHECKER)
    return Draft202012Validator({"$ref": f"urn:hsds:openapi#{pointer}"}, registry=_registry(),
                                format_checker=Draft202012Validator.FORMAT_CHECKER)


@pytest.fixture(scope="module")
def client(seeded: Database, neo4j_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(neo4j_settings, seeded)) as c:
        yield c


@pytest.fixture(scope="module")
def tokens(seeded: Database) -> dict[str, str]:
    return {r.name.lower(): create(seeded, r, f"hsds {r.name}")
            for r in (Role.STAFF, Role.EDITOR)}


def get(client: TestClient, url: str, token: str | None = None, **kw: Any) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    r = client.get(url, headers=headers, **kw)
    assert r.status_code == 200, (url, r.status_code, r.text[:300])
    return r.json()


def all_pages(client: TestClient, url: str, token: str | None = None) -> list[dict]:
    """What a generic HSDS client does: follow the pages until the last one."""
    out, n = [], 1
    while True:
        sep = "&" if "?" in url else "?"
        p = get(client, f"{url}{sep}page={n}&per_page=7", token)
        out += p["contents"]
        if p["last_page"]:
            assert p["total_items"] == len(out) and p["total_pages"] == (n if out else 0)
            return out
        n += 1


def test_about_and_our_openapi_description(client: TestClient) -> None:
    about = get(client, "/hsds/")
    assert errors(official("/"), about) == []
    assert about["version"] == "3.0" and about["openapi_url"].endswith("/hsds/openapi.json")
    desc = get(client, "/hsds/openapi.json")
    assert desc["servers"] == [{"url": "/hsds", "description": "This service's HSDS API"}]
    assert set(desc["paths"]) == set(OFFICIAL["paths"])
    assert client.get("/").headers["content-type"].startswith("text/html")


@pytest.mark.parametrize("role", ["public", "staff", "editor"])
def test_every_answer_validates_against_the_official_openapi(
        client: TestClient, tokens: dict[str, str], role: str) -> None:
    token = tokens.get(role)
    services = all_pages(client, "/hsds/services", token)
    orgs = all_pages(client, "/hsds/organizations", token)
    sals = all_pages(client, "/hsds/service_at_locations", token)
    for url, path in [("/hsds/services?per_page=1000", "/services"),
                      ("/hsds/services?full=true&per_page=1000", "/services"),
                      ("/hsds/services?minimal=true", "/services"),
                      ("/hsds/organizations?full=true&per_page=1000", "/organizations"),
                      ("/hsds/organizations?full_service=true", "/organizations"),
                      ("/hsds/service_at_locations?full=true", "/service_at_locations"),
                      ("/hsds/taxonomies", "/taxonomies"),
                      ("/hsds/taxonomy_terms?per_page=100", "/taxonomy_terms")]:
        assert errors(official(path), get(client, url, token)) == [], url
    every = role == "public"  # every record once; a sample for the other roles
    for s in services if every else services[::9]:
        assert errors(official("/services/{id}"), get(client, f"/hsds/services/{s['id']}",
                                                      token)) == []
    for o in orgs if every else orgs[::9]:
        for q in ("", "?full_service=true"):
            doc = get(client, f"/hsds/organizations/{o['id']}{q}", token)
            assert errors(official("/organizations/{id}"), doc) == []
    for s in sals:
        doc = get(client, f"/hsds/service_at_locations/{s['id']}", token)
        assert errors(official("/service_at_locations/{id}"), doc) == []
    terms = get(client, "/hsds/taxonomy_terms?per_page=100", token)["contents"]
    for t in terms[:3]:
        assert errors(official("/taxonomy_terms/{id}"),
                      get(client, f"/hsds/taxonomy_terms/{t['id']}", token)) == []
        assert errors(official("/taxonomies/{id}"),
                      get(client, f"/hsds/taxonomies/{t['taxonomy_id']}", token)) == []
    assert len(services) == 43 and len(orgs) == 41 and (sals or role == "public")


def test_pages_and_filters(client: TestClient) -> None:
    p = get(client, "/hsds/services?page=3&per_page=10")
    assert (p["page_number"], p["size"], p["total_items"], p["total_pages"]) == (3, 10, 43, 5)
    assert not p["first_page"] and not p["last_page"] and not p["empty"]
    past = get(client, "/hsds/services?page=99&per_page=10")
    assert past["contents"] == [] and past["empty"] and past["last_page"]
    assert client.get("/hsds/services?page=0").status_code == 422
    assert client.get("/hsds/services?per_page=100000").status_code == 422
    legal = voc.service_term_id("legal_aid")
    found = get(client, f"/hsds/services?taxonomy_term_id={legal}&full=true&per_page=100")
    assert found["total_items"] > 3
    assert all(any(a["taxonomy_term_id"] == legal for a in s["attributes"])
               for s in found["contents"])
    pgr = hsds_id("organization", "pgr")
    mine = get(client, f"/hsds/services?organization_id={pgr}")["contents"]
    assert mine and {s["organization_id"] for s in mine} == {pgr}
    dif = hsds_id("organization", "oaxaca-dif")
    edited = get(client, "/hsds/services?modified_after=2020-01-01")["contents"]
    assert {s["organization_id"] for s in edited} == {pgr, dif}  # the edits in the trail
    assert get(client, "/hsds/services?modified_after=2999-01-01")["contents"] == []
    assert client.get("/hsds/services?modified_after=yesterday").status_code == 400
    by_tax = get(client, f"/hsds/services?taxonomy_id={voc.SERVICES}&per_page=100")
    assert by_tax["total_items"] == 43
    words = get(client, "/hsds/services?search=asesoria%20juridica")["contents"]
    assert words and all("Asesoría jurídica" in s["name"] for s in words)
    minimal = get(client, "/hsds/services?minimal=true")
    assert minimal["size"] == 43 and set(minimal["contents"][0]) <= {
        "id", "name", "status", "last_modified"}
    lines = client.get("/hsds/services?format=ndjson").text.splitlines()
    assert len(lines) == 43 and json.loads(lines[0])["id"]
    assert client.get("/hsds/services?format=xml").status_code == 400
    assert client.get("/hsds/service_at_locations?postcode=68000").status_code == 400
    assert client.get("/hsds/services/nope").status_code == 404
    english = client.get("/hsds/taxonomies", headers={"Accept-Language": "en"}).json()
    assert english["contents"][0]["name"] == "referral-graph service types"


def test_roles_and_redaction_follow_graphql(client: TestClient, seeded: Database,
                                            tokens: dict[str, str],
                                            neo4j_settings: Settings) -> None:
    public = json.dumps([all_pages(client, "/hsds/services?full=true"),
                         all_pages(client, "/hsds/organizations?full_service=true"),
                         all_pages(client, "/hsds/service_at_locations?full=true")],
                        ensure_ascii=False)
    assert leaks(public) == set()
    G = load_network(seeded)
    set_key(G, load_key(neo4j_settings))  # the service's own key: its pseudonyms
    alias = pseudonyms(G)
    for o in SECRET:
        assert client.get(f"/hsds/organizations/{hsds_id('organization', o.id)}"
                          ).status_code == 404  # like an id that does not exist
        anon = get(client, f"/hsds/organizations/{hsds_id('organization', alias[o.id])}")
        assert anon["name"] == "Refugio confidencial" and "locations" not in anon
        staff = get(client, f"/hsds/organizations/{hsds_id('organization', o.id)}",
                    tokens["staff"])
        assert staff["name"] == o.name
    pgr = f"/hsds/organizations/{hsds_id('organization', 'pgr')}"
    assert "metadata" not in get(client, pgr, tokens["staff"])
    meta = get(client, pgr, tokens["editor"])["metadata"]
    assert meta[0]["field_name"] == "note" and meta[0]["updated_by"] == "Editora de prueba"
    assert client.get("/hsds/services", headers={"Authorization": "Bearer rg_nope"}
                      ).status_code == 401


def test_the_readme_hsds_example_answers(client: TestClient) -> None:
    import re

    from referral_graph.config import REPO_ROOT

    urls = re.findall(r"curl -s '?http://127\.0\.0\.1:8000(/hsds/[^' ]*)",
                      (REPO_ROOT / "README.md").read_text())
    assert urls
    for url in urls:
        page = get(client, url)
        assert page["total_items"] > 0 and errors(official("/services"), page) == []
