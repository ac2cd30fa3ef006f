"""Per-force access: two forces using the same case id never see, change or learn of each
other's case; a national auditor sees both; every read lands in the access report. On SQLite
and PostgreSQL."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from record_support import BACKENDS, make_case, ruleset_files, store_url, write_ruleset
from sqlalchemy import select

from api.app import create_app
from api.keys import KeyStore
from api.settings import Settings
from record.store import Store
from record.tables import suspects, tactics_used

SHARED = "DUR/2019/0042"  # both forces use this id
KEYS: dict[str, tuple[str, list[str] | None]] = {  # name: role, forces (None: national)
    "ofc-durham": ("officer", ["durham"]),
    "ofc-cleveland": ("officer", ["cleveland"]),
    "aud-durham": ("auditor", ["durham"]),
    "lead-cleveland": ("policy_lead", ["cleveland"]),
    "aud-national": ("auditor", None),
    "ofc-both": ("officer", ["durham", "cleveland"]),
    "admin-national": ("admin", None),
}


@dataclass
class Forces:
    client: TestClient
    keys: dict[str, str]
    url: str

    def as_(self, name: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.keys[name]}"}

    def get(self, path: str, name: str) -> Any:
        return self.client.get(path, headers=self.as_(name))

    def post(self, path: str, name: str, body: Any = None) -> Any:
        return self.client.post(path, json=body, headers=self.as_(name))


def stored(forces: Forces, query: Any) -> list[Any]:
    store = Store(forces.url, migrate=False)
    try:
        with store.reading() as conn:
            return list(conn.execute(query).all())
    finally:
        store.close()


@pytest.fixture(scope="module", params=BACKENDS)
def forces(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Forces]:
    tmp = tmp_path_factory.mktemp("forces")
    ruleset_dir = write_ruleset(tmp / "rules", ruleset_files("1"))
    store = KeyStore.in_data_dir(tmp / "data")
    keys = {
        name: store.add(name, role, scope or (), all_forces=scope is None)
        for name, (role, scope) in KEYS.items()
    }
    with store_url(request.param, tmp) as url, pytest.MonkeyPatch.context() as env:
        env.setenv("DISRUPT_DATABASE_URL", url)
        app = create_app(Settings(data_dir=tmp / "data", ruleset_dir=ruleset_dir, workers=1,
                                  eval_timeout=30.0))
        with TestClient(app, raise_server_exceptions=False) as client:
            f = Forces(client, keys, url)
            durham = make_case(SHARED, force="durham", last_reviewed="2018-01-10")
            cleveland = make_case(SHARED, force="cleveland", last_reviewed="2020-01-01", actions=[
                {"id": "act-1", "tactic": "cse_flag", "target": "adult-1", "status": "issued"}])
            for name, case in (("ofc-durham", durham), ("ofc-cleveland", cleveland),
                               ("ofc-durham", make_case("DUR-ONLY", force="durham"))):
                answered = f.post("/v1/evaluations", name, case)
                assert answered.status_code == 200, answered.text
            yield f


def test_an_evaluation_outside_the_keys_forces_is_refused_and_not_recorded(forces: Forces) -> None:
    other = forces.post("/v1/evaluations", "ofc-durham", make_case("CLE-1", force="cleveland"))
    assert other.status_code == 403 and "cleveland" in other.json()["detail"]
    no_force = make_case("NOFORCE-1")
    del no_force["case"]["force"]
    refused = forces.post("/v1/evaluations", "ofc-durham", no_force)
    assert refused.status_code == 403 and "names no force" in refused.json()["detail"]
    assert forces.get("/v1/cases/CLE-1/history", "aud-national").status_code == 404, "not recorded"


def test_a_case_naming_no_force_is_national_scope_only(forces: Forces) -> None:
    no_force = make_case("NOFORCE-2")
    del no_force["case"]["force"]
    assert forces.post("/v1/evaluations", "admin-national", no_force).status_code == 200
    history = forces.get("/v1/cases/NOFORCE-2/history", "aud-national")
    assert history.status_code == 200 and history.json()["force"] is None
    for scoped in ("ofc-durham", "ofc-both", "aud-durham"):
        assert forces.get("/v1/cases/NOFORCE-2/history", scoped).status_code == 404
    rows = forces.get("/v1/reports/reviews-due?as_of=2026-01-01", "ofc-both")
    assert rows.status_code == 403, "an officer reads no reports"
    scoped_rows = forces.get("/v1/reports/reviews-due?as_of=2026-01-01", "aud-durham").json()["rows"]
    assert "NOFORCE-2" not in {r["case_id"] for r in scoped_rows}


def test_a_key_of_two_forces_names_the_force_of_a_shared_id(forces: Forces) -> None:
    both = forces.get(f"/v1/cases/{SHARED}/history", "ofc-both")
    assert both.status_code == 409 and both.json()["forces"] == ["cleveland", "durham"]
    named = forces.get(f"/v1/cases/{SHARED}/history?force=cleveland", "ofc-both")
    assert named.status_code == 200 and named.json()["force"] == "cleveland"
    assert forces.get("/v1/cases/DUR-ONLY/history", "ofc-both").status_code == 200, "one force: no need"


def test_each_force_sees_only_its_own_case_under_the_shared_id(forces: Forces) -> None:
    for name, force in (("ofc-durham", "durham"), ("ofc-cleveland", "cleveland")):
        for path in (f"/v1/cases/{SHARED}/history", f"/v1/cases/{quote(SHARED, safe='')}/history"):
            history = forces.get(path, name)
            assert history.status_code == 200, history.text
            body = history.json()
            assert (body["case_id"], body["force"]) == (SHARED, force)
            assert [e["asked_by"] for e in body["evaluations"]] == [name]
            assert [t["force"] for t in body["tactics"]] == (["cleveland"] if force == "cleveland" else [])
    rows = stored(forces, select(suspects.c.case_force, suspects.c.last_reviewed)
                  .where(suspects.c.case_id == SHARED).order_by(suspects.c.case_force))
    assert [(f, str(d)) for f, d in rows] == [("cleveland", "2020-01-01"), ("durham", "2018-01-10")]


def test_another_forces_case_reads_exactly_as_a_missing_one(forces: Forces) -> None:
    def answer(case_id: str) -> tuple[int, str]:
        response = forces.get(f"/v1/cases/{case_id}/history", "ofc-cleveland")
        return response.status_code, response.json()["detail"].replace(case_id, "ID")

    assert answer("DUR-ONLY") == answer("NEVER-RECORDED") == (404, "no evaluation of case 'ID' is recorded")
    body = {"rule": "cawn-found-with-adult", "target": "adult-1", "decision": "deferred"}
    assert forces.post("/v1/cases/DUR-ONLY/responses", "ofc-cleveland", body).status_code == 404
    assert forces.post("/v1/cases/DUR-ONLY/replay", "lead-cleveland").status_code == 404
    assert forces.post("/v1/cases/DUR-ONLY/replay", "aud-durham").status_code == 200


def test_a_response_changes_only_its_own_forces_case(forces: Forces) -> None:
    body = {"rule": "cawn-found-with-adult", "target": "adult-1", "decision": "accepted",
            "actioned_on": "2019-10-06"}
    created = forces.post(f"/v1/cases/{SHARED}/responses", "ofc-durham", body)
    assert created.status_code == 201, created.text
    assert created.json()["force"] == "durham"
    cleveland = forces.get(f"/v1/cases/{SHARED}/history", "ofc-cleveland").json()
    assert cleveland["responses"] == [] and [t["tactic"] for t in cleveland["tactics"]] == ["cse_flag"]
    used = stored(forces, select(tactics_used.c.case_force, tactics_used.c.tactic)
                  .where(tactics_used.c.case_id == SHARED).order_by(tactics_used.c.case_force))
    assert [tuple(r) for r in used] == [("cleveland", "cse_flag"), ("durham", "cawn")]


def test_reports_keep_to_the_keys_forces(forces: Forces) -> None:
    def case_forces(name: str, query: str = "") -> set[str]:
        report = forces.get(f"/v1/reports/reviews-due?as_of=2026-01-01{query}", name)
        assert report.status_code == 200, report.text
        return {row["force"] for row in report.json()["rows"]}

    assert case_forces("aud-durham") == {"durham"}
    assert case_forces("lead-cleveland") == {"cleveland"}
    assert case_forces("aud-national") >= {"durham", "cleveland"}
    assert case_forces("aud-national", "&force=cleveland") == {"cleveland"}
    refused = forces.get("/v1/reports/reviews-due?force=cleveland", "aud-durham")
    assert refused.status_code == 403
    assert forces.get("/v1/reports/tactics?format=csv&force=cleveland", "aud-durham").status_code == 403


def test_a_national_auditor_names_the_force_of_a_shared_id(forces: Forces) -> None:
    ambiguous = forces.get(f"/v1/cases/{SHARED}/history", "aud-national")
    assert ambiguous.status_code == 409
    assert ambiguous.json()["forces"] == ["cleveland", "durham"]
    for force in ("durham", "cleveland"):
        history = forces.get(f"/v1/cases/{SHARED}/history?force={force}", "aud-national")
        assert history.status_code == 200 and history.json()["force"] == force
        replay = forces.post(f"/v1/cases/{SHARED}/replay?force={force}", "aud-national")
        assert replay.status_code == 200, replay.text
    assert forces.get(f"/v1/cases/{SHARED}/history?force=cleveland", "ofc-durham").status_code == 404


def test_every_read_is_in_the_access_report(forces: Forces) -> None:
    forces.get(f"/v1/cases/{SHARED}/history", "ofc-durham")
    forces.get(f"/v1/cases/{SHARED}/history", "ofc-cleveland")
    forces.get("/v1/cases/DUR-ONLY/history", "ofc-cleveland")  # a miss, 0 rows
    forces.get("/v1/reports/cohort", "aud-durham")
    national = forces.get(f"/v1/reports/access?case_id={quote(SHARED, safe='')}", "aud-national")
    assert national.status_code == 200, national.text
    rows = national.json()["rows"]
    seen = {(r["key"], r["force"]) for r in rows if r["route"] == "GET /v1/cases/{case_id}/history"}
    assert {("ofc-durham", "durham"), ("ofc-cleveland", "cleveland"), ("aud-national", "durham"),
            ("aud-national", "cleveland")} <= seen
    assert all(r["rows"] > 0 for r in rows if r["key"] == "ofc-durham" and r["force"] == "durham")
    missed = forces.get("/v1/reports/access?case_id=DUR-ONLY&key=ofc-cleveland", "aud-national").json()
    assert [(r["rows"], r["force"]) for r in missed["rows"]][-1] == (0, None)
    reports = forces.get("/v1/reports/access?key=aud-durham", "aud-national").json()["rows"]
    assert any(r["report"] == "cohort" and r["role"] == "auditor" for r in reports)
    # a force's auditor sees its own force's accesses only; the access report needs the auditor role
    own = forces.get("/v1/reports/access", "aud-durham").json()["rows"]
    assert own and {r["force"] for r in own} == {"durham"}
    assert forces.get("/v1/reports/access?force=cleveland", "aud-durham").status_code == 403
    assert forces.get("/v1/reports/access", "lead-cleveland").status_code == 403
    csv_export = forces.get("/v1/reports/access?format=csv", "aud-national")
    assert csv_export.status_code == 200 and csv_export.text.startswith("at,key,role,action,route")
    again = forces.get("/v1/reports/access?key=aud-national", "aud-national").json()["rows"]
    assert any(r["report"] == "access" for r in again), "reading the trail is itself in the trail"


def test_a_read_whose_access_cannot_be_written_discloses_nothing(forces: Forces) -> None:
    store = Store(forces.url, migrate=False)
    postgres = store.dialect == "postgresql"
    refuse = (
        ["CREATE FUNCTION no_audit() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$ "
         "LANGUAGE plpgsql",
         "CREATE TRIGGER no_audit BEFORE INSERT ON accesses FOR EACH ROW EXECUTE FUNCTION no_audit()"]
        if postgres else
        ["CREATE TRIGGER no_audit BEFORE INSERT ON accesses BEGIN SELECT RAISE(ABORT, 'disk full'); END"]
    )
    try:
        with store.writing() as conn:
            for statement in refuse:
                conn.exec_driver_sql(statement)
        for response in (
            forces.get(f"/v1/cases/{SHARED}/history", "ofc-durham"),
            forces.post("/v1/cases/DUR-ONLY/replay", "aud-durham"),
            forces.get("/v1/reports/cohort?format=csv", "aud-national"),
            forces.get("/v1/reports/access", "aud-national"),
            forces.post(f"/v1/cases/{SHARED}/responses", "ofc-durham",
                        {"rule": "cawn-found-with-adult", "target": "adult-1", "decision": "deferred"}),
        ):
            assert response.status_code == 503, response.text
            assert "adult-1" not in response.text and "durham" not in response.text
    finally:
        with store.writing() as conn:
            conn.exec_driver_sql("DROP TRIGGER no_audit ON accesses" if postgres else "DROP TRIGGER no_audit")
            if postgres:
                conn.exec_driver_sql("DROP FUNCTION no_audit()")
        store.close()
    assert forces.get(f"/v1/cases/{SHARED}/history", "ofc-durham").status_code == 200


def test_readyz_is_not_ready_while_the_record_cannot_be_written(forces: Forces) -> None:
    assert forces.client.get("/readyz").status_code == 200
    store = Store(forces.url, migrate=False)
    postgres = store.dialect == "postgresql"
    refuse = (  # as a full disk, a read-only file or a refusing server would
        ["CREATE FUNCTION read_only() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'read-only'; END $$ "
         "LANGUAGE plpgsql",
         "CREATE TRIGGER read_only BEFORE INSERT ON readiness FOR EACH ROW EXECUTE FUNCTION read_only()"]
        if postgres else
        ["CREATE TRIGGER read_only BEFORE INSERT ON readiness BEGIN SELECT RAISE(ABORT, 'read-only'); END"]
    )
    try:
        with store.writing() as conn:
            for statement in refuse:
                conn.exec_driver_sql(statement)
        not_ready = forces.client.get("/readyz")
        assert not_ready.status_code == 503
        assert not_ready.json()["detail"] == "not ready: the decision record cannot be written"
    finally:
        with store.writing() as conn:
            conn.exec_driver_sql("DROP TRIGGER read_only" + (" ON readiness" if postgres else ""))
            if postgres:
                conn.exec_driver_sql("DROP FUNCTION read_only()")
        store.close()
    assert forces.client.get("/readyz").status_code == 200


def _impact_cases(forces: Forces, name: str, body: dict[str, Any]) -> tuple[int, set[str | None]]:
    """Start an impact job with a new version of the ruleset; its status code and the forces it read."""
    started = forces.post("/v1/rulesets/impact", name, {"files": ruleset_files("2"), **body})
    if started.status_code != 202:
        return started.status_code, set()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        job = forces.get(f"/v1/jobs/{started.json()['id']}", name).json()
        if job["status"] == "done":
            return 202, {f["force"] for f in job["report"]["forces"]}
        assert job["status"] != "failed", job
        time.sleep(0.2)
    raise AssertionError("the impact job did not finish")


def test_a_force_scoped_policy_leads_impact_analysis_reads_only_its_forces_cases(forces: Forces) -> None:
    status, read = _impact_cases(forces, "lead-cleveland", {})
    assert status == 202 and read == {"cleveland"}
    named = {"files": ruleset_files("2"), "force": "durham"}
    refused = forces.post("/v1/rulesets/impact", "lead-cleveland", named)
    assert refused.status_code == 403 and "durham" in refused.json()["detail"]
    status, read = _impact_cases(forces, "admin-national", {})
    assert status == 202 and {"cleveland", "durham"} <= read  # and any case naming no force
