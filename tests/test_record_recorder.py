"""Recording evaluations and officers' responses: whole or not at all, never counted twice."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from record_support import BACKENDS, answer, build_ruleset, fresh_store, make_case
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from engine.case import case_from_data
from engine.evaluate import Engine
from record.errors import NotRecorded
from record.extract import evaluation_rows
from record.models import ResponseIn
from record.policy import policy_of
from record.recorder import Evaluated, Prepared, Recorder
from record.store import Store
from record.tables import episodes, evaluations, findings, rulesets, suspects, tactics_used


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with fresh_store(request.param, tmp_path) as s:
        yield s


@pytest.fixture(scope="module")
def rules() -> Iterator[Engine]:
    engine = Engine(build_ruleset())
    yield engine
    engine.close()


@pytest.fixture
def recorder(store: Store, rules: Engine) -> Recorder:
    recorder = Recorder(store)
    recorder.remember(rules.ruleset)
    return recorder


def record(recorder: Recorder, rules: Engine, case: dict[str, Any], by: str = "officer-1") -> int:
    return recorder.record_evaluation(case, answer(rules, case), by)


def rows(store: Store, table: Any, *where: Any) -> list[dict[str, Any]]:
    with store.reading() as conn:
        return [dict(r) for r in conn.execute(select(table).where(*where)).mappings()]


def count(store: Store, table: Any) -> int:
    with store.reading() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def test_an_evaluation_keeps_the_case_as_sent_the_findings_and_the_ruleset_texts(
    store: Store, recorder: Recorder, rules: Engine
) -> None:
    case = make_case()
    evaluation_id = record(recorder, rules, case, by="officer-9")
    [row] = rows(store, evaluations)
    assert row["id"] == evaluation_id
    assert json.loads(row["case_json"]) == case
    assert (row["case_id"], row["asked_by"], row["as_of"]) == ("CASE-R1", "officer-9", date(2020, 6, 30))
    assert json.loads(row["answer_json"]) == answer(rules, case).model_dump(mode="json")
    assert row["asked_at"].tzinfo is not None
    [kept] = rows(store, rulesets)
    assert kept["sha256"] == rules.ref.sha256 == row["ruleset_sha256"]
    assert json.loads(kept["files"]) == rules.ruleset.files
    assert count(store, findings) == 3


def test_evaluating_a_case_again_updates_its_tactics_without_counting_them_twice(
    store: Store, recorder: Recorder, rules: Engine
) -> None:
    action = {"id": "act-1", "tactic": "cse_flag", "target": "adult-1", "status": "proposed"}
    record(recorder, rules, make_case(actions=[action]))
    record(recorder, rules, make_case(actions=[{**action, "status": "issued", "date": "2019-10-05"}]))
    assert count(store, evaluations) == 2
    assert count(store, findings) == 6  # each evaluation keeps its own findings
    [tactic] = rows(store, tactics_used)
    assert (tactic["status"], tactic["date"], tactic["source"]) == ("issued", date(2019, 10, 5), "case")
    assert count(store, episodes) == 1
    assert count(store, suspects) == 1


def test_a_batch_is_recorded_in_order_and_each_case_counted_once(
    store: Store, recorder: Recorder, rules: Engine
) -> None:
    first, second = (
        make_case(),
        make_case(
            actions=[
                {
                    "id": "act-1",
                    "tactic": "cawn",
                    "target": "adult-1",
                    "status": "issued",
                    "date": "2019-10-04",
                }
            ]
        ),
    )
    ids = recorder.record_evaluations(
        [Evaluated(first, answer(rules, first), "a"), Evaluated(second, answer(rules, second), "b")]
    )
    assert ids == sorted(ids) and len(set(ids)) == 2
    [episode] = rows(store, episodes)
    assert (episode["cawn_considered"], episode["cawn_issued"], episode["evaluation_id"]) == (
        True,
        True,
        ids[1],
    )


def test_rows_prepared_where_the_case_was_evaluated_are_recorded_as_the_case_and_answer_are(
    store: Store, recorder: Recorder, rules: Engine
) -> None:
    action = {"id": "act-1", "tactic": "cawn", "target": "adult-1", "status": "issued", "date": "2019-10-04"}
    asked_at = datetime(2020, 7, 1, 9, 30, tzinfo=UTC)
    prepared_case = make_case("PREPARED", actions=[action])
    direct_case = make_case("DIRECT", actions=[action])
    text = json.dumps(prepared_case, indent=1)  # the case as a caller sent it
    given = answer(rules, prepared_case)
    prepared = evaluation_rows(  # as the API's worker does, with the answering ruleset's policy
        case_from_data(prepared_case), text, given, given.model_dump_json(), policy_of(rules.ruleset)
    )
    recorder.record_evaluations([Prepared(prepared, "officer-p", asked_at)])
    recorder.record_evaluations([Evaluated(direct_case, answer(rules, direct_case), "officer-p", asked_at)])

    def written(case_id: str) -> list[list[dict[str, Any]]]:
        ignored = {"id", "evaluation_id", "case_id", "case_json", "answer_json"}
        tables = (evaluations, findings, tactics_used, episodes, suspects)
        found = [rows(store, t, t.c.case_id == case_id) for t in tables]
        return [[{k: v for k, v in row.items() if k not in ignored} for row in table] for table in found]

    assert written("PREPARED") == written("DIRECT")
    assert all(written("PREPARED")), "every table has rows for the case"
    [evaluation] = rows(store, evaluations, evaluations.c.case_id == "PREPARED")
    assert evaluation["case_json"] == text
    assert json.loads(evaluation["answer_json"]) == given.model_dump(mode="json")
    assert (evaluation["asked_by"], evaluation["asked_at"]) == ("officer-p", asked_at)


@pytest.mark.parametrize("broken_in", ["evaluations", "suspects"])
def test_an_evaluation_is_recorded_whole_or_not_at_all(
    store: Store, recorder: Recorder, rules: Engine, broken_in: str
) -> None:
    """Broken in the first statement (who asked is missing) or in the last (a suspect row with
    no person), nothing of the batch stays: not even the rows written before the failure."""
    good, bad = make_case("GOOD"), make_case("BAD")
    broken: Evaluated | Prepared
    if broken_in == "evaluations":
        broken = Evaluated(bad, answer(rules, bad), None)  # type: ignore[arg-type]  # who asked is required
    else:
        rows_ = evaluation_rows(case_from_data(bad), json.dumps(bad), answer(rules, bad))
        rows_.suspects[0]["person_id"] = None
        broken = Prepared(rows_, "b")
    with pytest.raises(IntegrityError):
        recorder.record_evaluations([Evaluated(good, answer(rules, good), "a"), broken])
    assert [count(store, t) for t in (evaluations, findings, tactics_used, episodes, suspects)] == [0] * 5
    assert count(store, rulesets) == 0


def test_an_accepted_recommendation_records_the_tactic_used(
    store: Store, recorder: Recorder, rules: Engine
) -> None:
    evaluation_id = record(recorder, rules, make_case())
    done = recorder.record_response(
        "CASE-R1",
        ResponseIn(
            rule="cawn-found-with-adult", target="adult-1", decision="accepted", actioned_on="2019-10-06"
        ),
        by="officer-2",
    )
    assert (done.evaluation_id, done.code, done.kind, done.by) == (
        evaluation_id,
        "cawn",
        "recommend",
        "officer-2",
    )
    assert done.tactic_recorded
    [tactic] = rows(store, tactics_used)
    assert (tactic["tactic"], tactic["target"], tactic["date"], tactic["status"]) == (
        "cawn",
        "adult-1",
        date(2019, 10, 6),
        "issued",
    )
    assert (tactic["source"], tactic["recorded"], tactic["force"]) == ("response", True, "durham")
    [episode] = rows(store, episodes)
    assert episode["cawn_issued"] is True


def test_the_case_later_sending_the_accepted_action_updates_it_rather_than_adding_one(
    store: Store, recorder: Recorder, rules: Engine
) -> None:
    record(recorder, rules, make_case())
    recorder.record_response(
        "CASE-R1",
        ResponseIn(
            rule="cawn-found-with-adult",
            target="adult-1",
            decision="accepted",
            actioned_on="2019-10-06",
            action_id="act-9",
        ),
        by="officer-2",
    )
    served = {
        "id": "act-9",
        "tactic": "cawn",
        "target": "adult-1",
        "status": "breached",
        "date": "2019-10-06",
    }
    record(recorder, rules, make_case(actions=[served]))
    [tactic] = rows(store, tactics_used)
    assert (tactic["action_id"], tactic["status"], tactic["source"]) == ("act-9", "breached", "case")
    assert tactic["response_id"] is not None, "still linked to the officer's response"


def test_a_decline_needs_a_reason_and_an_acceptance_a_date() -> None:
    with pytest.raises(ValidationError, match="reason"):
        ResponseIn(rule="r", target="adult-1", decision="declined", reason="  ")
    with pytest.raises(ValidationError, match="actioned_on"):
        ResponseIn(rule="r", target="adult-1", decision="accepted")
    assert ResponseIn(rule="r", target="adult-1", decision="deferred").reason is None


def test_a_response_must_answer_a_finding_the_case_was_given(
    store: Store, recorder: Recorder, rules: Engine
) -> None:
    deferred = ResponseIn(rule="cawn-found-with-adult", target="adult-1", decision="deferred")
    with pytest.raises(NotRecorded, match="no evaluation of case 'NOPE'"):
        recorder.record_response("NOPE", deferred, by="o")
    evaluation_id = record(recorder, rules, make_case())
    with pytest.raises(NotRecorded, match="about 'adult-2'"):
        recorder.record_response("CASE-R1", deferred.model_copy(update={"target": "adult-2"}), by="o")
    with pytest.raises(NotRecorded, match=f"in evaluation {evaluation_id + 1}"):
        recorder.record_response(
            "CASE-R1", deferred.model_copy(update={"evaluation_id": evaluation_id + 1}), by="o"
        )
    assert recorder.record_response("CASE-R1", deferred, by="o").tactic_recorded is False


def test_an_accepted_review_is_the_suspects_last_review_and_no_tactic(
    store: Store, recorder: Recorder, rules: Engine
) -> None:
    record(recorder, rules, make_case())
    done = recorder.record_response(
        "CASE-R1",
        ResponseIn(rule="annual-review", target="adult-1", decision="accepted", actioned_on="2020-07-01"),
        by="officer-3",
    )
    assert not done.tactic_recorded
    assert count(store, tactics_used) == 0
    record(recorder, rules, make_case())  # the case system still says 2018-01-10
    [suspect] = rows(store, suspects)
    assert suspect["last_reviewed"] == date(2020, 7, 1)


def test_a_ruleset_first_seen_without_its_texts_gets_them_when_they_are_known(
    store: Store, rules: Engine
) -> None:
    record(Recorder(store), rules, make_case())
    assert rows(store, rulesets)[0]["files"] is None
    found = Recorder(store, lookup=lambda sha: rules.ruleset if sha == rules.ref.sha256 else None)
    record(found, rules, make_case())
    assert json.loads(rows(store, rulesets)[0]["files"]) == rules.ruleset.files


@pytest.mark.parametrize("together", [True, False], ids=["one batch", "one at a time"])
def test_a_suspects_last_review_is_the_latest_known_however_evaluations_are_batched(
    store: Store, recorder: Recorder, rules: Engine, together: bool
) -> None:
    """The API batches evaluations that finish together; what it records must not depend on it."""
    reviewed, silent = make_case(last_reviewed="2020-03-01"), make_case(last_reviewed=None)
    batch = [Evaluated(case, answer(rules, case), "officer-1") for case in (reviewed, silent)]
    if together:
        recorder.record_evaluations(batch)
    else:
        for item in batch:
            recorder.record_evaluations([item])
    [suspect] = rows(store, suspects)
    assert suspect["last_reviewed"] == date(2020, 3, 1)


@pytest.mark.parametrize("together", [True, False], ids=["one batch", "one at a time"])
def test_the_side_tables_are_the_cases_current_state_rows_it_dropped_go(
    store: Store, recorder: Recorder, rules: Engine, together: bool
) -> None:
    """Regression: a re-keyed action, a removed episode and a suspect now an associate stayed in
    the tactics, episodes and suspects tables after the case was evaluated again without them."""
    before = make_case(
        episodes=[("ev-1", "2019-10-02", ["adult-1"]), ("ev-2", "2019-11-02", ["adult-1"])],
        actions=[{"id": "act-1", "tactic": "cse_flag", "target": "adult-1", "status": "proposed"}],
    )
    after = make_case(
        episodes=[("ev-2", "2019-11-02", ["adult-1"])],
        actions=[{"id": "act-9", "tactic": "cse_flag", "target": "adult-1", "status": "issued"}],
    )
    after["people"][1]["role"] = "associate"  # adult-1 is no longer a suspect
    other_force = make_case(force="cleveland", actions=before["actions"])  # same case id elsewhere
    batch = [Evaluated(c, answer(rules, c), "officer-1") for c in (other_force, before, after)]
    if together:
        recorder.record_evaluations(batch)
    else:
        for item in batch:
            recorder.record_evaluations([item])
    durham = (tactics_used.c.case_force == "durham",)
    assert [r["action_id"] for r in rows(store, tactics_used, *durham)] == ["act-9"]
    assert [r["episode_id"] for r in rows(store, episodes, episodes.c.case_force == "durham")] == ["ev-2"]
    assert rows(store, suspects, suspects.c.case_force == "durham") == []
    # the other force's case of the same id keeps its own rows
    assert [r["action_id"] for r in rows(store, tactics_used, tactics_used.c.case_force == "cleveland")] == [
        "act-1"
    ]
    assert len(rows(store, suspects, suspects.c.case_force == "cleveland")) == 1


def test_a_tactic_recorded_from_an_accepted_response_is_not_dropped_by_a_later_evaluation(
    store: Store, recorder: Recorder, rules: Engine
) -> None:
    case = make_case()
    record(recorder, rules, case)
    accepted = ResponseIn(
        rule="cawn-found-with-adult", target="adult-1", decision="accepted", actioned_on="2019-10-06"
    )
    recorder.record_response("CASE-R1", accepted, by="officer-2")
    record(recorder, rules, case)  # the case's actions still do not list it: it stays recorded
    [tactic] = rows(store, tactics_used)
    assert (tactic["tactic"], tactic["source"]) == ("cawn", "response")
