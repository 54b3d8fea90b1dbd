"""A bounded schemathesis run against our own OpenAPI description of the HSDS API: every
operation, as a public caller and as staff, with valid and invalid parameters: no 5xx, and
every answer conforms to the description (status code, content type, schema).

(Schemathesis' pytest plugin does not load under this pytest; the operations are driven
with its strategies and hypothesis directly.)
"""

from __future__ import annotations

import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable

from referral_graph.api.app import create_app
from referral_graph.auth.tokens import Role, create
from referral_graph.config import Settings
from referral_graph.store.driver import Database

CHECKS = [schemathesis.checks.not_a_server_error,
          schemathesis.checks.status_code_conformance,
          schemathesis.checks.content_type_conformance,
          schemathesis.checks.response_schema_conformance]
EXAMPLES = 6  # per operation and generation mode: seconds for the whole run


def test_hsds_api_conforms_to_its_description(seeded: Database,
                                              neo4j_settings: Settings) -> None:
    app = create_app(neo4j_settings, seeded)
    staff = {"Authorization": f"Bearer {create(seeded, Role.STAFF, 'fuzz')}"}
    calls = 0
    with TestClient(app):
        schema = schemathesis.openapi.from_asgi("/hsds/openapi.json", app)
        operations = [r.ok() for r in schema.get_all_operations()]
        assert len(operations) == 11
        for op in operations:
            for mode in (schemathesis.GenerationMode.POSITIVE,
                         schemathesis.GenerationMode.NEGATIVE):

                @given(case=op.as_strategy(generation_mode=mode))
                @settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                          database=None, suppress_health_check=list(HealthCheck))
                def run(case: schemathesis.Case, mode: schemathesis.GenerationMode = mode) -> None:
                    nonlocal calls
                    if mode is schemathesis.GenerationMode.NEGATIVE:
                        case.call_and_validate(checks=[schemathesis.checks.not_a_server_error])
                        calls += 1
                        return
                    case.call_and_validate(checks=CHECKS)
                    case.call_and_validate(headers=staff, checks=CHECKS)
                    calls += 2

                try:
                    run()
                except Unsatisfiable:  # an operation with no parameter has no invalid call
                    assert mode is schemathesis.GenerationMode.NEGATIVE and not op.query
    assert calls > 150
