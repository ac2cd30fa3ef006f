"""Differential test: the durable-rules engine against an independent Python reading of the rules.

For every generated case, the engine and `reference.Reference` must agree on
1. the rule firings before the victim guard: the multiset of (rule, target, sorted fact ids);
2. the whole answer: findings (kind, code, severity, target, rule, title, because, legal basis,
   sources, facts, confidence, in order) and unknowns.

Two rulesets are checked: a small synthetic one that uses every operator of the condition
language, and the real `rulesets/disruption` (whatever rules it holds today).

Rules the engine is known to get wrong (KNOWN_ENGINE_BUGS) are left out of the comparison so
that it keeps catching new disagreements; each such bug has its own minimal failing test, and
test_no_rule_is_left_out_of_the_comparison fails while any rule is left out. Unknowns are
compared with the targets their `decides` names as a sorted list (see unknown_key).
Examples per test: $DIFFERENTIAL_EXAMPLES (250); derandomized when $CI is set.
"""

from __future__ import annotations

import dataclasses
import os
import textwrap
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from reference import Reference, real_ruleset, reference_facts
from strategies import cases

from engine import Answer, Case, Engine, Ruleset, Unknown, case_from_data, ruleset_from_texts
from engine.condition import AllOf, AnyOf, Compare, Condition, ListOf, Member, Offset, Param, Presence, Ref
from engine.fact import FACT_SCHEMA

EXAMPLES = int(os.environ.get("DIFFERENTIAL_EXAMPLES", "250"))
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=bool(os.environ.get("CI")),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

SYNTHETIC_TACTICS = ("probe_order", "probe_letter", "probe_place", "probe_protect")

SYNTHETIC_HEADER = """
ruleset:
  name: synthetic
  version: "1"
  source: "Synthetic test ruleset"
parameters:
  min_age: {value: 10, description: lowest age the first rule tests}
  delay_days: {value: 14, unit: days, description: an offset in days}
  window_days: {value: 365, unit: days, description: a window in days}
  min_similar: {value: 2, description: how many similar allegations}
  start: {value: 2004-05-01, description: a date parameter}
  flag_word: {value: cse_flag, description: a string parameter}
tactics:
  probe_order:
    name: Probe order
    aimed_at: person
    restrictive: true
    intrusiveness: 6
    legal_basis: [Act 1]
  probe_letter:
    name: Probe letter
    aimed_at: person
    restrictive: false
    intrusiveness: 2
    legal_basis: [Act 2]
    confidence: confirm it
  probe_place:
    name: Probe place action
    aimed_at: location
    restrictive: true
    intrusiveness: 3
    legal_basis: [Act 3]
  probe_protect:
    name: Probe protection
    aimed_at: child
    restrictive: false
    intrusiveness: 1
    legal_basis: [Act 4]
codes:
  child_target_unconfirmed: {kind: warn, title: A child whose victim status is not recorded is targeted}
  victim_targeted:
    kind: warn
    title: A restrictive tactic is aimed at a child victim
    legal_basis: [Finding]
    sources: [S1]
  probe_warn: {kind: warn, title: A probe warning, legal_basis: [Law W]}
  probe_gap: {kind: gap, title: A probe gap}
"""

SYNTHETIC_RULES = """
rules:
  - id: compare-literals
    title: every comparison against literals and parameters
    kind: gap
    code: probe_gap
    severity: low
    target: p
    when:
      - fact: person
        as: p
        where:
          - p.age >= $min_age
          - p.age <= 17
          - p.age > 9
          - p.age < 18
          - p.role == child
          - p.sex != male
    because: "{p} is {p.age}, sex {p.sex}, legal status {p.legal_status}"
    sources: [S1]

  - id: in-literal-lists
    title: in and not in literal lists
    kind: warn
    code: probe_warn
    severity: medium
    target: p
    when:
      - fact: person
        as: p
        where:
          - p.legal_status in [care_order, interim_care_order, police_protection]
          - p.sex not in [female, other]
    because: "{p} is subject to {p.legal_status}; victim: {p.victim}"
    sources: [S2]

  - id: found-with-link
    title: an id in a list attribute, with absence
    kind: recommend
    code: probe_order
    severity: high
    target: adult
    when:
      - fact: missing_episode
        as: ep
        where:
          - ep.child_age < 16
      - fact: person
        as: adult
        where:
          - adult.id in ep.found_with
          - ep.child not in adult.connected_to
    unless:
      - fact: action
        as: served
        where:
          - served.tactic == probe_order
          - served.target == adult.id
          - served.status in [proposed, issued]
    because: "{ep.child} ({ep.child_age}) was found with {adult} on {ep.date}; found with: {ep.found_with}"
    sources: [S1]

  - id: found-with-reversed
    title: the list owner after the item, literal not in a list attribute
    kind: gap
    code: probe_gap
    severity: medium
    target: ep
    when:
      - fact: person
        as: adult
        where:
          - adult.role in [suspect, associate]
          - cse_flag not in adult.flags
      - fact: missing_episode
        as: ep
        where:
          - adult.id in ep.found_with
          - ep.asked_with_whom == false
    because: "{adult} (flags: {adult.flags}) was with {ep.child} on {ep.date}"
    sources: [S1]

  - id: literal-in-list-attribute
    title: a literal in a list attribute and a parameter not in one
    kind: recommend
    code: probe_order
    severity: medium
    target: p
    when:
      - fact: person
        as: p
        where:
          - pdp in p.flags
          - $flag_word not in p.flags
    because: "{p} has flags {p.flags} (threshold {$min_age})"
    sources: [S1]

  - id: presence
    title: is present and is missing, on values and on lists
    kind: gap
    code: probe_gap
    severity: low
    target: p
    when:
      - fact: person
        as: p
        where:
          - p.other_offences is present
          - p.last_reviewed is missing
          - p.lives_in_force is present
    because: "{p} offences {p.other_offences}, reviewed {p.last_reviewed}, lives in {p.lives_in_force}"
    sources: [S1]

  - id: list-missing
    title: an empty list is missing
    kind: gap
    code: probe_gap
    severity: low
    target: p
    when:
      - fact: person
        as: p
        where:
          - p.connected_to is missing
          - p.role in [suspect, associate]
          - p.days_since_review > 365
    because: "{p} is connected to {p.connected_to}; last review {p.days_since_review} days ago"
    sources: [S1]

  - id: any-and-all
    title: nested any and all, a date literal
    kind: warn
    code: probe_warn
    severity: high
    target: o
    when:
      - fact: sexual_offence
        as: o
        where:
          - any:
              - all:
                  - o.penetrative == true
                  - o.victim_age < 13
              - o.online == true
              - o.investigation is missing
          - o.date >= 2004-05-01
    because: "{o} against {o.victim} on {o.date}: penetrative {o.penetrative}, online {o.online}"
    sources: [S1]

  - id: offsets-and-joins
    title: an offset with a parameter across two facts, and != between facts
    kind: gap
    code: probe_gap
    severity: high
    target: ep
    when:
      - fact: sexual_offence
        as: o
        where:
          - o.date >= $start
      - fact: missing_episode
        as: ep
        where:
          - ep.child == o.victim
          - ep.date > o.date + $delay_days
          - o.date - 400 <= ep.date
    because: "{ep.child} went missing on {ep.date}, more than {$delay_days} days after {o} ({o.date})"
    sources: [S1]

  - id: not-equal-join
    title: a != between two facts' required attributes
    kind: warn
    code: probe_warn
    severity: low
    target: r
    when:
      - fact: inducement
        as: i
      - fact: relationship
        as: r
        where:
          - r.child == i.child
          - r.with != i.by
    because: "{r.child} is in a relationship with {r.with} and was induced away by {i.by}"
    sources: [S1]

  - id: absence-same-type
    title: an action unless any action was withdrawn (absence of the same fact type)
    kind: gap
    code: probe_gap
    severity: low
    target: a
    when:
      - fact: action
        as: a
        where:
          - a.tactic == probe_order
    unless:
      - fact: action
        as: b
        where:
          - b.status == withdrawn
    because: "{a} ({a.status}, recorded {a.recorded}) and nothing withdrawn"
    sources: [S1]

  - id: count-grouped
    title: similar allegations counted by label, unless convicted
    kind: recommend
    code: probe_order
    severity: high
    target: s
    when:
      - fact: person
        as: s
        where:
          - s.role in [suspect, associate, child]
    unless:
      - fact: conviction
        as: c
        where:
          - c.person == s.id
    count:
      - fact: allegation
        as: sim
        where:
          - sim.suspect == s.id
        group_by: similar_to
        at_least: $min_similar
    because: "{s} has {sim.count} similar allegations ({sim.group}), first {sim}"
    sources: [S1]

  - id: count-ungrouped
    title: recent missing episodes counted
    kind: recommend
    code: probe_protect
    severity: medium
    target: child
    when:
      - fact: person
        as: child
        where:
          - child.child_victim == true
    count:
      - fact: missing_episode
        as: m
        where:
          - m.child == child.id
          - m.days_before_as_of <= $window_days
        at_least: 2
    because: "{child} went missing {m.count} times in {$window_days} days"
    sources: [S1]

  - id: join-on-values
    title: equality between two facts' optional values, then an id
    kind: recommend
    code: probe_letter
    severity: high
    target: s
    when:
      - fact: action
        as: served
        where:
          - served.status in [issued, breached]
      - fact: sexual_offence
        as: o
        where:
          - o.suspect == served.target
          - o.investigation == none
      - fact: person
        as: s
        where:
          - s.id == o.suspect
    because: "{served} was served on {s}, suspect in {o} (investigation {o.investigation})"
    sources: [S1]

  - id: place
    title: a location joined by a reference, with a boolean test
    kind: recommend
    code: probe_place
    severity: medium
    target: l
    when:
      - fact: location
        as: l
        where:
          - l.kind in [hotel, licensed_premises, residential]
      - fact: missing_episode
        as: ep
        where:
          - ep.found_at == l.id
          - ep.asked_where == false
    because: "{ep.child} was found at {l} ({l.kind}, linked: {l.linked_people})"
    sources: [S1]

  - id: under-18-order
    title: a restrictive order for anyone under 18 (the guard must stop it for child victims)
    kind: recommend
    code: probe_order
    severity: critical
    target: p
    when:
      - fact: person
        as: p
        where:
          - p.age < 18
    because: "{p} is {p.age}"
    sources: [S1]

  - id: derived-attributes
    title: derived ages and delays, a conviction and a date parameter
    kind: gap
    code: probe_gap
    severity: medium
    target: o
    when:
      - fact: sexual_offence
        as: o
        where:
          - o.interview_delay_days > $delay_days
          - o.suspect_age >= 18
      - fact: conviction
        as: c
        where:
          - c.person == o.suspect
          - c.schedule in [3, 5]
          - c.date < $start
    because: "{o.suspect} waited {o.interview_delay_days} days; convicted of {c.offence} on {c.date}"
    sources: [S1]
"""


# Synthetic rules the engine gets wrong today, left out of the comparison so that it keeps
# catching other disagreements; each has its own failing test, and the last test of this
# file fails while this list is not empty.
KNOWN_ENGINE_BUGS: dict[str, str] = {}


def synthetic_ruleset(everything: bool = False) -> Ruleset:
    ruleset = ruleset_from_texts({"ruleset.yaml": SYNTHETIC_HEADER, "rules/probe.yaml": SYNTHETIC_RULES})
    if everything:
        return ruleset
    return dataclasses.replace(ruleset, rules=[r for r in ruleset.rules if r.id not in KNOWN_ENGINE_BUGS])


@pytest.fixture(scope="module")
def synthetic() -> Iterator[tuple[Engine, Reference]]:
    ruleset = synthetic_ruleset()
    engine_ = Engine(ruleset)
    yield engine_, Reference(ruleset)
    engine_.close()


@pytest.fixture(scope="module")
def real() -> Iterator[tuple[Engine, Reference]]:
    ruleset = real_ruleset()
    engine_ = Engine(ruleset)
    yield engine_, Reference(ruleset)
    engine_.close()


# -- comparing ----------------------------------------------------------------------------------
Firing = tuple[str, str, tuple[str, ...]]


def engine_run(engine_: Engine, case: Case) -> tuple[Counter[Firing], Answer]:
    """The engine's rule firings (before de-duplication and the victim guard) and its answer."""
    from engine.fact import build_facts

    firings, _undecided = engine_.fire(build_facts(case))
    return Counter((f.rule.id, f.target, tuple(sorted(f.facts))) for f in firings), engine_.evaluate(case)


def reference_run(reference: Reference, case: Case) -> tuple[Counter[Firing], Answer]:
    facts = reference_facts(case)
    firings = Counter((f.rule.id, f.target(), tuple(sorted(f.fact_ids()))) for f in reference.firings(facts))
    return firings, reference.answer(case)


def assert_agree(engine_: Engine, reference: Reference, case: Case) -> None:
    engine_firings, engine_answer = engine_run(engine_, case)
    reference_firings, reference_answer = reference_run(reference, case)
    only_engine = engine_firings - reference_firings
    only_reference = reference_firings - engine_firings
    assert not only_engine and not only_reference, (
        f"rule firings differ for case {case.case.model_dump_json()} …:\n"
        f"  engine only:    {sorted(only_engine.elements())}\n"
        f"  reference only: {sorted(only_reference.elements())}"
    )
    engine_findings = [f.model_dump() for f in engine_answer.findings]
    reference_findings = [f.model_dump() for f in reference_answer.findings]
    assert engine_findings == reference_findings
    assert [unknown_key(u) for u in engine_answer.unknowns] == [
        unknown_key(u) for u in reference_answer.unknowns
    ]
    assert engine_answer.model_dump(exclude={"unknowns"}) == reference_answer.model_dump(exclude={"unknowns"})


def unknown_key(unknown: Unknown) -> tuple[str, list[str], str, list[str]]:
    """An unknown with the targets in `decides` ("… (for a, b)") as a sorted list.

    The engine lists those targets in durable-rules' match order, which depends on the order
    of the case's facts (test_properties.py::test_unknowns_do_not_depend_on_fact_order).
    """
    words, _, targets = unknown.decides.rpartition(" (for ")
    return unknown.fact, unknown.needed_by, words, sorted(targets.rstrip(")").split(", "))


# -- the tests ----------------------------------------------------------------------------------
@SETTINGS
@given(case=cases(SYNTHETIC_TACTICS))
def test_engine_agrees_with_reference_on_the_synthetic_ruleset(
    synthetic: tuple[Engine, Reference], case: Case
) -> None:
    assert_agree(*synthetic, case)


@SETTINGS
@given(case=cases())
def test_engine_agrees_with_reference_on_the_real_ruleset(real: tuple[Engine, Reference], case: Case) -> None:
    assert_agree(*real, case)


def _operators(condition: Condition, found: set[str]) -> None:
    if isinstance(condition, AnyOf | AllOf):
        found.add(type(condition).__name__)
        for part in condition.parts:
            _operators(part, found)
    elif isinstance(condition, Compare):
        found.add(condition.op)
        for side in (condition.left, condition.right):
            if isinstance(side, Offset) and isinstance(side.amount, Param):
                found.add("offset $param")
    elif isinstance(condition, Member):
        if isinstance(condition.collection, ListOf):
            found.add("not in [list]" if condition.negated else "in [list]")
        elif isinstance(condition.item, Ref) and condition.item.attr == "id":
            found.add("id in list attribute")
        elif not isinstance(condition.item, Ref) and condition.negated:
            found.add("literal not in list attribute")
    elif isinstance(condition, Presence):
        found.add("is present" if condition.present else "is missing")
        if condition.ref.attr in _LIST_ATTRS:
            found.add("presence of a list")


_LIST_ATTRS = {name for attrs in FACT_SCHEMA.values() for name, attr in attrs.items() if attr.many}


def test_the_synthetic_ruleset_uses_every_operator() -> None:
    found: set[str] = set()
    ruleset = synthetic_ruleset(everything=True)
    for rule in ruleset.rules:
        for binding in (*rule.when, *rule.unless, *rule.count):
            for condition in binding.where:
                _operators(condition, found)
        if rule.unless:
            found.add("unless")
        found.update("count with group_by" for c in rule.count if c.group_by)
    wanted = {
        "==", "!=", "<", "<=", ">", ">=", "in [list]", "not in [list]", "id in list attribute",
        "literal not in list attribute", "is present", "is missing", "presence of a list",
        "AnyOf", "AllOf", "offset $param", "unless", "count with group_by",
    }  # fmt: skip
    assert wanted <= found, f"not exercised: {sorted(wanted - found)}"


@pytest.mark.parametrize("which", ["synthetic", "real"])
def test_generated_cases_reach_most_rules(
    which: str, synthetic: tuple[Engine, Reference], real: tuple[Engine, Reference]
) -> None:
    """The generator must make rules fire, or the differential test proves little."""
    engine_, _ = synthetic if which == "synthetic" else real
    fired: Counter[str] = Counter()
    tactics = SYNTHETIC_TACTICS if which == "synthetic" else None

    @settings(max_examples=400, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])  # fmt: skip
    @given(case=cases(tactics) if tactics else cases())
    def run(case: Case) -> None:
        firings, _answer = engine_run(engine_, case)
        fired.update({rule for rule, _target, _facts in firings})

    run()
    rules = [r.id for r in engine_.ruleset.rules]
    never = [r for r in rules if not fired[r]]
    # Measured: about a quarter of the synthetic rules and 40% of the real ones need
    # combinations too specific for random cases; more than that means the generator broke.
    # 400 cases, not 150: even derandomized, Hypothesis's generation varies from run to run
    # (it differed when other test modules ran first), and 150 left too thin a margin.
    allowed = len(rules) // 3 if which == "synthetic" else len(rules) // 2
    assert len(never) <= allowed, f"rules that never fired on 400 generated cases: {never}"


def test_no_rule_is_left_out_of_the_comparison() -> None:
    """Fails while any synthetic rule is left out for a known engine bug."""
    assert not KNOWN_ENGINE_BUGS, f"synthetic rules left out of the differential test: {KNOWN_ENGINE_BUGS}"


# -- disagreements found by this test, each as a minimal failing case ------------------------------
def _one_rule(when: str, unless: str = "") -> Ruleset:
    text = f"""
rules:
  - id: probe
    title: a probe
    kind: gap
    code: probe_gap
    severity: low
    target: p
    when:
{textwrap.indent(textwrap.dedent(when).strip(), "      ")}
"""
    if unless:
        text += "    unless:\n" + textwrap.indent(textwrap.dedent(unless).strip(), "      ") + "\n"
    text += '    because: "{p}"\n    sources: [S1]\n'
    return ruleset_from_texts({"ruleset.yaml": SYNTHETIC_HEADER, "rules.yaml": text})


def _targets(ruleset: Ruleset, data: dict[str, Any]) -> tuple[list[str], list[str]]:
    case = case_from_data(data)
    engine_ = Engine(ruleset)
    try:
        found = sorted(f.target for f in engine_.evaluate(case).findings)
    finally:
        engine_.close()
    return found, sorted(f.target for f in Reference(ruleset).answer(case).findings)


CASE_WITH_LISTS: dict[str, Any] = {
    "case": {"id": "lists", "as_of": "2020-06-30"},
    "people": [
        {"id": "child-1", "role": "child", "age": 14},
        {"id": "adult-1", "role": "suspect", "age": 30, "flags": ["pdp"]},
        {"id": "adult-2", "role": "suspect", "age": 31},
    ],
    "locations": [{"id": "loc-1", "kind": "hotel", "linked_people": ["adult-1"]}],
    "events": [{"id": "ev-1", "type": "sexual_offence", "victim": "child-1", "date": "2020-01-01"}],
}


def test_a_value_not_recorded_is_not_taken_as_absent_from_a_list() -> None:
    """Regression: `o.suspect not in p.connected_to` held when `o.suspect` was not recorded.

    The `$not` link pattern's value test referred to the missing attribute, so nothing blocked
    it and the rule fired for everyone. Fixed: the compiler requires the item to be recorded
    (`_RuleCompiler.link`). Here the offence has no suspect: nobody is found.
    """
    ruleset = _one_rule(
        """
        - fact: sexual_offence
          as: o
        - fact: person
          as: p
          where:
            - o.suspect not in p.connected_to
        """
    )
    engine_found, reference_found = _targets(ruleset, CASE_WITH_LISTS)
    assert engine_found == reference_found == []


@pytest.mark.parametrize("where", ["any", "unless"])
def test_presence_of_a_list_is_seen_inside_any_and_unless(where: str) -> None:
    """Regression: `x.list is present` inside `any:` or `unless:` never held.

    Inside `any:` and `unless:` the compiler tested `$ex` on the fact itself, which carries no
    list attributes. Fixed: a list's presence is tested through its size (`<list>__n`), everywhere.
    """
    if where == "any":
        ruleset = _one_rule(
            """
            - fact: person
              as: p
              where:
                - any:
                    - p.flags is present
                    - p.age > 99
            """
        )
        expected = ["adult-1"]
    else:
        ruleset = _one_rule(
            "- fact: person\n  as: p",
            unless="- fact: location\n  as: l\n  where:\n    - l.linked_people is present",
        )
        expected = []
    engine_found, reference_found = _targets(ruleset, CASE_WITH_LISTS)
    assert reference_found == expected
    assert engine_found == expected
