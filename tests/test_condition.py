from datetime import date

import pytest

from engine.condition import (
    AllOf,
    AnyOf,
    Compare,
    ConditionSyntaxError,
    ListOf,
    Literal,
    Member,
    Offset,
    Param,
    Presence,
    Ref,
    params_in,
    parse_condition,
    parse_tree,
    refs_in,
)


def test_comparison_with_a_number() -> None:
    assert parse_condition("child.age < 16") == Compare(
        Ref("child", "age"), "<", Literal(16), "child.age < 16"
    )


def test_bare_words_are_enum_values_and_true_false_are_booleans() -> None:
    c = parse_condition("adult.role == suspect")
    assert isinstance(c, Compare) and c.right == Literal("suspect")
    c = parse_condition("e.asked_where == false")
    assert isinstance(c, Compare) and c.right == Literal(False)


def test_quoted_strings_and_dates() -> None:
    c = parse_condition("o.recorded_as != 'rape of a child'")
    assert isinstance(c, Compare) and c.right == Literal("rape of a child")
    c = parse_condition("o.date >= 2004-05-01")
    assert isinstance(c, Compare) and c.right == Literal(date(2004, 5, 1))


def test_membership_in_a_literal_list_and_in_a_list_attribute() -> None:
    c = parse_condition("child.legal_status in [care_order, interim_care_order]")
    assert c == Member(
        Ref("child", "legal_status"),
        False,
        ListOf((Literal("care_order"), Literal("interim_care_order"))),
        c.text,
    )
    c = parse_condition("episode.child not in adult.connected_to")
    assert isinstance(c, Member) and c.negated and c.collection == Ref("adult", "connected_to")


def test_presence() -> None:
    assert parse_condition("e.asked_where is missing") == Presence(
        Ref("e", "asked_where"), False, "e.asked_where is missing"
    )
    c = parse_condition("e.asked_where is not missing")
    assert isinstance(c, Presence) and c.present


def test_offsets_and_parameters() -> None:
    c = parse_condition("a.date > e.date + $delay")
    assert isinstance(c, Compare) and c.right == Offset(Ref("e", "date"), 1, Param("delay"))
    assert params_in(c) == ["delay"]
    assert refs_in(c) == [Ref("a", "date"), Ref("e", "date")]


def test_any_and_all_groups() -> None:
    tree = parse_tree({"any": ["c.age < 16", {"all": ["c.age < 18", "c.legal_status == care_order"]}]})
    assert isinstance(tree, AnyOf)
    assert isinstance(tree.parts[1], AllOf)
    assert [r.attr for r in refs_in(tree)] == ["age", "age", "legal_status"]


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("child.age", "needs a comparison"),
        ("child.age < 16 and child.age > 3", "one comparison per line"),
        ("child.age <", "ends too early"),
        ("child.age is maybe", "expected 'present' or 'missing'"),
        ("child.age ~ 3", "cannot read"),
        ("x.d == 2020-13-45", "not a valid date"),
        ("x.s in [a b]", "expected ',' or ']'"),
    ],
)
def test_syntax_errors_say_what_is_wrong(text: str, fragment: str) -> None:
    with pytest.raises(ConditionSyntaxError, match=fragment):
        parse_condition(text)


def test_a_yaml_condition_must_be_text_or_a_group() -> None:
    with pytest.raises(ConditionSyntaxError, match="any:"):
        parse_tree({"either": ["a.b == 1"]})
