"""No path gives a public caller a confidential organization's name, city or membership.

Every query of the API is asked as a public caller against the seeds, with every field;
no confidential value may appear anywhere in the answers. The same questions asked by
staff must show those values, so the test would notice if the values were never there.
"""

from __future__ import annotations

import html
import json
import re

import pytest
from fastapi.testclient import TestClient

from referral_graph.api.graphql.ids import decode, global_id
from referral_graph.auth.tokens import Role, create
from referral_graph.config import DEFAULT_SEED
from referral_graph.dataset.load import load_dataset
from referral_graph.store.driver import Database
from referral_graph.text import fold
from tests.api.helpers import gql

SEED = load_dataset(DEFAULT_SEED)
SECRET = [o for o in SEED.records("organizations") if o.confidential]

# What identifies each confidential organization, written out by hand from the seeds and the
# source documents (the quarterly report's list of shelters, the overview's quote), and
# deliberately not computed by the redactor under test: whatever it misses, this does not.
# Mexico City, where two shelters are, is also the name of their state, which a public
# answer may give; it is not listed.
CONFIDENTIAL = {
    "ciam-cancun": ["ciam-cancun", "Centro de Atención a la Mujer CIAM Cancún, A.C.",
                    "Centro de Atención a la Mujer CIAM Cancún", "Centro de Atención a la Mujer",
                    "CIAM Cancún", "CIAM", "Cancún"],
    "casa-alianza": ["casa-alianza", "Fundación Casa Alianza, I.A.P.", "Fundación Casa Alianza",
                     "Casa Alianza"],
    "casa-de-las-mercedes": ["casa-de-las-mercedes", "Casa de las Mercedes, I.A.P.",
                             "Casa de las Mercedes", "las Mercedes"],
    "alternativas-pacificas": ["alternativas-pacificas", "Alternativas Pacíficas, A.C.",
                               "Alternativas Pacíficas", "Alternativas Pacificas", "Monterrey"],
    "camino-a-casa": ["camino-a-casa", "Camino a Casa"],
}


def secret_values() -> set[str]:
    return {fold(v) for names in CONFIDENTIAL.values() for v in names}


def readable(text: str) -> str:
    """The text as its reader gets it. JSON escapes accents ("Canc\\u00fan") and HTML may
    use entities: a search of the raw body would miss an accented name. A global id is
    base64 of ``Type:slug``, which anyone decodes: its slug is read too."""
    try:
        out = json.dumps(json.loads(text), ensure_ascii=False)
    except ValueError:
        out = html.unescape(text)
    slugs = [d[1] for token in re.findall(r"[A-Za-z0-9+/]{8,}={0,2}", out)
             if (d := decode(token)) is not None]
    return " ".join([out, *slugs])


def leaks(text: str) -> set[str]:
    folded = " " + fold(readable(text)) + " "
    return {v for v in secret_values() if re.search(rf"(?<![a-z0-9]){re.escape(v)}(?![a-z0-9])",
                                                    folded)}


ORG = """id name acronym kind sector national confidential city languages populations
activeFrom activeTo note sources { id passage document section }
states { code } capabilities { id service { id } covers { code } scope group note
  sources { id passage } }
activities { id theme city participantDescription participants { id name city }
  sources { passage } }
figures { id text about { id name } sources { passage } }
conflicts { id sides { value about { id name } sources { passage } } }
memberships { role collaboration { id name members { role organization { id name city } } } }
agreements { id subject partyDescription parties { id name city } sources { passage } }"""

QUERIES = [
    # Every field of every organization, a page at a time: 100 at once is over the query
    # cost limit (api/graphql/cost.py). The pages' cursors are offsets when sorted.
    *(f"{{ organizations(first: 20, sort: [{{name: ASC}}]{after}) {{ totalCount edges {{ "
      "cursor node { ORG } } } }"
      for after in ("", *(f', after: "{c}"' for c in ("YXJyYXljb25uZWN0aW9uOjE5",
                                                      "YXJyYXljb25uZWN0aW9uOjM5",
                                                      "YXJyYXljb25uZWN0aW9uOjU5")))),
    '{ organizations(kind: shelter, first: 100) { totalCount edges { node { id } } } }',
    '{ organizations(state: "MX-CMX", service: "shelter", first: 100) { totalCount '
    "edges { node { id name } } } }",
    # Every field of ORG is asked of organizations above; nested in collaborations, ORG
    # would be over the query cost limit (api/graphql/cost.py), so a lighter set here.
    "{ collaborations { id name goals memberDescription members { role organization { "
    "id name acronym city note sources { passage } memberships { role collaboration { id } } "
    "agreements { id subject parties { id name city } sources { passage } } } } "
    "sources { passage } } }",
    "{ states { code collaborations { id members { organization { id name } } } "
    "legislation { sources { passage } } } }",
    "{ serviceCounts { state service providers national alsoConfidential } }",
    "{ federalLegislation { note sources { passage } } }",
    "{ figures { id metric text about { id kind name } sources { passage } } }",
    "{ conflicts { id attribute sides { id value about { id kind name } "
    "sources { passage } } } }",
    # Every organization answers ORG above; nested in lists, ORG would be over the query
    # cost limit (PROTEJA takes part in every activity and agreement: 1.3 MB, seconds).
    "{ activities { id theme city participantDescription participants { NESTED } "
    "figures { text about { name } } sources { passage } } }",
    "{ agreements { id subject dateText partyDescription parties { NESTED } states { code } "
    "sources { passage } } }",
    "{ coverageReport { summary cells { state service providerIds providerNames reasons "
    "sources providers { id slug name city } } states { code collaborations "
    "brokers { id slug name city } isolated { id slug name city } notes } } }",
]
for state in ("MX-CMX", "MX-NLE", "MX-ROO", "MX-GRO", "MX-OAX"):
    for service in ("shelter", "legal_aid", "medical", "mental_health"):
        for day in ('asOf: "2009-01-01"', ""):  # a date, and today (last records named)
            QUERIES.append(
                f'{{ providers(service: "{service}", state: "{state}" {day}) '
                "{ message confidentialNote providers { organization { ORG } why group sources "
                "{ passage } } alternatives { organization { id name city } why state } "
                "confidentialProviders providerCount dateBasis freshness "
                "lastRecorded { organization { ORG } ended } } }")
    QUERIES.append(f'{{ network(state: "{state}", depth: 2, asOf: "2009-03-01") '
                   "{ nodes { id label name states } edges { source target evidence "
                   "{ label ref sources { passage } } } } }")
QUERIES += [
    f'{{ network(around: "{o.id}", depth: 3) '
    "{ nodes { id name } edges { evidence { label } } } }"
    for o in SEED.records("organizations") if not o.confidential and o.id != "usaid"]
QUERIES += [f'{{ referralPlan(origin: "pgr", needs: ["shelter", "legal_aid", "medical"], '
            f'state: "{s}"{day}) {{ plans {{ steps {{ providerId providerName quote source group '
            "explanation path { source target because } provider { id slug name city } } } "
            "unmet { reason alternatives { id slug name city } via "
            "lastRecorded { organization name } } counts { need providers } dateBasis } }"
            for s in ("MX-CMX", "MX-NLE", "MX-OAX", "MX-ROO")
            for day in (', asOf: "2009-01-01"', "")]
QUERIES += ['{ dataAge { dateBasis freshness newestEvidence } '
            'understand(text: "refugio en Cancún") { service { id } state { code } } }']
CHANGE = ("{ before after headline lines newGaps { stateName lost lostNames gained gainedNames "
          "reasons } closedGaps { lostNames gainedNames reasons } otherChanges { lostNames "
          "gainedNames reasons } networkEffects { organizations organizationNames causes "
          "causeNames text } }")
# Closing an organization that shares a collaboration with a shelter changes cells whose
# reasons could name the shelter, and networks that could isolate one.
QUERIES += [f'{{ coverageChanges(after: {{without: ["{o}"]{day}}}) {CHANGE} }}'
            for o in ("proteja", "pgr", "inm", "federal-preventive-police",
                      "sub-secretary-public-security")
            for day in (', asOf: "2009-03-01"', ", allDates: true")]
QUERIES += [f'{{ coverageChanges(before: {{asOf: "2006-01-01"}}, after: {{asOf: "{d}"}}) '
            f"{CHANGE} }}" for d in ("2008-01-01", "2010-01-01")]
QUERIES += [f'{{ activities(organization: "{o.id}") {{ id }} agreements(organization: '
            f'"{o.id}") {{ id }} figures(about: "{o.id}") {{ id }} conflicts(about: '
            f'"{o.id}") {{ id }} }}' for o in SECRET]
NESTED = """id name acronym kind city note sources { passage } states { code }
memberships { role collaboration { id name } } agreements { id subject }"""
QUERIES = [q.replace("ORG", ORG).replace("NESTED", NESTED) for q in QUERIES]



def test_the_hand_written_list_covers_every_confidential_organization() -> None:
    assert sorted(CONFIDENTIAL) == sorted(o.id for o in SECRET), (
        "a confidential organization was added or removed: write its names, acronym and "
        "city into CONFIDENTIAL by hand")
    states = {s.code: {fold(s.name_en), fold(s.name_es)} for s in SEED.records("states")}
    for o in SECRET:
        listed = {fold(v) for v in CONFIDENTIAL[o.id]}
        assert {fold(o.id), fold(o.name)} <= listed, o.id
        assert o.acronym is None or fold(o.acronym) in listed, o.id
        in_state_names = any(fold(o.city or "") in states.get(s, set()) for s in o.states)
        assert o.city is None or in_state_names or fold(o.city) in listed, o.id


def test_leaks_reads_escaped_json_and_html() -> None:
    assert leaks(json.dumps({"city": "Cancún"})) == {"cancun"}
    assert leaks("<p>Fundaci&oacute;n Casa Alianza</p>") == {"fundacion casa alianza",
                                                             "casa alianza"}
    assert leaks("Casa Aliança") == set() and leaks("Cancunense") == set()
    assert leaks(json.dumps({"id": global_id("Organization", "casa-alianza")})) == {
        "casa alianza"}


@pytest.mark.parametrize("query", QUERIES, ids=[q[:60] for q in QUERIES])
def test_public_answers_hold_no_confidential_value(client: TestClient, query: str) -> None:
    for lang in ("es", "en"):
        r = client.post("/graphql", json={"query": query}, headers={"Accept-Language": lang})
        assert "errors" not in r.json(), r.text  # a broken query would prove nothing
        assert not leaks(r.text), (leaks(r.text), query)


def test_staff_see_what_the_public_does_not(client: TestClient, database: Database) -> None:
    token = create(database, Role.STAFF, "leak test staff")
    seen: set[str] = set()
    for query in QUERIES:
        r = client.post("/graphql", json={"query": query},
                        headers={"Authorization": f"Bearer {token}"})
        seen |= leaks(r.text)
    assert {fold(o.id) for o in SECRET} <= seen


@pytest.mark.parametrize("path", ["/reports/gaps.html", "/reports/gaps.csv",
                                  "/reports/gaps.json", "/reports/gaps.svg",
                                  "/reports/gaps.html?lang=en",
                                  "/reports/gaps.html?without=proteja",
                                  "/reports/gaps.json?without=pgr&lang=en"])
def test_public_report_downloads_hold_no_confidential_value(client: TestClient,
                                                            path: str) -> None:
    r = client.get(path)
    assert r.status_code == 200 and not leaks(r.text)


def test_hidden_and_unknown_ids_answer_alike(client: TestClient) -> None:
    secret = SECRET[0].id
    for template in ('{ organization(id: "ID") { id } }', '{ collaboration(id: "ID") { id } }'):
        assert gql(client, template.replace("ID", secret)) == gql(
            client, template.replace("ID", "no-such-org"))
    for template in ('{ network(around: "ID") { nodes { id } } }',
                     '{ referralPlan(origin: "ID", needs: ["medical"], state: "OAX") '
                     "{ gaps } }"):
        hidden = gql(client, template.replace("ID", secret))["errors"][0]["message"]
        unknown = gql(client, template.replace("ID", "no-such-org"))["errors"][0]["message"]
        assert hidden.replace(secret, "X") == unknown.replace("no-such-org", "X")
    # A name search and a kind filter count nothing hidden.
    for q in (f'{{ organizations(query: "{SECRET[0].name}") {{ totalCount }} }}',
              '{ organizations(kind: shelter) { totalCount } }'):
        assert gql(client, q)["data"]["organizations"]["totalCount"] == 0
