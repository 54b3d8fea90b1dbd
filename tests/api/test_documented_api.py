"""Figures, conflicts, activities, agreements and capability notes, asked as users would."""

from __future__ import annotations

from fastapi.testclient import TestClient

from referral_graph.config import DEFAULT_SEED
from referral_graph.dataset.load import load_dataset
from referral_graph.text import fold
from tests.api.helpers import data, gql

SEED = load_dataset(DEFAULT_SEED)
SECRET = {o.id for o in SEED.records("organizations") if o.confidential}


def test_how_many_people_did_the_project_train(client: TestClient) -> None:
    d = data(client, '{ figures(metric: "trained") { value text metricLabel about { id name } '
                     "sources { passage } } }")["figures"]
    assert [f["value"] for f in d] == [8980]
    f = d[0]
    assert f["about"]["id"] == "proteja" and f["metricLabel"] == "Personas capacitadas"
    assert any("8,980" in s["passage"] for s in f["sources"])


def test_every_figure_is_askable_with_its_passage(client: TestClient) -> None:
    d = data(client, "{ figures { id: slug text sources { passage } } }")["figures"]
    assert {f["id"] for f in d} == {f.id for f in SEED.records("figures")}
    assert all(f["sources"] and all(s["passage"] for s in f["sources"]) for f in d)


def test_which_documents_disagree_and_on_what(client: TestClient) -> None:
    d = data(client, "{ conflicts { id: slug attribute resolved sides { value "
                     "about { id kind name } sources { document passage } } } }")["conflicts"]
    expected = {s.conflict for s in SEED.records("statements")}
    assert {c["id"] for c in d} == expected
    for c in d:
        assert c["resolved"] is False and len(c["sides"]) >= 2, c
        assert all(s["sources"] and s["sources"][0]["passage"] for s in c["sides"])
    sides = sum(len(c["sides"]) for c in d)
    assert sides == len(SEED.records("statements"))
    # A side about a confidential shelter is kept, its subject unnamed for the public.
    ends = next(c for c in d if c["id"] == "subgrants-end-date")
    hidden = [s for s in ends["sides"] if s["about"]["id"] is None]
    assert hidden and hidden[0]["about"]["name"] == "Refugio confidencial"


def test_conflicts_about_one_record(client: TestClient) -> None:
    d = data(client, '{ conflicts(about: "law-federal") { id: slug sides { value } } }'
             )["conflicts"]
    assert [c["id"] for c in d] == ["federal-law-approval-date"]


ACTIVITIES = """query($state: StateCode, $org: ID, $from: Date, $to: Date, $kind: ActivityKind) {
  activities(state: $state, organization: $org, from: $from, to: $to, kind: $kind) {
    id: slug kind kindLabel theme start end city participantCount participantDescription
    participatingOrganizations makesNoTie participants { id: slug name } states { code }
    sources { passage } } }"""


def test_what_trainings_took_place_in_oaxaca_and_how_many_attended(client: TestClient) -> None:
    d = data(client, ACTIVITIES, {"state": "Oaxaca"})["activities"]
    assert d and all(a["states"] == [{"code": "MX-OAX"}] for a in d)
    tuxtepec = next(a for a in d if a["city"] == "Tuxtepec")
    assert tuxtepec["participantCount"] == 35 and tuxtepec["kindLabel"] == "Seminario"
    assert any("35" in s["passage"] for s in tuxtepec["sources"])
    starts = [a["start"] for a in d]
    assert starts == sorted(starts)
    feb = data(client, ACTIVITIES, {"state": "OAX", "from": "2009-02-10",
                                    "to": "2009-02-11", "kind": "workshop"})["activities"]
    assert {a["id"] for a in feb} == {"t1-2009-02-09-workshop-oaxaca-security-hr",
                                      "t1-2009-02-11-workshop-oaxaca-dif",
                                      "t2-2009-02-09-indigenous-leaders-oaxaca"}


def test_events_with_a_single_participating_organization_are_listed(client: TestClient
                                                                    ) -> None:
    d = data(client, ACTIVITIES)["activities"]
    assert len(d) == len(SEED.records("activities"))
    alone = {a["id"] for a in d if a["participatingOrganizations"] == 1}
    assert {"t2-2009-01-26-fifteen-ngos", "film-screening-guelatao-2009-02-28"} <= alone
    assert all(a["makesNoTie"] for a in d if a["id"] in alone)


def test_activities_of_an_organization(client: TestClient) -> None:
    d = data(client, ACTIVITIES, {"org": "pgr"})["activities"]
    assert d and all("pgr" in [p["id"] for p in a["participants"]] for a in d)
    nested = data(client, '{ organization(id: "pgr") { activities { id: slug } figures { id } '
                          "conflicts { id } } }")["organization"]
    assert [a["id"] for a in nested["activities"]] == [a["id"] for a in d]


def test_hidden_organizations_are_not_participants_nor_filters(client: TestClient) -> None:
    d = data(client, ACTIVITIES, {"org": "camino-a-casa"})["activities"]
    unknown = data(client, ACTIVITIES, {"org": "no-such-org"})["activities"]
    assert d == unknown == []
    rescue = next(a for a in data(client, ACTIVITIES, {"state": "GRO"})["activities"]
                  if a["id"] == "t2-2009-03-09-rescue-guerrero")
    assert not SECRET & {p["id"] for p in rescue["participants"]}


AGREEMENTS = """query($org: ID, $state: StateCode, $kind: AgreementKind, $from: Date, $to: Date) {
  agreements(organization: $org, state: $state, kind: $kind, from: $from, to: $to) {
    id: slug kind kindLabel subject date dateText ends parties { id: slug } states { code }
    sources { passage } } }"""


def test_agreements_by_organization_kind_and_state(client: TestClient) -> None:
    mous = data(client, AGREEMENTS, {"org": "proteja", "kind": "mou"})["agreements"]
    assert {a["id"] for a in mous} == {"mou-morelos", "mou-nayarit", "mou-quintana-roo"}
    assert all(a["kindLabel"] == "Memorándum de entendimiento" for a in mous)
    morelos = data(client, AGREEMENTS, {"state": "Morelos"})["agreements"]
    assert {"mou-morelos", "agreement-cuernavaca-coordination"} <= {a["id"] for a in morelos}
    everything = data(client, AGREEMENTS)["agreements"]
    assert len(everything) == len(SEED.records("agreements"))
    assert all(a["sources"] for a in everything)


def test_capability_note_scope_and_group(client: TestClient, database) -> None:
    from referral_graph.auth.tokens import Role, create

    token = create(database, Role.STAFF, "note reader")
    q = ('{ organization(id: "ciam-cancun") { capabilities { service { id: slug } scope group note '
         "sources { passage } } } }")
    caps = data(client, q, token=token)["organization"]["capabilities"]
    legal = next(c for c in caps if c["service"]["id"] == "legal_aid")
    assert legal["scope"] == "group" and "five shelters" in legal["group"]
    assert "as a group" in legal["note"]
    shelter = next(c for c in caps if c["service"]["id"] == "shelter")
    assert shelter["scope"] == "organization" and shelter["group"] is None
    proteja = data(client, '{ organization(id: "proteja") { capabilities { note } } }')
    assert any("ended with the project" in (c["note"] or "")
               for c in proteja["organization"]["capabilities"])


def test_bad_dates_and_states_name_the_argument(client: TestClient) -> None:
    body = gql(client, ACTIVITIES, {"from": "2009-03-01", "to": "2009-01-01"})
    assert body["errors"][0]["message"].startswith("to:")
    body = gql(client, AGREEMENTS, {"state": "Atlantis"})
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "argument": "state",
                                               "variable": "state"}


def test_public_answers_never_name_a_confidential_subject(client: TestClient) -> None:
    text = fold(str(data(client, "{ figures { about { id name } } conflicts { sides { about "
                                 "{ id name } } } }")))
    assert "casa alianza" not in text and "camino a casa" not in text
