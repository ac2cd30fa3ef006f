"""Replaying a recorded answer: the stored facts, re-run with the ruleset that answered them
and with the current one, and what changed between the recorded answer and today's.

Findings are matched by (kind, code, target, rule): in one and not the other → added or
removed; in both with a different severity or reasons → changed.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from sqlalchemy import select

from engine.case import case_from_data
from engine.evaluate import Engine
from engine.finding import Answer, Finding
from engine.ruleset import fingerprint, ruleset_from_texts
from record.access import Access, audit
from record.cases import Forces, locate
from record.errors import NotRecorded
from record.models import FindingChange, Replay
from record.store import Store
from record.tables import evaluations, rulesets

FindingKey = tuple[str, str, str, str]
T = TypeVar("T")


@dataclass(frozen=True)
class RecordedEvaluation:
    id: int
    case_id: str
    asked_at: datetime
    case: dict[str, Any]
    answer: Answer
    files: dict[str, str] | None  # the texts of the ruleset that answered; None if not kept


def recorded_evaluation(
    store: Store, case_id: str, evaluation_id: int | None = None, *, forces: Forces = None,
    force: str | None = None, access: Access | None = None,
) -> RecordedEvaluation:
    """The given evaluation of the case (among `forces`, of `force` when given), or its
    latest. With an `access`, it is written in the same transaction or nothing is read."""
    e = evaluations.c
    with store.writing() if access is not None else store.reading() as conn:
        case_force = locate(conn, case_id, forces, force)
        query = (
            select(e.id, e.case_id, e.asked_at, e.case_json, e.answer_json, rulesets.c.files)
            .join(rulesets, rulesets.c.sha256 == e.ruleset_sha256)
            .where(e.case_id == case_id, e.case_force == case_force)
            .order_by(e.id.desc())
            .limit(1)
        )
        if evaluation_id is not None:
            query = query.where(e.id == evaluation_id)
        row = conn.execute(query).first()
        if row is None:
            which = "evaluation of case" if evaluation_id is None else f"evaluation {evaluation_id} of case"
            raise NotRecorded(f"no {which} '{case_id}' is recorded")
        if access is not None:
            audit(conn, access.disclosed(1, force=case_force, case_id=case_id))
    return RecordedEvaluation(
        id=row.id,
        case_id=row.case_id,
        asked_at=row.asked_at,
        case=json.loads(row.case_json),
        answer=Answer.model_validate_json(row.answer_json),
        files=json.loads(row.files) if row.files is not None else None,
    )


def key(finding: Finding) -> FindingKey:
    return (finding.kind, finding.code, finding.target, finding.rule)


def compare(recorded: RecordedEvaluation, reproduced: Answer | None, current: Answer) -> Replay:
    before = {key(f): f for f in recorded.answer.findings}
    after = {key(f): f for f in current.findings}
    changed: list[FindingChange] = []
    unchanged: list[Finding] = []
    for k, old in before.items():
        new = after.get(k)
        if new is None:
            continue
        if (old.severity, old.because, old.facts) != (new.severity, new.because, new.facts):
            changed.append(FindingChange(before=old, after=new))
        else:
            unchanged.append(new)
    return Replay(
        case_id=recorded.case_id,
        evaluation_id=recorded.id,
        asked_at=recorded.asked_at,
        original=recorded.answer.ruleset,
        current=current.ruleset,
        reproduced=None if reproduced is None else _same(reproduced, recorded.answer),
        added=[f for k, f in after.items() if k not in before],
        removed=[f for k, f in before.items() if k not in after],
        changed=changed,
        unchanged=unchanged,
    )


def _same(a: Answer, b: Answer) -> bool:
    return a.model_dump(exclude={"ruleset"}) == b.model_dump(exclude={"ruleset"})


class PastRulesets(Generic[T]):
    """What is built from past rulesets' stored texts (engines, the API's snapshots), by
    sha256; the few last used are kept, and `release` is called on each one let go."""

    def __init__(self, build: Callable[[dict[str, str]], T], release: Callable[[T], None] | None = None,
                 keep: int = 3) -> None:
        self.build = build
        self.release = release
        self.keep = keep
        self._built: OrderedDict[str, T] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, files: dict[str, str]) -> T:
        sha256 = fingerprint(files)
        with self._lock:
            found = self._built.get(sha256)
            if found is not None:
                self._built.move_to_end(sha256)
                return found
        built = self.build(files)  # outside the lock: building a ruleset takes a while
        let_go: list[T] = []
        with self._lock:
            found = self._built.get(sha256)
            if found is not None:  # another thread built it meanwhile: keep theirs
                let_go.append(built)
                built = found
            self._built[sha256] = built
            self._built.move_to_end(sha256)
            while len(self._built) > self.keep:
                let_go.append(self._built.popitem(last=False)[1])
        self._let_go(let_go)
        return built

    def close(self) -> None:
        with self._lock:
            let_go, self._built = list(self._built.values()), OrderedDict()
        self._let_go(let_go)

    def _let_go(self, items: list[T]) -> None:
        if self.release is not None:
            for item in items:
                self.release(item)


def past_engines(keep: int = 3) -> PastRulesets[Engine]:
    """Engines for past rulesets, closed when let go."""
    return PastRulesets(lambda files: Engine(ruleset_from_texts(files)), Engine.close, keep)


def replay(
    store: Store,
    case_id: str,
    current: Engine,
    past: PastRulesets[Engine],
    evaluation_id: int | None = None,
    *,
    force: str | None = None,
    access: Access | None = None,
) -> Replay:
    """Replay in this process (the CLI); the API runs the same steps in its workers."""
    recorded = recorded_evaluation(store, case_id, evaluation_id, force=force, access=access)
    case = case_from_data(recorded.case)
    now = current.evaluate(case)
    if recorded.answer.ruleset.sha256 == current.ref.sha256:
        return compare(recorded, now, now)
    reproduced = past.get(recorded.files).evaluate(case) if recorded.files is not None else None
    return compare(recorded, reproduced, now)
