"""Statutory tests: against whom, on a case's facts, the law allows each tactic.

A tactic's `legal:` section in the catalogue states its statutory test twice: in words, limb by
limb, each marked ✔ (checked against statute or official guidance), ◐ (secondary sources) or ✘
(unverified); and as one or more routes of conditions, checked like rules, whose `target` is the
tactic's target. `LegalCheck` matches the routes against a case. The test suite checks that every
recommendation the rules make meets its tactic's test on the same facts, so a rule that would
recommend a tactic the law does not allow fails before it ships; `explain` writes the test out for
a rule, and which of a case's facts met each limb.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict

from engine.case import Case
from engine.evaluate import Engine, Firing
from engine.fact import KEY
from engine.ruleset import Ruleset
from engine.typecheck import CheckedRule

Met = dict[tuple[str, str], list[Firing]]  # (tactic, target) → the routes' firings that met the test


class LegalCheck:
    """The catalogue's statutory tests, compiled once, matched per case."""

    def __init__(self, ruleset: Ruleset) -> None:
        self.ruleset = ruleset
        routes = [route for tactic_routes in ruleset.legal.values() for route in tactic_routes]
        header = ruleset.header.model_copy(update={"name": f"{ruleset.name}_legal"})
        self.engine = Engine(dataclasses.replace(ruleset, header=header, rules=routes)) if routes else None

    def close(self) -> None:
        if self.engine is not None:
            self.engine.close()

    def tested(self, tactic_id: str) -> bool:
        return tactic_id in self.ruleset.legal

    def met(self, case: Case) -> Met:
        """Every (tactic, target) whose statutory test the case's facts meet, decided (not left open)."""
        found: Met = defaultdict(list)
        if self.engine is None:
            return found
        firings, _undecided = self.engine.fire(self.engine.facts(case))
        for firing in firings:
            found[(firing.rule.rule.code, firing.target)].append(firing)
        return found


def explain(ruleset: Ruleset, rule: CheckedRule, met: Met | None = None) -> str:
    """A rule's tactic's statutory test in words; with `met` (one case), which facts met each limb."""
    spec = rule.rule
    tactic = ruleset.tactics.get(spec.code)
    lines = [f"Rule {spec.id}: {spec.title}", f"  {spec.kind} {spec.code}, aimed at '{spec.target}'"]
    if spec.kind != "recommend" or tactic is None:
        lines.append(f"  A {spec.kind} finding recommends no tactic: there is no statutory test to meet.")
        return "\n".join(lines)
    lines.append(f"  Tactic: {tactic.name}; legal basis: {'; '.join(tactic.legal_basis)}")
    if tactic.legal is None:
        lines.append("  The catalogue states no statutory test for this tactic.")
        return "\n".join(lines)
    lines.append(f"  The statutory test: {tactic.legal.summary}")
    for limb in tactic.legal.limbs:
        lines.append(f"    {limb.mark} {limb.says} ({limb.source})")
    if not ruleset.legal.get(spec.code):
        lines.append("  (This test is stated in words only; the engine cannot check it on a case's facts.)")
    if met is None:
        return "\n".join(lines)
    mine = {target: firings for (code, target), firings in met.items() if code == spec.code}
    if not mine:
        lines.append("  On this case, the test is met for nobody.")
    for target, firings in sorted(mine.items()):
        firing = firings[0]
        lines.append(f"  On this case, met for {target} by route {firing.rule.index + 1}:")
        for limb in tactic.legal.limbs:
            facts = [str(firing.env[a][KEY]) for a in limb.about if a in firing.env]
            shown = ", ".join(facts) if facts else "—"
            lines.append(f"    {limb.mark} {limb.says}: {shown}")
    return "\n".join(lines)
