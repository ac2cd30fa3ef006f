"""An independent, plain-Python reading of a ruleset, to check the durable-rules engine against.

The reference shares only the *parsing* with the engine: the checked rules
(`engine.ruleset` → `CheckedRule`, with condition trees from `engine.condition`) and the
facts (`engine.fact.build_facts`, `FACT_SCHEMA`). Everything that decides an answer is
re-implemented here from the documented semantics, by brute force:

- a rule's `when:` patterns bind facts of their types in every combination (nested loops)
  of *distinct* facts (durable-rules never binds one fact to two patterns of a rule), and
  every condition must hold for the bound facts;
- a missing attribute fails every test except `is missing`; a list attribute is missing
  when it is empty; `x in list` / `x not in list` test membership;
- an attribute known only as bounds (an age on a past date, its `Attr.bounds`)
  passes a comparison with a value only when every age within the bounds passes; for any
  other test it counts as missing (it is not known exactly);
- `unless:` holds when no fact of that type satisfies its conditions (a fact bound by
  `when:` counts too: "unless there is such an action" reads over every fact);
- `count:` keeps the candidates satisfying its conditions, groups them by `group_by`
  (a candidate without the attribute belongs to no group), and needs the largest group
  (ties: the greatest group value as text) to have at least `at_least` members;
- a rule fires once per distinct combination of bound facts (by case id);
- unknowns: for each optional, single-valued attribute a rule tests against a value (and
  never tests for presence), the *relaxed* rule has those tests replaced by `is missing`;
  where the relaxed rule holds for a combination for which the rule itself does not fire,
  the attribute is reported (for an attribute known as bounds, a comparison is relaxed to
  "it holds, or the bounds leave it open, or nothing is known");
- findings are explained from the `because` template, passed through the victim guard
  (engine/guard.py docstring), ordered by severity, intrusiveness, kind, rule order,
  target and facts, and merged when kind, code and target coincide (engine/evaluate.py).

Nothing here calls engine.compiler, engine.matcher, engine.predicate or Engine.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from engine.case import Case
from engine.condition import (
    AllOf,
    AnyOf,
    Compare,
    Condition,
    ListOf,
    Literal,
    Member,
    Offset,
    Operand,
    Param,
    Presence,
    Ref,
    Undecided,
)
from engine.fact import FACT_SCHEMA, FactSet, build_facts
from engine.finding import Answer, Finding, RulesetRef, Unknown
from engine.ruleset import Ruleset, load_ruleset
from engine.typecheck import Binding, CheckedRule, CountBinding

Record = dict[str, Any]
Env = dict[str, Record]

MISSING: Any = object()
ID = "ref"  # where a fact record keeps its case id
GUARD_RULE = "victim-guard"
GUARD_CODE = "victim_targeted"
SEVERITY = {"critical": 0, "high": 1, "medium": 2, "low": 3}
KIND = {"warn": 0, "gap": 1, "recommend": 2}
COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


@dataclass(frozen=True)
class Firing:
    """One rule satisfied by one combination of facts (before the victim guard)."""

    rule: CheckedRule
    env: Env  # when-aliases → fact records, plus count aliases → summaries

    @property
    def signature(self) -> tuple[str, ...]:
        return tuple(self.env[b.alias][ID] for b in self.rule.when)

    def fact_ids(self) -> list[str]:
        ids: list[str] = []
        for binding in self.rule.when:
            if binding.fact != "case" and self.env[binding.alias][ID] not in ids:
                ids.append(self.env[binding.alias][ID])
        for count in self.rule.count:
            ids.extend(m for m in self.env[count.alias]["members"] if m not in ids)
        return ids

    def target(self) -> str:
        return str(self.env[self.rule.rule.target][ID])


def _refs(condition: Condition | Operand) -> list[Ref]:
    if isinstance(condition, Ref):
        return [condition]
    if isinstance(condition, Offset):
        return [condition.ref]
    if isinstance(condition, Compare):
        return _refs(condition.left) + _refs(condition.right)
    if isinstance(condition, Member):
        return _refs(condition.item) + _refs(condition.collection)
    if isinstance(condition, Presence):
        return [condition.ref]
    if isinstance(condition, AnyOf | AllOf):
        return [r for part in condition.parts for r in _refs(part)]
    if isinstance(condition, Undecided):
        return _refs(condition.compare)
    return []


class Reference:
    def __init__(self, ruleset: Ruleset) -> None:
        self.ruleset = ruleset

    # -- values and conditions ------------------------------------------------------------
    def scalar(self, operand: Literal | Param) -> Any:
        value = self.ruleset.parameters[operand.name].value if isinstance(operand, Param) else operand.value
        return value.toordinal() if isinstance(value, date) else value

    def value(self, operand: Operand, env: Env, facts: FactSet) -> Any:
        if isinstance(operand, Ref):
            record = env[operand.alias]
            if operand.attr == "id":
                return record[ID]
            if FACT_SCHEMA[record["t"]][operand.attr].many:
                return list(facts.lists.get((record[ID], operand.attr), []))
            return record.get(operand.attr, MISSING)
        if isinstance(operand, Offset):
            base = self.value(operand.ref, env, facts)
            return MISSING if base is MISSING else base + operand.sign * self.scalar(operand.amount)
        if isinstance(operand, ListOf):
            return [self.scalar(item) for item in operand.items]
        return self.scalar(operand)

    def holds(self, condition: Condition, env: Env, facts: FactSet) -> bool:
        if isinstance(condition, AnyOf):
            return any(self.holds(part, env, facts) for part in condition.parts)
        if isinstance(condition, AllOf):
            return all(self.holds(part, env, facts) for part in condition.parts)
        if isinstance(condition, Presence):
            value = self.value(condition.ref, env, facts)
            present = value is not MISSING and value != []
            return present == condition.present
        if isinstance(condition, Undecided):
            bounds = self.bounds(condition.compare, env)
            if bounds is None:
                return False  # known exactly: decided
            if bounds == ():
                return True  # nothing known
            return not self.definitely(condition.compare, bounds) and not self.definitely(
                _negate(condition.compare), bounds
            )
        if isinstance(condition, Member):
            item = self.value(condition.item, env, facts)
            collection = self.value(condition.collection, env, facts)
            if item is MISSING or collection is MISSING:
                return False
            return (item in collection) != condition.negated
        bounds = self.bounds(condition, env)
        if bounds is not None:
            return bounds != () and self.definitely(condition, bounds)
        left = self.value(condition.left, env, facts)
        right = self.value(condition.right, env, facts)
        if left is MISSING or right is MISSING:
            return False
        return COMPARE[condition.op](left, right)

    @staticmethod
    def ranged_ref(condition: Compare, env: Env) -> Ref | None:
        """The side of `attr op value` whose attribute may be known only as bounds."""
        for side, other in ((condition.left, condition.right), (condition.right, condition.left)):
            if (
                isinstance(side, Ref)
                and isinstance(other, Literal | Param)
                and FACT_SCHEMA[env[side.alias]["t"]][side.attr].ranged
            ):
                return side
        return None

    def bounds(self, condition: Compare, env: Env) -> tuple[int, ...] | None:
        """(lo, hi, value) when the compared attribute is known only as bounds; () when not
        known at all; None when it is no such comparison or the value is known exactly."""
        ref = self.ranged_ref(condition, env)
        if ref is None:
            return None
        record = env[ref.alias]
        if ref.attr in record:
            return None
        low, high = FACT_SCHEMA[record["t"]][ref.attr].bounds
        lo, hi = record.get(low), record.get(high)
        if lo is None or hi is None:
            return ()
        other = condition.right if condition.left == ref else condition.left
        assert isinstance(other, Literal | Param)
        return lo, hi, self.scalar(other)

    @staticmethod
    def definitely(condition: Compare, bounds: tuple[int, ...]) -> bool:
        lo, hi, value = bounds
        test = COMPARE[condition.op]
        on_left = isinstance(condition.left, Ref)
        return all(test(v, value) if on_left else test(value, v) for v in range(lo, hi + 1))

    # -- rules ----------------------------------------------------------------------------
    def combinations(self, when: tuple[Binding, ...], facts: FactSet) -> Iterator[Env]:
        """Every binding of the when-aliases to facts that satisfies all their conditions."""
        position = {b.alias: i for i, b in enumerate(when)}
        ready: list[list[Condition]] = [[] for _ in when]
        for binding in when:
            for condition in binding.where:
                last = max(position[r.alias] for r in _refs(condition))
                ready[last].append(condition)

        def extend(i: int, env: Env) -> Iterator[Env]:
            if i == len(when):
                yield dict(env)
                return
            binding = when[i]
            taken = [id(bound) for bound in env.values()]
            for record in facts.by_type.get(binding.fact, []):
                if id(record) in taken:
                    continue
                env[binding.alias] = record
                if all(self.holds(c, env, facts) for c in ready[i]):
                    yield from extend(i + 1, env)
            env.pop(binding.alias, None)

        yield from extend(0, {})

    def blocked(self, unless: tuple[Binding, ...], env: Env, facts: FactSet) -> bool:
        for binding in unless:
            for record in facts.by_type.get(binding.fact, []):
                scope = {**env, binding.alias: record}
                if all(self.holds(c, scope, facts) for c in binding.where):
                    return True
        return False

    def counted(self, counts: tuple[CountBinding, ...], env: Env, facts: FactSet) -> Env | None:
        """The env extended with one summary per count, or None when a count falls short."""
        result = dict(env)
        for spec in counts:
            groups: dict[Any, list[Record]] = {}
            for record in facts.by_type.get(spec.fact, []):
                scope = {**result, spec.alias: record}
                if not all(self.holds(c, scope, facts) for c in spec.where):
                    continue
                if spec.group_by is None:
                    key = None
                else:
                    key = self.value(Ref(spec.alias, spec.group_by), scope, facts)
                    if key is MISSING:
                        continue
                groups.setdefault(key, []).append(record)
            if not groups:
                return None
            best = max(groups, key=lambda k: (len(groups[k]), str(k)))
            members = groups[best]
            if len(members) < spec.at_least:
                return None
            result[spec.alias] = {
                "t": spec.fact,
                ID: min(str(m[ID]) for m in members),
                "count": len(members),
                "group": best,
                "members": sorted(str(m[ID]) for m in members),
            }
        return result

    def satisfied(
        self, rule: CheckedRule, when: tuple[Binding, ...], facts: FactSet
    ) -> dict[tuple[str, ...], Env]:
        found: dict[tuple[str, ...], Env] = {}
        for env in self.combinations(when, facts):
            signature = tuple(env[b.alias][ID] for b in rule.when)
            if signature in found or self.blocked(rule.unless, env, facts):
                continue
            full = self.counted(rule.count, env, facts)
            if full is not None:
                found[signature] = full
        return found

    def firings(self, facts: FactSet) -> list[Firing]:
        return [
            Firing(rule, env)
            for rule in self.ruleset.rules
            for env in self.satisfied(rule, rule.when, facts).values()
        ]

    # -- unknowns -------------------------------------------------------------------------
    @staticmethod
    def relaxable(rule: CheckedRule) -> list[tuple[str, str]]:
        """Optional single-valued attributes tested against a value and never for presence."""
        types = {b.alias: b.fact for b in rule.when}
        tested: list[tuple[str, str]] = []
        presence: set[tuple[str, str]] = set()

        def visit(condition: Condition) -> None:
            if isinstance(condition, AnyOf | AllOf):
                for part in condition.parts:
                    visit(part)
                return
            refs = _refs(condition)
            if isinstance(condition, Presence):
                presence.add((refs[0].alias, refs[0].attr))
                return
            if len(refs) != 1:
                return
            attr = FACT_SCHEMA[types[refs[0].alias]][refs[0].attr]
            pair = (refs[0].alias, refs[0].attr)
            if attr.optional and not attr.many and pair not in tested:
                tested.append(pair)

        for binding in rule.when:
            for condition in binding.where:
                visit(condition)
        return [pair for pair in tested if pair not in presence]

    @staticmethod
    def relax(condition: Condition, target: tuple[str, str], types: dict[str, str]) -> Condition:
        if isinstance(condition, AnyOf | AllOf):
            parts = tuple(Reference.relax(p, target, types) for p in condition.parts)
            return (
                AnyOf(parts, condition.text) if isinstance(condition, AnyOf) else AllOf(parts, condition.text)
            )
        refs = _refs(condition)
        if isinstance(condition, Presence) or len(refs) != 1 or (refs[0].alias, refs[0].attr) != target:
            return condition
        if isinstance(condition, Compare) and fact_ranged(types, refs[0]):
            return AnyOf((condition, Undecided(condition, f"{condition.text} is undecided")), condition.text)
        return Presence(refs[0], False, f"{refs[0]} is missing")

    def unknowns(self, facts: FactSet) -> list[Unknown]:
        """(fact to record, rule, target) for every relaxed match the rule itself misses."""
        needed: dict[str, list[CheckedRule]] = {}
        targets: dict[str, list[str]] = {}
        for rule in self.ruleset.rules:
            types = {b.alias: b.fact for b in rule.when}
            fired = self.satisfied(rule, rule.when, facts)
            for alias, attr in self.relaxable(rule):
                when = tuple(
                    Binding(b.alias, b.fact, tuple(self.relax(c, (alias, attr), types) for c in b.where))
                    for b in rule.when
                )
                for signature, env in self.satisfied(rule, when, facts).items():
                    if signature in fired:
                        continue
                    ref = env[alias][ID]
                    fact = facts.missing_source.get((ref, attr), f"{ref}.{attr}")
                    rules = needed.setdefault(fact, [])
                    if rule not in rules:
                        rules.append(rule)
                    target = str(env[rule.rule.target][ID])
                    if target not in targets.setdefault(fact, []):
                        targets[fact].append(target)
        result = []
        for fact in sorted(needed):
            rules = sorted(needed[fact], key=lambda r: r.index)
            decides = "; ".join(f"{r.rule.kind} {r.rule.code}: {r.rule.title}" for r in rules)
            result.append(
                Unknown(
                    fact=fact,
                    needed_by=[r.id for r in rules],
                    decides=f"{decides} (for {', '.join(targets[fact])})",
                )
            )
        return result

    # -- findings and the answer ------------------------------------------------------------
    def explain(self, firing: Firing, facts: FactSet) -> str:
        types = firing.rule.alias_types
        out: list[str] = []
        for segment in firing.rule.because:
            if segment.param is not None:
                out.append(show(self.ruleset.parameters[segment.param].value, None))
            elif segment.alias is None:
                out.append(segment.text)
            else:
                record = firing.env[segment.alias]
                attr = segment.attr
                schema = FACT_SCHEMA[types[segment.alias]]
                if attr is None or attr == "id":
                    out.append(str(record[ID]))
                elif attr in ("count", "group") and "members" in record:
                    out.append(str(record[attr]))
                elif schema[attr].many:
                    items = facts.lists.get((record[ID], attr), [])
                    out.append(", ".join(str(i) for i in items) if items else "nobody recorded")
                elif record.get(attr) is None and record.get(schema[attr].bounds[0]) is not None:
                    low, high = schema[attr].bounds
                    out.append(f"{record[low]} or {record[high]}")
                else:
                    out.append(show(record.get(attr), schema[attr].kind))
        return "".join(out)

    def finding(self, firing: Firing, facts: FactSet) -> Finding:
        spec = firing.rule.rule
        tactic = self.ruleset.tactics.get(spec.code)
        code = self.ruleset.codes.get(spec.code)
        legal = spec.legal_basis or (tactic.legal_basis if tactic else code.legal_basis if code else [])
        return Finding(
            kind=spec.kind,
            code=spec.code,
            severity=spec.severity,
            target=firing.target(),
            rule=spec.id,
            title=spec.title,
            because=self.explain(firing, facts),
            legal_basis=list(legal),
            sources=[self.ruleset.cite(s) for s in spec.sources],
            facts=firing.fact_ids(),
            confidence=spec.confidence or (tactic.confidence if tactic else None),
        )

    def aimed_at_people(self, tactic_id: str) -> bool:
        tactic = self.ruleset.tactics.get(tactic_id)
        return tactic is not None and (tactic.restrictive or tactic.aimed_at == "person")

    def unconfirmed(self, facts: FactSet) -> dict[str, Record]:
        """Children (under 18 at as_of) not protected as victims whose `victim` is not recorded."""
        return {
            p[ID]: p
            for p in facts.by_type.get("person", [])
            if p.get("child_victim") is not True
            and p.get("victim") is None
            and p.get("age") is not None
            and p["age"] < 18
        }

    def held(self, findings: list[Finding], facts: FactSet) -> list[Finding]:
        """Recommendations of person-aimed tactics against such children: the guard asks first."""
        children = self.unconfirmed(facts)
        return [
            f
            for f in findings
            if f.kind == "recommend"
            and f.target in children
            and self.aimed_at_people(f.code)
        ]

    def guard(self, findings: list[Finding], case: Case, facts: FactSet) -> list[Finding]:
        victims = {p[ID]: p for p in facts.by_type.get("person", []) if p.get("child_victim") is True}
        children = self.unconfirmed(facts)
        if children:
            turned = self.ruleset.codes["child_target_unconfirmed"]
            held = {id(f) for f in self.held(findings, facts)}
            findings = [
                f.model_copy(
                    update={
                        "kind": "warn",
                        "code": "child_target_unconfirmed",
                        "severity": "high",
                        "title": turned.title,
                        "because": (
                            f"rule {f.rule} would point a {self.ruleset.tactics[f.code].name} at {f.target}, "
                            f"who is {children[f.target]['age']}, and whether {f.target} is also a victim of "
                            "exploitation is not recorded; record it before any tactic is aimed at them: "
                            "such measures may suit a child who exploits others, never a child victim"
                        ),
                        "legal_basis": list(turned.legal_basis),
                        "sources": [self.ruleset.cite(s) for s in turned.sources],
                    }
                )
                if id(f) in held
                else f
                for f in findings
            ]
        if not victims:
            return findings
        findings = [  # a non-restrictive tactic (an investigation, a referral) is withheld, not warned
            f
            for f in findings
            if not (
                f.kind == "recommend"
                and f.target in victims
                and self.aimed_at_people(f.code)
                and not self.ruleset.tactics[f.code].restrictive
            )
        ]
        code = self.ruleset.codes[GUARD_CODE]
        sources = [self.ruleset.cite(s) for s in code.sources]

        def who(person: Record) -> str:
            age = person.get("age")
            return f"{person[ID]}, a child victim" + (f" aged {age}" if age is not None else "")

        out: list[Finding] = []
        for finding in findings:
            if (
                finding.kind == "recommend"
                and finding.target in victims
                and self.aimed_at_people(finding.code)
            ):
                name = self.ruleset.tactics[finding.code].name
                finding = finding.model_copy(
                    update={
                        "kind": "warn",
                        "code": GUARD_CODE,
                        "severity": "critical",
                        "title": code.title,
                        "because": (
                            f"rule {finding.rule} would point a {name} at {who(victims[finding.target])}; "
                            "disruption tactics are aimed at the adults who exploit children, never at "
                            "child victims"
                        ),
                        "legal_basis": list(code.legal_basis),
                        "sources": sources,
                    }
                )
            out.append(finding)
        for action in case.actions:
            if action.target not in victims or action.status == "withdrawn":
                continue
            if not self.aimed_at_people(action.tactic):
                continue
            name = self.ruleset.tactics[action.tactic].name
            when = f" on {action.date}" if action.date else ""
            out.append(
                Finding(
                    kind="warn",
                    code=GUARD_CODE,
                    severity="critical",
                    target=action.target,
                    rule=GUARD_RULE,
                    title=code.title,
                    because=(
                        f"{action.id}: a {name} {action.status}{when} against {who(victims[action.target])}; "
                        "restrictive measures such as CAWNs are for the adults who exploit children, not "
                        "for the children they exploit"
                    ),
                    legal_basis=list(code.legal_basis),
                    sources=sources,
                    facts=[action.id, action.target],
                )
            )
        return out

    def ordered(self, findings: list[Finding]) -> list[Finding]:
        index = {r.id: r.index for r in self.ruleset.rules}

        def key(f: Finding) -> tuple[Any, ...]:
            tactic = self.ruleset.tactics.get(f.code)
            return (
                SEVERITY[f.severity],
                tactic.intrusiveness if tactic else 0,
                KIND[f.kind],
                index.get(f.rule, -1),
                f.target,
                f.facts,
            )

        kept: dict[tuple[str, str, str], Finding] = {}
        for finding in sorted(findings, key=key):
            k = (finding.kind, finding.code, finding.target)
            if k in kept:
                first = kept[k]
                kept[k] = first.model_copy(
                    update={"facts": first.facts + [i for i in finding.facts if i not in first.facts]}
                )
            else:
                kept[k] = finding
        return list(kept.values())

    def answer(self, case: Case) -> Answer:
        facts = reference_facts(case)
        findings = [self.finding(f, facts) for f in self.firings(facts)]
        unknowns = self.unknowns(facts)
        held = self.held(findings, facts)
        if held:  # the guard's question, "is this child also a victim?", joins the unknowns
            index = {r.id: r for r in self.ruleset.rules}
            for fact in sorted({f"{f.target}.victim" for f in held}):
                rules = sorted(
                    {f.rule for f in held if f"{f.target}.victim" == fact}, key=lambda r: index[r].index
                )
                targets = [fact.rsplit(".", 1)[0]]
                decides = "; ".join(
                    f"{index[r].rule.kind} {index[r].rule.code}: {index[r].rule.title}" for r in rules
                )
                unknowns.append(
                    Unknown(fact=fact, needed_by=rules, decides=f"{decides} (for {', '.join(targets)})")
                )
            unknowns.sort(key=lambda u: u.fact)
        return Answer(
            case_id=case.case.id,
            ruleset=RulesetRef(
                name=self.ruleset.name, version=self.ruleset.version, sha256=self.ruleset.sha256
            ),
            findings=self.ordered(self.guard(findings, case, facts)),
            unknowns=unknowns,
        )


REPORT_DATES = ("reported_or_disclosed_on", "days_since_reported", "interview_delay_days")


def reference_facts(case: Case) -> FactSet:
    """The engine's facts, with the offence's report dates worked out again here, independently.

    An offence came to light on its `reported_on`; failing that, on the first day on or after
    the act when its victim named its suspect in a disclosure; failing both, it is not known
    and the answer asks for `reported_on`. The delays (to as_of; to the suspect's interview,
    or to as_of while none is recorded) run from that day.
    """
    facts = build_facts(case)
    for event in case.events:
        if event.type != "sexual_offence":
            continue
        record = next(r for r in facts.by_type["sexual_offence"] if r[ID] == event.id)
        for name in REPORT_DATES:
            record.pop(name, None)
            facts.missing_source.pop((event.id, name), None)
        came_to_light = event.reported_on
        if came_to_light is None and event.suspect is not None:
            day = event.date
            named_on = {
                other.date
                for other in case.events
                if other.type == "disclosure" and other.child == event.victim and event.suspect in other.names
            }
            while day <= max(named_on, default=date.min) and day not in named_on:
                day = date.fromordinal(day.toordinal() + 1)
            came_to_light = day if day in named_on else None
        if came_to_light is None:
            for name in REPORT_DATES:
                facts.missing_source[(event.id, name)] = f"{event.id}.reported_on"
            continue
        record["reported_or_disclosed_on"] = came_to_light.toordinal()
        record["days_since_reported"] = case.case.as_of.toordinal() - came_to_light.toordinal()
        if event.suspect is not None:
            interviewed = event.suspect_interviewed_on or case.case.as_of
            record["interview_delay_days"] = interviewed.toordinal() - came_to_light.toordinal()
    return facts


def fact_ranged(types: dict[str, str], ref: Ref) -> bool:
    return FACT_SCHEMA[types[ref.alias]][ref.attr].ranged


def _negate(condition: Compare) -> Compare:
    opposite = {"==": "!=", "!=": "==", "<": ">=", ">=": "<", ">": "<=", "<=": ">"}
    return Compare(condition.left, opposite[condition.op], condition.right, condition.text)


def show(value: Any, kind: str | None) -> str:
    """How a value reads in an explanation."""
    if value is None:
        return "not recorded"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if kind == "date" and isinstance(value, int):
        return date.fromordinal(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def real_ruleset(folder: Path | None = None) -> Ruleset:
    """The shipped ruleset, every rule of it."""
    return load_ruleset(folder or Path(__file__).resolve().parent.parent / "rulesets" / "disruption")
