"""bench/peers.py: the peers agree with this engine on the mini ruleset, and without the `bench`
extra the benchmark says what to install and exits 2."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest

from bench import peers
from bench.cases import make_cases
from engine import Case, Engine, case_from_data
from engine.ruleset import Ruleset


def test_mini_rules_are_the_shipped_rules(ruleset: Ruleset) -> None:
    """The mini ruleset copies its four rules as they are: the comparison is of shipped rules."""
    mini = peers.mini_ruleset()
    assert len(mini.rules) == 4
    for rule in mini.rules:
        shipped = ruleset.rule(rule.id)
        assert shipped is not None, rule.id
        assert rule.rule == shipped.rule, rule.id


def test_without_the_extra_it_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "clips", None)  # `import clips` raises ImportError
    assert peers.main([]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == [peers.INSTALL]
    assert "pip install -e '.[bench]'" in err


def _guarded_case() -> Case:
    """The victim guard's two turns of a CAWN: a 17-year-old recorded as a victim, and one whose
    victim status is not recorded, each found twice with a 14-year-old."""
    adults = [
        {"id": "adult-v", "role": "suspect", "age": 17, "victim": True},
        {"id": "adult-u", "role": "associate", "age": 17},
        {"id": "adult-x", "role": "suspect", "date_of_birth": "1980-01-01"},
    ]
    episodes = [
        {"id": f"ev-{i}", "type": "missing_episode", "date": day, "child": "child-1",
         "found_with": ["adult-v", "adult-u", "adult-x"], "asked_where": True, "asked_with_whom": i == 1}
        for i, day in enumerate(("2020-03-01", "2020-04-01"), start=1)
    ]  # fmt: skip
    return case_from_data(
        {
            "case": {"id": "PEERS-GUARD", "as_of": "2020-06-30"},
            "people": [{"id": "child-1", "role": "child", "date_of_birth": "2006-01-01"}, *adults],
            "events": episodes,
            "actions": [
                {"id": "act-1", "tactic": "cawn", "target": "adult-x", "status": "withdrawn"},
            ],
        }
    )


@pytest.fixture(scope="module")
def mini() -> Iterator[Engine]:
    pytest.importorskip("clips", reason="clipspy is not installed (pip install -e '.[bench]')")
    pytest.importorskip("regopy", reason="regopy is not installed (pip install -e '.[bench]')")
    engine = Engine(peers.mini_ruleset())
    yield engine
    engine.close()


def test_every_peer_agrees_with_this_engine(mini: Engine) -> None:
    cases = [_guarded_case(), *make_cases("typical", 12, seed=1000)]
    engines = peers.contenders(mini)
    reference = engines[0].run
    codes = {code for case in cases for _rule, code, _target in reference(case)}
    assert {"cawn", "victim_targeted", "child_target_unconfirmed", "cawn_not_considered"} <= codes
    assert {"cawn_delay", "return_interview"} <= codes
    for engine in engines[1:]:
        assert peers.disagreement(reference, engine, cases) is None


def test_a_disagreement_is_reported(mini: Engine) -> None:
    reference = peers.engine_run(mini)

    def one_short(case: Case) -> set[peers.Triple]:
        return set(sorted(reference(case))[1:])

    problem = peers.disagreement(reference, peers.Contender("short", one_short), [_guarded_case()])
    assert problem is not None
    assert problem.startswith("short disagrees on case PEERS-GUARD: missing [")


def test_a_run_prints_each_target_beside_its_measured_ratio(
    mini: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    assert peers.main(["--cases", "4", "--rounds", "1"]) == 0
    out = capsys.readouterr().out
    assert out.count("agree: yes") == 3
    assert "this engine / CLIPS on the mini ruleset: " in out and "(target ≤ 1.00)" in out
    assert f"× CLIPS on the mini ruleset (target ≤ {peers.FULL_TARGET:.1f})" in out
    assert "durable-rules' matching alone" in out
