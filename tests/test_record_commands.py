"""`disrupt record | report | history | replay | purge`, as an analyst or an auditor runs them."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from record_support import make_case, ruleset_files, write_ruleset

from disrupt.cli import main


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A ruleset, two case files, and the record in DISRUPT_DATA_DIR."""
    write_ruleset(tmp_path / "rules-v1", ruleset_files("1"))
    write_ruleset(tmp_path / "rules-v2", ruleset_files("2", returns=False))
    flag = {
        "id": "act-1",
        "tactic": "cse_flag",
        "target": "adult-2",
        "status": "issued",
        "date": "2019-10-05",
    }
    (tmp_path / "a.json").write_text(json.dumps(make_case("A-1", actions=[flag])))
    (tmp_path / "b.json").write_text(json.dumps(make_case("B-1", force="cleveland")))
    monkeypatch.setenv("DISRUPT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("DISRUPT_DATABASE_URL", raising=False)
    monkeypatch.delenv("DISRUPT_RETENTION_DAYS", raising=False)
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_record_then_report_in_csv(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "record",
        str(folder / "a.json"),
        str(folder / "b.json"),
        "--ruleset",
        str(folder / "rules-v1"),
        "--by",
        "analyst-1",
    )
    assert code == 0
    assert out.splitlines() == [
        "recorded evaluation 1 of case A-1: 3 finding(s)",
        "recorded evaluation 2 of case B-1: 3 finding(s)",
    ]
    assert (folder / "data" / "record.sqlite3").is_file()
    code, out, _ = run(capsys, "report", "tactics", "--format", "csv")
    assert code == 0
    table = list(csv.DictReader(io.StringIO(out)))
    assert [(r["period"], r["force"], r["tactic"], r["issued"]) for r in table] == [
        ("2019-10", "durham", "cse_flag", "1")
    ]
    code, out, _ = run(capsys, "report", "missing-vs-cawn", "--force", "cleveland", "--period", "year")
    assert code == 0
    report = json.loads(out)
    assert report["query"]["force"] == "cleveland"
    assert [(r["period"], r["found_with_adult"], r["cawn_considered"]) for r in report["rows"]] == [
        ("2019", 1, 1)
    ]
    code, out, _ = run(capsys, "report", "reviews-due", "--as-of", "2020-06-30", "--format", "csv")
    assert code == 0
    assert out.splitlines()[0] == "case_id,person_id,force,last_reviewed,due_on,days_overdue"
    assert len(out.splitlines()) == 3


def test_history_and_replay_print_json(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(
        capsys, "record", str(folder / "a.json"), "--ruleset", str(folder / "rules-v1"), "--by", "analyst-1"
    )
    code, out, _ = run(capsys, "history", "A-1")
    assert code == 0
    history = json.loads(out)
    assert [e["asked_by"] for e in history["evaluations"]] == ["analyst-1"]
    assert [t["tactic"] for t in history["tactics"]] == ["cse_flag"]
    code, out, _ = run(capsys, "replay", "A-1", "--ruleset", str(folder / "rules-v2"))
    assert code == 0
    replayed = json.loads(out)
    assert replayed["reproduced"] is True
    assert [f["rule"] for f in replayed["removed"]] == ["return-interview"]


def test_mistakes_are_one_line_and_exit_2(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "history", "NOPE")
    assert (code, err.count("\n")) == (2, 1)
    assert "no evaluation of case 'NOPE'" in err
    code, _, err = run(capsys, "purge")
    assert code == 2 and "DISRUPT_RETENTION_DAYS" in err
    with pytest.raises(SystemExit) as caught:
        main(["report", "tactics", "--since", "last week"])
    assert caught.value.code == 2
    assert "not a date" in capsys.readouterr().err


def test_purge_takes_the_period_from_the_environment(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    run(capsys, "record", str(folder / "a.json"), "--ruleset", str(folder / "rules-v1"))
    monkeypatch.setenv("DISRUPT_RETENTION_DAYS", "30")
    code, out, _ = run(capsys, "purge", "--dry-run")
    assert code == 0 and out.startswith("would delete records from before") and "0 evaluation(s)" in out
    code, out, _ = run(capsys, "purge", "--older-than", "1")
    assert code == 0 and "deleted" in out and "0 evaluation(s)" in out  # recorded just now


def test_record_names_the_file_of_a_case_with_an_unknown_tactic(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wrong = {"id": "act-1", "tactic": "cwan", "target": "adult-2", "status": "issued", "date": "2019-10-05"}
    (folder / "c.json").write_text(json.dumps(make_case("C-1", actions=[wrong])))
    code, _, err = run(capsys, "record", str(folder / "c.json"), "--ruleset", str(folder / "rules-v1"))
    assert code == 2
    assert "c.json" in err and "'cwan'" in err


def test_every_command_line_read_is_in_the_access_report(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("record.commands._user", lambda: "analyst-7")
    run(capsys, "record", str(folder / "a.json"), str(folder / "b.json"), "--ruleset",
        str(folder / "rules-v1"))
    assert run(capsys, "history", "A-1")[0] == 0
    assert run(capsys, "history", "A-1", "--force", "cleveland")[0] != 0, "A-1 is durham's"
    assert run(capsys, "report", "cohort", "--force", "durham", "--format", "csv")[0] == 0
    code, out, _ = run(capsys, "report", "access", "--key", "analyst-7", "--format", "csv")
    assert code == 0
    table = list(csv.DictReader(io.StringIO(out)))
    assert [(r["route"], r["force"], r["case_id"], r["report"], r["role"]) for r in table] == [
        ("disrupt history", "durham", "A-1", "", "local user"),
        ("disrupt report", "durham", "", "cohort", "local user"),
    ]
    assert int(table[0]["rows"]) >= 1
    code, out, _ = run(capsys, "report", "access", "--case", "A-1", "--since", "2000-01-01")
    assert code == 0 and len(json.loads(out)["rows"]) == 1
    with pytest.raises(SystemExit) as exited:
        run(capsys, "report", "access", "--since", "2026-02-30")
    assert exited.value.code == 2 and "no such day: '2026-02-30'" in capsys.readouterr().err
