"""`disrupt impact`: a broken proposed ruleset is refused with located errors before anything
is evaluated; the report in each format."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from record_support import make_case, ruleset_files, write_ruleset
from test_impact import record_corpus, with_parameter

from disrupt.cli import main
from engine.ruleset import ruleset_from_texts
from impact.corpus import RecordCorpus
from impact.models import ImpactReport
from record.store import Store

BROKEN = """
rules:
  - id: cawn-found-with-adult
    title: A child under 16 was found with an adult
    kind: recommend
    code: cawn
    severity: high
    target: adult
    when:
      - fact: missing_episode
        as: episode
        where:
          - episode.child_agee < 16
    because: "{episode.child}"
    sources: ["¶21"]
"""


def test_a_broken_proposed_ruleset_is_refused_with_located_errors_and_nothing_evaluated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'record.sqlite3'}"
    store = Store(url)
    record_corpus(store, ruleset_from_texts(ruleset_files("1")))
    store.close()
    folder = write_ruleset(tmp_path / "proposed", {**ruleset_files("2"), "rules/rules.yaml": BROKEN})
    current = write_ruleset(tmp_path / "current", ruleset_files("1"))

    def never(*_: Any, **__: Any) -> Any:
        raise AssertionError("a case was read for evaluation")

    monkeypatch.setattr(RecordCorpus, "batches", never)
    monkeypatch.setattr(RecordCorpus, "count", never)
    code = main(["impact", "--ruleset", str(folder), "--current", str(current), "--database", url])
    err = capsys.readouterr().err
    assert code == 2
    assert f"{folder}/rules/rules.yaml:13:" in err and "child_agee" in err and "did you mean" in err
    assert "nothing was evaluated" in err


def test_the_command_writes_each_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    proposed = write_ruleset(
        tmp_path / "proposed", with_parameter(ruleset_files("2"), "review_interval_days", 365, 200)
    )
    current = write_ruleset(tmp_path / "current", ruleset_files("1"))
    cases = []
    for case_id, reviewed in (("CASE-1", "2018-01-10"), ("CASE-2", "2019-12-01")):
        path = tmp_path / f"{case_id}.json"
        path.write_text(json.dumps(make_case(case_id, last_reviewed=reviewed, episodes=[])))
        cases.append(str(path))
    base = [
        "impact",
        "--ruleset",
        str(proposed),
        "--current",
        str(current),
        "--workers",
        "0",
        "--against",
        *cases,
    ]
    assert main([*base, "--format", "json"]) == 0
    report = ImpactReport.model_validate_json(capsys.readouterr().out)
    assert [(r.rule, r.added) for r in report.rules] == [("annual-review", 1)]
    assert main([*base, "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[1].startswith("annual-review,gap,annual_perpetrator_review,")
    assert main([*base, "--format", "text"]) == 0
    text = capsys.readouterr().out
    assert "review_interval_days: changed 365 → 200" in text and "+ CASE-2 (durham) adult-1" in text
    assert main([*base, "--format", "html"]) == 0
    assert "<h3>annual-review" in capsys.readouterr().out
    assert main([*base[:-3], "--since", "2020-01-01", "--against", cases[0]]) == 2  # --since is the record's


def test_partial_reports_by_force_merge_into_the_report_of_one_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'record.sqlite3'}"
    store = Store(url)
    record_corpus(store, ruleset_from_texts(ruleset_files("1")))
    store.close()
    proposed = write_ruleset(
        tmp_path / "proposed", with_parameter(ruleset_files("2"), "review_interval_days", 365, 50)
    )
    current = write_ruleset(tmp_path / "current", ruleset_files("1"))
    base = ["impact", "--ruleset", str(proposed), "--current", str(current), "--workers", "0"]
    parts = []
    for force in ("durham", "cleveland"):
        assert main([*base, "--database", url, "--force", force, "--format", "partial"]) == 0
        part = tmp_path / f"{force}.json"
        part.write_text(capsys.readouterr().out)
        parts.append(str(part))
    assert main([*base, "--merge", *parts, "--format", "json"]) == 0
    merged = ImpactReport.model_validate_json(capsys.readouterr().out)
    assert main([*base, "--database", url, "--format", "json"]) == 0
    whole = ImpactReport.model_validate_json(capsys.readouterr().out)
    ignored = {"generated_at"}
    assert merged.model_dump(exclude=ignored) == whole.model_dump(exclude=ignored)
    assert [(r.rule, r.added) for r in merged.rules] == [("annual-review", 2)]  # 212 (cleveland), 60 (durham)
    other = write_ruleset(tmp_path / "other", ruleset_files("3"))
    assert main(["impact", "--ruleset", str(other), "--current", str(current), "--merge", *parts]) == 2
    assert "compared rulesets" in capsys.readouterr().err
