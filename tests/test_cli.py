"""The `disrupt` command line: readable text, exact JSON, one-line errors, never a traceback."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from disrupt.cli import main
from engine.finding import Answer
from tests.conftest import EXAMPLES_DIR, ROOT, RULESET_DIR

EXAMPLE = EXAMPLES_DIR / "cs-a114.yaml"


def test_text_output_groups_findings_by_kind_with_reasons(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", str(EXAMPLE)]) == 0
    out = capsys.readouterr().out
    assert "Case EX-CS-A114" in out
    assert "Warnings: harmful or misapplied actions" in out
    assert "(misclassified_offence) → offence-1" in out
    assert "because child-a114 was 12 on 2017-09-15" in out
    assert out.index("Warnings") < out.index("Gaps")


def test_json_output_is_exactly_the_answer_model(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", str(EXAMPLE), "--format", "json"]) == 0
    answer = Answer.model_validate_json(capsys.readouterr().out)
    assert answer.case_id == "EX-CS-A114"


def test_several_cases_give_a_json_array_in_the_order_given(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    other = tmp_path / "other.yaml"
    other.write_text(EXAMPLE.read_text().replace("EX-CS-A114", "EX-OTHER"))
    assert main(["evaluate", str(other), str(EXAMPLE), "--format", "json"]) == 0
    answers = json.loads(capsys.readouterr().out)
    assert [a["case_id"] for a in answers] == ["EX-OTHER", "EX-CS-A114"]


def test_bad_input_is_one_line_naming_file_and_field_with_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("case: {id: X, as_of: 2020-01-01}\npeople:\n  - {id: a, role: child, age: '12'}\n")
    assert main(["evaluate", str(bad)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0
    assert err.startswith(f"disrupt: {bad}:3:")
    assert "people[0].age" in err


def test_validate_reports_ok_with_a_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(RULESET_DIR)]) == 0
    assert capsys.readouterr().out.startswith("ok: disruption")


def test_validate_prints_every_problem_as_file_line_column(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    broken = tmp_path / "disruption"
    shutil.copytree(RULESET_DIR, broken)
    rules = broken / "rules" / "cawns.yaml"
    text = rules.read_text()
    rules.write_text(text.replace("code: cawn\n", "code: cwan\n", 1))
    line = text[: text.index("code: cawn\n")].count("\n") + 1
    column = len(text[: text.index("code: cawn\n")].rsplit("\n", 1)[-1]) + len("code: ") + 1
    rule_id = text[: text.index("code: cawn\n")].rsplit("- id: ", 1)[-1].split()[0]
    assert main(["validate", str(broken)]) == 1
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"{rules}:{line}:{column}: ")
    assert lines[0].endswith(f"unknown tactic 'cwan' in rule {rule_id}: did you mean 'cawn'?")


def test_schema_prints_the_case_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "case"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert {"case", "people", "locations", "events", "actions"} <= set(schema["properties"])


def test_the_installed_command_never_prints_a_traceback(tmp_path: Path) -> None:
    disrupt = shutil.which("disrupt") or str(Path(sys.executable).parent / "disrupt")
    bad = tmp_path / "bad.json"
    bad.write_text('{"case": {"id": "X", "as_of": "2020-01-01"}, "people": [{"id": 1}]}')
    result = subprocess.run([disrupt, "evaluate", str(bad)], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "people[0].id" in result.stderr


WITHOUT_THE_RECORD = """
import sys
sys.modules["sqlalchemy"] = None  # as if installed without the `record` extra
from api.app import create_app
from disrupt.cli import main
paths = set(create_app().openapi()["paths"])
assert "/v1/evaluations" in paths and not any(p.startswith("/v1/reports") for p in paths), paths
sys.exit(main(["evaluate", sys.argv[1]]))
"""


def test_without_the_record_extra_the_cli_and_the_api_work_without_its_parts(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", WITHOUT_THE_RECORD, str(EXAMPLES_DIR / "cs-a114.yaml")],
        cwd=tmp_path, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-800:]
    assert "EX-CS-A114" in result.stdout


def test_explain_states_a_rules_statutory_test_and_what_met_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "cawn-care-order-route", "--case", str(EXAMPLES_DIR / "cs-a1.yaml")]) == 0
    out = capsys.readouterr().out
    assert "The statutory test: A CAWN is not itself a power" in out
    assert "✔ the person is not the child's parent or guardian (Child Abduction Act 1984 s.2)" in out
    assert "On this case, met for older-man" in out


def test_explain_an_unknown_rule_is_one_line_with_a_suggestion(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "cawn-foundwith-adult"]) == 2
    assert capsys.readouterr().err.strip() == (
        "disrupt: no rule 'cawn-foundwith-adult' (did you mean 'cawn-found-with-adult'?)"
    )
