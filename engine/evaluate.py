"""Evaluating one case: facts → durable-rules matches → findings, unknowns and the answer.

`Engine` owns one loaded ruleset and its compiled durable-rules form. It is safe to share
between threads (matching is serialised by the matcher's lock; everything else is per call).
"""

from __future__ import annotations

import gc
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, assert_never

from engine.case import Case, check_tactics
from engine.compiler import CompiledRule, compile_rules
from engine.condition import AllOf, AnyOf, Compare, Member, Presence, Ref, Undecided, refs_in
from engine.errors import CaseError, EvaluationError
from engine.fact import FACT_SCHEMA, KEY, FactSet, build_facts
from engine.finding import Answer, Finding, RulesetRef, Unknown, trusted
from engine.guard import CODE as GUARD_CODE
from engine.guard import (
    UNCONFIRMED_CODE,
    action_warnings,
    aimed_at_people,
    child_victims,
    restrictive,
    turns,
    unconfirmed_children,
    unconfirmed_warning,
    warning,
)
from engine.matcher import MAX_MATCHES, Matcher
from engine.predicate import PredicateCompiler
from engine.rule import SEVERITY_RANK
from engine.ruleset import Ruleset
from engine.typecheck import CheckedRule, CountBinding
from engine.wording import Wording

_KIND_RANK = {"warn": 0, "gap": 1, "recommend": 2}
Env = dict[str, dict[str, Any]]


@dataclass(frozen=True)
class Outcome:
    """What every finding of a rule says whatever the facts, worked out once per rule."""

    legal_basis: tuple[str, ...]
    sources: tuple[str, ...]  # cited: "IICSA … ¶10"
    confidence: str | None


@dataclass(slots=True)
class Firing:
    """One rule fired for one combination of facts; worded only if it survives de-duplication."""

    rule: CheckedRule
    env: Env
    target: str
    facts: list[str]  # the ids that met the rule, in the rule's order


OpenMatch = tuple[CompiledRule, Env]  # a combination its deferred tests left undecided


class Engine:
    def __init__(self, ruleset: Ruleset, max_matches: int = MAX_MATCHES) -> None:
        self.ruleset = ruleset
        self.max_matches = max_matches
        self.compiled = compile_rules(ruleset.rules, ruleset.parameters)
        self.matcher = Matcher(ruleset.name, self.compiled.definition, self.compiled.negated_types)
        self.ref = RulesetRef(name=ruleset.name, version=ruleset.version, sha256=ruleset.sha256)
        # per durable-rules rule name: the rule, its `when:` aliases, and those whose ids a finding cites
        self.shapes = {
            name: (compiled, compiled.aliases, _cited(compiled.rule))
            for name, compiled in self.compiled.rules.items()
        }
        self.rule_order = {rule.id: rule.index for rule in ruleset.rules}  # the ruleset's order
        self.outcomes = {rule.id: self._outcome(rule) for rule in ruleset.rules}
        self.ranks = {
            r.id: self._rank(r.rule.severity, r.rule.code, r.rule.kind, r.id) for r in ruleset.rules
        }
        self.wordings = {rule.id: Wording(rule, ruleset.parameters) for rule in ruleset.rules}
        # the fact types some rule reads, through durable-rules or a count; people always (the guard)
        # (a shard's types include the `$not` copies' types, made from the negated types' facts)
        matched = {kind for part in self.matcher.parts for kind in part.types} | self.compiled.negated_types
        counted = {spec.fact for rule in ruleset.rules for spec in rule.count}
        self.fact_types = frozenset(matched | counted | {"person"})
        numbers: dict[tuple[Any, ...], int] = {}  # rules that count the same way share the count
        self.count_plans = {
            rule.id: [CountPlan(spec, rule, ruleset, numbers) for spec in rule.count]
            for rule in ruleset.rules
            if rule.count
        }

    def close(self) -> None:
        self.matcher.close()

    def evaluate(self, case: Case) -> Answer:
        self._check_tactics(case)
        # Python's cycle collector is paused for the evaluation. It makes thousands of
        # short-lived dicts and lists (facts, matches, bindings), all freed by reference
        # counting when `_answer` returns; left running, the collector scans them again and
        # again while they live, and now and then the whole heap (large benchmark case: mean
        # 27.5 → 22.6 ms, p99 70 → 26 ms). It resumes only once they are freed, or it would
        # scan them all at once on the way out. Cycles, if any, are collected later. With
        # threads, it is running again once any evaluation ends; it stays off if it was off.
        enabled = gc.isenabled()
        gc.disable()
        try:
            return self._answer(case)
        finally:
            if enabled:
                gc.enable()

    def facts(self, case: Case) -> FactSet:
        """The case's facts of the types this ruleset reads."""
        return build_facts(case, self.fact_types)

    def _answer(self, case: Case) -> Answer:
        facts = self.facts(case)
        firings, undecided = self.fire(facts)
        held: list[Firing] = []  # recommendations held back until a child's victim status is recorded
        findings = self._findings(firings, case, facts, held)
        return Answer.model_construct(  # every part is built from typed values: no re-validation
            case_id=case.case.id,
            ruleset=self.ref,
            advisory=True,
            findings=findings,
            unknowns=self._unknowns(undecided, facts, held),
        )

    def fire(self, facts: FactSet) -> tuple[list[Firing], list[OpenMatch]]:
        """Every rule firing (one per rule and combination of facts), and the undecided ones."""
        matches = self.matcher.match(facts.records, self.max_matches)
        shapes, by_seq = self.shapes, facts.by_seq
        seen: set[tuple[str, ...]] = set()
        firings: list[Firing] = []
        undecided: list[OpenMatch] = []
        for name, bound in matches:
            shape = shapes.get(name)
            if shape is None:
                raise EvaluationError(f"durable-rules reported an unknown rule '{name}'")
            compiled, aliases, cited = shape
            # one fact per sequence number: the same numbers are the same combination of facts
            key = (compiled.rule_id, *[bound[alias] for alias in aliases])
            if key in seen:
                continue  # the same combination, through another link fact or split: same outcome
            seen.add(key)
            env: Env = {alias: by_seq[bound[alias]] for alias in aliases}
            check, rule = compiled.deferred, compiled.rule
            if check is not None and not check.holds(env, facts):
                undecided.append((compiled, env))
            elif self._counts_hold(rule, env, facts):
                firings.append(Firing(rule, env, env[compiled.target][KEY], _ids(rule, env, cited)))
        return firings, undecided

    # -- steps ----------------------------------------------------------------------------
    def _check_tactics(self, case: Case) -> None:
        problems = check_tactics(case, self.ruleset.tactics)
        if problems:
            raise CaseError(problems)

    def _counts_hold(self, rule: CheckedRule, env: Env, facts: FactSet) -> bool:
        """Apply the rule's `count:` patterns; adds each count's result to `env`."""
        plans = self.count_plans.get(rule.id)
        if not plans:
            return True
        memo = facts.memo
        for plan in plans:
            key = (plan.number, *[env[a][KEY] for a in plan.outer])
            try:
                result = memo[key]
            except KeyError:
                result = memo[key] = plan.count(env, facts)
            if result is None:
                return False
            env[plan.spec.alias] = result
        return True

    def _confidence(self, rule: CheckedRule) -> str | None:
        tactic = self.ruleset.tactics.get(rule.rule.code)
        return rule.rule.confidence or (tactic.confidence if tactic else None)

    def _outcome(self, rule: CheckedRule) -> Outcome:
        spec = rule.rule
        tactic = self.ruleset.tactics.get(spec.code)
        code = self.ruleset.codes.get(spec.code)
        legal = spec.legal_basis or (tactic.legal_basis if tactic else code.legal_basis if code else [])
        sources = tuple(self.ruleset.cite(s) for s in spec.sources)
        return Outcome(tuple(legal), sources, self._confidence(rule))

    def _finding(self, firing: Firing, facts: FactSet, ids: list[str]) -> Finding:
        spec, outcome = firing.rule.rule, self.outcomes[firing.rule.id]
        return trusted(
            Finding,
            kind=spec.kind,
            code=spec.code,
            severity=spec.severity,
            target=firing.target,
            rule=spec.id,
            title=spec.title,
            because=self.render(firing.rule, firing.env, facts),
            legal_basis=list(outcome.legal_basis),
            sources=list(outcome.sources),
            facts=ids,
            confidence=outcome.confidence,
        )

    def render(self, rule: CheckedRule, env: Env, facts: FactSet) -> str:
        """The rule's `because`, filled from the facts that met it."""
        return self.wordings[rule.id](env, facts)

    def _unknowns(self, undecided: list[OpenMatch], facts: FactSet, held: list[Firing]) -> list[Unknown]:
        needed: dict[str, list[CheckedRule]] = {}
        targets: dict[str, list[str]] = defaultdict(list)
        for firing in held:  # the victim guard's question: is this child also a victim?
            fact = f"{firing.target}.victim"
            rules = needed.setdefault(fact, [])
            if firing.rule not in rules:
                rules.append(firing.rule)
            if firing.target not in targets[fact]:
                targets[fact].append(firing.target)
        for compiled, env in undecided:
            assert compiled.deferred is not None  # only rules with deferred tests are undecided
            open_targets = compiled.deferred.open_targets(env, facts)
            rule = compiled.rule
            if not open_targets or not self._counts_hold(rule, env, facts):
                continue
            for alias, attr in open_targets:
                ref = env[alias][KEY]
                fact = facts.missing_source.get((ref, attr), f"{ref}.{attr}")
                rules = needed.setdefault(fact, [])
                if not any(r is rule for r in rules):  # one CheckedRule per rule: identity is enough
                    rules.append(rule)
                target = env[rule.rule.target][KEY]
                if target not in targets[fact]:
                    targets[fact].append(target)
        return [
            Unknown(
                fact=fact,
                needed_by=[r.id for r in sorted(rules, key=lambda r: r.index)],
                decides="; ".join(
                    f"{r.rule.kind} {r.rule.code}: {r.rule.title}"
                    for r in sorted(rules, key=lambda r: r.index)
                )
                + f" (for {', '.join(sorted(targets[fact]))})",
            )
            for fact, rules in sorted(needed.items())
        ]

    def _findings(
        self, firings: list[Firing], case: Case, facts: FactSet, held: list[Firing]
    ) -> list[Finding]:
        """Findings by severity, then least intrusive first; one per (kind, code, target).

        The victim guard (engine/guard.py) turns restrictive recommendations aimed at child
        victims into critical warnings, withholds non-restrictive ones, turns those aimed at a
        child whose victim status is not recorded into warnings (adding them to `held`, so the
        answer asks for it), and adds a warning for each such plan or record in the case's
        actions. Firings are sorted and merged first and worded after, so a `because` is only
        rendered when it is kept.
        """
        ruleset, ranks = self.ruleset, self.ranks
        victims = child_victims(facts)
        unconfirmed = unconfirmed_children(facts)
        drafts: list[Draft] = []
        for firing in firings:
            spec = firing.rule.rule
            if victims and turns(ruleset, victims, spec.kind, spec.code, firing.target):
                if not restrictive(ruleset, spec.code):
                    continue  # withheld: an investigation or a referral is not pointed at a child victim
                rank = (self._rank("critical", GUARD_CODE, "warn", spec.id), firing.target, firing.facts)
                drafts.append(Draft(rank, "warn", GUARD_CODE, firing.target, firing, None, turned=GUARD_CODE))
            elif (
                unconfirmed
                and spec.kind == "recommend"
                and firing.target in unconfirmed
                and aimed_at_people(ruleset, spec.code)
            ):
                held.append(firing)
                rank = (self._rank("high", UNCONFIRMED_CODE, "warn", spec.id), firing.target, firing.facts)
                drafts.append(
                    Draft(
                        rank, "warn", UNCONFIRMED_CODE, firing.target, firing, None, turned=UNCONFIRMED_CODE
                    )
                )
            else:
                rank = (ranks[spec.id], firing.target, firing.facts)
                drafts.append(Draft(rank, spec.kind, spec.code, firing.target, firing, None))
        for f in action_warnings(case, victims, ruleset):
            rank = (self._rank(f.severity, f.code, f.kind, f.rule), f.target, f.facts)
            drafts.append(Draft(rank, f.kind, f.code, f.target, None, f))
        drafts.sort(key=_by_rank)
        kept: dict[tuple[str, str, str], tuple[Draft, dict[str, None]]] = {}
        for draft in drafts:
            first = kept.get((draft.kind, draft.code, draft.target))
            if first is None:
                kept[(draft.kind, draft.code, draft.target)] = (draft, dict.fromkeys(draft.rank[2]))
            else:
                first[1].update(dict.fromkeys(draft.rank[2]))  # the ids of both, in order, once
        return [self._word(draft, list(ids), victims, unconfirmed, facts) for draft, ids in kept.values()]

    def _word(
        self,
        draft: Draft,
        ids: list[str],
        victims: dict[str, Any],
        unconfirmed: dict[str, Any],
        facts: FactSet,
    ) -> Finding:
        """The finding a kept draft stands for, with the ids of every draft merged into it."""
        if draft.finding is not None:  # the guard's warning about a plan or record
            return _with_facts(draft.finding, ids)
        firing = draft.firing
        assert firing is not None
        spec = firing.rule.rule
        if draft.turned == GUARD_CODE:
            confidence = self.outcomes[spec.id].confidence
            return warning(self.ruleset, victims, spec.id, spec.code, firing.target, ids, confidence)
        if draft.turned == UNCONFIRMED_CODE:
            confidence = self.outcomes[spec.id].confidence
            return unconfirmed_warning(
                self.ruleset, unconfirmed, spec.id, spec.code, firing.target, ids, confidence
            )
        return self._finding(firing, facts, ids)

    def _rank(self, severity: str, code: str, kind: str, rule: str) -> tuple[int, int, int, int]:
        """Severity, then the tactic's intrusiveness, then kind, then the ruleset's order."""
        tactic = self.ruleset.tactics.get(code)
        return (
            SEVERITY_RANK[severity],
            tactic.intrusiveness if tactic else 0,
            _KIND_RANK[kind],
            self.rule_order.get(rule, -1),
        )


@dataclass(slots=True)
class Draft:
    """A finding's ranking and merging fields, and what it is worded from once it is kept."""

    rank: tuple[tuple[int, int, int, int], str, list[str]]
    kind: str
    code: str
    target: str
    firing: Firing | None
    finding: Finding | None
    turned: str = ""  # the code of the warning the victim guard turned a recommendation into


def _by_rank(draft: Draft) -> tuple[tuple[int, int, int, int], str, list[str]]:
    return draft.rank


def _with_facts(finding: Finding, ids: list[str]) -> Finding:
    return finding if ids == finding.facts else finding.model_copy(update={"facts": ids})


def _cited(rule: CheckedRule) -> tuple[str, ...]:
    """The `when:` aliases whose facts a finding lists. The case header (`fact: case`, the
    force holding the case) is context, not a fact of the case."""
    return tuple(alias for alias in rule.aliases if rule.alias_types[alias] != "case")


def _ids(rule: CheckedRule, env: Env, cited: tuple[str, ...]) -> list[str]:
    """The ids of the facts that met the rule: its `cited` facts (see `_cited`), then what its
    counts counted."""
    ids = dict.fromkeys([env[alias][KEY] for alias in cited])
    for count in rule.count:
        ids.update(dict.fromkeys(env[count.alias]["members"]))
    return list(ids)


class CountPlan:
    """One `count:` pattern, compiled: "at least N facts like this, grouped by an attribute"."""

    def __init__(
        self, spec: CountBinding, rule: CheckedRule, ruleset: Ruleset, numbers: dict[tuple[Any, ...], int]
    ) -> None:
        self.spec = spec
        types = {**rule.alias_types, spec.alias: spec.fact}
        compiler = PredicateCompiler(types, ruleset.parameters)
        self.tests = [compiler.compile(c) for c in spec.where]
        self.outer = sorted({r.alias for c in spec.where for r in refs_in(c)} - {spec.alias})
        self.join = _join(spec, types)
        self.signature = (  # what the count reads and how: equal signatures, equal counts
            tuple((alias, types[alias]) for alias in [*self.outer, spec.alias]),
            tuple(c.text for c in spec.where),
            spec.group_by,
            spec.at_least,
        )
        # names this count in a case's memo; a count read the same way elsewhere has its number
        self.number = numbers.setdefault(self.signature, len(numbers))

    def candidates(self, env: Env, facts: FactSet) -> list[dict[str, Any]]:
        """Facts that may count: through a per-case index when a condition joins on values."""
        every = facts.by_type.get(self.spec.fact, [])
        join = self.join
        if join is None:
            return every
        index: dict[Any, list[dict[str, Any]]] | None = facts.indexes.get(self.number)
        if index is None:
            index = defaultdict(list)
            for fact in every:
                if join.own_many:
                    for value in facts.lists.get((fact[KEY], join.own), ()):
                        index[value].append(fact)
                else:
                    index[fact.get(join.own)].append(fact)
            facts.indexes[self.number] = index
        outer = env[join.outer.alias]
        if join.outer_many:
            values: list[Any] = facts.lists.get((outer[KEY], join.outer.attr), [])
        else:
            values = [outer.get(join.outer_key)]
        found: dict[int, dict[str, Any]] = {}
        for value in values:
            if value is not None:
                for fact in index.get(value, ()):
                    found.setdefault(id(fact), fact)
        return list(found.values())

    def count(self, env: Env, facts: FactSet) -> dict[str, Any] | None:
        spec, tests = self.spec, self.tests
        alias, group_by = spec.alias, spec.group_by
        groups: dict[Any, list[dict[str, Any]]] = defaultdict(list)
        candidates = self.candidates(env, facts)
        if len(candidates) < spec.at_least:
            return None  # too few to count, whatever the conditions
        scope = dict(env)  # the outer facts, and each candidate in turn
        for candidate in candidates:
            scope[alias] = candidate
            if not all(test(scope, facts) for test in tests):
                continue
            key = candidate.get(group_by) if group_by else None
            if group_by and key is None:
                continue  # an ungrouped item is not "similar" to anything
            groups[key].append(candidate)
        if not groups:
            return None
        group, members = max(groups.items(), key=lambda kv: (len(kv[1]), str(kv[0])))
        if len(members) < spec.at_least:
            return None
        members = sorted(members, key=lambda m: str(m[KEY]))  # whatever order the case lists them
        return {
            "t": spec.fact,
            KEY: members[0][KEY],
            "count": len(members),
            "group": group,
            "members": [m[KEY] for m in members],
        }


@dataclass(frozen=True)
class Join:
    """A top-level condition of a count that joins the counted fact to an outer one by value:
    `own.a == outer.b`, `outer.b in own.list` or `own.a in outer.list`."""

    own: str  # the counted fact's attribute (its `ref` for `id`), or its list attribute
    own_many: bool
    outer: Ref
    outer_many: bool
    outer_key: str  # the outer attribute's key in its fact (its `ref` for `id`)


def _join(spec: CountBinding, types: dict[str, str]) -> Join | None:
    """The first condition of a count that lets candidates be looked up instead of scanned."""

    def many(ref: Ref) -> bool:
        return FACT_SCHEMA[types[ref.alias]][ref.attr].many

    def key(ref: Ref) -> str:
        return FACT_SCHEMA[types[ref.alias]][ref.attr].key

    for condition in spec.where:
        match condition:
            case Compare(op="==", left=Ref() as left, right=Ref() as right):
                if many(left) or many(right):
                    continue
                own = [s for s in (left, right) if s.alias == spec.alias]
                outer = [s for s in (left, right) if s.alias != spec.alias]
                if len(own) == 1 and len(outer) == 1:
                    return Join(key(own[0]), False, outer[0], False, key(outer[0]))
            case Member(negated=False, item=Ref() as item, collection=Ref() as collection):
                if many(item):
                    continue
                if item.alias != spec.alias and collection.alias == spec.alias:
                    return Join(collection.attr, True, item, False, key(item))
                if item.alias == spec.alias and collection.alias != spec.alias:
                    return Join(key(item), False, collection, True, key(collection))
            case Compare() | Member() | Presence() | AnyOf() | AllOf() | Undecided():
                pass  # no lookup by value
            case _:
                assert_never(condition)
    return None
