"""The reports, on a small record whose every figure is worked out by hand below.

A-1  durham     ev-1 2019-10-02 found with suspect adult-1 (CAWN recommended, then accepted
                and served 2019-10-20); ev-2 2019-11-02 found with nobody; a CSE flag on
                associate adult-2 2019-10-05, not recorded in a force system
B-1  durham     ev-1 2019-12-10 found with adult-1, CAWN issued 2019-12-11 (reviewed 2019-12-01)
C-1  cleveland  ev-1 2020-01-15 found with associate adult-2 (CAWN recommended, declined);
                adult-1 never reviewed
E-1  durham     ev-1 2019-11-20 found with adult-1; the child is 17, so no CAWN route
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from record_support import BACKENDS, answer, build_ruleset, fresh_store, make_case

from engine.errors import InputError
from engine.evaluate import Engine
from record.models import ResponseIn
from record.policy import policy_of
from record.recorder import Recorder
from record.reports import REPORTS, ReportQuery, as_csv, run_report
from record.store import Store

AS_OF = date(2020, 6, 30)


def build(store: Store, engine: Engine) -> None:
    recorder = Recorder(store)
    recorder.remember(engine.ruleset)
    flag = {
        "id": "act-1",
        "tactic": "cse_flag",
        "target": "adult-2",
        "status": "issued",
        "date": "2019-10-05",
        "recorded": False,
    }
    cases = [
        make_case(
            "A-1",
            episodes=[("ev-1", "2019-10-02", ["adult-1"]), ("ev-2", "2019-11-02", [])],
            actions=[flag],
        ),
        make_case(
            "B-1",
            episodes=[("ev-1", "2019-12-10", ["adult-1"])],
            last_reviewed="2019-12-01",
            actions=[
                {
                    "id": "act-1",
                    "tactic": "cawn",
                    "target": "adult-1",
                    "status": "issued",
                    "date": "2019-12-11",
                },
                {"id": "act-2", "tactic": "sro", "target": "adult-1", "status": "proposed"},
            ],
        ),
        make_case(
            "C-1", force="cleveland", episodes=[("ev-1", "2020-01-15", ["adult-2"])], last_reviewed=None
        ),
        make_case("E-1", episodes=[("ev-1", "2019-11-20", ["adult-1"])]),
    ]
    cases[3]["people"][0]["age"] = 17
    for case in cases:
        recorder.record_evaluation(case, answer(engine, case), "officer-1")

    def respond(case_id: str, **fields: Any) -> None:
        recorder.record_response(case_id, ResponseIn(**fields), by="officer-1")

    cawn = {"rule": "cawn-found-with-adult"}
    respond("A-1", **cawn, target="adult-1", decision="deferred")
    respond("A-1", **cawn, target="adult-1", decision="accepted", actioned_on="2019-10-20")
    respond("C-1", **cawn, target="adult-2", decision="declined", reason="not in the child's interest")
    for case_id in ("A-1", "C-1"):
        respond(
            case_id,
            rule="return-interview",
            target="ev-1",
            decision="declined",
            reason="asked by social care",
        )


@pytest.fixture(scope="module", params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    engine = Engine(build_ruleset())
    with fresh_store(request.param, tmp_path_factory.mktemp("reports")) as s:
        build(s, engine)
        yield s
    engine.close()


# the interval the recorded ruleset's review rule compares with (as the API and CLI derive it)
INTERVAL = policy_of(build_ruleset()).review_interval_days


JUDGED = ReportQuery(as_of=AS_OF, interval_days=INTERVAL)


def rows(store: Store, name: str, **query: Any) -> list[dict[str, Any]]:
    query.setdefault("interval_days", INTERVAL)
    return [r.model_dump() for r in run_report(store, name, ReportQuery(**query)).rows]


def pick(items: list[dict[str, Any]], *fields: str) -> list[tuple[Any, ...]]:
    return [tuple(item[f] for f in fields) for item in items]


def test_tactics_used_by_month_force_and_tactic(store: Store) -> None:
    found = rows(store, "tactics")
    assert pick(found, "period", "force", "tactic", "total", "issued", "not_recorded") == [
        ("2019-10", "durham", "cawn", 1, 1, 0),  # the accepted recommendation
        ("2019-10", "durham", "cse_flag", 1, 1, 1),
        ("2019-12", "durham", "cawn", 1, 1, 0),
        ("undated", "durham", "sro", 1, 0, 0),
    ]
    assert pick(rows(store, "tactics", since=date(2019, 12, 1)), "period", "tactic") == [
        ("2019-12", "cawn")
    ]
    assert rows(store, "tactics", force="cleveland") == []


def test_missing_episodes_found_with_an_adult_against_cawns_considered_and_issued(store: Store) -> None:
    fields = (
        "period",
        "force",
        "missing_episodes",
        "found_with_adult",
        "cawn_considered",
        "cawn_issued",
        "not_considered",
        "cawns_issued_in_period",
    )
    assert pick(rows(store, "missing-vs-cawn"), *fields) == [
        ("2019-10", "durham", 1, 1, 1, 1, 0, 1),
        ("2019-11", "durham", 2, 1, 0, 0, 1, 0),
        ("2019-12", "durham", 1, 1, 1, 1, 0, 1),
        ("2020-01", "cleveland", 1, 1, 1, 0, 0, 0),
    ]
    assert pick(rows(store, "missing-vs-cawn", period="quarter"), *fields) == [
        ("2019-Q4", "durham", 4, 3, 2, 2, 1, 2),
        ("2020-Q1", "cleveland", 1, 1, 1, 0, 0, 0),
    ]
    assert pick(
        rows(store, "missing-vs-cawn", period="year", force="cleveland"), "period", "found_with_adult"
    ) == [("2020", 1)]


def test_which_rules_officers_accept_and_decline(store: Store) -> None:
    fields = (
        "rule",
        "code",
        "answered",
        "accepted",
        "declined",
        "deferred",
        "declined_share",
        "decline_reasons",
    )
    assert pick(rows(store, "responses"), *fields) == [
        ("cawn-found-with-adult", "cawn", 2, 1, 1, 0, 0.5, ["not in the child's interest"]),
        ("return-interview", "return_interview", 2, 0, 2, 0, 1.0, ["asked by social care"]),
    ]
    only = rows(store, "responses", force="cleveland")
    assert pick(only, "rule", "answered") == [("cawn-found-with-adult", 1), ("return-interview", 1)]


def test_suspects_due_for_review_never_reviewed_first(store: Store) -> None:
    found = rows(store, "reviews-due", as_of=AS_OF)
    assert pick(found, "case_id", "person_id", "last_reviewed", "days_overdue") == [
        ("C-1", "adult-1", None, None),
        ("A-1", "adult-1", date(2018, 1, 10), (AS_OF - date(2019, 1, 10)).days),
        ("E-1", "adult-1", date(2018, 1, 10), (AS_OF - date(2019, 1, 10)).days),
    ]
    assert found[1]["due_on"] == date(2019, 1, 10)
    later = rows(store, "reviews-due", as_of=date(2020, 12, 2))
    assert ("B-1", "adult-1") in pick(later, "case_id", "person_id"), "a year after 2019-12-01"
    tomorrow = date.today() + timedelta(days=1)
    assert rows(store, "reviews-due", as_of=AS_OF, since=tomorrow) == [], "no case evaluated since"


def test_the_cohort_lists_each_managed_suspect_with_the_tactics_used_on_them(store: Store) -> None:
    found = rows(store, "cohort", as_of=AS_OF)
    assert pick(found, "force", "case_id", "person_id", "tactics_used", "tactics", "review_due") == [
        ("durham", "A-1", "adult-1", 1, ["cawn issued 2019-10-20"], True),
        ("durham", "B-1", "adult-1", 2, ["cawn issued 2019-12-11", "sro proposed"], False),
    ]
    assert found[0]["first_tactic_on"] == found[0]["last_tactic_on"] == date(2019, 10, 20)
    assert rows(store, "cohort", force="cleveland") == [], "C-1's suspect has no tactic used on them"


def test_csv_has_the_row_model_fields_as_header_and_lists_joined(store: Store) -> None:
    for name, spec in REPORTS.items():
        text = as_csv(run_report(store, name, JUDGED))
        table = list(csv.reader(io.StringIO(text)))
        assert table[0] == list(spec.row.model_fields), name
        assert len(table) == 1 + len(run_report(store, name, JUDGED).rows)
    text = as_csv(run_report(store, "responses"))
    assert "asked by social care" in text
    cohort = list(
        csv.DictReader(io.StringIO(as_csv(run_report(store, "cohort", JUDGED))))
    )
    assert cohort[1]["tactics"] == "cawn issued 2019-12-11; sro proposed"
    due = list(
        csv.DictReader(io.StringIO(as_csv(run_report(store, "reviews-due", JUDGED))))
    )
    assert (due[0]["case_id"], due[0]["last_reviewed"], due[0]["due_on"]) == ("C-1", "", "")


def test_an_unknown_report_is_named_with_a_suggestion(store: Store) -> None:
    with pytest.raises(InputError, match="did you mean 'cohort'"):
        run_report(store, "cohorts")


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x\")", "+1+2", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"])
def test_csv_cells_a_spreadsheet_would_run_as_a_formula_are_neutralised(text: str) -> None:
    """OWASP CSV injection: a cell that starts with = + - @ tab or CR is prefixed with a quote."""
    from datetime import UTC, datetime

    from record.access import AccessRow
    from record.reports import rows_csv

    row = AccessRow(at=datetime(2026, 1, 1, tzinfo=UTC), key="k", role="auditor", action="read",
                    route="GET /v1/reports/responses", force=text, case_id=None, report=None,
                    parameters=text, rows=-1)
    [read] = list(csv.DictReader(io.StringIO(rows_csv(AccessRow, [row]), newline="")))
    assert read["force"] == read["parameters"] == "'" + text.replace("\r", "\n")
    assert read["rows"] == "-1", "numbers are not text: a negative count stays a number"
    assert read["key"] == "k"


def test_a_declined_reason_in_the_responses_csv_is_never_a_formula(store: Store) -> None:
    recorder = Recorder(store)
    engine = Engine(build_ruleset())
    try:
        case = make_case("CSV-1", force="csv-force")
        recorder.record_evaluation(case, answer(engine, case), "officer-1", ruleset=engine.ruleset)
    finally:
        engine.close()
    reason = "=cmd|' /C calc'!A0"
    recorder.record_response("CSV-1", ResponseIn(rule="cawn-found-with-adult", target="adult-1",
                                                 decision="declined", reason=reason), by="officer-1")
    text = as_csv(run_report(store, "responses", ReportQuery(force="csv-force")))
    [row] = list(csv.DictReader(io.StringIO(text)))
    assert row["decline_reasons"] == "'" + reason
