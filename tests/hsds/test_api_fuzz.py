"""A bounded schemathesis run against our own OpenAPI description of the HSDS API: every
operation, as a public caller and as staff, with valid and invalid parameters: no 5xx, and
every answer conforms to the description (status code, content type, schema).

(Schemathesis' pytest plugin does not load under this pytest; the operations are driven
with its strategies and hypothesis directly.)
"""

from __future__ import annotations

from collections.abc import Callable

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
EXAMPLES = 3  # per operation and generation mode: seconds for the whole run
POSITIVE, NEGATIVE = schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE


def _runner(op: schemathesis.APIOperation, mode: schemathesis.GenerationMode,
            staff: dict[str, str], calls: list[int]) -> Callable[[], None]:
    @given(case=op.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case: schemathesis.Case) -> None:
        if mode is NEGATIVE:  # invalid input: a 4xx, never a 5xx
            case.call_and_validate(checks=[schemathesis.checks.not_a_server_error])
            calls.append(1)
            return
        case.call_and_validate(checks=CHECKS)
        case.call_and_validate(headers=staff, checks=CHECKS)
        calls.append(2)

    return run


def test_hsds_api_conforms_to_its_description(seeded: Database,
                                              neo4j_settings: Settings) -> None:
    app = create_app(neo4j_settings, seeded)
    staff = {"Authorization": f"Bearer {create(seeded, Role.STAFF, 'fuzz')}"}
    calls: list[int] = []
    with TestClient(app):
        schema = schemathesis.openapi.from_asgi("/hsds/openapi.json", app)
        operations = [r.ok() for r in schema.get_all_operations()]
        assert len(operations) == 11
        for op in operations:
            # Invalid calls only where a parameter can be invalid: any text is a valid id,
            # and drawing invalid ones for `/services/{id}` only spends the time budget.
            for mode in (POSITIVE, NEGATIVE) if len(op.query) else (POSITIVE,):
                try:
                    _runner(op, mode, staff, calls)()
                except Unsatisfiable:  # no invalid call can be made from its parameters
                    assert mode is NEGATIVE
    assert sum(calls) > 60
