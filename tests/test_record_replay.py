"""Replay: a recorded answer re-run with the ruleset that gave it and with the current one."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from record_support import BACKENDS, answer, build_ruleset, fresh_store, make_case
from sqlalchemy import update

from engine.evaluate import Engine
from record.errors import NotRecorded
from record.recorder import Recorder
from record.replay import PastRulesets, past_engines, replay
from record.store import Store
from record.tables import evaluations


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with fresh_store(request.param, tmp_path) as s:
        yield s


@pytest.fixture(scope="module")
def v1() -> Iterator[Engine]:
    engine = Engine(build_ruleset("1"))
    yield engine
    engine.close()


@pytest.fixture(scope="module")
def v2() -> Iterator[Engine]:
    """The CAWN recommendation made critical; the return-interview rule dropped."""
    engine = Engine(build_ruleset("2", cawn_severity="critical", returns=False))
    yield engine
    engine.close()


@pytest.fixture
def past() -> Iterator[PastRulesets[Engine]]:
    engines = past_engines()
    yield engines
    engines.close()


def keep(store: Store, engine: Engine, case_id: str = "CASE-R1", *, texts: bool = True) -> int:
    recorder = Recorder(store)
    if texts:
        recorder.remember(engine.ruleset)
    case = make_case(case_id)
    return recorder.record_evaluation(case, answer(engine, case), "officer-1")


def test_an_answer_replayed_under_the_same_ruleset_is_reproduced_unchanged(
    store: Store, v1: Engine, past: PastRulesets[Engine]
) -> None:
    keep(store, v1)
    result = replay(store, "CASE-R1", v1, past)
    assert result.reproduced is True
    assert (result.added, result.removed, result.changed) == ([], [], [])
    assert [f.rule for f in result.unchanged] == [
        "cawn-found-with-adult",
        "annual-review",
        "return-interview",
    ]
    assert result.original == result.current == v1.ref


def test_a_rule_change_shows_as_changed_removed_and_added_findings(
    store: Store, v1: Engine, v2: Engine, past: PastRulesets[Engine]
) -> None:
    keep(store, v1)
    forward = replay(store, "CASE-R1", v2, past)
    assert forward.reproduced is True, "the stored v1 texts give the recorded answer again"
    assert (forward.original.version, forward.current.version) == ("1", "2")
    assert [f.rule for f in forward.removed] == ["return-interview"]
    assert [(c.before.severity, c.after.severity) for c in forward.changed] == [("high", "critical")]
    assert [f.rule for f in forward.unchanged] == ["annual-review"]
    keep(store, v2, "CASE-R2")
    backward = replay(store, "CASE-R2", v1, past)
    assert [f.rule for f in backward.added] == ["return-interview"]


def test_without_the_original_texts_the_change_is_still_shown(
    store: Store, v1: Engine, v2: Engine, past: PastRulesets[Engine]
) -> None:
    keep(store, v1, texts=False)
    result = replay(store, "CASE-R1", v2, past)
    assert result.reproduced is None
    assert [f.rule for f in result.removed] == ["return-interview"]


def test_an_answer_that_does_not_match_its_ruleset_is_not_reproduced(
    store: Store, v1: Engine, v2: Engine, past: PastRulesets[Engine]
) -> None:
    evaluation_id = keep(store, v1)
    recorded = json.loads(answer(v1, make_case()).model_dump_json())
    recorded["findings"] = recorded["findings"][:1]
    with store.writing() as conn:
        conn.execute(
            update(evaluations)
            .where(evaluations.c.id == evaluation_id)
            .values(answer_json=json.dumps(recorded))
        )
    assert replay(store, "CASE-R1", v2, past).reproduced is False


def test_a_chosen_evaluation_is_replayed_and_an_unknown_one_is_named(
    store: Store, v1: Engine, v2: Engine, past: PastRulesets[Engine]
) -> None:
    first = keep(store, v1)
    keep(store, v2)
    assert replay(store, "CASE-R1", v2, past, evaluation_id=first).original.version == "1"
    assert replay(store, "CASE-R1", v2, past).original.version == "2"
    with pytest.raises(NotRecorded, match="no evaluation 999 of case 'CASE-R1'"):
        replay(store, "CASE-R1", v2, past, evaluation_id=999)


def test_past_rulesets_are_built_once_and_the_least_recently_used_let_go() -> None:
    built: list[str] = []
    released: list[str] = []

    def build(files: dict[str, str]) -> str:
        built.append(files["r.yaml"])
        return files["r.yaml"]

    past = PastRulesets(build, released.append, keep=2)
    texts = {name: {"r.yaml": name} for name in ("a", "b", "c")}
    assert past.get(texts["a"]) == "a"
    assert past.get(texts["b"]) == "b"
    assert past.get(texts["a"]) == "a"  # kept: not built again, and now the most recent
    assert past.get(texts["c"]) == "c"  # one too many: "b", least recently used, is let go
    assert built == ["a", "b", "c"]
    assert released == ["b"]
    past.close()
    assert sorted(released) == ["a", "b", "c"]
