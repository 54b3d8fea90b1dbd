"""HSDS 3.0 import: the official examples, a mapping file, the exact round trip, bad input
named by file, record and field with the database left as it was, and --skip-invalid."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from referral_graph.dataset.load import DataSetError
from referral_graph.directory.lang import Lang
from referral_graph.hsds.export import write_export
from referral_graph.hsds.importer import Options, import_hsds, plan
from referral_graph.store import migrations
from referral_graph.store.driver import Database
from tests.conftest import wipe
from tests.hsds.conftest import STAFF, export, seed_with_history
from tests.hsds.referee import EXAMPLES, document_validator, errors

COUNSELLING = "Community Counselling (ac148810-d857-441c-9679-408f346de14b)"
MYCITY = ("The service is available to all residents of the MyCity area. We provide the "
          "service in our offices or via video conferencing to any who can provide evidence "
          "of their residency.")
# What each official example imports as, with the shipped mapping file.
EXPECTED = {
    # The examples' phone is written with quotes ('"+44 1234 234567"'): not a phone number.
    "service_full.json": ({"name: name (code)": 1}, [COUNSELLING], {MYCITY: 1}, 1),
    "organization_full.json": ({"name: name (code)": 1}, [COUNSELLING], {MYCITY: 1}, 1),
    "service_at_location_full.json": ({"name: name (code)": 1}, [COUNSELLING], {MYCITY: 1}, 1),
    "service_list.json": ({}, [COUNSELLING], {}, 0),
    "organization_list.json": ({}, [], {}, 0),
    "service_at_location_list.json": ({}, [COUNSELLING], {}, 0),
    # The tabular examples link their one attribute to a record that is not there.
    "tabular.json": ({}, [COUNSELLING], {MYCITY: 1}, 6),
    "csv": ({}, [COUNSELLING], {MYCITY: 1}, 6),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_official_examples_import_with_the_expected_mapping_report(name: str) -> None:
    _, report, rejected = plan(EXAMPLES / name, Options())
    unmapped, skipped, areas, ignored = EXPECTED[name]
    assert report.counts == {"organizations": 1}
    assert dict(report.terms_unmapped) == unmapped and report.terms_mapped == {}
    assert report.services_skipped == skipped
    assert dict(report.areas_unmapped) == areas
    assert len(report.ignored) == ignored and rejected == []
    if ignored > 1:
        assert any("'link_id'" in x and "f28dd44b" in x for x in report.ignored)
    if ignored:
        assert any("phone '\"+44 1234 234567\"'" in x and "not a phone number" in x
                   for x in report.ignored)


def test_a_mapping_file_maps_another_directorys_terms(tmp_path: Path) -> None:
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("terms:\n- {taxonomy: name, code: code, service: mental_health}\n")
    _, report, _ = plan(EXAMPLES / "service_full.json", Options(mapping=mapping))
    assert report.terms_mapped == {"name: name (code)": "mental_health"}
    assert report.counts == {"organizations": 1, "capabilities": 1, "audit_events": 1}
    assert not report.services_skipped and not report.terms_unmapped
    mapping.write_text("terms:\n- {code: code, service: counselling}\n")
    with pytest.raises(DataSetError, match=r"mapping.yaml: row 1, field 'terms.0.service': "
                                           r"unknown service type 'counselling'"):
        plan(EXAMPLES / "service_full.json", Options(mapping=mapping))
    mapping.write_text("terms:\n- {code: code, service: legal_aid}\n- {service: shelter}\n")
    with pytest.raises(DataSetError, match=r"mapping.yaml: row 2, field 'terms.1': .*needs a "
                                           r"code or a name"):
        plan(EXAMPLES / "service_full.json", Options(mapping=mapping))


def test_an_official_example_imports_and_reexports_valid(empty_db: Database,
                                                          tmp_path: Path) -> None:
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("terms:\n- {code: code, service: mental_health}\n")
    import_hsds(empty_db, EXAMPLES / "csv")
    import_hsds(empty_db, EXAMPLES / "organization_full.json")  # its term stays unmapped
    import_hsds(empty_db, EXAMPLES / "service_full.json", Options(mapping=mapping))
    exp = export(empty_db, STAFF, Lang.EN)
    write_export(exp, "hsds", tmp_path / "out")
    services = json.loads((tmp_path / "out" / "services.json").read_text())
    orgs = json.loads((tmp_path / "out" / "organizations.json").read_text())
    assert [s["name"] for s in services] == ["Community Counselling"]
    assert [o["name"] for o in orgs] == ["Example Organization Inc."]
    assert orgs[0]["description"].startswith("Example Org is a non-profit")
    assert services[0]["service_areas"][0]["name"].startswith("The service is available")
    for s in services:
        assert errors(document_validator("service"), s) == []
    for o in orgs:
        assert errors(document_validator("organization"), o) == []
        kept = [a["taxonomy_term"]["name"] for a in o.get("attributes", ())]
        assert "name" in kept  # the unmapped term, kept as an attribute


def _canonical(tables: dict) -> dict:
    return {k: sorted(json.dumps(r, sort_keys=True, ensure_ascii=False) for r in v)
            for k, v in tables.items() if v}


@pytest.mark.parametrize("fmt", ["hsds", "hsds-tabular"])
def test_round_trip_export_import_export_is_exact(database: Database, tmp_path: Path,
                                                  fmt: str) -> None:
    seed_with_history(database)
    first = export(database, STAFF)
    write_export(first, fmt, tmp_path / "a")
    wipe(database)
    migrations.apply(database)
    report = import_hsds(database, tmp_path / "a")
    # one edit (a note) and two capacities set (unit, free, total, time): 1 + 2 x 4 fields
    assert report.counts["organizations"] == 41 and report.counts["audit_events"] == 9
    assert report.counts["capacities"] == 2
    second = export(database, STAFF)
    assert _canonical(second.tables) == _canonical(first.tables)
    assert len(second.tables["metadata"]) == 9 and len(second.tables["service_capacity"]) == 2
    again = import_hsds(database, tmp_path / "a")
    assert not again.written.changed  # idempotent, like a seed import


# --- bad input -----------------------------------------------------------------------------

def _copy_csv(tmp_path: Path) -> Path:
    folder = tmp_path / "csv"
    shutil.copytree(EXAMPLES / "csv", folder)
    for p in folder.iterdir():
        p.chmod(0o644)
    return folder


def _edit(path: Path, old: bytes, new: bytes) -> None:
    raw = path.read_bytes()
    assert old in raw
    path.write_bytes(raw.replace(old, new, 1))


ORG = b"d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"


def _bad_schema(f: Path) -> None:
    _edit(f / "services.csv", b"ac148810-d857-441c-9679-408f346de14b,", b"not-a-uuid,")


def _dangling(f: Path) -> None:
    _edit(f / "services.csv", b"," + ORG, b",00000000-0000-4000-8000-000000000000")


def _duplicate(f: Path) -> None:
    lines = (f / "organizations.csv").read_bytes().splitlines(keepends=True)
    (f / "organizations.csv").write_bytes(b"".join([*lines, lines[1]]))


def _encoding(f: Path) -> None:
    _edit(f / "organizations.csv", b"Example Organization", "Organización".encode("latin-1"))


def _missing(f: Path) -> None:
    (f / "services.csv").unlink()


BAD = {
    "schema": (_bad_schema, "csv/services.csv:2: row 1 (id 'not-a-uuid'), field 'id': "
                            "'not-a-uuid' is not a 'uuid'"),
    "dangling": (_dangling, "csv/services.csv:2: row 1 (id "
                            "'ac148810-d857-441c-9679-408f346de14b'), field 'organization_id': "
                            "unknown organization '00000000-0000-4000-8000-000000000000'"),
    "duplicate": (_duplicate, "csv/organizations.csv:3: row 2 (id "
                              "'d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610'), field 'id': duplicate "
                              "id 'd9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610'; first used in "
                              "csv/organizations.csv row 1"),
    "encoding": (_encoding, "csv/organizations.csv:2: row 1: not UTF-8 text: byte 0xf3"),
    "missing": (_missing, "csv/services.csv: missing file: datapackage.json lists it"),
}


def _counts(db: Database) -> list[dict]:
    return db.read("MATCH (n) RETURN labels(n) AS l, count(*) AS n ORDER BY l")


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_names_file_record_and_field_and_writes_nothing(
        seeded: Database, tmp_path: Path, case: str) -> None:
    breaker, message = BAD[case]
    folder = _copy_csv(tmp_path)
    breaker(folder)
    before = _counts(seeded)
    with pytest.raises(DataSetError) as e:
        import_hsds(seeded, folder)
    assert message in str(e.value)
    assert _counts(seeded) == before


def test_bad_json_names_the_nested_field(seeded: Database, tmp_path: Path) -> None:
    doc = json.loads((EXAMPLES / "service_full.json").read_text())
    doc["organization"]["email"] = "not an email"
    doc["service_areas"][0]["id"] = "area-1"
    (tmp_path / "service.json").write_text(json.dumps(doc))
    before = _counts(seeded)
    with pytest.raises(DataSetError) as e:
        import_hsds(seeded, tmp_path / "service.json")
    text = str(e.value)
    assert "service.json: row 1 (id 'area-1'), field 'service_areas[0].id': 'area-1' is " \
           "not a 'uuid'" in text
    assert "service.json: row 1 (id 'd9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610'), field " \
           "'organization.email': 'not an email' is not a 'email'" in text
    with pytest.raises(DataSetError, match="missing file or folder"):
        import_hsds(seeded, tmp_path / "nothing-here")
    (tmp_path / "broken.json").write_text('{"id": ')
    with pytest.raises(DataSetError, match=r"broken.json:1: not valid JSON"):
        import_hsds(seeded, tmp_path / "broken.json")
    assert _counts(seeded) == before


def test_skip_invalid_imports_the_rest_and_writes_the_rejected(empty_db: Database,
                                                               tmp_path: Path) -> None:
    folder = _copy_csv(tmp_path)
    _edit(folder / "services.csv", b"http://example.com/counselling,email@example.com",
          b"http://example.com/counselling,not-an-email")
    rejected = tmp_path / "rejected.json"
    report = import_hsds(empty_db, folder, Options(skip_invalid=True, rejected=rejected))
    assert report.counts["organizations"] == 1
    rows = json.loads(rejected.read_text())
    tables = sorted(r["table"] for r in rows)
    assert "service" in tables and all(r["reasons"] for r in rows)
    assert any("field 'email': 'not-an-email' is not a 'email'" in x
               for r in rows for x in r["reasons"])
    # what hung off the rejected service went with it, with the reason
    assert any("names a rejected record" in x for r in rows for x in r["reasons"])
    assert empty_db.read("MATCH (o:Organization) RETURN o.name AS n") == [
        {"n": "Example Organization Inc."}]


SHELTER = {
    "id": "5b1c7a0e-8f7e-4c55-9d0a-3f1e2a4b6c70", "name": "Casa Refugio Ejemplo",
    "description": "Refugio para mujeres.",
    "locations": [{"id": "6c2d8b1f-9a8f-4d66-8e1b-4a2f3b5c7d81", "location_type": "physical",
                   "name": "Casa", "addresses": [{
                       "id": "7d3e9c2a-0b9a-4e77-9f2c-5b3a4c6d8e92", "address_1": "Calle 1",
                       "city": "Oaxaca de Juárez", "state_province": "Oaxaca",
                       "postal_code": "68000", "country": "MX", "address_type": "physical"}]}],
    "services": [{"id": "8e4fad3b-1cab-4f88-a03d-6c4b5d7e9fa3", "name": "Albergue temporal",
                  "status": "active",
                  "attributes": [{"id": "9f5abe4c-2dbc-4a99-b14e-7d5c6e8fa0b4",
                                  "taxonomy_term": {
                                      "id": "a06bcf5d-3ecd-4aaa-825f-8e6d7f9ab1c5",
                                      "name": "Safe Housing", "description": "OE term",
                                      "taxonomy": "Open Eligibility"}}]}],
}


def test_another_directorys_shelter_is_imported_confidential(empty_db: Database,
                                                             tmp_path: Path) -> None:
    (tmp_path / "shelter.json").write_text(json.dumps(SHELTER), encoding="utf-8")
    report = import_hsds(empty_db, tmp_path / "shelter.json")
    assert report.terms_mapped == {"Open Eligibility: Safe Housing": "shelter"}
    org = empty_db.read("MATCH (o:Organization)-[:OPERATES_IN]->(s:State) "
                        "RETURN o.kind AS kind, o.confidential AS c, o.city AS city, "
                        "labels(o) AS labels, s.id AS state")[0]
    assert org == {"kind": "shelter", "c": True, "city": "Oaxaca de Juárez",
                   "labels": ["Organization", "Shelter"], "state": "MX-OAX"}
    src = empty_db.read("MATCH (:Organization)-[:SOURCED_FROM]->(s:Source) "
                        "RETURN s.document AS d, s.section AS sec")
    assert src == [{"d": "shelter.json",
                    "sec": "organization 5b1c7a0e-8f7e-4c55-9d0a-3f1e2a4b6c70"}]
