"""The workspace's pages over HTTP: sessions, CSRF, roles, escaping, and the same answers as the API."""

from __future__ import annotations

import html as markup
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from api_support import Served, served
from fastapi.testclient import TestClient

from api.auth import Principal
from api.web.session import Session, Visitor
from disrupt.cli import main

DEMO = Path(__file__).parent / "workspace" / "demo-case.yaml"
PAGES = ["/web/", "/web/cases/new", "/web/reports", "/web/cases/WS-DEMO-1", "/web/cases/WS-DEMO-1/history",
         "/web/handbook", "/web/reports/tactics.csv"]


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with served(tmp_path_factory.mktemp("web"), workers=1) as s:
        yield s


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "the page has no CSRF field"
    return found.group(1)


def sign_in(api: Served, role: str) -> TestClient:
    client = TestClient(api.app, raise_server_exceptions=False)
    form = client.get("/web/sign-in")
    signed = client.post("/web/sign-in", data={"key": api.keys[role], "csrf": _csrf(form.text)},
                         follow_redirects=False)
    assert signed.status_code == 303, signed.text
    return client


def test_no_page_without_a_session(api: Served) -> None:
    client = TestClient(api.app, raise_server_exceptions=False)
    for path in PAGES:
        got = client.get(path, follow_redirects=False)
        assert got.status_code == 303 and got.headers["location"] == "/web/sign-in", path
    posted = client.post("/web/cases", data={"csrf": "x", "case_text": DEMO.read_text()},
                         follow_redirects=False)
    assert posted.status_code == 303 and posted.headers["location"] == "/web/sign-in"


def test_signing_in_sets_a_strict_httponly_cookie_and_a_bad_key_is_refused(api: Served) -> None:
    client = TestClient(api.app, raise_server_exceptions=False)
    form = client.get("/web/sign-in")
    bad = client.post("/web/sign-in", data={"key": "da_nope_nope", "csrf": _csrf(form.text)})
    assert bad.status_code == 401 and "unknown or has been revoked" in bad.text
    no_token = client.post("/web/sign-in", data={"key": api.keys["officer"]})
    assert no_token.status_code == 403
    good = client.post("/web/sign-in", data={"key": api.keys["officer"], "csrf": _csrf(form.text)},
                       follow_redirects=False)
    cookie = next(c for c in good.headers.get_list("set-cookie") if c.startswith("disrupt_session="))
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/web" in cookie
    assert api.keys["officer"] not in cookie


def test_a_form_without_its_csrf_token_is_refused(api: Served) -> None:
    client = sign_in(api, "officer")
    for data in ({"case_text": DEMO.read_text()}, {"case_text": DEMO.read_text(), "csrf": "forged"}):
        refused = client.post("/web/cases", data=data)
        assert refused.status_code == 403 and "security token" in refused.text
    refused = client.post("/web/sign-out", data={})
    assert refused.status_code == 403


def test_the_case_page_gives_the_apis_answer_escaped_and_recorded(api: Served) -> None:
    client = sign_in(api, "officer")
    page = client.get("/web/cases/new")
    shown = client.post("/web/cases", data={"csrf": _csrf(page.text), "case_text": DEMO.read_text()})
    assert shown.status_code == 200 and "/web/cases/WS-DEMO-1?evaluation=" in str(shown.url)
    html = shown.text
    assert "&lt;script&gt;alert(&#39;note&#39;)&lt;/script&gt;" in html and "<script>alert" not in html
    assert 'class="critical" role="alert"' in html
    assert "Child Abduction Warning Notice" in html
    assert "on 3 missing episodes: 02 Oct 2019, 14 Oct 2019, 30 Oct 2019" in html
    assert "Is child-w on a care order?" in html
    assert ('accommodated under section 20</label> <span class="effect">— adds a recommendation: '
            "CSE warning letter") in html
    assert "Content-Security-Policy" in shown.headers
    history = api.client.get("/v1/cases/WS-DEMO-1/history", headers=api.auth("auditor")).json()
    evaluation_id = history["evaluations"][-1]["id"]
    assert f"evaluation {evaluation_id}, recorded" in html
    # the same answer the API gives for the same case
    api_answer = api.client.post("/v1/evaluations?dry_run=true", content=DEMO.read_text(),
                                 headers={**api.auth("officer"), "Content-Type": "application/yaml"}).json()
    for finding in api_answer["findings"]:
        assert f'name="rule" value="{finding["rule"]}"' in html


def test_answering_a_question_evaluates_again_and_a_response_is_recorded(api: Served) -> None:
    client = sign_in(api, "officer")
    page = client.get("/web/cases/new")
    first = client.post("/web/cases", data={"csrf": _csrf(page.text), "case_text": DEMO.read_text()})
    evaluation = re.search(r"evaluation=(\d+)", str(first.url))
    assert evaluation
    after = client.post("/web/cases/WS-DEMO-1/answers", data={
        "csrf": _csrf(first.text), "fact": "child-w.legal_status", "value": "s20_accommodated",
        "kind": "choice", "evaluation_id": evaluation.group(1)})
    assert after.status_code == 200 and "Your answer was recorded" in after.text
    assert "CSE warning letter" in after.text and "Is child-w on a care order?" not in after.text
    new_id = re.search(r"evaluation=(\d+)", str(after.url))
    assert new_id and int(new_id.group(1)) > int(evaluation.group(1))
    incomplete = client.post("/web/cases/WS-DEMO-1/responses", data={
        "csrf": _csrf(after.text), "rule": "cawn-found-with-adult", "target": "adult-w",
        "decision": "declined"})
    assert incomplete.status_code == 422 and "needs a &#39;reason&#39;" in incomplete.text
    done = client.post("/web/cases/WS-DEMO-1/responses", data={
        "csrf": _csrf(after.text), "rule": "cawn-found-with-adult", "target": "adult-w",
        "decision": "accepted", "actioned_on": "2020-07-01", "evaluation_id": new_id.group(1)})
    assert done.status_code == 200 and "Your response was recorded" in done.text
    history = client.get("/web/cases/WS-DEMO-1/history")
    assert "accepted" in history.text and "Child Abduction Warning Notice (cawn)" in history.text


def test_a_findings_paragraph_links_to_the_served_handbook(api: Served) -> None:
    client = sign_in(api, "officer")
    case = client.get("/web/cases/WS-DEMO-1")
    assert 'href="/web/handbook#para-20"' in case.text
    assert 'href="/web/handbook#rule-victim-guard"' in case.text
    handbook = client.get("/web/handbook")
    assert handbook.status_code == 200
    assert 'id="para-20"' in handbook.text and 'id="rule-victim-guard"' in handbook.text


def test_a_bad_answer_to_a_question_is_named_not_a_500(api: Served) -> None:
    client = sign_in(api, "officer")
    case = client.get("/web/cases/WS-DEMO-1")
    refused = client.post("/web/cases/WS-DEMO-1/answers", data={
        "csrf": _csrf(case.text), "fact": "child-w.date_of_birth", "value": "14/03/2003", "kind": "date",
        "evaluation_id": "1"})
    assert refused.status_code == 422 and "child-w.date_of_birth must be a date, YYYY-MM-DD" in refused.text
    unknown = client.post("/web/cases/WS-DEMO-1/answers", data={
        "csrf": _csrf(case.text), "fact": "nobody.legal_status", "value": "none", "evaluation_id": "1"})
    assert unknown.status_code == 422 and "the case has no fact &#39;nobody&#39;" in unknown.text
    wrong = client.post("/web/cases/WS-DEMO-1/answers", data={
        "csrf": _csrf(case.text), "fact": "child-w.legal_status", "value": "married", "evaluation_id": "1"})
    assert wrong.status_code == 422 and "legal_status" in wrong.text
    huge = client.post("/web/cases/WS-DEMO-1/answers", data={
        "csrf": _csrf(case.text), "fact": "child-w.legal_status", "value": "none", "evaluation_id": "9" * 30})
    assert huge.status_code == 422 and "evaluation_id must be a whole number from 1 to" in huge.text


def test_the_guided_form_writes_the_case_format_and_evaluates_it(api: Served) -> None:
    client = sign_in(api, "officer")
    form = client.get("/web/cases/guided")
    assert form.status_code == 200 and "Child Abduction Warning Notice (cawn)" in form.text
    fields = {
        "csrf": _csrf(form.text), "case-id": "WS-GUIDED-1", "case-force": "durham",
        "case-as_of": "2020-06-30",
        "people-0-id": "child-g", "people-0-role": "child", "people-0-victim": "yes",
        "people-0-date_of_birth": "2007-02-01", "people-0-legal_status": "care_order",
        "people-1-id": "adult-g", "people-1-role": "suspect", "people-1-age": "30",
        "events-0-id": "ev-g", "events-0-type": "missing_episode", "events-0-date": "2020-05-01",
        "events-0-child": "child-g", "events-0-people": "adult-g", "events-0-asked_where": "no",
    }
    shown = client.post("/web/cases/guided", data=fields)
    assert shown.status_code == 200 and "/web/cases/WS-GUIDED-1?evaluation=" in str(shown.url)
    assert "Child Abduction Warning Notice" in shown.text
    recorded = api.client.get("/v1/cases/WS-GUIDED-1/history", headers=api.auth("officer")).json()
    assert recorded["evaluations"][0]["findings"]
    refused = client.post("/web/cases/guided", data={**fields, "people-1-age": "thirty"})
    assert refused.status_code == 422 and "/people/1/age" in refused.text
    assert 'value="thirty"' in refused.text  # the form comes back as it was filled in


def test_a_dry_run_shows_the_answer_records_nothing_and_its_questions_still_work(api: Served) -> None:
    client = sign_in(api, "officer")
    page = client.get("/web/cases/new")
    text = DEMO.read_text().replace("WS-DEMO-1", "WS-DRY-1")
    shown = client.post("/web/cases", data={"csrf": _csrf(page.text), "case_text": text, "dry_run": "1"})
    assert shown.status_code == 200 and "not recorded (a dry run)" in shown.text
    assert "Record a response" not in shown.text  # nothing recorded to respond to
    assert client.get("/web/cases/WS-DRY-1/history").status_code == 404
    case_json = re.search(r'name="case_json" value="([^"]+)"', shown.text)
    assert case_json
    after = client.post("/web/cases/WS-DRY-1/answers", data={
        "csrf": _csrf(shown.text), "fact": "child-w.legal_status", "value": "none", "kind": "choice",
        "case_json": markup.unescape(case_json.group(1))})
    assert after.status_code == 200 and "not recorded (a dry run)" in after.text
    assert "CSE warning letter" in after.text and "Is child-w on a care order?" not in after.text
    assert api.client.get("/v1/cases/WS-DRY-1/history", headers=api.auth("officer")).status_code == 404


def test_roles_are_the_apis(api: Served) -> None:
    lead = sign_in(api, "policy_lead")
    assert lead.get("/web/cases/new").status_code == 403
    assert lead.get("/web/reports").status_code == 200
    officer = sign_in(api, "officer")
    assert officer.get("/web/reports").status_code == 403
    history = officer.get("/web/cases/WS-DEMO-1/history")
    assert history.status_code == 200 and "Replay" not in history.text


def test_reports_draw_charts_with_the_table_and_a_csv(api: Served) -> None:
    lead = sign_in(api, "policy_lead")
    page = lead.get("/web/reports")
    assert page.text.count("<svg") == page.text.count("</svg>") >= 3
    assert "¶20 measure, durham" in page.text and "<td>2019-10</td><td>durham</td>" in page.text
    csv = lead.get("/web/reports/missing-vs-cawn.csv")
    assert csv.status_code == 200 and csv.text.startswith("period,force,missing_episodes")
    replayed = lead.post("/web/cases/WS-DEMO-1/replay", data={"csrf": _csrf(page.text)})
    assert replayed.status_code == 200 and "gives exactly the recorded answer again" in replayed.text


def test_force_scopes_hide_other_forces_cases() -> None:
    class Scoped(Principal):
        forces: frozenset[str] = frozenset()

    session = Session("t", "c", "k", "n", 0.0)
    scoped = Visitor(session, Scoped(name="n", role="officer", forces=frozenset({"cleveland"})))
    assert scoped.may_see_force("cleveland") and not scoped.may_see_force("durham")
    assert Visitor(session, Principal(name="n", role="officer")).may_see_force("durham")


def test_disrupt_evaluate_writes_the_case_page_offline(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", str(DEMO), "--format", "html"]) == 0
    html = capsys.readouterr().out
    assert html.startswith("<!DOCTYPE html>") and "<style>" in html
    assert "<script" not in html.split("</head>")[0]
    assert "Critical: A restrictive tactic is aimed at a child victim" in html
    assert "&lt;script&gt;" in html and "<form" not in html
    assert "on 3 missing episodes" in html and "@media print" in html
