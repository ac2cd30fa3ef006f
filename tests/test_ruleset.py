"""Loading a ruleset folder: all or nothing, every problem located, a fingerprint of the content."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.errors import RulesetError
from engine.rule import RulesetFile
from engine.ruleset import load_ruleset, ruleset_from_texts
from tests.conftest import RULESET_DIR, ruleset_texts

# The stable tactic ids (case files, answers and scenarios use them): the catalogue holds exactly these.
TACTIC_IDS = {
    "cawn", "s2_abduction_prosecution", "s49_prosecution", "sro", "shpo", "stro", "stpo",
    "arrest_other_offences", "cse_warning_letter", "pdp_referral", "cse_flag", "investigate_suspect",
    "indirect_disruption", "hotel_notice", "closure_order_sexual", "closure_order_asb", "housing_action",
    "licensing_review", "location_patrols", "police_protection", "recovery_order", "nrm_referral",
    "passport_marker", "clares_law", "return_interview", "trigger_plan", "cse_assessment",
}  # fmt: skip
PROCESS_DUTIES = {
    "record_tactic",
    "share_information_cross_force",
    "annual_perpetrator_review",
    "problem_profile",
}

RULE = """
rules:
  - id: cawn-found-with-adult
    title: T
    kind: recommend
    code: {code}
    severity: high
    target: adult
    when:
      - fact: person
        as: adult
    because: "{{adult}}"
    sources: ["¶10"]
"""


def test_the_shipped_ruleset_loads(ruleset_files: None = None) -> None:
    ruleset = load_ruleset(RULESET_DIR)
    assert ruleset.name == "disruption"
    assert len(ruleset.sha256) == 64
    assert ruleset.rules


def test_the_catalogue_holds_every_tactic_of_the_domain_and_no_other() -> None:
    assert set(load_ruleset(RULESET_DIR).tactics) == TACTIC_IDS


def test_process_duties_are_gap_codes() -> None:
    codes = load_ruleset(RULESET_DIR).codes
    assert set(codes) >= PROCESS_DUTIES
    assert all(codes[d].kind == "gap" for d in PROCESS_DUTIES)


def test_unverified_tactics_say_so_in_their_metadata() -> None:
    tactics = load_ruleset(RULESET_DIR).tactics
    # these conditions are only ◐ or ✘ verified
    for tactic in (
        "sro",
        "shpo",
        "arrest_other_offences",
        "police_protection",
        "passport_marker",
        "clares_law",
    ):
        assert tactics[tactic].confidence, tactic


def test_unknown_tactic_is_named_with_rule_line_and_suggestion() -> None:
    with pytest.raises(RulesetError) as caught:
        ruleset_from_texts(ruleset_texts(RULE.format(code="cwan")), base="rulesets/test")
    assert str(caught.value.first) == (
        "rulesets/test/rules.yaml:6:11: rules[0].code: unknown tactic 'cwan' in rule "
        "cawn-found-with-adult: did you mean 'cawn'?"
    )


def test_duplicate_rule_ids_are_refused() -> None:
    rules = RULE.format(code="cawn") + RULE.format(code="sro").replace("rules:\n", "")
    with pytest.raises(RulesetError, match="duplicate rule id 'cawn-found-with-adult'"):
        ruleset_from_texts(ruleset_texts(rules))


def test_the_same_tactic_in_two_files_is_refused() -> None:
    texts = ruleset_texts(RULE.format(code="cawn"))
    texts["more.yaml"] = (
        "tactics:\n  cawn: {name: x, aimed_at: person, restrictive: true, intrusiveness: 1,\n"
        "    legal_basis: [x]}\n"
    )
    with pytest.raises(RulesetError, match="duplicate tactic 'cawn'"):
        ruleset_from_texts(texts)


def test_a_rule_must_cite_a_paragraph_the_ruleset_lists() -> None:
    texts = ruleset_texts(RULE.format(code="cawn").replace("¶10", "¶99"))
    texts["paragraphs.yaml"] = 'paragraphs:\n  "¶10": {summary: s}\n'
    with pytest.raises(RulesetError, match="source ¶99 is not in the ruleset's paragraphs"):
        ruleset_from_texts(texts)


def test_a_recommendation_must_target_what_the_tactic_is_aimed_at() -> None:
    rules = RULE.format(code="hotel_notice")
    with pytest.raises(
        RulesetError, match="hotel_notice is aimed at a location, but target 'adult' is a person"
    ):
        ruleset_from_texts(ruleset_texts(rules))


def test_a_warning_code_must_match_the_rule_kind() -> None:
    rules = RULE.format(code="cawn_delay").replace("kind: recommend", "kind: warn")
    with pytest.raises(RulesetError, match="'cawn_delay' is a gap code"):
        ruleset_from_texts(ruleset_texts(rules))


def test_unknown_section_and_unknown_rule_field_are_refused() -> None:
    texts = ruleset_texts(
        RULE.format(code="cawn").replace("    severity: high", "    severity: high\n    severty: low")
    )
    with pytest.raises(RulesetError) as caught:
        ruleset_from_texts(texts)
    assert "unknown field 'severty'" in str(caught.value)
    assert "did you mean 'severity'" in str(caught.value)


def test_no_header_is_refused() -> None:
    texts = ruleset_texts(RULE.format(code="cawn"))
    del texts["ruleset.yaml"]
    with pytest.raises(RulesetError, match="no 'ruleset:' header"):
        ruleset_from_texts(texts)


def test_every_problem_is_reported_not_only_the_first() -> None:
    rules = RULE.format(code="cwan") + RULE.format(code="sroo").replace("rules:\n", "").replace(
        "cawn-found-with-adult", "second"
    )
    with pytest.raises(RulesetError) as caught:
        ruleset_from_texts(ruleset_texts(rules))
    assert len(caught.value.problems) == 2


def test_malformed_yaml_in_a_ruleset_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "ruleset.yaml").write_text("ruleset: {name: x\n")
    with pytest.raises(RulesetError) as caught:
        load_ruleset(tmp_path)
    assert caught.value.first.file == f"{tmp_path}/ruleset.yaml"
    assert caught.value.first.line is not None


def test_a_missing_folder_is_a_ruleset_error(tmp_path: Path) -> None:
    with pytest.raises(RulesetError, match="the ruleset folder is missing") as caught:
        load_ruleset(tmp_path / "nope")
    assert caught.value.first.file == str(tmp_path / "nope"), "on the command line, the folder is named"


def test_an_empty_file_or_a_link_to_nothing_is_an_error_naming_the_file_only(tmp_path: Path) -> None:
    from engine.ruleset import read_folder

    texts = ruleset_texts(RULE.format(code="cawn"))
    texts["rules/emptied.yaml"] = "# cut short\n"
    with pytest.raises(RulesetError, match="the ruleset file is empty") as caught:
        ruleset_from_texts(texts)
    assert caught.value.first.file == "rules/emptied.yaml"
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "gone.yaml").symlink_to(tmp_path / "nowhere.yaml")
    with pytest.raises(RulesetError) as dangling:
        read_folder(tmp_path)
    problem = dangling.value.first
    assert problem.file == "rules/gone.yaml"
    assert problem.message == "cannot read the file: it is a link to nothing"
    assert str(tmp_path) not in str(dangling.value), "no server path in what an API caller may see"


def test_the_fingerprint_covers_every_byte_of_every_file() -> None:
    texts = ruleset_texts(RULE.format(code="cawn"))
    first = ruleset_from_texts(texts).sha256
    texts["rules.yaml"] += "\n# a comment\n"
    assert ruleset_from_texts(texts).sha256 != first
    assert ruleset_from_texts(dict(reversed(list(texts.items())))).sha256 == ruleset_from_texts(texts).sha256


def test_citations_expand_to_the_source_document() -> None:
    ruleset = load_ruleset(RULESET_DIR)
    assert ruleset.cite("¶12") == f"{ruleset.header.source} ¶12"


def test_the_ruleset_file_schema_is_published() -> None:
    schema = RulesetFile.model_json_schema(by_alias=True)
    assert {"ruleset", "parameters", "tactics", "codes", "paragraphs", "rules"} <= set(schema["properties"])
