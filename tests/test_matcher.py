"""Regression tests: the engine is not exposed to the durable-rules pitfalls.

One test (or a few) per pitfall of durable-rules 2.0.28 (see the README), numbered,
plus the crashes these tests found. Anything that may crash durable-rules runs in a
subprocess, so a crash fails (or skips) one test instead of killing the test run.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import textwrap
import threading
from pathlib import Path
from typing import Any
from unittest import mock

import durable_rules_engine as dre
import pytest
from hypothesis import HealthCheck, given, settings
from strategies import case_data

import engine.evaluate
import engine.matcher
from engine import (
    CaseError,
    Engine,
    EvaluationError,
    Ruleset,
    RulesetError,
    case_from_data,
    load_ruleset,
    ruleset_from_texts,
)
from engine.fact import FACT_SCHEMA, build_facts
from engine.matcher import SENTINEL, Matcher
from tests import conftest

ROOT = Path(__file__).resolve().parent.parent

HEADER = """
ruleset: {name: pitfalls, version: "1", source: "Test ruleset"}
parameters:
  delay_days: {value: 14, unit: days, description: an offset in days}
tactics:
  probe_order:
    name: Probe order
    aimed_at: person
    restrictive: true
    intrusiveness: 6
    legal_basis: [Act 1]
  probe_letter:
    name: Probe letter
    aimed_at: person
    restrictive: false
    intrusiveness: 2
    legal_basis: [Act 2]
codes:
  victim_targeted: {kind: warn, title: A restrictive tactic is aimed at a child victim, sources: [S1]}
  child_target_unconfirmed: {kind: warn, title: A child's victim status is not recorded, sources: [S1]}
  probe_gap: {kind: gap, title: A probe gap}
"""

FOUND_WITH = """
  - id: found-with
    title: a child under 16 found with an adult, and no order
    kind: recommend
    code: probe_order
    severity: high
    target: adult
    when:
      - fact: missing_episode
        as: ep
        where:
          - ep.child_age < 16
      - fact: person
        as: adult
        where:
          - adult.id in ep.found_with
    unless:
      - fact: action
        as: served
        where:
          - served.tactic == probe_order
          - served.target == adult.id
    because: "{ep.child} was found with {adult} on {ep.date}"
    sources: [S1]
"""


def rule_yaml(rule_id: str, when: str, unless: str = "", target: str = "p", because: str = "{p}") -> str:
    text = f"""
  - id: {rule_id}
    title: a probe
    kind: gap
    code: probe_gap
    severity: low
    target: {target}
    when:
{textwrap.indent(textwrap.dedent(when).strip(), "      ")}
"""
    if unless:
        text += "    unless:\n" + textwrap.indent(textwrap.dedent(unless).strip(), "      ") + "\n"
    return text + f'    because: "{because}"\n    sources: [S1]\n'


def ruleset_of(*rules: str) -> Ruleset:
    return ruleset_from_texts({"ruleset.yaml": HEADER, "rules.yaml": "rules:\n" + "".join(rules)})


def run_python(code: str, timeout: int = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def found_with_case(
    case_id: str = "c-1", prefix: str = "", actions: list[dict[str, Any]] | None = None
) -> Any:
    return case_from_data(
        {
            "case": {"id": case_id, "as_of": "2020-06-30"},
            "people": [
                {"id": f"{prefix}child-1", "role": "child", "date_of_birth": "2006-03-14"},
                {"id": f"{prefix}adult-1", "role": "suspect", "age": 30},
                {"id": f"{prefix}adult-2", "role": "associate", "age": 41},
            ],
            "events": [
                {"id": f"{prefix}ev-{i}", "type": "missing_episode", "child": f"{prefix}child-1",
                 "date": f"2020-0{i}-01", "found_with": [f"{prefix}adult-1", f"{prefix}adult-2"]}
                for i in (1, 2, 3)
            ],
            "actions": actions or [],
        }
    )  # fmt: skip


@pytest.fixture(scope="module")
def found_with_engine() -> Any:
    engine_ = Engine(ruleset_of(FOUND_WITH))
    yield engine_
    engine_.close()


@pytest.fixture(scope="module")
def real_engine() -> Any:
    from reference import real_ruleset

    engine_ = Engine(real_ruleset())
    yield engine_
    engine_.close()


def _patterns(definition: dict[str, Any]) -> list[tuple[str, str, Any]]:
    return [
        (name, alias, test)
        for name, rule in definition.items()
        for pattern in rule["all"]
        for alias, test in pattern.items()
    ]


# -- 1. every pattern tests the fact type; no infinite loop ---------------------------------------
def test_1_every_compiled_pattern_tests_the_fact_type_first(real_engine: Engine) -> None:
    for engine_ in (real_engine, Engine(ruleset_of(FOUND_WITH))):
        for name, alias, test in _patterns(engine_.compiled.definition):
            first = test["$and"][0] if "$and" in test else test
            assert list(first) == ["t"] and isinstance(first["t"], str) and first["t"], (name, alias, test)


def test_1_evaluation_terminates_when_facts_would_match_an_untyped_pattern() -> None:
    """`p.id is present` compiles to `$ex ref` (which the hidden state fact would match) plus a type test."""
    rules = ruleset_of(rule_yaml("any-person", "- fact: person\n  as: p\n  where:\n    - p.id is present"))
    engine_ = Engine(rules)
    case = found_with_case()
    result: list[Any] = []
    worker = threading.Thread(target=lambda: result.append(engine_.evaluate(case)), daemon=True)
    worker.start()
    worker.join(timeout=60)
    assert not worker.is_alive(), "evaluation did not terminate"
    assert sorted(f.target for f in result[0].findings) == ["adult-1", "adult-2", "child-1"]


# -- 2. joins use `ref`, never `id` -----------------------------------------------------------------
def test_2_compiled_joins_never_reference_id(real_engine: Engine, found_with_engine: Engine) -> None:
    for engine_ in (real_engine, found_with_engine):
        for name, _alias, test in _patterns(engine_.compiled.definition):
            text = json.dumps(test)
            assert '"id"' not in text, (name, text)


def test_2_a_join_rule_fires(found_with_engine: Engine) -> None:
    answer = found_with_engine.evaluate(found_with_case())
    assert {(f.rule, f.target) for f in answer.findings} == {
        ("found-with", "adult-1"),
        ("found-with", "adult-2"),
    }
    assert answer.findings[0].facts == ["ev-1", "adult-1", "ev-2", "ev-3"]


# -- 3. absence is right whatever the fact order --------------------------------------------------
def test_3_absence_holds_whatever_the_fact_order(found_with_engine: Engine) -> None:
    blocking = {"id": "act-9", "tactic": "probe_order", "target": "adult-1", "status": "issued"}
    other = {"id": "act-1", "tactic": "probe_letter", "target": "adult-2", "status": "issued"}
    for actions in ([blocking, other], [other, blocking]):
        answer = found_with_engine.evaluate(found_with_case(actions=actions))
        assert {f.target for f in answer.findings} == {"adult-2"}
    answer = found_with_engine.evaluate(found_with_case(actions=[other]))
    assert {f.target for f in answer.findings} == {"adult-1", "adult-2"}


def test_3_matches_do_not_depend_on_the_order_facts_are_asserted(real_engine: Engine) -> None:
    """Shuffle the fact records themselves (blocking actions anywhere) and compare the matches."""
    data = {
        "case": {"id": "c-3", "as_of": "2020-06-30"},
        "people": [
            {"id": "child-1", "role": "child", "date_of_birth": "2006-03-14", "legal_status": "care_order"},
            {"id": "adult-1", "role": "suspect", "age": 30, "convictions": [{"offence": "x", "schedule": 3}]},
            {"id": "adult-2", "role": "associate", "age": 41},
        ],
        "events": [
            {"id": "ev-1", "type": "missing_episode", "child": "child-1", "date": "2020-01-01",
             "found_with": ["adult-1", "adult-2"]},
            {"id": "ev-2", "type": "allegation", "suspect": "adult-2", "similar_to": "x",
             "date": "2019-01-01"},
            {"id": "ev-3", "type": "allegation", "suspect": "adult-2", "similar_to": "x",
             "date": "2019-02-01"},
            {"id": "ev-4", "type": "inducement", "child": "child-1", "by": "adult-1", "date": "2020-02-01"},
        ],
        "actions": [
            {"id": "act-1", "tactic": "cawn", "target": "adult-1", "status": "issued", "date": "2020-01-05"},
            {"id": "act-2", "tactic": "sro", "target": "adult-2", "status": "applied", "date": "2020-03-01"},
            {"id": "act-3", "tactic": "shpo", "target": "adult-1", "status": "proposed",
             "date": "2020-03-01"},
        ],
    }  # fmt: skip
    facts = build_facts(case_from_data(data))
    matcher = real_engine.matcher

    def matches(records: list[dict[str, Any]]) -> list[tuple[str, tuple[tuple[str, str], ...]]]:
        found = matcher.match([dict(r) for r in records])
        by_seq = facts.by_seq
        return sorted(
            (
                name,
                tuple(
                    sorted(
                        (a, by_seq[s]["t"] + ":" + str(by_seq[s].get("ref", by_seq[s].get("value"))))
                        for a, s in bound.items()
                    )
                ),
            )
            for name, bound in found
        )

    expected = matches(facts.records)
    assert expected
    shuffler = random.Random(3)
    for _ in range(30):
        records = list(facts.records)
        shuffler.shuffle(records)
        assert matches(records) == expected


def test_3_absence_of_the_same_fact_type_whatever_the_order() -> None:
    """Regression: an `unless:` of the fact type the rule also matches was missed when listed later.

    `when: action a (probe_order)`, `unless: action b (withdrawn)`. Asserted in one batch, the
    positive match completed before the blocker arrived (pitfall 3 again). Fixed: the facts used
    under `$not` are sent first, as copies of their own type (`action$neg`, engine/matcher.py).
    """
    rule = rule_yaml(
        "same-type-absence",
        "- fact: action\n  as: a\n  where:\n    - a.tactic == probe_order",
        unless="- fact: action\n  as: b\n  where:\n    - b.status == withdrawn",
        target="a",
        because="{a}",
    )
    engine_ = Engine(ruleset_of(rule))
    order = {"id": "act-1", "tactic": "probe_order", "target": "adult-1", "status": "issued"}
    withdrawn = {"id": "act-2", "tactic": "probe_letter", "target": "adult-1", "status": "withdrawn"}
    fired = {}
    for name, actions in (("blocker first", [withdrawn, order]), ("blocker last", [order, withdrawn])):
        answer = engine_.evaluate(found_with_case(actions=actions))
        fired[name] = [f.target for f in answer.findings]
    assert fired == {"blocker first": [], "blocker last": []}


# -- 4. cases never share a session ----------------------------------------------------------------
def test_4_colliding_case_ids_evaluated_concurrently_never_see_each_others_facts(
    found_with_engine: Engine,
) -> None:
    cases = {
        "case-478212": found_with_case("case-478212", "a-"),
        "case-1221200": found_with_case("case-1221200", "b-"),
    }
    own = {cid: {i.id for s in (c.people, c.events, c.actions) for i in s} for cid, c in cases.items()}
    expected = {cid: found_with_engine.evaluate(c) for cid, c in cases.items()}
    assert all(a.findings for a in expected.values())
    problems: list[str] = []

    def work(worker: int) -> None:
        for n in range(150):
            cid = list(cases)[(worker + n) % 2]
            answer = found_with_engine.evaluate(cases[cid])
            named = {f.target for f in answer.findings} | {i for f in answer.findings for i in f.facts}
            if answer.case_id != cid or not named <= own[cid] or answer != expected[cid]:
                problems.append(f"{cid}: {answer.model_dump_json()}")

    threads = [threading.Thread(target=work, args=(w,)) for w in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not problems, problems[:3]


# -- 5. no background Host threads -----------------------------------------------------------------
def test_5_no_threads_are_left_behind(found_with_engine: Engine) -> None:
    before = threading.active_count()
    for _ in range(50):
        found_with_engine.evaluate(found_with_case())
    assert threading.active_count() == before
    assert not [t for t in threading.enumerate() if isinstance(t, threading.Timer)]


def test_5_the_durable_rules_host_is_never_imported() -> None:
    result = run_python(
        """
        import sys, threading
        from pathlib import Path
        sys.path.insert(0, "tests")
        from reference import real_ruleset
        from engine import Engine, load_case
        engine = Engine(real_ruleset())
        for path in sorted(Path("examples").glob("*.yaml"))[:5]:
            try:
                engine.evaluate(load_case(path))
            except Exception:
                pass
        print(sorted(m for m in sys.modules if m == "durable" or m.startswith("durable.")))
        assert "durable_rules_engine" in sys.modules
        print(threading.active_count())
        """
    )
    assert result.returncode == 0, result.stderr
    modules, threads = result.stdout.split("\n")[:2]
    assert modules == "[]" and threads == "1"


# -- 6. crash-prone self-joins are refused at load --------------------------------------------------
def test_6_a_self_join_is_refused_at_load_naming_the_rule_and_line() -> None:
    rule = rule_yaml(
        "older-than",
        "- fact: person\n  as: a\n- fact: person\n  as: b\n  where:\n    - b.age > a.age",
        target="b",
    )
    with pytest.raises(RulesetError) as caught:
        ruleset_of(rule)
    problem = caught.value.first
    assert problem.rule_id == "older-than"
    assert problem.line is not None and problem.file == "rules.yaml"
    assert "self-join" in problem.message or "to each other" in problem.message


def test_6_the_raw_self_join_really_crashes_durable_rules() -> None:
    result = run_python(
        """
        import json, durable_rules_engine as d
        rule = {"all": [{"a": {"t": "p"}}, {"b": {"$and": [{"t": "p"}, {"$gt": {"h": {"a": "h"}}}]}}]}
        h = d.create_ruleset("selfjoin", json.dumps({"r": rule, "s": {"all": [{"m": {"t": "s"}}]}}))
        for _ in range(20):
            facts = [{"t": "p", "id": str(k), "sid": "1", "h": k} for k in (1, 2, 3)]
            code, state = d.assert_facts(h, json.dumps(facts + [{"t": "s", "id": "9", "sid": "1"}]))
            r = d.start_action_for_state(h, state)
            while r:
                r = d.complete_and_start_action(h, state)
            d.delete_state(h, "1")
        """
    )
    if result.returncode >= 0:
        pytest.skip("this build of durable-rules survived the self-join")
    assert result.returncode < 0


ORDERING_JOIN = """
    import sys
    from engine import Engine, case_from_data, ruleset_from_texts, RulesetError
    sys.path.insert(0, "tests")
    from test_matcher import HEADER, rule_yaml
    rule = rule_yaml(
        "served-late",
        '''
        - fact: action
          as: served
        - fact: missing_episode
          as: ep
          where:
            - served.date > ep.date + $delay_days
        ''',
        target="ep",
        because="{ep}",
    )
    try:
        engine = Engine(ruleset_from_texts({"ruleset.yaml": HEADER, "rules.yaml": "rules:\\n" + rule}))
    except RulesetError as exc:  # refusing the shape at load is a fix too
        assert "served.date" in str(exc), exc
        print("refused at load:", exc)
        raise SystemExit(0)
    case = case_from_data({
        "case": {"id": "c", "as_of": "2020-06-30"},
        "people": [{"id": "child-1", "role": "child", "age": 14}, {"id": "adult-1", "role": "suspect"}],
        "events": [{"id": "ev-1", "type": "missing_episode", "child": "child-1", "date": "2020-01-01"}],
        "actions": [{"id": "act-1", "tactic": "probe_order", "target": "adult-1", "status": "issued"}],
    })
    for _ in range(5):
        answer = engine.evaluate(case)  # the action has no date: the rule cannot hold
        assert not answer.findings, answer
    print("evaluated")
"""


def test_6_an_ordering_join_on_an_optional_attribute_does_not_crash() -> None:
    """Regression: `served.date > ep.date + $n`, served listed first, served.date not recorded.

    The condition is compiled onto `ep` as `$lt date (served.date - n)`; durable-rules'
    assert_facts failed with error 311 when `served.date` was missing, and deleting that
    session then aborted the process (free(): invalid pointer / munmap_chunk()). Fixed: the
    compiler requires the referenced attribute on the earlier pattern (`$ex`,
    `_RuleCompiler.require`).
    """
    result = run_python(ORDERING_JOIN)
    assert result.returncode == 0, f"exit {result.returncode}: {result.stderr[-800:]}"


# -- 7. sessions are always deleted ----------------------------------------------------------------
def test_7_five_thousand_evaluations_some_failing_midway(found_with_engine: Engine) -> None:
    """More than the 1,023 live sessions a ruleset allows, a third of them ending in an error."""
    bounded = Engine(found_with_engine.ruleset, max_matches=1)
    case = found_with_case(
        actions=[{"id": "act-1", "tactic": "probe_letter", "target": "adult-1", "status": "issued"}]
    )
    real_assert = dre.assert_facts
    calls = {"n": 0}

    def second_batch_refused(handle: int, batch: str) -> tuple[int, int]:
        calls["n"] += 1
        code, state = real_assert(handle, batch)
        if calls["n"] % 2 == 0:  # the first batch is in the session; refuse the second
            return 2, state
        return code, state

    errors = 0
    for n in range(5_000):
        try:
            if n % 3 == 0:
                bounded.evaluate(case)
            elif n % 3 == 1:
                with mock.patch.object(dre, "assert_facts", second_batch_refused):
                    calls["n"] = 0
                    found_with_engine.evaluate(case)
            else:
                assert found_with_engine.evaluate(case).findings
        except EvaluationError:
            errors += 1
    assert errors == 3_334
    assert found_with_engine.evaluate(case).findings
    bounded.close()


def test_7_deleting_a_session_that_never_started_an_action_really_crashes() -> None:
    """Why the matcher always drains (and always starts an action) before deleting a session."""
    result = run_python(
        """
        import json, sys
        import durable_rules_engine as d
        from engine import load_engine, case_from_data
        from engine.fact import build_facts
        from engine.matcher import shard
        sys.path.insert(0, "tests")
        from reference import real_ruleset
        from engine import Engine
        engine = Engine(real_ruleset())
        h = d.create_ruleset("raw_undrained", json.dumps(shard(engine.compiled.definition)[0]))
        case = case_from_data({
            "case": {"id": "c", "as_of": "2020-06-30"},
            "people": [{"id": "child-1", "role": "child", "age": 14},
                       {"id": "adult-1", "role": "suspect", "age": 30},
                       {"id": "adult-2", "role": "associate"}],
            "events": [{"id": f"ev-{i}", "type": "missing_episode", "child": "child-1",
                        "date": "2020-01-01", "found_with": ["adult-1", "adult-2"]} for i in range(5)],
        })
        records = build_facts(case).records
        for record in records:
            record["sid"] = "1"
        for _ in range(5):
            d.assert_facts(h, json.dumps(records))
            d.delete_state(h, "1")  # no start_action_for_state: matches left undrained
        """
    )
    if result.returncode >= 0:
        pytest.skip("this build of durable-rules survived deleting an undrained session")
    assert result.returncode < 0


def test_7_a_match_that_fails_with_pending_matches_does_not_crash() -> None:
    """A failure after the facts are asserted still drains and deletes the session safely."""
    result = run_python(
        """
        import sys
        sys.path.insert(0, "tests")
        from test_matcher import FOUND_WITH, ruleset_of, found_with_case
        from engine import Engine, EvaluationError
        import engine.matcher as matcher
        engine = Engine(ruleset_of(FOUND_WITH))
        case = found_with_case()
        real_assert = matcher.dre.assert_facts
        failing = {"on": False}

        def assert_then_refuse(handle, batch):
            code, state = real_assert(handle, batch)  # matches are now pending in the session
            return (2 if failing["on"] else code), state  # 2: durable-rules' "fact id seen twice"

        matcher.dre.assert_facts = assert_then_refuse
        for _ in range(200):
            failing["on"] = True
            try:
                engine.evaluate(case)
            except EvaluationError:
                pass
            else:
                raise SystemExit("the injected failure did not surface")
            failing["on"] = False
            assert engine.evaluate(case).findings
        print("survived")
        """
    )
    assert result.returncode == 0, f"exit {result.returncode}: {result.stderr[-800:]}"


# -- 8. a fact matching no rule --------------------------------------------------------------------
def test_8_facts_matching_no_rule_do_not_raise(found_with_engine: Engine) -> None:
    case = case_from_data(
        {"case": {"id": "quiet", "as_of": "2020-01-01"}, "locations": [{"id": "loc-1", "kind": "park"}]}
    )
    for _ in range(20):
        assert found_with_engine.evaluate(case).findings == []
    assert found_with_engine.matcher.match([{"t": "no_such_type", "id": "1"}]) == []


# -- 9. errors after matching surface ----------------------------------------------------------------
def test_9_an_error_after_matching_reaches_the_caller(found_with_engine: Engine) -> None:
    case = found_with_case()
    with (
        mock.patch.object(engine.evaluate, "action_warnings", side_effect=RuntimeError("guard failed")),
        pytest.raises(RuntimeError, match="guard failed"),
    ):
        found_with_engine.evaluate(case)
    with (
        mock.patch.object(Engine, "render", side_effect=ValueError("cannot explain")),
        pytest.raises(ValueError, match="cannot explain"),
    ):
        found_with_engine.evaluate(case)
    assert found_with_engine.evaluate(case).findings


# -- 10. strict types before anything is asserted -----------------------------------------------------
@pytest.mark.parametrize(
    ("where", "value"),
    [
        (("people", 1, "age"), "12"),
        (("people", 1, "age"), True),
        (("people", 1, "age"), 12.0),
        (("people", 0, "victim"), "yes"),
        (("people", 0, "date_of_birth"), 20060314),
        (("events", 0, "date"), 737000),
        (("events", 0, "found_with"), "adult-1"),
        (("events", 0, "asked_where"), "false"),
        (("case", "as_of"), "30/06/2020"),
    ],
)
def test_10_mistyped_values_are_refused(where: tuple[Any, ...], value: Any) -> None:
    data = json.loads(found_with_case().model_dump_json(by_alias=True, exclude_none=True))
    target = data
    for key in where[:-1]:
        target = target[key]
    target[where[-1]] = value
    with pytest.raises(CaseError):
        case_from_data(data)


_KINDS = {"int": int, "date": int, "bool": bool, "str": str, "ref": str}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=case_data())
def test_10_facts_carry_only_values_of_their_declared_kind(data: dict[str, Any]) -> None:
    """No boolean or string ever reaches durable-rules where a number is compared."""
    facts = build_facts(case_from_data(data))
    for record in facts.records:
        schema = FACT_SCHEMA.get(record["t"])
        if schema is None:  # a link fact: value of the list's element kind
            owner, _, attr = record["t"].partition(".")
            assert type(record["value"]) is _KINDS[FACT_SCHEMA[owner][attr].kind]
            continue
        stored = {key for a in schema.values() if a.ranged for key in a.bounds}
        stored |= {a.size_key for a in schema.values() if a.many}
        for name, value in record.items():
            derived = name in stored  # age bounds, list sizes
            if name in ("t", "id", "ref") or derived:
                assert type(value) is (int if derived else str), (name, value)
                continue
            assert type(value) is _KINDS[schema[name].kind], (record["t"], name, value)


# -- 11. malformed rules are refused at load ----------------------------------------------------------
def test_11_a_rule_without_when_is_refused() -> None:
    rule = rule_yaml("no-when", "[]")
    with pytest.raises(RulesetError) as caught:
        ruleset_of(rule)
    assert any("when" in p.path for p in caught.value.problems)
    no_key = rule.replace("    when:\n      []\n", "")
    with pytest.raises(RulesetError):
        ruleset_of(no_key)


def test_11_an_undefined_alias_is_refused_with_a_suggestion() -> None:
    rule = rule_yaml(
        "typo", "- fact: person\n  as: person_a\n  where:\n    - persn_a.age < 16", target="person_a"
    )
    with pytest.raises(RulesetError) as caught:
        ruleset_of(rule)
    problem = caught.value.first
    assert problem.rule_id == "typo" and problem.suggestion == "person_a" and problem.line is not None
    unless = rule_yaml(
        "join-to-nowhere",
        "- fact: person\n  as: p",
        unless="- fact: action\n  as: a\n  where:\n    - a.target == q.id",
    )
    with pytest.raises(RulesetError, match="'q' is not defined"):
        ruleset_of(unless)


# -- a bound on matches per case ---------------------------------------------------------------------
def test_too_many_matches_raise_and_the_engine_keeps_working(found_with_engine: Engine) -> None:
    bounded = Engine(found_with_engine.ruleset, max_matches=2)
    with pytest.raises(EvaluationError, match="more than the limit"):
        bounded.evaluate(found_with_case())
    small = case_from_data(
        {
            "case": {"id": "small", "as_of": "2020-06-30"},
            "people": [{"id": "child-1", "role": "child", "age": 12}, {"id": "adult-1", "role": "suspect"}],
            "events": [{"id": "ev-1", "type": "missing_episode", "child": "child-1", "date": "2020-06-01",
                        "found_with": ["adult-1"]}],
        }
    )  # fmt: skip
    assert [f.target for f in bounded.evaluate(small).findings] == ["adult-1"]
    bounded.close()


def test_the_shipped_ruleset_loads_into_durable_rules() -> None:
    ruleset = load_ruleset(ROOT / "rulesets" / "disruption")
    assert ruleset.rules
    engine = Engine(ruleset)
    try:
        assert isinstance(engine.matcher, Matcher) and engine.matcher.shards >= 1
    finally:
        engine.close()


@pytest.mark.parametrize(
    ("name", "when"),
    [
        (
            "mixed-any",
            "- fact: sexual_offence\n  as: o\n- fact: person\n  as: p\n  where:\n"
            "    - any:\n        - p.id == o.victim\n        - o.penetrative == true",
        ),
        (
            "offsets-both-sides",
            "- fact: sexual_offence\n  as: o\n- fact: missing_episode\n  as: p\n  where:\n"
            "    - p.date + 1 > o.date + 2",
        ),
    ],
)
def test_11_a_rule_the_compiler_cannot_compile_is_refused_at_load(name: str, when: str) -> None:
    """Regression: these rules loaded (so `disrupt validate` passed) but Engine() then failed.

    - `any:` whose parts test different aliases (the compiler tripped an assertion);
    - an offset on both sides of a comparison (`_shift` raised ValueError).
    Fixed: the type checker refuses both at load, naming the rule.
    """
    with pytest.raises(RulesetError) as refused:
        ruleset_of(rule_yaml(name, when))
    assert refused.value.first.rule_id == name


# -- what each shard is sent ---------------------------------------------------------------------------
def test_each_shard_is_sent_only_its_fact_types_and_the_attributes_rules_read(engine: Engine) -> None:
    people: list[dict[str, Any]] = [
        {"id": "girl", "role": "child", "victim": True, "date_of_birth": "2006-03-01", "sex": "female",
         "legal_status": "none", "lives_in_force": "durham", "last_reviewed": "2020-01-01"},
        {"id": "man", "role": "suspect", "age": 30, "sex": "male", "flags": ["pdp"], "connected_to": []},
    ]  # fmt: skip
    events: list[dict[str, Any]] = [
        {"id": "ep", "type": "missing_episode", "child": "girl", "date": "2020-01-15", "found_with": ["man"]},
        {"id": "ho", "type": "harm_risk", "child": "girl", "date": "2020-01-16"},
    ]
    records = build_facts(case_from_data(conftest.case_data(people=people, events=events))).records
    mentioned = json.dumps(engine.compiled.definition)
    unread = {k for r in records for k in r if f'"{k}"' not in mentioned} - {"id"}
    assert unread, "the case should carry some attribute that no rule reads"
    for part, (handle, batches) in zip(engine.matcher.parts, engine.matcher.payloads(records), strict=True):
        assert handle == part.handle
        sent = [fact for batch in batches for fact in json.loads(batch)]
        assert {f["t"] for f in sent} <= part.types | {SENTINEL}
        assert not {k for f in sent for k in f} & unread
        expected = {r["t"] for r in records} & part.types
        assert expected <= {f["t"] for f in sent}
