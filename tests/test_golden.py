"""Golden answers: each example case gives exactly the findings checked in beside it
(examples/expected/NAME.yaml); any difference fails, showing it as an impact diff."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from disrupt.cli import main
from engine.evaluate import Engine
from engine.ruleset import Ruleset, ruleset_from_texts
from impact import golden
from tests.conftest import EXAMPLES_DIR


def test_every_example_gives_exactly_its_checked_in_findings(engine: Engine) -> None:
    ok, impact = golden.check(engine, EXAMPLES_DIR)
    assert ok, (
        "the examples' findings differ from examples/expected/ (after a reviewed change, run "
        "`disrupt impact --update-golden`):\n" + impact
    )


def test_every_example_has_its_expected_findings_checked_in() -> None:
    cases = {p.name for p in golden.cases_in(EXAMPLES_DIR)}
    assert cases and cases == {p.name for p in (EXAMPLES_DIR / golden.EXPECTED_DIR).glob("*.yaml")}


@pytest.fixture(scope="module")
def monthly_reviews(ruleset: Ruleset) -> Iterator[Engine]:
    text = ruleset.files["ruleset.yaml"]
    old = "review_interval_days:\n    value: 365\n"
    assert old in text
    files = {**ruleset.files, "ruleset.yaml": text.replace(old, "review_interval_days:\n    value: 30\n")}
    engine = Engine(ruleset_from_texts(files))
    yield engine
    engine.close()


def test_a_parameter_edit_fails_the_golden_test_with_the_impact_diff(monthly_reviews: Engine) -> None:
    ok, impact = golden.check(monthly_reviews, EXAMPLES_DIR)
    assert not ok
    assert "annual-review-never [gap annual_perpetrator_review]" in impact
    assert "~ EX-CS-A114 male-17: because: was “no risk review of male-17 is recorded" in impact
    assert "reviewed at least every 365 days”, now “" in impact and "every 30 days”" in impact


def test_update_golden_rewrites_the_expected_findings_after_a_reviewed_change(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], engine: Engine
) -> None:
    for name in ("cs-a29.yaml", "para17-hotels.yaml"):
        shutil.copy(EXAMPLES_DIR / name, tmp_path / name)
    ok, impact = golden.check(engine, tmp_path)
    assert not ok and "no expected findings checked in" in impact
    assert main(["impact", "--update-golden", "--examples-dir", str(tmp_path)]) == 0
    assert "rewrote 2 expected file(s)" in capsys.readouterr().out
    assert golden.check(engine, tmp_path) == (True, "")
    assert (tmp_path / "expected" / "cs-a29.yaml").read_text() == (
        EXAMPLES_DIR / "expected" / "cs-a29.yaml"
    ).read_text()

    # a finding dropped from the checked-in answer shows as one the engine now adds
    path = tmp_path / "expected" / "para17-hotels.yaml"
    expected = golden.read_expected(path)
    assert expected is not None
    dropped = expected.findings[0]
    path.write_text(golden.dump(expected.model_copy(update={"findings": expected.findings[1:]})))
    ok, impact = golden.check(engine, tmp_path)
    assert not ok
    assert f"+ {expected.case_id} {dropped.target} [{dropped.severity}]: {dropped.because}" in impact
    assert main(["impact", "--update-golden", "--examples-dir", str(tmp_path)]) == 0
    assert "rewrote 1 expected file(s)" in capsys.readouterr().out
    assert golden.check(engine, tmp_path) == (True, "")
