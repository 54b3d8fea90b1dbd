"""Issue 18, finding 5: mutations in the Relay style clients expect.

Before: 6 of 13 mutations took one `input` (`updateOrganization(id, input)`,
`addMembership(collaboration, organization, role)`, `createToken(role, name)` did not), no
`clientMutationId`, and `FieldError { field message }` had a dotted path and no code.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from graphql import (
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    get_nullable_type,
)

from referral_graph.api.app import create_app
from referral_graph.api.graphql.ids import global_id
from referral_graph.api.graphql.schema import build_schema
from referral_graph.auth.tokens import Role, create
from referral_graph.config import Settings
from referral_graph.store.driver import Database
from tests.api.helpers import data, gql


def _mutations() -> dict[str, object]:
    root = build_schema()._schema.mutation_type
    assert root is not None and root.name == "Mutation"
    return dict(root.fields)


def test_every_mutation_takes_one_non_null_input_with_a_client_mutation_id() -> None:
    for name, field in _mutations().items():
        assert list(field.args) == ["input"], name  # type: ignore[attr-defined]
        arg = field.args["input"].type  # type: ignore[attr-defined]
        assert isinstance(arg, GraphQLNonNull), name
        assert isinstance(arg.of_type, GraphQLInputObjectType), name
        assert arg.of_type.name.endswith("Input"), name
        assert "clientMutationId" in arg.of_type.fields, name


def test_every_payload_echoes_the_client_id_and_answers_coded_user_errors() -> None:
    for name, field in _mutations().items():
        payload = get_nullable_type(field.type)  # type: ignore[attr-defined]
        assert isinstance(payload, GraphQLObjectType), name
        assert "MutationPayload" in [i.name for i in payload.interfaces], name
        assert "clientMutationId" in payload.fields, name
        errors = payload.fields["userErrors"].type
        assert isinstance(errors, GraphQLNonNull) and isinstance(errors.of_type, GraphQLList)
        item = errors.of_type.of_type
        assert isinstance(item, GraphQLNonNull) and item.of_type.name == "UserError", name
        assert payload.fields["ok"].deprecation_reason, name
    user_error = build_schema()._schema.type_map["UserError"]
    assert set(user_error.fields) == {"path", "message", "code"}  # type: ignore[attr-defined]
    codes = build_schema()._schema.type_map["UserErrorCode"]
    assert {"INVALID", "REQUIRED", "NOT_FOUND", "TAKEN", "CONFLICT",
            "FORBIDDEN_VALUE"} <= set(codes.values)  # type: ignore[attr-defined]


@pytest.fixture
def client(seeded_db: Database, neo4j_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(neo4j_settings, seeded_db)) as c:
        yield c


@pytest.fixture
def editor(seeded_db: Database) -> str:
    return create(seeded_db, Role.EDITOR, "conventions editor")


AGREEMENT = """mutation($i: AgreementInput!) { createAgreement(input: $i) {
  clientMutationId userErrors { path message code } agreement { id: slug } } }"""


def test_user_errors_have_a_path_a_code_and_the_requests_language(
        client: TestClient, editor: str) -> None:
    given = {"clientMutationId": "form-7", "kind": "mou", "subject": "Legal aid",
             "parties": ["pgr", "no-such-org"], "sources": ["qr-cover"]}
    out = data(client, AGREEMENT, {"i": given}, token=editor)["createAgreement"]
    assert out["clientMutationId"] == "form-7" and out["agreement"] is None
    assert out["userErrors"] == [{"path": ["input", "parties", "1"], "code": "NOT_FOUND",
                                  "message": "No existe Organization con id «no-such-org»."}]
    en = data(client, AGREEMENT, {"i": given}, token=editor, lang="en")["createAgreement"]
    assert en["userErrors"][0]["message"] == "No Organization with id 'no-such-org'."
    missing = data(client, AGREEMENT, {"i": {**given, "parties": ["pgr"], "subject": ""}},
                   token=editor)["createAgreement"]
    assert [(e["path"], e["code"]) for e in missing["userErrors"]] == [
        (["input", "subject"], "INVALID")]
    done = data(client, AGREEMENT, {"i": {**given, "parties": ["pgr"]}},
                token=editor)["createAgreement"]
    assert done["userErrors"] == [] and done["clientMutationId"] == "form-7"
    assert done["agreement"]["id"].startswith("agreement-")


UPDATE = """mutation($i: UpdateOrganizationInput!) { updateOrganization(input: $i) {
  clientMutationId userErrors { path message code } organization { city version } } }"""


def test_an_update_names_its_record_and_version_inside_the_input(
        client: TestClient, editor: str) -> None:
    version = data(client, '{ organization(id: "cndh") { version } }',
                   token=editor)["organization"]["version"]
    saved = data(client, UPDATE, {"i": {"id": global_id("Organization", "cndh"),
                                        "expectedVersion": version, "city": "Ciudad de México",
                                        "clientMutationId": "a"}},
                 token=editor)["updateOrganization"]
    assert saved["userErrors"] == [] and saved["clientMutationId"] == "a"
    assert saved["organization"]["city"] == "Ciudad de México"
    stale = gql(client, UPDATE, {"i": {"id": "cndh", "expectedVersion": version,
                                       "city": "Oaxaca"}}, token=editor, lang="en")
    [error] = stale["data"]["updateOrganization"]["userErrors"]
    assert error["path"] == ["input", "expectedVersion"] and error["code"] == "CONFLICT"
    assert "conventions editor" in error["message"] and "load it again" in error["message"]
    assert stale["errors"][0]["extensions"]["code"] == "CONFLICT"
    wrong_type = gql(client, UPDATE, {"i": {"id": global_id("State", "MX-OAX"), "city": "x"}},
                     token=editor)
    assert wrong_type["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_membership_and_token_mutations_take_one_input(client: TestClient, editor: str,
                                                       seeded_db: Database) -> None:
    collab = data(client, "{ collaborations { id: slug } }")["collaborations"][0]["id"]
    add = """mutation($i: AddMembershipInput!) { addMembership(input: $i) {
      clientMutationId userErrors { path code } organization { id: slug } } }"""
    out = data(client, add, {"i": {"collaboration": collab, "organization": "pgr",
                                   "role": "member", "clientMutationId": "m1"}},
               token=editor)["addMembership"]
    assert out == {"clientMutationId": "m1", "userErrors": [], "organization": {"id": "pgr"}}
    remove = """mutation($i: RemoveMembershipInput!) { removeMembership(input: $i) {
      userErrors { path code } } }"""
    gone = data(client, remove, {"i": {"collaboration": "nope", "organization": "pgr"}},
                token=editor)["removeMembership"]
    assert gone["userErrors"] == [{"path": ["input", "collaboration"], "code": "NOT_FOUND"}]
    admin = create(seeded_db, Role.ADMIN, "conventions admin")
    token = """mutation($i: CreateTokenInput!) { createToken(input: $i) {
      clientMutationId userErrors { path code } id token } }"""
    made = data(client, token, {"i": {"role": "staff", "name": "Caseworker",
                                      "clientMutationId": "t"}}, token=admin)["createToken"]
    assert made["userErrors"] == [] and made["token"] and made["clientMutationId"] == "t"
    revoke = """mutation($i: RevokeTokenInput!) { revokeToken(input: $i) {
      userErrors { path code } id } }"""
    unknown = data(client, revoke, {"i": {"id": "no-such"}}, token=admin)["revokeToken"]
    assert unknown["userErrors"] == [{"path": ["input", "id"], "code": "NOT_FOUND"}]


REFERRAL = """mutation($i: ReferralInput!) { recordReferral(input: $i) {
  userErrors { path message code } } }"""


def test_the_domains_refusals_are_said_in_the_requests_language(
        client: TestClient, editor: str, seeded_db: Database) -> None:
    staff = create(seeded_db, Role.STAFF, "conventions staff")
    bad = {"fromOrganization": "pgr", "toOrganization": "pgr", "needs": ["legal_aid"],
           "date": "2999-01-01", "outcome": "completed"}
    es = data(client, REFERRAL, {"i": bad}, token=staff)["recordReferral"]["userErrors"]
    assert {(tuple(e["path"]), e["message"]) for e in es} == {
        (("input", "toOrganization"), "Debe ser distinta de fromOrganization."),
        (("input", "date"), "La fecha está en el futuro.")}
    en = data(client, REFERRAL, {"i": bad}, token=staff, lang="en")["recordReferral"]
    assert "The date is in the future." in {e["message"] for e in en["userErrors"]}
    org = """mutation($i: UpdateOrganizationInput!) { updateOrganization(input: $i) {
      userErrors { path message code } } }"""
    # A value outside a closed set never reaches the resolver: the enum refuses it.
    refused = gql(client, org, {"i": {"id": "pgr", "kind": "spaceship"}}, token=editor)
    (error,) = refused["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["argument"].endswith("kind"), error
    assert "OrganizationKind" in error["message"] and refused.get("data") is None
