"""Property test of the whole API against its own OpenAPI spec: no input gets a 5xx.

schemathesis generates valid and invalid requests for every operation from the spec the app
serves, sends them in-process (ASGI) with an admin key, and checks each response: never a
server error, status codes, content types, headers and bodies as documented, invalid data
refused, and no operation that works without a key.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from api_support import RULESET_DIR
from hypothesis import HealthCheck, given, settings
from schemathesis.python.asgi import shutdown_lifespans
from schemathesis.specs.openapi.checks import positive_data_acceptance

from api.app import create_app
from api.keys import KeyStore
from api.settings import Settings

OPERATIONS = [
    ("POST", "/v1/evaluations"),
    ("POST", "/v1/rulesets/validate"),
    ("GET", "/v1/ruleset"),
    ("GET", "/v1/rules/{rule_id}"),
    ("GET", "/v1/tactics"),
    ("POST", "/v1/ruleset/reload"),
    ("GET", "/healthz"),
    ("GET", "/readyz"),
]
EXAMPLES = {"/v1/evaluations": 60, "/v1/rulesets/validate": 25}


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, str]]:
    tmp: Path = tmp_path_factory.mktemp("schemathesis")
    key = KeyStore.in_data_dir(tmp / "data").add("fuzzer", "admin", all_forces=True)
    app = create_app(Settings(data_dir=tmp / "data", ruleset_dir=RULESET_DIR, workers=2))
    try:
        yield schemathesis.openapi.from_asgi("/openapi.json", app), key  # starts the lifespan
    finally:
        shutdown_lifespans()


def test_the_spec_lists_every_operation(api_schema: tuple[Any, str]) -> None:
    schema, _ = api_schema
    found = {(r.ok().method.upper(), r.ok().path) for r in schema.get_all_operations()}
    assert set(OPERATIONS) <= found


def fuzz(operation: Any, key: str, examples: int) -> None:
    @given(case=operation.as_strategy())
    @settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    def check(case: Any) -> None:
        # A case can be schema-valid and still refused (a reference to a person who is not in
        # the case, an age that contradicts the date of birth, a tactic not in the catalogue):
        # JSON Schema cannot say those, so valid-by-schema data may get 422.
        case.call_and_validate(
            headers={"Authorization": f"Bearer {key}"}, excluded_checks=[positive_data_acceptance]
        )

    check()


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_no_request_gets_a_server_error_and_every_answer_matches_the_spec(
    api_schema: tuple[Any, str], method: str, path: str
) -> None:
    schema, key = api_schema
    fuzz(schema[path][method], key, EXAMPLES.get(path, 8))


def test_the_other_parts_of_the_service_hold_to_the_spec_too(api_schema: tuple[Any, str]) -> None:
    """Routes added by other parts of the product (the decision record), fewer examples each."""
    schema, key = api_schema
    for result in schema.get_all_operations():
        operation = result.ok()
        if (operation.method.upper(), operation.path) not in OPERATIONS:
            fuzz(operation, key, 6)
