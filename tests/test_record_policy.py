"""The record's policy comes from the ruleset that answered, never from a copy in record/:
the review interval (¶16) and the ¶20 measure, which agrees with the engine's own findings."""

from __future__ import annotations

from pathlib import Path

import pytest
from record_support import answer, build_ruleset, make_case, ruleset_files, write_ruleset
from sqlalchemy import select

from disrupt.cli import main
from engine.case import load_case
from engine.evaluate import Engine
from engine.ruleset import Ruleset, ruleset_from_texts
from record.extract import flagged_episodes
from record.policy import policy_of
from record.recorder import Recorder
from record.reports import ReportQuery, run_report
from record.store import Store
from record.tables import episodes
from tests.conftest import EXAMPLES_DIR


def test_the_shipped_rulesets_policy_is_read_from_its_rules_and_parameters(ruleset: Ruleset) -> None:
    policy = policy_of(ruleset)
    assert policy.review_interval_days == ruleset.parameters["review_interval_days"].value == 365
    assert policy.cawn_roles == {"suspect", "associate"} and policy.cawn_excludes_carers


def test_the_review_interval_follows_the_parameter_the_review_rule_compares_with() -> None:
    files = ruleset_files("1")
    files["ruleset.yaml"] = (
        files["ruleset.yaml"]
        .replace("value: 365", "value: 180")
        .replace("review_interval_days:", "months_between_reviews:")
    )
    files["rules/rules.yaml"] = files["rules/rules.yaml"].replace(
        "$review_interval_days", "$months_between_reviews"
    )
    assert policy_of(ruleset_from_texts(files)).review_interval_days == 180
    without = ruleset_files("1")
    without["rules/rules.yaml"] = without["rules/rules.yaml"].split("  - id: annual-review")[0]
    assert policy_of(ruleset_from_texts(without)).review_interval_days is None


def test_the_adults_of_the_measure_are_those_the_cawn_rules_look_for() -> None:
    files = ruleset_files("1")
    files["rules/rules.yaml"] = files["rules/rules.yaml"].replace(
        "adult.role in [suspect, associate]", "adult.role in [suspect]"
    )
    policy = policy_of(ruleset_from_texts(files))
    assert policy.cawn_roles == {"suspect"} and not policy.cawn_excludes_carers


def record_examples(store: Store, engine: Engine) -> dict[tuple[str, str], bool]:
    """Every example recorded; (case, episode) → whether the engine flags it (¶20 gap)."""
    recorder = Recorder(store)
    recorder.remember(engine.ruleset)
    flagged: dict[tuple[str, str], bool] = {}
    for path in sorted(EXAMPLES_DIR.glob("*.yaml")):
        case = load_case(path)
        found = engine.evaluate(case)
        recorder.record_evaluation(case, found, "officer-1")
        marked = flagged_episodes(case, found)
        for event in case.events:
            if event.type == "missing_episode":
                flagged[(case.case.id, event.id)] = event.id in marked
    return flagged


def test_missing_vs_cawn_never_counts_an_episode_the_engine_flags_as_considered(
    tmp_path: Path, engine: Engine
) -> None:
    store = Store(f"sqlite:///{tmp_path / 'record.sqlite3'}")
    try:
        flagged = record_examples(store, engine)
        assert sum(flagged.values()) >= 4
        with store.reading() as conn:
            rows = {(r.case_id, r.episode_id): r for r in conn.execute(select(episodes))}
        for key, marked in flagged.items():
            if marked:
                assert rows[key].found_with_adult and not rows[key].cawn_considered, key
        # para20: a CAWN is recommended for adult-x, and the engine flags each episode with him
        for episode in ("missing-1", "missing-2", "missing-3"):
            assert not rows[("EX-PARA20", episode)].cawn_considered
        report = run_report(store, "missing-vs-cawn", ReportQuery(period="year"))
        assert sum(r.not_considered for r in report.rows) >= sum(flagged.values())
    finally:
        store.close()


def test_a_later_evaluation_the_engine_flags_overrides_an_earlier_considered(tmp_path: Path) -> None:
    files = ruleset_files("1")
    files["rules/rules.yaml"] += """
  - id: cawn-not-considered
    title: Found with an adult, no CAWN considered
    kind: gap
    code: cawn_not_considered
    severity: medium
    target: episode
    when:
      - fact: missing_episode
        as: episode
      - fact: person
        as: adult
        where:
          - adult.id in episode.found_with
          - adult.role in [suspect, associate]
    unless:
      - fact: action
        as: considered
        where:
          - considered.tactic == cawn
          - considered.target == adult.id
    because: "no CAWN was considered for {adult}"
    sources: ["¶21"]
"""
    files["catalogue.yaml"] += "  cawn_not_considered: {kind: gap, title: No CAWN considered}\n"
    ruleset = ruleset_from_texts(files)
    engine = Engine(ruleset)
    store = Store(f"sqlite:///{tmp_path / 'record.sqlite3'}")
    recorder = Recorder(store)
    recorder.remember(ruleset)
    proposed = make_case(actions=[{"id": "a1", "tactic": "cawn", "target": "adult-1", "status": "proposed"}])
    dropped = make_case()
    try:
        recorder.record_evaluation(proposed, answer(engine, proposed), "officer-1")
        with store.reading() as conn:
            assert conn.execute(select(episodes.c.cawn_considered)).scalar_one() is True
        later = answer(engine, dropped)
        assert [f.target for f in later.findings if f.code == "cawn_not_considered"] == ["ev-1"]
        recorder.record_evaluation(dropped, later, "officer-1")
        with store.reading() as conn:
            assert conn.execute(select(episodes.c.cawn_considered)).scalar_one() is False
    finally:
        engine.close()
        store.close()


def test_reviews_due_on_the_command_line_takes_the_rulesets_interval(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'record.sqlite3'}"
    monthly = ruleset_files("1")
    monthly["ruleset.yaml"] = monthly["ruleset.yaml"].replace("value: 365", "value: 30")
    folder = write_ruleset(tmp_path / "monthly", monthly)
    engine = Engine(build_ruleset())
    store = Store(url)
    try:
        case = make_case(last_reviewed="2020-05-01")
        Recorder(store).record_evaluation(case, answer(engine, case), "officer-1", ruleset=engine.ruleset)
    finally:
        engine.close()
        store.close()
    base = ["report", "reviews-due", "--database", url, "--as-of", "2020-06-30", "--format", "csv"]
    assert main([*base, "--ruleset", str(folder)]) == 0
    assert capsys.readouterr().out.splitlines()[1] == "CASE-R1,adult-1,durham,2020-05-01,2020-05-31,30"
    assert main([*base, "--ruleset", str(write_ruleset(tmp_path / "yearly", ruleset_files("1")))]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == []
