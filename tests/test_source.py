import pytest

from engine.errors import InputError
from engine.source import format_path, parse_json, parse_text, parse_yaml


def test_yaml_values_keep_their_line_and_column() -> None:
    data, marks = parse_yaml("a:\n  - x: 1\n  - y: [2, 3]\n", "f.yaml")
    assert data == {"a": [{"x": 1}, {"y": [2, 3]}]}
    assert marks.at(("a", 1, "y", 1)) == (3, 12)
    assert marks.at(("a", 0, "x")) == (2, 8)


def test_position_of_a_missing_path_falls_back_to_its_parent() -> None:
    _, marks = parse_yaml("a:\n  b: 1\n")
    assert marks.at(("a", "nope")) == marks.at(("a",))


def test_malformed_yaml_names_file_line_and_column() -> None:
    with pytest.raises(InputError) as caught:
        parse_yaml("a: [1, 2\nb: 3\n", "broken.yaml")
    problem = caught.value.first
    assert problem.file == "broken.yaml"
    assert problem.line == 2
    assert str(problem).startswith("broken.yaml:2:")


def test_duplicate_keys_are_refused_not_silently_overwritten() -> None:
    with pytest.raises(InputError, match="duplicate key 'age'"):
        parse_yaml("age: 12\nage: 13\n", "dup.yaml")


def test_malformed_json_names_line_and_column() -> None:
    with pytest.raises(InputError) as caught:
        parse_json('{"case": \n  {"id": }', "c.json")
    assert (caught.value.first.line, caught.value.first.file) == (2, "c.json")


def test_json_text_is_read_as_json_and_yaml_as_yaml() -> None:
    assert parse_text('{"a": 1}')[0] == {"a": 1}
    assert parse_text("a: 1")[0] == {"a": 1}


def test_yaml_aliases_and_custom_tags_are_not_executed() -> None:
    with pytest.raises(InputError):
        parse_yaml("!!python/object/apply:os.system ['true']")


def test_format_path() -> None:
    assert format_path(("people", 1, "age")) == "people[1].age"


def test_yaml_aliases_are_refused_so_a_small_file_cannot_explode() -> None:
    nine = ", ".join(["*a"] * 9)
    bomb = f"a: &a [x, x, x, x, x, x, x, x, x]\nb: [{nine}]\n"
    with pytest.raises(InputError, match="anchors and aliases"):
        parse_yaml(bomb, "bomb.yaml")


def test_json_with_a_duplicate_key_or_nan_is_refused_naming_the_file() -> None:
    """Else `{"id": "A", "id": "B"}` would silently become B (YAML's loader refuses it too)."""
    with pytest.raises(InputError, match="duplicate key 'id'") as duplicate:
        parse_json('{"case": {"id": "A", "id": "B"}}', "c.json")
    assert duplicate.value.first.file == "c.json"
    with pytest.raises(InputError, match="NaN is not a JSON number"):
        parse_text('{"people": [{"age": NaN}]}', "c.json")


def test_a_number_over_pythons_digit_limit_is_a_located_error_not_a_crash() -> None:
    with pytest.raises(InputError, match="a number is too long") as json_error:
        parse_json('{\n  "age": ' + "9" * 5000 + "}", "case.json")
    assert (json_error.value.first.file, json_error.value.first.line, json_error.value.first.column) == (
        "case.json", 2, 10)
    with pytest.raises(InputError, match="the number is too long") as yaml_error:
        parse_yaml("people:\n  - age: " + "9" * 5000, "case.yaml")
    assert (yaml_error.value.first.path, yaml_error.value.first.line) == ("people[0].age", 2)


@pytest.mark.parametrize("day", ["2026-02-30", "2026-13-01"])
def test_an_impossible_yaml_date_is_no_such_day_located(day: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_yaml(f"case:\n  as_of: {day}\n", "case.yaml")
    problem = caught.value.first
    assert (problem.message, problem.path, problem.line) == (f"no such day: '{day}'", "case.as_of", 2)


def test_a_lone_surrogate_in_any_text_is_refused_naming_the_field() -> None:
    with pytest.raises(InputError, match="lone surrogate") as in_json:
        parse_json('{"people": [{"id": "a"}, {"note": "x\\ud800y"}]}', "case.json")
    assert in_json.value.first.path == "people[1].note"
    with pytest.raises(InputError) as in_yaml:  # libyaml refuses the escape itself, located
        parse_yaml('rules:\n  - title: "x\\udc00"\n', "rules.yaml")
    assert (in_yaml.value.first.file, in_yaml.value.first.line) == ("rules.yaml", 2)
    data, _ = parse_json('{"note": "\\ud83d\\ude00 \\u00e9"}')  # a surrogate pair is a character
    assert data == {"note": "\U0001f600 é"}
