"""Impact analysis: a recorded corpus under the current and a proposed ruleset, per rule,
tactic and force; refusal of a broken proposed ruleset; the numbers against a replay of each
case one by one (differential)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from record_support import BACKENDS, answer, fresh_store, make_case, ruleset_files

from bench.load_cases import typical_case
from engine.case import case_from_data
from engine.evaluate import Engine
from engine.ruleset import Ruleset, load_ruleset, ruleset_from_texts
from impact.compare import View, diff
from impact.corpus import FileCorpus, RecordCorpus
from impact.declined import declined_rules
from impact.models import ImpactReport, Scope
from impact.run import Request, analyse
from record.models import ResponseIn
from record.recorder import Recorder
from record.store import Store
from tests.conftest import EXAMPLES_DIR, RULESET_DIR


def with_parameter(files: dict[str, str], name: str, old: int, new: int) -> dict[str, str]:
    changed = {k: v.replace(f"{name}: {{value: {old},", f"{name}: {{value: {new},") for k, v in files.items()}
    assert changed != files, f"{name} not found"
    return changed


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with fresh_store(request.param, tmp_path) as s:
        yield s


@pytest.fixture(scope="module")
def current() -> Ruleset:
    return ruleset_from_texts(ruleset_files("1"))


def record_corpus(store: Store, ruleset: Ruleset) -> None:
    """Four cases: the suspect last reviewed 902, 212 and 60 days before as_of, and never."""
    engine = Engine(ruleset)
    recorder = Recorder(store)
    recorder.remember(ruleset)
    try:
        for case_id, force, reviewed in (
            ("CASE-1", "durham", "2018-01-10"),
            ("CASE-2", "cleveland", "2019-12-01"),
            ("CASE-3", "durham", "2020-05-01"),
            ("CASE-4", "durham", None),
        ):
            case = make_case(case_id, force=force, last_reviewed=reviewed, episodes=[])
            recorder.record_evaluation(case, answer(engine, case), "officer-1")
    finally:
        engine.close()


def run(current: Ruleset, proposed: Ruleset, store: Store, **scope: Any) -> ImpactReport:
    corpus = RecordCorpus(store, scope.get("force"), scope.get("since"))
    return analyse(
        Request(current, proposed, corpus, Scope(against="record", **scope)),
        declined=lambda: declined_rules(store, scope.get("force"), scope.get("since")),
    )


def test_a_shorter_review_interval_adds_exactly_the_reviews_it_makes_due(
    store: Store, current: Ruleset
) -> None:
    record_corpus(store, current)
    proposed = ruleset_from_texts(with_parameter(ruleset_files("1"), "review_interval_days", 365, 200))
    report = run(current, proposed, store)
    assert report.cases == 4 and report.cases_changed == 1 and not report.unchanged
    assert [(p.name, p.change, p.before, p.after) for p in report.parameters] == [
        ("review_interval_days", "changed", 365, 200)
    ]
    [rule] = report.rules
    assert (rule.rule, rule.added, rule.removed, rule.changed) == ("annual-review", 1, 0, 0)
    assert (rule.current_findings, rule.proposed_findings) == (1, 2)
    assert [(e.case_id, e.force, e.target) for e in rule.added_examples] == [
        ("CASE-2", "cleveland", "adult-1")
    ]
    assert rule.added_examples[0].because == "adult-1 was last reviewed 212 days ago"
    [tactic] = report.tactics
    assert tactic.code == "annual_perpetrator_review"
    assert [(c.kind, c.current, c.proposed, c.difference) for c in tactic.counts] == [("gap", 1, 2, 1)]
    forces = {f.force: {c.kind: (c.current, c.proposed) for c in f.counts} for f in report.forces}
    assert forces == {
        "cleveland": {"recommend": (0, 0), "warn": (0, 0), "gap": (0, 1)},
        "durham": {"recommend": (0, 0), "warn": (0, 0), "gap": (1, 1)},
    }
    assert report.current.ruleset.sha256 == current.sha256
    assert report.proposed.ruleset.sha256 == proposed.sha256 != current.sha256
    # no missing episode in the corpus: the CAWN and return-interview rules never fire
    assert report.dead_rules == ["cawn-found-with-adult", "return-interview"]


def test_a_longer_review_interval_removes_exactly_the_reviews_no_longer_due(
    store: Store, current: Ruleset
) -> None:
    record_corpus(store, current)
    proposed = ruleset_from_texts(with_parameter(ruleset_files("1"), "review_interval_days", 365, 1000))
    report = run(current, proposed, store, force="durham")
    assert report.cases == 3  # CASE-2 is Cleveland's
    [rule] = report.rules
    assert (rule.rule, rule.added, rule.removed, rule.changed) == ("annual-review", 0, 1, 0)
    assert [(e.case_id, e.target) for e in rule.removed_examples] == [("CASE-1", "adult-1")]


def test_an_unchanged_ruleset_reports_no_change(store: Store, current: Ruleset) -> None:
    record_corpus(store, current)
    report = run(current, ruleset_from_texts(ruleset_files("1")), store)
    assert report.unchanged and report.cases == 4 and report.cases_changed == 0
    assert report.rules == [] and report.tactics == [] and report.parameters == []
    assert report.current.ruleset == report.proposed.ruleset


def test_the_latest_evaluation_of_each_case_counts_and_declines_are_listed(
    store: Store, current: Ruleset
) -> None:
    record_corpus(store, current)
    record_corpus(store, current)  # every case evaluated twice: still four cases
    Recorder(store).record_response(
        "CASE-1",
        ResponseIn(rule="annual-review", target="adult-1", decision="declined", reason="reviewed elsewhere"),
        "officer-1",
    )
    report = run(current, ruleset_from_texts(ruleset_files("1")), store)
    assert report.cases == 4
    assert [(d.rule, d.declined, d.decline_reasons) for d in report.declined] == [
        ("annual-review", 1, ["reviewed elsewhere"])
    ]


def test_a_finding_moved_to_another_target_is_one_changed_finding() -> None:
    before = [View("r", "gap", "c", "ev-1", "medium", "x", ("ev-1", "p-1"))]
    after = [View("r", "gap", "c", "p-1", "high", "x", ("ev-1", "p-1"))]
    result = diff(before, after)
    assert result.added == () and result.removed == ()
    [changed] = result.changed
    assert changed.fields == ("severity", "target")


# -- differential: the report against replaying each case one by one --------------------------
def test_the_report_agrees_with_replaying_each_case_one_by_one() -> None:
    current = load_ruleset(RULESET_DIR)
    text = current.files["ruleset.yaml"]
    assert "review_interval_days:\n    value: 365\n" in text
    proposed = ruleset_from_texts(
        {
            **current.files,
            "ruleset.yaml": text.replace(
                "review_interval_days:\n    value: 365\n", "review_interval_days:\n    value: 120\n"
            ),
        }
    )
    cases = [typical_case(seed) for seed in range(10)]
    for i, data in enumerate(cases):
        data["case"]["force"] = ("durham", "cleveland")[i % 2]
    corpus = FileCorpus(
        tuple(_item(c) for c in cases) + FileCorpus.load(sorted(EXAMPLES_DIR.glob("*.yaml"))).items
    )
    report = analyse(Request(current, proposed, corpus, Scope(against="files"), workers=2, examples=1000))

    a, b = Engine(current), Engine(proposed)
    per_rule: dict[str, Counter[str]] = {}
    kinds: Counter[tuple[str, str, int]] = Counter()
    changed_cases = 0
    try:
        for item in corpus.items:
            case = case_from_data(json.loads(item.case_json))
            old = {(f.kind, f.code, f.target, f.rule): f for f in a.evaluate(case).findings}
            new = {(f.kind, f.code, f.target, f.rule): f for f in b.evaluate(case).findings}
            changed_cases += old.keys() != new.keys() or any(
                (old[k].severity, old[k].because) != (new[k].severity, new[k].because)
                for k in old.keys() & new.keys()
            )
            for side, found in ((0, old), (1, new)):
                for k in found:
                    per_rule.setdefault(k[3], Counter())[f"side{side}"] += 1
                    kinds[(k[1], k[0], side)] += 1
            for k in new.keys() - old.keys():
                per_rule[k[3]]["added"] += 1
            for k in old.keys() - new.keys():
                per_rule[k[3]]["removed"] += 1
            for k in old.keys() & new.keys():
                if (old[k].severity, old[k].because) != (new[k].severity, new[k].because):
                    per_rule[k[3]]["changed"] += 1
    finally:
        a.close()
        b.close()
    assert report.cases == len(corpus.items) and report.cases_changed == changed_cases
    assert not report.unchanged
    for rule in report.rules:
        counts = per_rule[rule.rule]
        moved = rule.changed - counts["changed"]
        assert (rule.added + moved, rule.removed + moved) == (counts["added"], counts["removed"]), rule.rule
        assert (rule.current_findings, rule.proposed_findings) == (counts["side0"], counts["side1"])
        assert len(rule.added_examples) == rule.added and len(rule.changed_examples) == rule.changed
    assert {r.rule for r in report.rules} == {
        rule for rule, c in per_rule.items() if c["added"] or c["removed"] or c["changed"]
    }
    for tactic in report.tactics:
        for c in tactic.counts:
            assert (c.current, c.proposed) == (
                kinds[(tactic.code, c.kind, 0)],
                kinds[(tactic.code, c.kind, 1)],
            )
    assert set(report.dead_rules) == {r.id for r in current.rules} - set(per_rule)


def _item(data: dict[str, Any]) -> Any:
    from impact.corpus import Item

    return Item(data["case"]["id"], data["case"]["force"], json.dumps(data))
