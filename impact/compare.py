"""Comparing two answers to one case, and folding the comparisons of many cases into a tally.

A finding is the same finding under both rulesets when its (kind, code, target, rule) is the
same; it *changed* when its severity or its reasons differ. A finding that moved to another
target (the same rule, code and facts) is one changed finding, not one removed and one added.

A `Tally` is mergeable: workers tally their share of the corpus and the parent merges the
partial tallies, in any order, into the same result (examples are kept by case id, so which
worker saw a case does not matter). Hosts that each analyse one force's cases merge the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from engine.finding import Finding

FindingKey = tuple[str, str, str, str]  # kind, code, target, rule
KIND_INDEX = {"recommend": 0, "warn": 1, "gap": 2}
CURRENT, PROPOSED = 0, 1


@dataclass(frozen=True, slots=True)
class View:
    """What the impact analysis reads of a finding."""

    rule: str
    kind: str
    code: str
    target: str
    severity: str
    because: str
    facts: tuple[str, ...]

    @property
    def key(self) -> FindingKey:
        return (self.kind, self.code, self.target, self.rule)

    @classmethod
    def of(cls, finding: Finding) -> View:
        return cls(
            finding.rule,
            finding.kind,
            finding.code,
            finding.target,
            finding.severity,
            finding.because,
            tuple(finding.facts),
        )


@dataclass(frozen=True, slots=True)
class Changed:
    before: View
    after: View
    fields: tuple[str, ...]  # of severity, target, because


@dataclass(frozen=True, slots=True)
class CaseDiff:
    added: tuple[View, ...]
    removed: tuple[View, ...]
    changed: tuple[Changed, ...]

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def _fields(before: View, after: View) -> tuple[str, ...]:
    return tuple(
        name
        for name, a, b in (
            ("severity", before.severity, after.severity),
            ("target", before.target, after.target),
            ("because", before.because, after.because),
        )
        if a != b
    )


def diff(before: Sequence[View], after: Sequence[View]) -> CaseDiff:
    """What changed from `before` (the current ruleset's findings) to `after` (the proposed)."""
    old = {f.key: f for f in before}
    new = {f.key: f for f in after}
    changed = [
        Changed(f, new[k], _fields(f, new[k]))
        for k, f in old.items()
        if k in new and (f.severity, f.because) != (new[k].severity, new[k].because)
    ]
    removed = [f for k, f in old.items() if k not in new]
    added = [f for k, f in new.items() if k not in old]
    moved: dict[tuple[str, str, str, tuple[str, ...]], list[View]] = {}
    for f in added:
        moved.setdefault((f.rule, f.kind, f.code, f.facts), []).append(f)
    still_removed: list[View] = []
    paired: set[FindingKey] = set()
    for f in removed:
        candidates = moved.get((f.rule, f.kind, f.code, f.facts))
        if candidates and f.facts:
            other = candidates.pop(0)
            paired.add(other.key)
            changed.append(Changed(f, other, _fields(f, other)))
        else:
            still_removed.append(f)
    return CaseDiff(
        added=tuple(f for f in added if f.key not in paired),
        removed=tuple(still_removed),
        changed=tuple(changed),
    )


# -- the tally -------------------------------------------------------------------------------
# An example as the workers keep it (plain tuples pickle small and fast):
# (case_id, force, target, severity, because, before (target, severity, because) | None, fields)
ExampleRow = tuple[str, str | None, str, str, str, tuple[str, str, str] | None, tuple[str, ...]]
CHANGES = ("added", "removed", "changed")


@dataclass
class Tally:
    """Counts over part of a corpus. `merge` adds another part's counts in."""

    examples_per_rule: int = 3
    cases: int = 0
    cases_changed: int = 0
    # rule → [current findings, proposed findings, added, removed, changed]
    rules: dict[str, list[int]] = field(default_factory=dict)
    rule_kinds: dict[str, tuple[str, str]] = field(default_factory=dict)  # rule → (kind, code)
    # code → [current recommend, warn, gap, proposed recommend, warn, gap]
    codes: dict[str, list[int]] = field(default_factory=dict)
    # force → [cases, current recommend, warn, gap, proposed recommend, warn, gap]
    forces: dict[str | None, list[int]] = field(default_factory=dict)
    examples: dict[tuple[str, str], list[ExampleRow]] = field(default_factory=dict)  # (rule, change)
    unevaluable_cases: int = 0
    unevaluable: list[tuple[str, str, str]] = field(default_factory=list)  # case_id, side, problem

    def _rule(self, view: View) -> list[int]:
        row = self.rules.get(view.rule)
        if row is None:
            row = self.rules[view.rule] = [0, 0, 0, 0, 0]
            self.rule_kinds[view.rule] = (view.kind, view.code)
        return row

    def add(self, case_id: str, force: str | None, before: Sequence[View], after: Sequence[View]) -> CaseDiff:
        """Count one case evaluated under both rulesets."""
        self.cases += 1
        per_force = self.forces.get(force)
        if per_force is None:
            per_force = self.forces[force] = [0] * 7
        per_force[0] += 1
        for side, views in ((CURRENT, before), (PROPOSED, after)):
            offset = 3 * side
            for f in views:
                self._rule(f)[side] += 1
                k = KIND_INDEX[f.kind] + offset
                per_force[1 + k] += 1
                per_code = self.codes.get(f.code)
                if per_code is None:
                    per_code = self.codes[f.code] = [0] * 6
                per_code[k] += 1
        result = diff(before, after)
        if result.empty:
            return result
        self.cases_changed += 1
        for f in result.added:
            self._rule(f)[2] += 1
            self._example(f.rule, "added", (case_id, force, f.target, f.severity, f.because, None, ()))
        for f in result.removed:
            self._rule(f)[3] += 1
            self._example(f.rule, "removed", (case_id, force, f.target, f.severity, f.because, None, ()))
        for c in result.changed:
            self._rule(c.after)[4] += 1
            a, b = c.after, c.before
            self._example(
                a.rule,
                "changed",
                (
                    case_id,
                    force,
                    a.target,
                    a.severity,
                    a.because,
                    (b.target, b.severity, b.because),
                    c.fields,
                ),
            )
        return result

    def refused(self, case_id: str, side: str, problem: str) -> None:
        self.unevaluable_cases += 1
        self.unevaluable.append((case_id, side, problem))
        self._trim_unevaluable()

    def _trim_unevaluable(self) -> None:
        limit = max(20, self.examples_per_rule * 10)
        if len(self.unevaluable) > limit:
            self.unevaluable = sorted(self.unevaluable)[:limit]

    def _example(self, rule: str, change: str, row: ExampleRow) -> None:
        kept = self.examples.setdefault((rule, change), [])
        kept.append(row)
        if len(kept) > self.examples_per_rule:
            kept.sort(key=_example_order)
            del kept[self.examples_per_rule :]

    def merge(self, other: Tally) -> Tally:
        """Add `other`'s counts into this tally; returns self."""
        self.cases += other.cases
        self.cases_changed += other.cases_changed
        for rule, counts in other.rules.items():
            mine = self.rules.setdefault(rule, [0, 0, 0, 0, 0])
            self.rule_kinds.setdefault(rule, other.rule_kinds[rule])
            _add_into(mine, counts)
        for code, counts in other.codes.items():
            _add_into(self.codes.setdefault(code, [0] * 6), counts)
        for force, counts in other.forces.items():
            _add_into(self.forces.setdefault(force, [0] * 7), counts)
        for where, rows in other.examples.items():
            kept = self.examples.setdefault(where, [])
            kept.extend(rows)
            kept.sort(key=_example_order)
            del kept[self.examples_per_rule :]
        self.unevaluable_cases += other.unevaluable_cases
        self.unevaluable.extend(other.unevaluable)
        self._trim_unevaluable()
        return self


def _example_order(row: ExampleRow) -> tuple[str, str, str]:
    return (row[0], row[1] or "", row[2])


def _add_into(mine: list[int], theirs: Iterable[int]) -> None:
    for i, n in enumerate(theirs):
        mine[i] += n
