"""Running an impact analysis: check the proposed ruleset, evaluate the corpus under both
rulesets in worker processes, and build the report.

A proposed ruleset that does not load (any problem, located by file, line and column) or does
not compile into the matching engine is refused before a single case is evaluated.

Each worker process holds one engine per ruleset (durable-rules: one live session per ruleset,
scale with processes, never threads). The parent streams the corpus in batches and keeps at
most two batches per worker in flight, so memory does not grow with the corpus; each worker
answers a batch with its partial tally, which the parent merges.
"""

from __future__ import annotations

import json
import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from engine.case import case_from_data
from engine.errors import CaseError, EvaluationError, InputError
from engine.evaluate import Engine
from engine.finding import RulesetRef
from engine.ruleset import Ruleset, ruleset_from_texts
from impact.compare import CHANGES, KIND_INDEX, Tally, View
from impact.corpus import BATCH, Corpus, Item
from impact.models import (
    KINDS,
    DeclinedRule,
    Example,
    FindingSide,
    ForceImpact,
    ImpactReport,
    KindCounts,
    ParameterChange,
    RuleImpact,
    Scope,
    SideInfo,
    TacticImpact,
    Unevaluable,
)

Progress = Callable[[int, int], None]  # (cases done, cases in all)
EXAMPLES_PER_RULE = 3
IN_FLIGHT_PER_WORKER = 2


def checked(ruleset: Ruleset) -> Ruleset:
    """The ruleset, once it has loaded into the matching engine; raises RulesetError if not."""
    Engine(ruleset).close()
    return ruleset


class Pair:
    """The two engines: current and proposed. One per worker process."""

    def __init__(self, current: Ruleset, proposed: Ruleset, examples: int) -> None:
        self.current = Engine(current)
        self.proposed = Engine(proposed)
        self.examples = examples

    def close(self) -> None:
        self.current.close()
        self.proposed.close()

    def run(self, items: list[Item]) -> Tally:
        tally = Tally(self.examples)
        for item in items:
            try:
                case = case_from_data(json.loads(item.case_json))
            except (CaseError, InputError, ValueError) as exc:
                tally.refused(item.case_id, "current", _problem(exc))
                continue
            views: list[list[View]] = []
            for side, engine in (("current", self.current), ("proposed", self.proposed)):
                try:
                    answer = engine.evaluate(case)
                except (CaseError, EvaluationError) as exc:
                    tally.refused(item.case_id, side, _problem(exc))
                    break
                views.append([View.of(f) for f in answer.findings])
            else:
                tally.add(item.case_id, item.force, views[0], views[1])
        return tally


def _problem(exc: Exception) -> str:
    problems = getattr(exc, "problems", None)
    return problems[0].message if problems else type(exc).__name__


# -- worker processes ------------------------------------------------------------------------
_pair: Pair | None = None


def _start(current: dict[str, str], proposed: dict[str, str], examples: int) -> None:
    global _pair
    _pair = Pair(ruleset_from_texts(current), ruleset_from_texts(proposed), examples)


def _run_batch(items: list[Item]) -> Tally:
    assert _pair is not None, "the worker was not started"
    return _pair.run(items)


def evaluate_corpus(
    current: Ruleset,
    proposed: Ruleset,
    corpus: Corpus,
    *,
    workers: int = 0,
    examples: int = EXAMPLES_PER_RULE,
    progress: Progress | None = None,
    batch: int = BATCH,
) -> Tally:
    """Evaluate every case of `corpus` under both rulesets; `workers=0` runs in this process."""
    total = corpus.count()
    tally = Tally(examples)
    done = 0
    if progress is not None:
        progress(0, total)
    if workers <= 0:
        pair = Pair(current, proposed, examples)
        try:
            for items in corpus.batches(batch):
                tally.merge(pair.run(items))
                done += len(items)
                if progress is not None:
                    progress(done, total)
        finally:
            pair.close()
        return tally
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_start,
        initargs=(current.files, proposed.files, examples),
    ) as pool:
        pending: dict[Future[Tally], int] = {}
        batches: Iterator[list[Item]] = corpus.batches(batch)
        exhausted = False
        while True:
            while not exhausted and len(pending) < workers * IN_FLIGHT_PER_WORKER:
                part = next(batches, None)
                if part is None:
                    exhausted = True
                    break
                pending[pool.submit(_run_batch, part)] = len(part)
            if not pending:
                break
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                tally.merge(future.result())
                done += pending.pop(future)
                if progress is not None:
                    progress(done, total)
    return tally


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


# -- the report ------------------------------------------------------------------------------
def side_info(ruleset: Ruleset) -> SideInfo:
    return SideInfo(
        ruleset=RulesetRef(name=ruleset.name, version=ruleset.version, sha256=ruleset.sha256),
        rules=len(ruleset.rules),
        parameters=len(ruleset.parameters),
    )


def parameter_changes(current: Ruleset, proposed: Ruleset) -> list[ParameterChange]:
    """Every parameter added, removed, or whose value differs between the two rulesets."""
    out: list[ParameterChange] = []
    for name in sorted(set(current.parameters) | set(proposed.parameters)):
        before = current.parameters.get(name)
        after = proposed.parameters.get(name)
        old: Any = before.model_dump(mode="json")["value"] if before is not None else None
        new: Any = after.model_dump(mode="json")["value"] if after is not None else None
        if before is None:
            out.append(ParameterChange(name=name, change="added", after=new))
        elif after is None:
            out.append(ParameterChange(name=name, change="removed", before=old))
        elif old != new:
            out.append(ParameterChange(name=name, change="changed", before=old, after=new))
    return out


def _counts(values: list[int], offset: int = 0, keep_zero: bool = False) -> list[KindCounts]:
    out = []
    for kind in KINDS:
        i = KIND_INDEX[kind] + offset
        cur, prop = values[i], values[i + 3]
        if keep_zero or cur or prop:
            out.append(KindCounts(kind=kind, current=cur, proposed=prop, difference=prop - cur))
    return out


def _example(row: tuple[Any, ...]) -> Example:
    case_id, force, target, severity, because, before, fields = row
    return Example(
        case_id=case_id,
        force=force,
        target=target,
        severity=severity,
        because=because,
        before=None
        if before is None
        else FindingSide(target=before[0], severity=before[1], because=before[2]),
        fields=list(fields),
    )


def build_report(
    tally: Tally,
    current: Ruleset,
    proposed: Ruleset,
    scope: Scope,
    declined: list[DeclinedRule] | None = None,
) -> ImpactReport:
    order: dict[str, int] = {}
    meta: dict[str, tuple[str, str]] = {}
    for ruleset in (current, proposed):
        for r in ruleset.rules:
            order.setdefault(r.id, len(order))
            meta[r.id] = (r.rule.kind, r.rule.code)  # the proposed rule's, where both have it
    in_current = {r.id for r in current.rules}
    in_proposed = {r.id for r in proposed.rules}
    rules: list[RuleImpact] = []
    for rule, counts in tally.rules.items():
        if not (counts[2] or counts[3] or counts[4]):
            continue
        kind, code = meta.get(rule) or tally.rule_kinds[rule]
        ex = {change: [_example(r) for r in tally.examples.get((rule, change), [])] for change in CHANGES}
        rules.append(
            RuleImpact(
                rule=rule,
                kind=kind,
                code=code,
                in_current=rule in in_current,
                in_proposed=rule in in_proposed,
                current_findings=counts[0],
                proposed_findings=counts[1],
                added=counts[2],
                removed=counts[3],
                changed=counts[4],
                added_examples=ex["added"],
                removed_examples=ex["removed"],
                changed_examples=ex["changed"],
            )
        )
    rules.sort(key=lambda r: (-(r.added + r.removed + r.changed), order.get(r.rule, len(order)), r.rule))
    tactics = [
        TacticImpact(code=code, counts=_counts(values))
        for code, values in sorted(tally.codes.items())
        if values[:3] != values[3:]
    ]
    forces = [
        ForceImpact(force=force, cases=values[0], counts=_counts(values, offset=1, keep_zero=True))
        for force, values in sorted(tally.forces.items(), key=lambda item: item[0] or "")
    ]
    fired = {rule for rule, counts in tally.rules.items() if counts[0] or counts[1]}
    dead = [rule for rule in sorted(order, key=order.__getitem__) if rule not in fired] if tally.cases else []
    return ImpactReport(
        generated_at=datetime.now(UTC),
        scope=scope,
        current=side_info(current),
        proposed=side_info(proposed),
        parameters=parameter_changes(current, proposed),
        cases=tally.cases,
        cases_changed=tally.cases_changed,
        unchanged=tally.cases_changed == 0,
        rules=rules,
        tactics=tactics,
        forces=forces,
        dead_rules=dead,
        declined=declined or [],
        unevaluable_cases=tally.unevaluable_cases,
        unevaluable=[
            Unevaluable(case_id=c, side=s, problem=p)
            for c, s, p in sorted(tally.unevaluable)
        ],
        examples_per_rule=tally.examples_per_rule,
    )


@dataclass(frozen=True)
class Request:
    """What to analyse: the proposed ruleset against a corpus."""

    current: Ruleset
    proposed: Ruleset
    corpus: Corpus
    scope: Scope
    workers: int = 0
    examples: int = EXAMPLES_PER_RULE


def analyse(
    request: Request,
    progress: Progress | None = None,
    declined: Callable[[], list[DeclinedRule]] | None = None,
) -> ImpactReport:
    """Check the proposed ruleset (raise RulesetError, nothing evaluated), then run the analysis."""
    checked(request.proposed)
    tally = evaluate_corpus(
        request.current,
        request.proposed,
        request.corpus,
        workers=request.workers,
        examples=request.examples,
        progress=progress,
    )
    return build_report(
        tally, request.current, request.proposed, request.scope, declined() if declined is not None else None
    )
