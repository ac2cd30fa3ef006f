"""Keys and roles: 401 without a valid key, 403 for the wrong role, admin may do everything."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from api_support import Served, case_json, served


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with served(tmp_path_factory.mktemp("auth")) as s:
        yield s


CALLS = {
    "evaluate": ("post", "/v1/evaluations", case_json()),
    "read_rules": ("get", "/v1/ruleset", None),
    "validate": ("post", "/v1/rulesets/validate", {"files": {"rules/x.yaml": "rules: []\n"}}),
    "reload": ("post", "/v1/ruleset/reload", None),
}
ALLOWED = {
    "officer": {"evaluate", "read_rules"},
    "policy_lead": {"read_rules", "validate", "reload"},
    "auditor": {"read_rules"},
    "admin": {"evaluate", "read_rules", "validate", "reload"},
}


def call(api: Served, what: str, headers: dict[str, str]) -> int:
    method, path, body = CALLS[what]
    response = api.client.request(method, path, json=body, headers=headers)
    status: int = response.status_code
    return status


@pytest.mark.parametrize("role", sorted(ALLOWED))
@pytest.mark.parametrize("what", sorted(CALLS))
def test_each_role_may_do_exactly_its_part(api: Served, role: str, what: str) -> None:
    status = call(api, what, api.auth(role))
    if what in ALLOWED[role]:
        assert status == 200
    else:
        assert status == 403


@pytest.mark.parametrize(
    "header",
    [
        None,
        "Bearer",
        "Basic dXNlcjpwYXNz",
        "Bearer not-a-key",
        "Bearer da_000000000000_guessed",
    ],
)
def test_no_valid_key_is_401_with_a_challenge(api: Served, header: str | None) -> None:
    headers = {"Authorization": header} if header else {}
    response = api.client.post("/v1/evaluations", json=case_json(), headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert response.headers["content-type"] == "application/problem+json"


def test_a_key_with_its_secret_altered_is_refused(api: Served) -> None:
    key = api.keys["officer"]
    altered = key[:-1] + ("A" if key[-1] != "A" else "B")
    response = api.client.get("/v1/ruleset", headers={"Authorization": f"Bearer {altered}"})
    assert response.status_code == 401


def test_a_revoked_key_stops_working_at_once(api: Served) -> None:
    store = api.app.state.keys
    key = store.add("short-lived", "officer", all_forces=True)
    headers = {"Authorization": f"Bearer {key}"}
    assert api.client.get("/v1/ruleset", headers=headers).status_code == 200
    assert store.__class__(store.path).revoke("short-lived")  # as `disrupt keys revoke` would
    assert api.client.get("/v1/ruleset", headers=headers).status_code == 401
