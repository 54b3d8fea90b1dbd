"""HSDS 3.0 export: every record validates against the official compiled schemas, and a
confidential shelter is published the way 211s publish domestic-violence shelters."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from referral_graph.config import DEFAULT_SEED
from referral_graph.dataset.load import load_dataset
from referral_graph.hsds.export import Export
from referral_graph.hsds.ids import hsds_id
from referral_graph.hsds.schemas import validator
from referral_graph.network.public import pseudonyms
from referral_graph.store.driver import Database
from tests.api.test_confidentiality import leaks
from tests.hsds.conftest import network
from tests.hsds.referee import (
    EXAMPLES,
    document_validator,
    errors,
    location_validator,
    row_validator,
)

SEED = load_dataset(DEFAULT_SEED)
SHELTERS = [o for o in SEED.records("organizations") if o.confidential]
DOCUMENTS = {"services.json": lambda: document_validator("service"),
             "organizations.json": lambda: document_validator("organization"),
             "service_at_locations.json": lambda: document_validator("service_at_location"),
             "locations.json": location_validator,
             "taxonomies.json": lambda: row_validator("taxonomy"),
             "taxonomy_terms.json": lambda: row_validator("taxonomy_term")}
OFFICIAL_PACKAGE = json.loads((EXAMPLES / "csv" / "datapackage.json").read_text())


def _load(folder: Path, name: str) -> list[dict]:
    return json.loads((folder / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("scope", ["public", "staff"])
def test_every_json_document_validates_against_the_official_schemas(
        exports: dict[str, tuple[Export, Path]], scope: str) -> None:
    _, folder = exports[f"{scope}-hsds"]
    checked = 0
    for name, make in DOCUMENTS.items():
        v = make()
        for doc in _load(folder, name):
            assert errors(v, doc) == [], (name, doc.get("id"))
            checked += 1
            for cap in doc.get("capacities", ()):  # the 3.1 shape, where 3.0 allows extras
                assert list(validator("service_capacity").iter_errors(cap)) == []
    assert checked > 100
    assert len(_load(folder, "services.json")) == len(SEED.records("capabilities"))


@pytest.mark.parametrize("scope", ["public", "staff"])
def test_every_tabular_row_validates_and_the_package_matches_the_official_one(
        exports: dict[str, tuple[Export, Path]], scope: str) -> None:
    _, folder = exports[f"{scope}-hsds-tabular"]
    ours = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    official = {r["name"]: r for r in OFFICIAL_PACKAGE["resources"]}
    rows = 0
    for res in ours["resources"]:
        if res["name"] not in official:
            continue  # the 3.1 capacity tables
        fields = official[res["name"]]["schema"]["fields"]
        assert [f["name"] for f in res["schema"]["fields"]] == [f["name"] for f in fields]
        required = [f["name"] for f in fields if f["constraints"].get("required")]
        def fks(r: dict) -> list:
            return sorted(json.dumps(k, sort_keys=True) for k in r["schema"].get("foreignKeys",
                                                                                 ()))
        assert fks(res) == fks(official[res["name"]]), res["name"]
        raw = (folder / res["path"]).read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf")  # plain UTF-8, as the official package
        types = {f["name"]: f["type"] for f in fields}
        for row in csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")):
            record = {k: (float(v) if types[k] == "number" else v)
                      for k, v in row.items() if v != "" or k in required}
            assert errors(row_validator(res["name"]), record) == [], (res["name"], row)
            assert all(f in record for f in required), (res["name"], row)
            rows += 1
    assert rows > 500
    assert {r["name"] for r in ours["resources"]} >= set(official)


def test_the_referee_rejects_an_invalid_record(exports: dict[str, tuple[Export, Path]]) -> None:
    """The checks above can fail: a broken id or a missing status is caught."""
    doc = _load(exports["public-hsds"][1], "services.json")[0]
    assert errors(document_validator("service"), {**doc, "id": "cap-1"})
    assert errors(document_validator("service"), {k: v for k, v in doc.items()
                                                  if k != "status"})
    assert errors(row_validator("service_area"), {"id": "x"})


def test_a_public_export_publishes_shelters_as_211s_do(
        seeded: Database, exports: dict[str, tuple[Export, Path]]) -> None:
    exp, folder = exports["public-hsds"]
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(folder.iterdir()))
    tab = "\n".join(p.read_text(encoding="utf-8")
                    for p in sorted(exports["public-hsds-tabular"][1].iterdir()))
    assert leaks(text) == set() and leaks(tab) == set()
    alias = pseudonyms(network(seeded))
    orgs = {o["id"]: o for o in _load(folder, "organizations.json")}
    services = _load(folder, "services.json")
    for shelter in SHELTERS:
        assert hsds_id("organization", shelter.id) not in text  # the staff id never shows
        oid = hsds_id("organization", alias[shelter.id])
        org = orgs[oid]
        assert org["name"] == "Refugio confidencial"
        for key in ("locations", "phones", "contacts", "website", "email", "alternate_name"):
            assert key not in org
        mine = [s for s in services if s["organization_id"] == oid]
        assert mine, shelter.id
        for s in mine:
            assert s["service_areas"], s["name"]
            for key in ("service_at_locations", "contacts", "phones", "url", "email"):
                assert key not in s
            codes = {a["taxonomy_term"].get("code", a["taxonomy_term"]["name"])
                     for a in s["attributes"]}
            assert codes <= {r.id for r in SEED.records("service_types")} | {"Safe Housing"}
    assert not any(loc.get("organization_id") in {hsds_id("organization", alias[s.id])
                                                   for s in SHELTERS}
                   for loc in exp.tables.get("location", ()))
    about = _load(folder, "about.json")
    assert about["scope"] == "public" and about["confidential_included"] is False


def test_a_staff_export_includes_shelters_and_says_so(
        exports: dict[str, tuple[Export, Path]]) -> None:
    _, folder = exports["staff-hsds"]
    names = {o["name"] for o in _load(folder, "organizations.json")}
    assert {s.name for s in SHELTERS} <= names
    about = _load(folder, "about.json")
    assert about["confidential_included"] is True and "INCLUYE" in about["description"]
    package = json.loads((exports["staff-hsds-tabular"][1] / "datapackage.json").read_text())
    assert package["referral_graph"]["scope"] == "staff"
    assert "INCLUYE refugios confidenciales" in package["description"]
    cities = {loc["name"] for loc in _load(folder, "locations.json")}
    assert {s.city for s in SHELTERS if s.city} <= cities


def test_attributes_carry_basis_mandate_sources_ties_and_the_audit_trail(
        exports: dict[str, tuple[Export, Path]]) -> None:
    exp, _ = exports["staff-hsds"]
    terms = {t["id"]: t for t in exp.tables["taxonomy_term"]}
    by_link: dict[str, dict[str, list[str]]] = {}
    for a in exp.tables["attribute"]:
        code = terms[a["taxonomy_term_id"]].get("code") or terms[a["taxonomy_term_id"]]["name"]
        by_link.setdefault(a["link_id"], {}).setdefault(code, []).append(a.get("value", ""))
    pgr = by_link[hsds_id("organization", "pgr")]
    assert pgr["id"] == ["pgr"] and pgr["kind"] == ["government_agency"]
    assert any(json.loads(v)["passage"] for v in pgr["source"])
    assert pgr.get("agreement") or pgr.get("collaboration") or pgr.get("activity")
    mandate = next(c for c in SEED.records("capabilities") if c.basis == "mandate")
    cap = by_link[hsds_id("service", mandate.id)]
    assert cap["basis"] == ["mandate"] and cap["mandate"] == [mandate.mandate]
    assert cap[mandate.service] == [""]  # the service type term
    codes = {t.get("code") for t in terms.values()}
    assert {r.id for r in SEED.records("service_types")} <= codes
    proteja = next(o for o in exp.tables["organization"]
                   if o["id"] == hsds_id("organization", "proteja"))
    assert proteja["website"] == "http://www.proteja.com.mx"  # HSDS wants a URI
    contact = by_link[proteja["id"]]
    assert contact["website"] == ["www.proteja.com.mx"]  # as the source writes it
    assert json.loads(contact["contact_source"][0])["id"] == "qr-website"
    group = next(c for c in SEED.records("capabilities") if c.scope == "group")
    assert by_link[hsds_id("service", group.id)]["group"] == [group.group]
    meta = [m for m in exp.tables["metadata"] if m["resource_id"] == hsds_id("organization",
                                                                               "pgr")]
    assert [(m["field_name"], m["replacement_value"], m["updated_by"]) for m in meta] == [
        ("note", "Nota editada en una prueba.", "Editora de prueba")]
