"""Binding the scenarios' English to the step library, and the engine they run against.

Every Given sentence goes to `steps.sentences`, every Then sentence to `steps.outcomes`; an
unknown sentence fails with its text. The engine is loaded once per test session from the
shipped ruleset. `@rule:<id>` tags become `rule` markers (`pytest -m rule` lists them) and name
the ruleset rules a scenario documents; `tests/test_traceability.py` checks them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pytest_bdd import given, parsers, then, when
from steps import outcomes, sentences
from steps.builder import CaseBuilder

from engine import Engine, case_from_data, load_ruleset
from engine.ruleset import Ruleset

RULESET_DIR = Path(__file__).resolve().parent.parent / "rulesets" / "disruption"
RULE_TAG = "rule:"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "rule(id): the ruleset rule a scenario documents (@rule:<id>)")


def pytest_bdd_apply_tag(tag: str, function: Callable[..., Any]) -> Any:
    if tag.startswith(RULE_TAG):
        return pytest.mark.rule(tag[len(RULE_TAG) :])(function)
    return None  # other tags: pytest-bdd's default (a marker of that name)


FIRED = pytest.StashKey[dict[str, set[str]]]()


def pytest_bdd_after_scenario(request: pytest.FixtureRequest, feature: Any, scenario: Any) -> None:
    """Remember, for `--rule-coverage`, which tagged rules this scenario's answer came from."""
    fired = request.config.stash.setdefault(FIRED, {})
    holder = request.getfixturevalue("result_holder")
    result = holder.get("result")
    rules: set[str] = set()
    if result is not None:
        rules = {f.rule for f in result.answer.findings}
        rules |= {rule for u in result.answer.unknowns for rule in u.needed_by}
    tags = set(scenario.tags) | (set(scenario.rule.tags) if scenario.rule else set())
    for tag in tags:
        if tag.startswith(RULE_TAG):
            fired.setdefault(tag[len(RULE_TAG) :], set()).update(
                {"yes"} if tag[len(RULE_TAG) :] in rules else set()
            )


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--rule-coverage",
        action="store_true",
        help="after the scenarios, list @rule tags whose rule produced no finding in any tagged scenario",
    )


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    if not config.getoption("--rule-coverage", default=False):
        return
    fired = config.stash.get(FIRED, {})
    silent = sorted(rule for rule, seen in fired.items() if not seen)
    terminalreporter.write_line(
        f"rule coverage: {len(fired) - len(silent)} of {len(fired)} tagged rules fired"
    )
    for rule in silent:
        terminalreporter.write_line(f"  never fired in its scenarios: {rule}")


@pytest.fixture(scope="session")
def disruption_ruleset() -> Ruleset:
    return load_ruleset(RULESET_DIR)


@pytest.fixture(scope="session")
def disruption_engine(disruption_ruleset: Ruleset) -> Iterator[Engine]:
    engine = Engine(disruption_ruleset)
    yield engine
    engine.close()


@pytest.fixture
def builder() -> CaseBuilder:
    return CaseBuilder()


@pytest.fixture
def result_holder() -> dict[str, outcomes.Outcome]:
    return {}


@given(parsers.re(r"(?P<text>.+?):"))
def _table_sentence(builder: CaseBuilder, text: str, datatable: list[list[str]] | None = None) -> None:
    if datatable is None:
        raise AssertionError(f"'{text}:' needs a table under it")
    sentences.apply_table(builder, text, datatable)


@given(parsers.re(r"(?P<text>.*[^:])"))
def _sentence(builder: CaseBuilder, text: str) -> None:
    sentences.apply(builder, text)


@when("the engine evaluates the case")
def _evaluate(
    builder: CaseBuilder,
    disruption_engine: Engine,
    disruption_ruleset: Ruleset,
    result_holder: dict[str, outcomes.Outcome],
) -> None:
    answer = disruption_engine.evaluate(case_from_data(builder.case()))
    result_holder["result"] = outcomes.Outcome(answer, builder, disruption_ruleset)


@then(parsers.re(r"the engine finds:"))
def _finding_table(
    result_holder: dict[str, outcomes.Outcome], datatable: list[list[str]] | None = None
) -> None:
    if datatable is None:
        raise AssertionError("'the engine finds:' needs a table under it")
    outcomes.check_table(result_holder["result"], datatable)


@then(parsers.re(r"(?P<text>.*[^:])"))
def _outcome(result_holder: dict[str, outcomes.Outcome], text: str) -> None:
    if "result" not in result_holder:
        raise AssertionError("a Then step needs 'When the engine evaluates the case' first")
    outcomes.check(result_holder["result"], text)
