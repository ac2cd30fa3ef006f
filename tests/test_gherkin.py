"""Reading feature files (with Cucumber's parser): the handbook must show every scenario, its steps,
and the rules it documents, and say where a file is wrong in a policy lead's words."""

from __future__ import annotations

from pathlib import Path

import pytest
from handbook_samples import FEATURE, FEATURE_NAME

from engine.errors import InputError
from policy_handbook.gherkin import Feature, load_features, parse_feature

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def feature() -> Feature:
    return parse_feature(FEATURE, "features/sample.feature")


def test_feature_header_and_description(feature: Feature) -> None:
    assert feature.name == FEATURE_NAME
    assert feature.tags == ("cawns",)
    assert feature.description == "CAWNs are aimed at the adults a child is found with."
    assert feature.line == 3
    assert [s.text for s in feature.background] == ["the sample ruleset", "a case assessed on 2020-06-30"]


def test_every_scenario_is_read_in_order_with_its_line(feature: Feature) -> None:
    assert [(s.line, s.name) for s in feature.scenarios] == [
        (13, "A 14-year-old found with an unrelated adult"),
        (20, "No CAWN at <age> against a parent"),
        (34, "A carer's report with no police action"),
        (39, "A report never run"),
        (46, "A CAWN proposed against a child victim"),
        (57, "A scenario naming a rule that was removed"),
    ]


def test_steps_keep_their_keywords_as_written(feature: Feature) -> None:
    first = feature.scenarios[0]
    assert [(s.keyword, s.text) for s in first.steps] == [
        ("Given", 'a child "child-a" aged 14'),
        ("And", '"child-a" was found with "adult-1" on 2020-05-02'),
        ("When", "the case is evaluated"),
        ("Then", 'the advisor recommends "cawn" against "adult-1"'),
    ]
    assert first.background == feature.background


def test_rule_tags_name_the_rules_a_scenario_documents(feature: Feature) -> None:
    by_name = {s.name: s for s in feature.scenarios}
    assert by_name["A 14-year-old found with an unrelated adult"].rule_ids == ("cawn-found-with-adult",)
    # a tag on a Gherkin Rule: block applies to every scenario inside it
    assert by_name["A report never run"].rule_ids == ("report-not-actioned",)
    assert by_name["A report never run"].tags == ()
    assert by_name["A CAWN proposed against a child victim"].rule_ids == ("victim-guard",)
    assert by_name["A CAWN proposed against a child victim"].all_tags == ("cawns", "rule:victim-guard")


def test_scenarios_know_the_gherkin_rule_block_they_sit_in(feature: Feature) -> None:
    assert feature.scenarios[0].rule == "A CAWN is recommended when a child under 16 is found with an adult"
    assert feature.scenarios[2].rule == "Reports about a child are acted on"


def test_an_outline_has_its_examples_and_one_run_per_row(feature: Feature) -> None:
    outline = feature.scenarios[1]
    assert outline.is_outline and outline.keyword == "Scenario Outline"
    assert outline.examples[0].header == ("age",)
    assert outline.examples[0].rows == (("13",), ("15",))
    assert outline.runs == 2
    assert feature.scenarios[0].runs == 1


def test_doc_strings_attach_to_their_step_without_indentation(feature: Feature) -> None:
    guard = feature.scenarios[4]
    assert guard.steps[-1].text == "the warning reads:"
    assert guard.steps[-1].doc_string == "critical: <never> aimed at a child victim"


def test_data_tables_attach_to_their_step_and_unescape_pipes() -> None:
    feature = parse_feature(
        "Feature: tables\n  Scenario: s\n    Given people:\n"
        "      | id | note |\n      | a  | x \\| y |\n      | b  | line\\nbreak |\n"
    )
    step = feature.scenarios[0].steps[0]
    assert step.table == (("id", "note"), ("a", "x | y"), ("b", "line\nbreak"))


def test_tags_may_carry_a_trailing_comment() -> None:
    feature = parse_feature("Feature: f\n  @rule:a @rule:b # both rules\n  Scenario: s\n    Given x\n")
    assert feature.scenarios[0].rule_ids == ("a", "b")


def test_example_is_a_synonym_of_scenario_and_star_a_step() -> None:
    feature = parse_feature("Feature: f\n  Example: e\n    * a step\n")
    assert feature.scenarios[0].keyword == "Example"
    assert feature.scenarios[0].steps[0].keyword == "*"


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("Scenario: s\n  Given x\n", 1, "expected 'Feature:' first"),
        ("# only a comment\n", 1, "no 'Feature:'"),
        ("Feature: f\n  Given x\n", 2, "inside a Scenario"),
        ("Feature: f\n  Scenario: s\n    Given x\n    some stray words\n", 4, "cannot read this line"),
        (
            "Feature: f\n  Scenario Outline: s\n    Given <a>\n    Examples:\n      | a |\n      | 1 | 2 |\n",
            6,
            "cells",
        ),
        ('Feature: f\n  Scenario: s\n    Given x\n      """\n      never closed\n', 4, "never closed"),
        ("Feature: f\n  Scenario: s\n    Given x\n  @orphan\n", 4, "tag nothing"),
        ("Feature: f\nFeature: g\n", 2, "a second 'Feature:'"),
        ("Feature: f\n  Scenario Outline: s\n    Given <a>\n    Examples:\n", 4, "needs a table"),
        ("Feature: f\n  @t\n  Background:\n    Given x\n", 3, "a Background cannot have tags"),
        ("Feature: f\n  Background:\n    Given x\n  Examples:\n    | a |\n", 4, "Examples: must belong"),
        ("Feature: f\n  Rule: r\n    Then x\n  Scenario: s\n", 3, "inside a Scenario"),
        ("Feature: f\n  Scenario: s\n    Given x\n      | a | b |\n      | c |\n", 5, "cells"),
    ],
)
def test_problems_name_the_file_and_line(text: str, line: int, message: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_feature(text, "features/broken.feature")
    problem = caught.value.first
    assert problem.file == "features/broken.feature"
    assert problem.line == line
    assert message in problem.message


def test_load_features_reads_every_feature_file_in_path_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.feature").write_text("Feature: two\n", encoding="utf-8")
    (tmp_path / "a.feature").write_text("Feature: one\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a feature", encoding="utf-8")
    assert [f.name for f in load_features(tmp_path)] == ["one", "two"]
    assert load_features(tmp_path / "missing") == []


def test_the_projects_feature_files_can_all_be_read() -> None:
    paths = sorted((ROOT / "features").rglob("*.feature"))
    if not paths:
        pytest.skip("no feature files in features/ yet")
    features = load_features(ROOT / "features")
    assert len(features) == len(paths)
    assert all(f.scenarios for f in features), "a feature file without scenarios documents nothing"
