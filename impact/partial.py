"""A partial impact report, and merging partial reports into one.

Past one machine, the corpus is partitioned by force: each host runs
`disrupt impact --ruleset NEW_DIR --force F --format partial > F.json` over its share, and one
of them merges the parts: `disrupt impact --ruleset NEW_DIR --merge *.json`. A part carries its
whole tally (not only the rules that changed), so the merged report is exactly the report of
one run over the union of the parts; parts computed with other rulesets are refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from engine.errors import InputError
from impact.compare import ExampleRow, Tally
from impact.models import DeclinedRule, Scope


class Shape(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RuleCounts(Shape):
    rule: str
    kind: str
    code: str
    counts: list[int] = Field(
        min_length=5, max_length=5, description="current, proposed, added, removed, changed"
    )


class CodeCounts(Shape):
    code: str
    counts: list[int] = Field(min_length=6, max_length=6, description="current r/w/g, proposed r/w/g")


class ForceCounts(Shape):
    force: str | None
    counts: list[int] = Field(min_length=7, max_length=7, description="cases, current r/w/g, proposed r/w/g")


class Examples(Shape):
    rule: str
    change: str
    rows: list[ExampleRow]


class Partial(Shape):
    """One host's share of an impact analysis: the full tally, with the rulesets it compared."""

    current_sha256: str
    proposed_sha256: str
    scope: Scope
    examples_per_rule: int
    cases: int
    cases_changed: int
    rules: list[RuleCounts]
    codes: list[CodeCounts]
    forces: list[ForceCounts]
    examples: list[Examples]
    unevaluable_cases: int
    unevaluable: list[tuple[str, str, str]]
    declined: list[DeclinedRule]

    @classmethod
    def of(
        cls, tally: Tally, current: str, proposed: str, scope: Scope, declined: list[DeclinedRule]
    ) -> Partial:
        return cls(
            current_sha256=current,
            proposed_sha256=proposed,
            scope=scope,
            examples_per_rule=tally.examples_per_rule,
            cases=tally.cases,
            cases_changed=tally.cases_changed,
            rules=[
                RuleCounts(rule=r, kind=tally.rule_kinds[r][0], code=tally.rule_kinds[r][1], counts=c)
                for r, c in sorted(tally.rules.items())
            ],
            codes=[CodeCounts(code=k, counts=c) for k, c in sorted(tally.codes.items())],
            forces=[ForceCounts(force=f, counts=c) for f, c in tally.forces.items()],
            examples=[
                Examples(rule=r, change=ch, rows=rows) for (r, ch), rows in sorted(tally.examples.items())
            ],
            unevaluable_cases=tally.unevaluable_cases,
            unevaluable=list(tally.unevaluable),
            declined=declined,
        )

    def tally(self) -> Tally:
        t = Tally(self.examples_per_rule)
        t.cases, t.cases_changed = self.cases, self.cases_changed
        for r in self.rules:
            t.rules[r.rule] = list(r.counts)
            t.rule_kinds[r.rule] = (r.kind, r.code)
        t.codes = {c.code: list(c.counts) for c in self.codes}
        t.forces = {f.force: list(f.counts) for f in self.forces}
        t.examples = {(e.rule, e.change): [tuple(row) for row in e.rows] for e in self.examples}  # type: ignore[misc]
        t.unevaluable_cases, t.unevaluable = self.unevaluable_cases, [tuple(u) for u in self.unevaluable]  # type: ignore[misc]
        return t


def read_parts(paths: Sequence[Path]) -> list[Partial]:
    parts = []
    for path in paths:
        try:
            parts.append(Partial.model_validate_json(path.read_bytes()))
        except OSError as exc:
            raise InputError(f"{path}: cannot read the partial report ({exc.strerror})") from None
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            raise InputError(f"{path}: not a partial impact report ({where}: {first['msg']})") from None
    return parts


def merge(parts: Sequence[Partial], current: str, proposed: str) -> tuple[Tally, list[DeclinedRule]]:
    """The parts' tallies merged; every part must have compared the same two rulesets."""
    if not parts:
        raise InputError("no partial reports to merge")
    for part in parts:
        if (part.current_sha256, part.proposed_sha256) != (current, proposed):
            raise InputError(
                f"a partial report (scope {part.scope.force or 'all forces'}) compared rulesets "
                f"{part.current_sha256[:12]} → {part.proposed_sha256[:12]}, "
                f"not {current[:12]} → {proposed[:12]}"
            )
    tally = Tally(max(p.examples_per_rule for p in parts))
    for part in parts:
        tally.merge(part.tally())
    return tally, merge_declined([d for p in parts for d in p.declined])


def merge_declined(rows: list[DeclinedRule], most: int = 10) -> list[DeclinedRule]:
    by_rule: dict[str, list[DeclinedRule]] = {}
    for row in rows:
        by_rule.setdefault(row.rule, []).append(row)
    merged = []
    for rule, found in by_rule.items():
        answered = sum(r.answered for r in found)
        declined = sum(r.declined for r in found)
        decided = sum(r.declined / r.declined_share for r in found if r.declined_share)
        reasons = list(dict.fromkeys(reason for r in found for reason in r.decline_reasons))[:3]
        merged.append(
            DeclinedRule(
                rule=rule,
                answered=answered,
                declined=declined,
                declined_share=round(declined / decided, 3) if decided else None,
                decline_reasons=reasons,
            )
        )
    merged.sort(key=lambda r: (-r.declined, -(r.declined_share or 0.0), r.rule))
    return merged[:most]
