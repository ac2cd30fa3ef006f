"""Retention: records older than the period go, in one transaction; newer ones stay whole."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from record_support import BACKENDS, answer, build_ruleset, fresh_store, make_case
from sqlalchemy import func, select

from engine.evaluate import Engine
from record.access import Access, record_access
from record.models import ResponseIn
from record.recorder import Recorder
from record.retention import purge
from record.store import Store
from record.tables import accesses, episodes, evaluations, findings, responses, suspects, tactics_used

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
TABLES = {
    "evaluations": evaluations,
    "findings": findings,
    "responses": responses,
    "tactics": tactics_used,
    "episodes": episodes,
    "suspects": suspects,
    "accesses": accesses,
}


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    engine = Engine(build_ruleset())
    with fresh_store(request.param, tmp_path) as s:
        fill(s, engine)
        yield s
    engine.close()


def fill(store: Store, engine: Engine) -> None:
    """OLD evaluated 400 days ago only; KEPT 400 days ago and again 10 days ago."""
    recorder = Recorder(store)
    recorder.remember(engine.ruleset)
    action = [{"id": "act-1", "tactic": "cse_flag", "target": "adult-2", "status": "issued"}]
    for case_id, days in (("OLD", 400), ("KEPT", 400), ("KEPT", 10)):
        case = make_case(case_id, actions=action)
        recorder.record_evaluation(
            case, answer(engine, case), "officer-1", asked_at=NOW - timedelta(days=days)
        )
        if days == 400:
            deferred = ResponseIn(rule="cawn-found-with-adult", target="adult-1", decision="deferred")
            recorder.record_response(case_id, deferred, by="officer-1", at=NOW - timedelta(days=days))


def counts(store: Store) -> dict[str, int]:
    with store.reading() as conn:
        return {
            name: int(conn.execute(select(func.count()).select_from(table)).scalar_one())
            for name, table in TABLES.items()
        }


def cases(store: Store, table: Any) -> list[str]:
    with store.reading() as conn:
        return sorted(conn.execute(select(table.c.case_id).distinct()).scalars())


def test_purge_deletes_what_is_older_than_the_period_and_keeps_the_rest(store: Store) -> None:
    before = counts(store)
    assert before == {
        "evaluations": 3,
        "findings": 9,
        "responses": 2,
        "tactics": 2,
        "episodes": 2,
        "suspects": 2,
        "accesses": 0,
    }
    done = purge(store, 365, now=NOW)
    assert done.before == NOW - timedelta(days=365)
    assert done.model_dump(exclude={"before"}) == {
        "evaluations": 2,
        "findings": 6,
        "responses": 2,
        "tactics": 1,
        "episodes": 1,
        "suspects": 1,
        "accesses": 0,
    }
    assert counts(store) == {
        name: before[name] - n for name, n in done.model_dump(exclude={"before"}).items()
    }
    assert cases(store, evaluations) == ["KEPT"]
    for table in (tactics_used, episodes, suspects):
        assert cases(store, table) == ["KEPT"], "a case evaluated since keeps its current state"


def test_a_dry_run_counts_and_deletes_nothing(store: Store) -> None:
    before = counts(store)
    assert purge(store, 365, now=NOW, dry_run=True).evaluations == 2
    assert counts(store) == before
    assert purge(store, 500, now=NOW).evaluations == 0


def test_the_period_is_at_least_a_day(store: Store) -> None:
    with pytest.raises(ValueError, match="at least one day"):
        purge(store, 0)


def test_purge_never_deletes_access_records_younger_than_the_retention_period(store: Store) -> None:
    reader = Access(who="aud-1", role="auditor", route="GET /v1/reports/tactics", report="tactics")
    for days in (400, 100, 10):
        record_access(store, reader, at=NOW - timedelta(days=days))
    done = purge(store, 30, now=NOW, keep_accesses_days=365, by=reader)
    assert (done.evaluations, done.accesses) == (2, 1), "records past 30 days go; accesses past 365"
    with store.reading() as conn:
        kept = conn.execute(select(accesses.c.at, accesses.c.action).order_by(accesses.c.at)).all()
    assert [action for _, action in kept] == ["read", "read", "purge"]
    assert kept[0][0] == NOW - timedelta(days=100)
