"""Evaluating one case: facts → durable-rules matches → findings, unknowns and the answer.

`Engine` owns one loaded ruleset and its compiled durable-rules form. It is safe to share
between threads (matching is serialised by the matcher's lock; everything else is per call).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from engine.case import Case, check_tactics
from engine.compiler import CompiledRule, compile_rules
from engine.condition import Compare, Ref, refs_in
from engine.errors import CaseError, EvaluationError
from engine.fact import FACT_SCHEMA, HIGH, KEY, LOW, FactSet, build_facts
from engine.finding import Answer, Finding, RulesetRef, Unknown
from engine.guard import guard
from engine.matcher import MAX_MATCHES, Matcher
from engine.predicate import PredicateCompiler
from engine.rule import SEVERITY_RANK
from engine.ruleset import Ruleset
from engine.typecheck import CheckedRule, CountBinding, Segment

_KIND_RANK = {"warn": 0, "gap": 1, "recommend": 2}
Env = dict[str, dict[str, Any]]


class Engine:
    def __init__(self, ruleset: Ruleset, max_matches: int = MAX_MATCHES) -> None:
        self.ruleset = ruleset
        self.max_matches = max_matches
        self.compiled = compile_rules(ruleset.rules, ruleset.parameters)
        self.matcher = Matcher(ruleset.name, self.compiled.definition, self.compiled.negated_types)
        self.ref = RulesetRef(name=ruleset.name, version=ruleset.version, sha256=ruleset.sha256)
        self.rule_order = {rule.id: rule.index for rule in ruleset.rules}  # the ruleset's order
        self.count_plans = {
            rule.id: [CountPlan(spec, rule, ruleset) for spec in rule.count]
            for rule in ruleset.rules
            if rule.count
        }

    def close(self) -> None:
        self.matcher.close()

    def evaluate(self, case: Case) -> Answer:
        self._check_tactics(case)
        facts = build_facts(case)
        matches = self.matcher.match(facts.records, self.max_matches)
        findings: list[Finding] = []
        fired: set[tuple[str, tuple[str, ...]]] = set()
        pending: list[tuple[CompiledRule, tuple[str, ...], Env]] = []
        for name, bound in matches:
            compiled = self.compiled.rules.get(name)
            if compiled is None:
                raise EvaluationError(f"durable-rules reported an unknown rule '{name}'")
            rule = compiled.rule
            env: Env = {b.alias: facts.by_seq[bound[b.alias]] for b in rule.when}
            signature = tuple(env[b.alias][KEY] for b in rule.when)
            if compiled.relaxed is not None:
                pending.append((compiled, signature, env))  # decided once every match is in
            elif (rule.id, signature) not in fired and self._counts_hold(rule, env, facts):
                fired.add((rule.id, signature))
                findings.append(self._finding(rule, env, facts))
        unknowns = self._unknowns(pending, fired, facts)
        findings = guard(findings, case, facts, self.ruleset)
        return Answer(
            case_id=case.case.id,
            ruleset=self.ref,
            findings=self._ordered(findings),
            unknowns=unknowns,
        )

    # -- steps ----------------------------------------------------------------------------
    def _check_tactics(self, case: Case) -> None:
        problems = check_tactics(case, self.ruleset.tactics)
        if problems:
            raise CaseError(problems)

    def _counts_hold(self, rule: CheckedRule, env: Env, facts: FactSet) -> bool:
        """Apply the rule's `count:` patterns; adds each count's result to `env`."""
        for plan in self.count_plans.get(rule.id, ()):
            key = (id(plan), *(env[a][KEY] for a in plan.outer))
            if key not in facts.memo:
                facts.memo[key] = plan.count(env, facts)
            result = facts.memo[key]
            if result is None:
                return False
            env[plan.spec.alias] = result
        return True

    def _finding(self, rule: CheckedRule, env: Env, facts: FactSet) -> Finding:
        spec = rule.rule
        tactic = self.ruleset.tactics.get(spec.code)
        code = self.ruleset.codes.get(spec.code)
        legal = spec.legal_basis or (tactic.legal_basis if tactic else code.legal_basis if code else [])
        ids: list[str] = []
        for binding in rule.when:
            ref = env[binding.alias][KEY]
            if ref not in ids:
                ids.append(ref)
        for count in rule.count:
            ids.extend(m for m in env[count.alias]["members"] if m not in ids)
        return Finding.model_construct(  # every value is typed already: no need to validate again
            kind=spec.kind,
            code=spec.code,
            severity=spec.severity,
            target=env[spec.target][KEY],
            rule=spec.id,
            title=spec.title,
            because=self.render(rule.because, rule, env, facts),
            legal_basis=list(legal),
            sources=[self.ruleset.cite(s) for s in spec.sources],
            facts=ids,
            confidence=spec.confidence or (tactic.confidence if tactic else None),
        )

    def render(self, segments: tuple[Segment, ...], rule: CheckedRule, env: Env, facts: FactSet) -> str:
        types = rule.alias_types
        out: list[str] = []
        for segment in segments:
            if segment.param is not None:
                out.append(_show(self.ruleset.parameters[segment.param].value, None))
            elif segment.alias is None:
                out.append(segment.text)
            else:
                record = env[segment.alias]
                attr = segment.attr
                if attr is None or attr == "id":
                    out.append(str(record[KEY]))
                elif attr in ("count", "group") and "members" in record:
                    out.append(str(record[attr]))
                elif (record[KEY], attr) in facts.lists:
                    items = facts.lists[(record[KEY], attr)]
                    out.append(", ".join(str(i) for i in items) if items else "nobody recorded")
                else:
                    schema = FACT_SCHEMA[types[segment.alias]][attr]
                    value = record.get(attr)
                    if value is None and schema.ranged and record.get(attr + LOW) is not None:
                        out.append(f"{record[attr + LOW]} or {record[attr + HIGH]}")
                    else:
                        out.append(_show(value, schema.kind))
        return "".join(out)

    def _unknowns(
        self,
        pending: list[tuple[CompiledRule, tuple[str, ...], Env]],
        fired: set[tuple[str, tuple[str, ...]]],
        facts: FactSet,
    ) -> list[Unknown]:
        needed: dict[str, list[CheckedRule]] = {}
        targets: dict[str, list[str]] = defaultdict(list)
        for compiled, signature, env in pending:
            rule = compiled.rule
            if (rule.id, signature) in fired or not self._counts_hold(rule, env, facts):
                continue
            assert compiled.relaxed is not None  # `pending` holds relaxed variants only
            alias, attr = compiled.relaxed
            ref = env[alias][KEY]
            fact = facts.missing_source.get((ref, attr), f"{ref}.{attr}")
            rules = needed.setdefault(fact, [])
            if rule not in rules:
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

    def _ordered(self, findings: list[Finding]) -> list[Finding]:
        order = self.rule_order

        def key(f: Finding) -> tuple[Any, ...]:
            tactic = self.ruleset.tactics.get(f.code)
            return (
                SEVERITY_RANK[f.severity],
                tactic.intrusiveness if tactic else 0,
                _KIND_RANK[f.kind],
                order.get(f.rule, -1),
                f.target,
                f.facts,
            )

        kept: dict[tuple[str, str, str], Finding] = {}
        for finding in sorted(findings, key=key):
            k = (finding.kind, finding.code, finding.target)
            if k in kept:
                first = kept[k]
                merged = first.facts + [i for i in finding.facts if i not in first.facts]
                kept[k] = first.model_copy(update={"facts": merged})
            else:
                kept[k] = finding
        return list(kept.values())


class CountPlan:
    """One `count:` pattern, compiled: "at least N facts like this, grouped by an attribute"."""

    def __init__(self, spec: CountBinding, rule: CheckedRule, ruleset: Ruleset) -> None:
        self.spec = spec
        types = {**rule.alias_types, spec.alias: spec.fact}
        compiler = PredicateCompiler(types, ruleset.parameters)
        self.tests = [compiler.compile(c) for c in spec.where]
        self.outer = sorted({r.alias for c in spec.where for r in refs_in(c)} - {spec.alias})
        self.join = _equality_join(spec, types)

    def candidates(self, env: Env, facts: FactSet) -> list[dict[str, Any]]:
        """Facts that may count: through a per-case index when a condition is an equality join."""
        every = facts.by_type.get(self.spec.fact, [])
        if self.join is None:
            return every
        own, outer = self.join
        key = (id(self), "index")
        if key not in facts.memo:
            index: dict[Any, list[dict[str, Any]]] = defaultdict(list)
            for fact in every:
                index[fact.get(own)].append(fact)
            facts.memo[key] = index
        value = env[outer.alias].get(KEY if outer.attr == "id" else outer.attr)
        return list(facts.memo[key].get(value, ())) if value is not None else []

    def count(self, env: Env, facts: FactSet) -> dict[str, Any] | None:
        spec = self.spec
        groups: dict[Any, list[dict[str, Any]]] = defaultdict(list)
        for candidate in self.candidates(env, facts):
            scope = {**env, spec.alias: candidate}
            if all(test(scope, facts) for test in self.tests):
                key = candidate.get(spec.group_by) if spec.group_by else None
                if spec.group_by and key is None:
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


def _equality_join(spec: CountBinding, types: dict[str, str]) -> tuple[str, Ref] | None:
    """A top-level `own.attr == outer.attr` condition of a count, to index candidates by."""
    for condition in spec.where:
        if not isinstance(condition, Compare) or condition.op != "==":
            continue
        sides = (condition.left, condition.right)
        if not all(isinstance(s, Ref) for s in sides):
            continue
        own = [s for s in sides if isinstance(s, Ref) and s.alias == spec.alias]
        outer = [s for s in sides if isinstance(s, Ref) and s.alias != spec.alias]
        if (
            len(own) == 1
            and len(outer) == 1
            and not FACT_SCHEMA[spec.fact][own[0].attr].many
            and not FACT_SCHEMA[types[outer[0].alias]][outer[0].attr].many
        ):
            return (KEY if own[0].attr == "id" else own[0].attr), outer[0]
    return None


def _show(value: Any, kind: str | None) -> str:
    if value is None:
        return "not recorded"
    if kind == "date" and isinstance(value, int):
        return date.fromordinal(value).isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)
