"""Every state argument of every query: one StateCode scalar over the domain's one state
function, one error wording naming the argument, aliases."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.api.helpers import data, gql

# (query with $s, the argument's name as the error must give it)
QUERIES = [
    ('query($s: StateCode!) { providers(service: "prosecution", state: $s, asOf: "2009-03-01") '
     "{ providers { organization { id } } } }", "state"),
    ("query($s: StateCode) { organizations(state: $s, first: 100) { totalCount } }", "state"),
    ("query($s: StateCode) { collaborations(state: $s) { id } }", "state"),
    ("query($s: StateCode!) { state(code: $s) { code } }", "code"),
    ("query($s: StateCode) { serviceCounts(state: $s, asOf: \"2009-03-01\") "
     "{ service providers } }",
     "state"),
    ('query($s: StateCode) { network(state: $s, depth: 0, asOf: "2009-03-01") { nodes { id } } }',
     "state"),
    ('query($s: StateCode!) { referralPlan(origin: "pgr", needs: ["prosecution"], state: $s, '
     'asOf: "2009-03-01") { plans { steps { providerId } } } }', "state"),
    ('query($s: StateCode!) { coverageReport(states: [$s], serviceTypes: ["prosecution"], '
     'asOf: "2009-03-01") { cells { status } } }', "states[0]"),
    ('query($s: StateCode!) { coverageChanges(states: [$s], serviceTypes: ["prosecution"], '
     'after: {without: ["pgr"]}) { headline } }', "states[0]"),
    ("query($s: StateCode) { activities(state: $s) { id } }", "state"),
    ("query($s: StateCode) { agreements(state: $s) { id } }", "state"),
]


@pytest.mark.parametrize("query, argument", QUERIES, ids=[a + q[20:50] for q, a in QUERIES])
@pytest.mark.parametrize("bad", ["XX", "Atlantis"])
def test_a_bad_state_is_bad_user_input_naming_the_argument(client: TestClient, query: str,
                                                           argument: str, bad: str) -> None:
    body = gql(client, query, {"s": bad}, lang="en")
    assert body.get("errors"), (query, body)
    error = body["errors"][0]
    assert error["message"] == (f"{argument}: {bad!r} is not a Mexican state; give its name "
                                "or code, e.g. Oaxaca, OAX or MX-OAX")
    # Refused by the StateCode scalar before any resolver runs: the variable is named too.
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "argument": argument,
                                   "variable": "s"}


@pytest.mark.parametrize("query, argument", QUERIES, ids=[a + q[20:50] for q, a in QUERIES])
def test_aliases_give_the_same_answer(client: TestClient, query: str, argument: str) -> None:
    answers = [data(client, query, {"s": s}) for s in ("CDMX", "DF", "Ciudad de México",
                                                       "Distrito Federal", "MX-CMX", "cmx")]
    assert all(a == answers[0] for a in answers)
    edomex = [data(client, query, {"s": s}) for s in ("Edomex", "Estado de México", "MEX")]
    assert edomex[0] == edomex[1] == edomex[2]
