"""The case contract (engine/case.py): strict types, located errors, integrity, limits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine.case import MAX_FACTS, case_from_data, case_from_text, load_case
from engine.errors import CaseError, InputError
from tests.conftest import EXAMPLES_DIR, case_data

CONTRACT_EXAMPLE = """
case:
  id: CASE-2019-0042
  force: durham
  as_of: 2020-06-30
people:
  - id: child-a
    role: child
    victim: true
    date_of_birth: 2006-03-14
    sex: female
    legal_status: care_order
    lives_in_force: durham
  - id: adult-1
    role: suspect
    age: 19
    connected_to: []
    flags: []
    convictions:
      - {offence: sexual_activity_with_child, schedule: 3, date: 2015-04-01}
    last_reviewed: 2018-01-10
    other_offences: [drugs]
locations:
  - {id: loc-1, kind: hotel, force: durham, linked_people: [adult-1]}
events:
  - id: ev-1
    type: missing_episode
    child: child-a
    date: 2019-10-02
    found_with: [adult-1]
    found_at: loc-1
    asked_where: false
    asked_with_whom: false
  - id: ev-2
    type: sexual_offence
    victim: child-a
    suspect: adult-1
    date: 2019-09-20
    penetrative: true
    online: false
    recorded_as: sexual_activity_with_child
    investigation: closed_evidential_difficulties
    suspect_interviewed_on: null
  - id: ev-3
    type: sighting
    child: child-a
    date: 2019-08-01
    with_people: []
    unidentified_adults: 2
    vehicle: true
    at: loc-1
    police_enquiry: false
    note: free text for people, never read by rules
actions:
  - {id: act-1, tactic: cawn, target: adult-1, status: issued, date: 2019-10-05,
     recorded: true, force: durham}
"""


def problem_of(data: dict[str, object]) -> str:
    with pytest.raises(CaseError) as caught:
        case_from_data(data)
    return str(caught.value.first)


def test_the_contract_example_loads_from_yaml() -> None:
    case = case_from_text(CONTRACT_EXAMPLE, "contract.yaml")
    assert case.case.id == "CASE-2019-0042"
    assert [e.type for e in case.events] == ["missing_episode", "sexual_offence", "sighting"]
    assert case.people[1].convictions[0].schedule == 3


def test_the_same_case_loads_from_json() -> None:
    from_yaml = case_from_text(CONTRACT_EXAMPLE)
    as_json = json.dumps(from_yaml.model_dump(mode="json", by_alias=True))
    assert case_from_text(as_json) == from_yaml


def test_every_shipped_example_loads() -> None:
    examples = sorted(EXAMPLES_DIR.glob("*.yaml"))
    assert examples
    for path in examples:
        load_case(path)


def test_unknown_is_not_false() -> None:
    case = case_from_data(
        case_data(
            people=[{"id": "c", "role": "child"}],
            events=[{"id": "e", "type": "missing_episode", "child": "c", "date": "2020-01-01"}],
        )
    )
    assert case.people[0].legal_status is None
    assert case.people[0].victim is None
    assert case.events[0].asked_where is None  # type: ignore[union-attr]


def test_age_as_text_is_refused_with_the_field_named() -> None:
    message = problem_of(case_data(people=[{"id": "c", "role": "child", "age": "12"}]))
    assert "people[0].age" in message
    assert "whole number" in message


def test_a_boolean_is_not_a_number() -> None:
    assert "people[0].age" in problem_of(case_data(people=[{"id": "c", "role": "child", "age": True}]))


def test_yes_as_text_is_not_a_boolean() -> None:
    message = problem_of(case_data(people=[{"id": "c", "role": "child", "victim": "yes"}]))
    assert "true or false" in message


def test_unknown_enum_value_suggests_the_nearest() -> None:
    message = problem_of(case_data(people=[{"id": "c", "role": "child", "legal_status": "care-order"}]))
    assert "did you mean 'care_order'" in message


def test_unknown_event_type_suggests_the_nearest() -> None:
    data = case_data(events=[{"id": "e", "type": "missing_episod", "child": "c", "date": "2020-01-01"}])
    assert "did you mean 'missing_episode'" in problem_of(data)


def test_unknown_field_is_refused_not_ignored() -> None:
    message = problem_of(case_data(people=[{"id": "c", "role": "child", "date_of_brith": "2006-01-01"}]))
    assert "unknown field 'date_of_brith'" in message
    assert "did you mean 'date_of_birth'" in message


def test_a_number_is_not_a_date() -> None:
    message = problem_of(case_data(people=[{"id": "c", "role": "child", "date_of_birth": 20060314}]))
    assert "people[0].date_of_birth" in message


@pytest.mark.parametrize("day", ["2026-02-30", "2026-13-01"])
def test_an_impossible_date_is_no_such_day_never_a_value_error(day: str) -> None:
    data = case_data(people=[{"id": "c", "role": "child", "date_of_birth": day}])
    with pytest.raises(CaseError) as caught:
        case_from_data(data)
    problem = caught.value.first
    assert (problem.path, problem.message) == ("people[0].date_of_birth", f"no such day (got '{day}')")
    wrong_form = case_data(people=[{"id": "c", "role": "child", "date_of_birth": "14/03/2006"}])
    message = problem_of(wrong_form)
    assert "not a date in the form YYYY-MM-DD" in message and "Value error" not in message


def test_dangling_reference_is_named_with_a_suggestion() -> None:
    data = case_data(
        people=[{"id": "child-a", "role": "child"}],
        events=[{"id": "e", "type": "missing_episode", "child": "child-b", "date": "2020-01-01"}],
    )
    message = problem_of(data)
    assert "events[0].child" in message
    assert "'child-b' names no person" in message
    assert "did you mean 'child-a'" in message


def test_reference_to_the_wrong_kind_of_fact_is_refused() -> None:
    data = case_data(
        people=[{"id": "c", "role": "child"}],
        locations=[{"id": "l", "kind": "park"}],
        events=[{"id": "e", "type": "missing_episode", "child": "l", "date": "2020-01-01"}],
    )
    assert "'l' is a location, not a person" in problem_of(data)


def test_duplicate_ids_are_refused_across_sections() -> None:
    data = case_data(
        people=[{"id": "x", "role": "child"}],
        locations=[{"id": "x", "kind": "park"}],
    )
    message = problem_of(data)
    assert "duplicate id 'x'" in message
    assert "people[0].id" in message


def test_age_and_date_of_birth_must_agree() -> None:
    data = case_data(people=[{"id": "c", "role": "child", "age": 15, "date_of_birth": "2006-03-14"}])
    assert "does not match date_of_birth" in problem_of(data)


def test_how_a_penetrative_act_was_committed_cannot_be_recorded_for_one_recorded_as_not_penetrative() -> None:
    offence = {"id": "o", "type": "sexual_offence", "victim": "c", "date": "2019-01-01"}
    people = [{"id": "c", "role": "child"}]
    text = (
        "case: {id: X, as_of: 2020-01-01}\npeople:\n  - {id: c, role: child}\nevents:\n"
        "  - {id: o, type: sexual_offence, victim: c, date: 2019-01-01,\n"
        "     penetrative: false, penetration: other_by_suspect}\n"
    )
    with pytest.raises(CaseError) as caught:
        case_from_text(text, "case.yaml")
    message = str(caught.value.first)
    assert message.startswith("case.yaml:6:")
    assert "penetration" in message and "penetrative is false" in message
    for allowed in ({"penetrative": True}, {}):  # not recorded whether penetrative: the enum says it was
        event = {**offence, **allowed, "penetration": "penile_by_suspect"}
        case_from_data(case_data(people=people, events=[event]))
    assert "penile_by_suspect" in problem_of(
        case_data(people=people, events=[{**offence, "penetration": "penile"}])
    )


def test_an_action_targets_a_person_or_location_not_an_event() -> None:
    data = case_data(
        people=[{"id": "c", "role": "child"}],
        events=[{"id": "e", "type": "removal_risk", "child": "c", "date": "2020-01-01"}],
        actions=[{"id": "a", "tactic": "cawn", "target": "e", "status": "proposed"}],
    )
    assert "a tactic targets a person or a location" in problem_of(data)


def test_unknown_tactic_is_located_when_the_catalogue_is_known() -> None:
    text = (
        "case: {id: X, as_of: 2020-01-01}\npeople: [{id: a, role: suspect}]\n"
        "actions:\n  - {id: x, tactic: cwan, target: a, status: issued}\n"
    )
    with pytest.raises(CaseError) as caught:
        case_from_text(text, "plan.yaml", tactics={"cawn", "sro"})
    assert str(caught.value.first) == (
        "plan.yaml:4:21: actions[0].tactic: unknown tactic 'cwan': did you mean 'cawn'?"
    )


def test_errors_in_yaml_point_at_line_and_column() -> None:
    text = "case: {id: X, as_of: 2020-01-01}\npeople:\n  - {id: a, role: child, age: '12'}\n"
    with pytest.raises(CaseError) as caught:
        case_from_text(text, "case.yaml")
    assert str(caught.value.first).startswith("case.yaml:3:")


def test_a_case_over_the_size_limit_is_refused_before_validation() -> None:
    people = [{"id": f"p{i}", "role": "associate"} for i in range(MAX_FACTS + 1)]
    message = problem_of(case_data(people=people))
    assert f"the limit is {MAX_FACTS}" in message


def test_a_case_at_the_size_limit_is_accepted() -> None:
    people = [{"id": f"p{i}", "role": "associate"} for i in range(MAX_FACTS)]
    assert len(case_from_data(case_data(people=people)).people) == MAX_FACTS


def test_as_of_is_required() -> None:
    data = case_data()
    del data["case"]["as_of"]
    assert "case.as_of: required field is missing" in problem_of(data)


def test_a_case_that_is_not_a_mapping_is_refused() -> None:
    with pytest.raises(CaseError, match="a case must be a mapping"):
        case_from_text("- just\n- a list\n")


def test_a_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read file"):
        load_case(tmp_path / "absent.yaml")


@pytest.mark.parametrize("force", ["x" * 101, "dur\x00ham"])
def test_a_force_the_record_could_not_keep_is_refused_with_the_field_named(force: str) -> None:
    data = case_data()
    data["case"]["force"] = force
    assert "case.force" in problem_of(data)


def test_whose_home_a_place_is_names_people_of_the_case() -> None:
    data = case_data(
        people=[{"id": "child-a", "role": "child"}],
        locations=[{"id": "l", "kind": "residential", "home_of": ["child-b"]}, {"id": "p", "kind": "park"}],
    )
    message = problem_of(data)
    assert "locations[0].home_of[0]" in message
    assert "'child-b' names no person" in message
    assert "did you mean 'child-a'" in message
    wrong_kind = case_data(
        people=[{"id": "c", "role": "child"}],
        locations=[{"id": "l", "kind": "residential", "home_of": ["p"]}, {"id": "p", "kind": "park"}],
    )
    assert "'p' is a location, not a person" in problem_of(wrong_kind)
    assert case_from_data(case_data(locations=[{"id": "l", "kind": "residential", "home_of": []}]))
