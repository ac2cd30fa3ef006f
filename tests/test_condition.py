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
    Undecided,
    leaves,
    map_parts,
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


# -- walks over a condition: what the checker, compiler, handbook and record read of it ------------------
def test_refs_and_parameters_are_found_in_every_line_of_a_group_in_order() -> None:
    group = {"any": ["a.role in [suspect, $role]", "a.date > e.date - 3"]}
    tree = parse_tree({"all": ["e.child not in a.connected_to", group]})
    found = [str(ref) for ref in refs_in(tree)]
    assert found == ["e.child", "a.connected_to", "a.role", "a.date", "e.date"]
    assert params_in(tree) == ["role"]
    assert refs_in(parse_condition("a.flags is missing")) == [Ref("a", "flags")]


def test_an_undecided_comparison_refers_to_what_it_wraps() -> None:
    compare = parse_condition("e.child_age < $age")
    assert isinstance(compare, Compare)
    undecided = Undecided(compare, "undecided")
    assert refs_in(undecided) == [Ref("e", "child_age")]
    assert params_in(undecided) == []  # engine-made: its parameters are counted where it is written


def test_leaves_are_the_lines_of_a_group_and_a_line_is_its_own_leaf() -> None:
    tree = parse_tree({"any": ["c.age < 16", {"all": ["c.age < 18", "c.victim == true"]}]})
    assert [leaf.text for leaf in leaves(tree)] == ["c.age < 16", "c.age < 18", "c.victim == true"]
    line = parse_condition("c.age < 16")
    assert list(leaves(line)) == [line]


def test_mapping_over_a_group_keeps_its_kind_and_text_and_leaves_a_line_alone() -> None:
    tree = parse_tree({"all": ["c.age < 16", "c.age > 3"]})
    missing = Presence(Ref("c", "age"), False, "c.age is missing")
    mapped = map_parts(tree, lambda part: missing)
    assert isinstance(mapped, AllOf) and mapped.parts == (missing, missing) and mapped.text == tree.text
    line = parse_condition("c.age < 16")
    assert map_parts(line, lambda part: missing) is line
