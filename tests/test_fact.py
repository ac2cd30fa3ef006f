"""Facts: what rules see of a case, and the values the engine derives for them."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

from bench.cases import make_cases
from engine import case_from_data
from engine.fact import FACT_SCHEMA, KEY, build_facts, is_child_victim, negated_type
from tests.conftest import case_data

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("engine", "api", "record", "policy_handbook", "disrupt", "impact", "bench", "tests", "features")


def facts_of(**parts: object) -> dict[str, dict[str, object]]:
    built = build_facts(case_from_data(case_data(**parts)))  # type: ignore[arg-type]
    return {str(r.get("ref", r["id"])): r for r in built.records if "ref" in r}


def test_dates_become_day_numbers_and_ages_are_derived_per_event() -> None:
    facts = facts_of(
        people=[{"id": "c", "role": "child", "date_of_birth": "2006-03-14"}],
        events=[{"id": "e", "type": "missing_episode", "child": "c", "date": "2019-03-13"}],
    )
    assert facts["c"]["age"] == 14  # on as_of 2020-06-30
    assert facts["e"]["child_age"] == 12  # on the day of the episode
    assert facts["e"]["days_before_as_of"] == 475


def test_an_age_that_the_facts_do_not_decide_is_absent_not_guessed() -> None:
    built = build_facts(
        case_from_data(
            case_data(
                people=[{"id": "c", "role": "child", "age": 13}],
                events=[{"id": "e", "type": "missing_episode", "child": "c", "date": "2020-01-01"}],
            )
        )
    )
    episode = next(r for r in built.records if r.get("ref") == "e")
    assert "child_age" not in episode
    assert built.missing_source[("e", "child_age")] == "c.date_of_birth"


def test_lists_become_link_facts() -> None:
    built = build_facts(
        case_from_data(
            case_data(
                people=[{"id": "c", "role": "child"}, {"id": "m", "role": "suspect"}],
                events=[
                    {
                        "id": "e",
                        "type": "missing_episode",
                        "child": "c",
                        "date": "2020-01-01",
                        "found_with": ["m"],
                    }
                ],
            )
        )
    )
    links = built.by_type["missing_episode.found_with"]
    assert [(link["from"], link["value"]) for link in links] == [("e", "m")]
    assert built.lists[("e", "found_with")] == ["m"]


def test_interview_delay_runs_to_as_of_while_the_suspect_is_not_interviewed() -> None:
    facts = facts_of(
        people=[{"id": "c", "role": "child"}, {"id": "m", "role": "suspect"}],
        events=[
            {
                "id": "o",
                "type": "sexual_offence",
                "victim": "c",
                "suspect": "m",
                "date": "2020-01-01",
                "reported_on": "2020-06-01",
            }
        ],
    )
    assert facts["o"]["interview_delay_days"] == 29


def _offence_with(disclosures: list[tuple[str, list[str]]], **offence: object) -> dict[str, Any]:
    events: list[dict[str, object]] = [
        {"id": "o", "type": "sexual_offence", "victim": "c", "suspect": "m", "date": "2020-01-10", **offence}
    ]
    events += [
        {"id": f"d{i}", "type": "disclosure", "child": "c", "date": day, "names": names}
        for i, (day, names) in enumerate(disclosures)
    ]
    people = [{"id": "c", "role": "child"}, {"id": "m", "role": "suspect"}, {"id": "n", "role": "suspect"}]
    return case_data(people=people, events=events)


def test_without_reported_on_the_offence_comes_to_light_when_the_victim_first_names_the_suspect() -> None:
    from datetime import date

    built = build_facts(
        case_from_data(
            _offence_with(
                [("2020-01-09", ["m"]), ("2020-03-01", ["m"]), ("2020-01-10", ["m"]), ("2020-01-05", ["n"])],
                suspect_interviewed_on="2020-02-20",
            )
        )
    )
    offence = built.by_type["sexual_offence"][0]
    # the disclosure the day before the act is not about it; the one on the day of the act is
    assert offence["reported_or_disclosed_on"] == date(2020, 1, 10).toordinal()
    assert offence["interview_delay_days"] == 41
    assert offence["days_since_reported"] == (built.as_of - date(2020, 1, 10)).days


def test_a_recorded_report_date_comes_first() -> None:
    from datetime import date

    built = build_facts(case_from_data(_offence_with([("2020-01-10", ["m"])], reported_on="2020-02-01")))
    assert built.by_type["sexual_offence"][0]["reported_or_disclosed_on"] == date(2020, 2, 1).toordinal()


def test_with_neither_a_report_nor_a_disclosure_naming_the_suspect_the_report_date_is_asked_for() -> None:
    built = build_facts(case_from_data(_offence_with([("2020-01-09", ["m"]), ("2020-02-01", ["n"])])))
    offence = built.by_type["sexual_offence"][0]
    for name in ("reported_or_disclosed_on", "days_since_reported", "interview_delay_days"):
        assert name not in offence
        assert built.missing_source[("o", name)] == "o.reported_on"


def test_fact_ids_are_numbered_within_the_case_and_case_ids_travel_as_ref() -> None:
    built = build_facts(case_from_data(case_data(people=[{"id": "x", "role": "child"}])))
    assert [r["id"] for r in built.records] == [str(i) for i in range(1, len(built.records) + 1)]
    assert [r["ref"] for r in built.records[:2]] == ["the case", "x"]  # the case header's fact, then x


def test_the_case_header_is_a_fact_so_rules_can_compare_with_the_force_holding_the_case() -> None:
    built = build_facts(case_from_data(case_data(people=[{"id": "x", "role": "child"}])))
    assert built.by_type["case"] == [{"t": "case", "ref": "the case", "force": "durham", "id": "1"}]
    data = case_data()
    del data["case"]["force"]
    unrecorded = build_facts(case_from_data(data))
    assert "force" not in unrecorded.by_type["case"][0]
    assert unrecorded.missing_source[("the case", "force")] == "case.force"


def test_who_the_victim_guard_protects() -> None:
    case = case_from_data(
        case_data(
            people=[
                {"id": "victim", "role": "child", "victim": True},
                {"id": "unrecorded", "role": "child"},
                {"id": "sibling", "role": "child", "victim": False},
                {"id": "young-perpetrator", "role": "suspect", "age": 15},
                {"id": "exploited-perpetrator", "role": "suspect", "age": 16, "victim": True},
            ]
        )
    )
    protected = {p.id for p in case.people if is_child_victim(p, p.age)}
    assert protected == {"victim", "unrecorded", "exploited-perpetrator"}


def test_the_schema_covers_every_fact_type_with_an_id() -> None:
    assert {"person", "location", "conviction", "action", "missing_episode", "sexual_offence"} <= set(
        FACT_SCHEMA
    )
    assert all("id" in attrs for attrs in FACT_SCHEMA.values())


# -- places and third parties (issue 10) ---------------------------------------------------------
def test_whose_home_a_place_is_becomes_child_home_and_not_recorded_stays_unknown() -> None:
    built = build_facts(
        case_from_data(
            case_data(
                people=[
                    {"id": "c", "role": "child"},
                    {"id": "m", "role": "suspect", "age": 40},
                    {"id": "y", "role": "suspect", "age": 17},
                ],
                locations=[
                    {"id": "home", "kind": "residential", "home_of": ["c"]},
                    {"id": "his", "kind": "residential", "home_of": ["m"]},
                    {"id": "young", "kind": "residential", "home_of": ["m", "y"]},
                    {"id": "none", "kind": "residential", "home_of": []},
                    {"id": "unknown", "kind": "residential"},
                ],
            )
        )
    )
    places = {r["ref"]: r for r in built.by_type["location"]}
    assert places["home"]["child_home"] is True
    assert places["his"]["child_home"] is False  # an adult's home only
    assert places["young"]["child_home"] is True  # a 17-year-old lives there too
    assert places["none"]["child_home"] is False
    assert "child_home" not in places["unknown"]
    assert built.missing_source[("unknown", "child_home")] == "unknown.home_of"
    assert FACT_SCHEMA["location"]["child_home"].optional


def test_the_home_of_someone_named_as_the_victim_of_a_sexual_offence_is_a_childs_home() -> None:
    """Whatever `victim` says: the case's own offence names them as its victim (¶25)."""
    people = [{"id": "v", "role": "suspect", "victim": False}, {"id": "m", "role": "suspect", "age": 40}]
    homes = [{"id": "flat", "kind": "residential", "home_of": ["v"]}]
    offence = {"id": "off", "type": "sexual_offence", "date": "2020-01-01", "victim": "v", "suspect": "m"}
    named = build_facts(case_from_data(case_data(people=people, locations=homes, events=[offence])))
    unnamed = build_facts(case_from_data(case_data(people=people, locations=homes)))
    assert named.by_type["location"][0]["child_home"] is True
    assert unnamed.by_type["location"][0]["child_home"] is False


def test_calendar_months_before_as_of_are_derived_for_events_and_dated_actions() -> None:
    facts = facts_of(
        people=[{"id": "c", "role": "child"}],
        locations=[{"id": "h", "kind": "hotel"}],
        events=[{"id": "e", "type": "missing_episode", "child": "c", "date": "2020-03-31"}],
        actions=[
            {"id": "a", "tactic": "hotel_notice", "target": "h", "status": "issued", "date": "2019-12-30"},
            {"id": "b", "tactic": "hotel_notice", "target": "h", "status": "issued"},
        ],
    )
    assert facts["e"]["months_before_as_of"] == 2  # as_of 2020-06-30
    assert facts["a"]["months_completed"] == 5  # 30 December + 6 months is 30 June: not yet over
    assert "months_completed" not in facts["b"]


def test_a_place_named_like_the_case_keeps_its_own_unknowns() -> None:
    """The case header's fact takes a ref no id can take, so a location whose id is the case's id
    (and whose force is not recorded either) is never mistaken for it."""
    data = case_data(locations=[{"id": "CASE-T", "kind": "hotel"}], case_id="CASE-T")
    del data["case"]["force"]
    built = build_facts(case_from_data(data))
    assert built.missing_source[("the case", "force")] == "case.force"
    assert ("CASE-T", "force") not in built.missing_source  # the location's force is its own


def test_only_the_fact_types_a_ruleset_reads_are_built_and_people_always_are() -> None:
    case = case_from_data(
        case_data(
            people=[
                {"id": "c", "role": "child", "date_of_birth": "2006-03-14"},
                {"id": "a", "role": "suspect", "age": 30},
            ],
            locations=[{"id": "h", "kind": "hotel"}],
            events=[
                {"id": "e", "type": "missing_episode", "child": "c", "date": "2019-03-13",
                 "found_with": ["a"]},
                {"id": "s", "type": "sighting", "child": "c", "date": "2019-03-14", "at": "h"},
            ],
        )
    )
    every = build_facts(case)
    some = build_facts(case, frozenset({"missing_episode"}))
    assert {r["t"] for r in every.records} >= {"person", "location", "missing_episode", "sighting"}
    assert {r["t"] for r in some.records} == {"case", "person", "missing_episode"}
    assert some.lists[("e", "found_with")] == ["a"]  # the list is still read by counts and wording
    joined = build_facts(case, frozenset({"missing_episode", "missing_episode.found_with"}))
    assert [r["value"] for r in joined.records if r["t"] == "missing_episode.found_with"] == ["a"]


# -- where a fact keeps each attribute: one descriptor per attribute --------------------------------------
def test_each_attribute_knows_its_name_fact_type_and_key() -> None:
    for fact, attrs in FACT_SCHEMA.items():
        for name, attr in attrs.items():
            assert (attr.fact, attr.name) == (fact, name)
            assert attr.key == name or (name, attr.key) == ("id", KEY)  # a fact's case id is its `ref`
    assert FACT_SCHEMA["missing_episode"]["found_with"].link_type == "missing_episode.found_with"


def test_every_key_a_fact_record_holds_is_the_key_of_one_of_its_attributes() -> None:
    """What build_facts writes is exactly what the descriptors say: values under their keys, ages
    on past dates also as bounds, lists as their size plus one link fact per element."""
    seen: set[str] = set()
    for case in [*make_cases("typical", 30, seed=11), *make_cases("small", 30, seed=12)]:
        for record in build_facts(case).records:
            schema = FACT_SCHEMA.get(record["t"])
            if schema is None:  # a link fact: `<type>.<list attribute>`
                owner, _, name = record["t"].partition(".")
                assert FACT_SCHEMA[owner][name].link_type == record["t"]
                assert set(record) == {"t", "id", "from", "value"}
                continue
            keys = {"t", "id"}  # the fact type and its sequence number
            for attr in schema.values():
                keys.add(attr.size_key if attr.many else attr.key)
                keys.update(attr.bounds if attr.ranged else ())
            assert set(record) <= keys, (record["t"], set(record) - keys)
            seen.update(record)
    bounds = {key for attrs in FACT_SCHEMA.values() for a in attrs.values() if a.ranged for key in a.bounds}
    sizes = {a.size_key for attrs in FACT_SCHEMA.values() for a in attrs.values() if a.many}
    assert seen & bounds and seen & sizes  # the cases do exercise both


def test_an_age_known_only_as_bounds_is_stored_under_its_bounds() -> None:
    built = build_facts(
        case_from_data(
            case_data(
                people=[{"id": "c", "role": "child", "age": 13}],
                events=[{"id": "e", "type": "missing_episode", "child": "c", "date": "2020-01-01"}],
            )
        )
    )
    episode = next(r for r in built.records if r.get("ref") == "e")
    age = FACT_SCHEMA["missing_episode"]["child_age"]
    assert age.ranged and age.key not in episode
    low, high = age.bounds
    assert (episode[low], episode[high]) == (12, 13)  # 13 on as_of 2020-06-30, 12 or 13 at new year


def _storage_suffixes() -> list[str]:
    """How derived values are stored, read from the descriptors rather than written out here."""
    ranged = next(a for attrs in FACT_SCHEMA.values() for a in attrs.values() if a.ranged)
    listed = next(a for attrs in FACT_SCHEMA.values() for a in attrs.values() if a.many)
    return [
        *(key.removeprefix(ranged.name) for key in ranged.bounds),
        listed.size_key.removeprefix(listed.name),
        negated_type("action").removeprefix("action"),
    ]


def _docstrings(tree: ast.AST) -> set[int]:
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def _names(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def test_only_the_fact_module_spells_out_how_derived_values_are_stored() -> None:
    """Keys, bounds, list sizes and `$not` copies are read through `Attr` and `negated_type`
    everywhere else, so changing how a fact stores them is a change in one place."""
    suffix = re.compile("(?:" + "|".join(map(re.escape, _storage_suffixes())) + r")(?![A-Za-z0-9_])")
    names = {"LOW", "HIGH", "SIZE", "NEGATED"}
    breaches: list[str] = []
    for path in sorted(p for folder in SOURCES for p in (ROOT / folder).rglob("*.py")):
        if path == ROOT / "engine" / "fact.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        docstrings = _docstrings(tree)
        where = path.relative_to(ROOT)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                if suffix.search(node.value):
                    breaches.append(f"{where}:{node.lineno} spells {node.value!r}")
            elif isinstance(node, ast.ImportFrom) and node.module == "engine.fact":
                found = [a.name for a in node.names if a.name in names]
                breaches.extend(f"{where}:{node.lineno} imports {name}" for name in found)
            elif isinstance(node, ast.Attribute) and node.attr in names:
                breaches.append(f"{where}:{node.lineno} reads {node.attr}")
            elif isinstance(node, ast.IfExp) and "KEY" in _names(node):
                breaches.append(f"{where}:{node.lineno} chooses a fact's key itself (use Attr.key)")
    assert not breaches, "\n".join(breaches)
