"""What one evaluation writes to the record: its rows, taken from the case and the answer.

Pure functions, no database: a case (as sent) and the engine's answer in, table rows out.
`evaluation_rows()` needs only what the evaluation itself produced, so the API's evaluation worker,
which already holds the validated case and the answer, builds them there; the server then
only stamps who asked and when (`Entry.stamp`) and writes, without parsing or validating the
case a second time.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from engine.case import Case, MissingEpisode, case_from_data
from engine.finding import Answer, RulesetRef
from record.policy import CAWN, NOT_CONSIDERED, Policy

Row = dict[str, Any]

ISSUED = frozenset({"issued", "breached"})  # a breached notice was issued first
ANNUAL_REVIEW = "annual_perpetrator_review"


def to_json(data: Any) -> str:
    """Compact JSON, dates as ISO strings (a YAML case carries date objects)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False, default=_iso)


def _iso(value: Any) -> str:
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


def as_sent(case: Case | Mapping[str, Any]) -> tuple[Case, str]:
    """The validated case and the exact JSON text to keep for it."""
    if isinstance(case, Case):
        return case, to_json(case.model_dump(mode="json", by_alias=True, exclude_unset=True))
    return case_from_data(dict(case)), to_json(case)


@dataclass
class Entry:
    """The rows of one evaluation and the ruleset that produced it. `stamp` fills in who asked
    and when; `evaluation_id` is filled in by the recorder."""

    evaluation: Row
    ruleset: RulesetRef
    findings: list[Row] = field(default_factory=list)
    tactics: list[Row] = field(default_factory=list)
    episodes: list[Row] = field(default_factory=list)
    suspects: list[Row] = field(default_factory=list)
    # episodes the engine flags with the ¶20 gap: never counted as considered, whatever the
    # record knew before (the recorder overrides its "once considered, always so" for them)
    not_considered: list[str] = field(default_factory=list)

    @property
    def case_id(self) -> str:
        return str(self.evaluation["case_id"])

    @property
    def force(self) -> str | None:
        """The case's `case.force` (None when it names none)."""
        force = self.evaluation["force"]
        return None if force is None else str(force)

    def stamp(self, asked_by: str, asked_at: datetime) -> Entry:
        """Who asked and when (the time also marks each suspect as seen); returns self."""
        self.evaluation["asked_by"] = asked_by
        self.evaluation["asked_at"] = asked_at
        for row in self.suspects:
            row["seen_at"] = asked_at
        return self

    def children(self) -> Iterable[tuple[str, list[Row]]]:
        yield "findings", self.findings
        yield "tactics_used", self.tactics
        yield "episodes", self.episodes
        yield "suspects", self.suspects


def entry(
    case: Case, case_json: str, answer: Answer, asked_by: str, asked_at: datetime,
    policy: Policy | None = None,
) -> Entry:
    return evaluation_rows(case, case_json, answer, policy=policy).stamp(asked_by, asked_at)


def evaluation_rows(
    case: Case, case_json: str, answer: Answer, answer_json: str | None = None, policy: Policy | None = None
) -> Entry:
    """The rows of one evaluation, not yet stamped with who asked and when.

    `answer_json` is the answer as it was sent, when it has been serialised already; `policy`
    is the answering ruleset's (`record.policy.policy_of`), where it is known.
    """
    header = case.case
    case_id = answer.case_id
    owner = header.force or ""  # the case's identity is (force, id): tables.NO_FORCE for none
    return Entry(
        evaluation={
            "case_force": owner,
            "case_id": case_id,
            "force": header.force,
            "as_of": header.as_of,
            "asked_by": None,
            "asked_at": None,
            "ruleset_sha256": answer.ruleset.sha256,
            "case_json": case_json,
            "answer_json": answer.model_dump_json() if answer_json is None else answer_json,
        },
        ruleset=answer.ruleset,
        findings=[
            {
                "case_id": case_id,
                "position": position,
                "kind": f.kind,
                "code": f.code,
                "rule": f.rule,
                "target": f.target,
                "severity": f.severity,
            }
            for position, f in enumerate(answer.findings)
        ],
        tactics=[
            {
                "case_force": owner,
                "case_id": case_id,
                "action_id": action.id,
                "tactic": action.tactic,
                "target": action.target,
                "date": action.date,
                "force": action.force or header.force,
                "status": action.status,
                "recorded": action.recorded,
                "source": "case",
                "response_id": None,
            }
            for action in case.actions
        ],
        episodes=episodes(case, answer, policy),
        not_considered=sorted(flagged_episodes(case, answer)),
        suspects=[
            {
                "case_force": owner,
                "case_id": case_id,
                "person_id": person.id,
                "force": header.force,
                "last_reviewed": person.last_reviewed,
                "seen_at": None,
            }
            for person in case.people
            if person.role == "suspect"
        ],
    )


def flagged_episodes(case: Case, answer: Answer) -> set[str]:
    """The missing episodes the engine flags: found with an adult, no CAWN considered (¶20)."""
    ids = {e.id for e in case.events if isinstance(e, MissingEpisode)}
    return {f.target for f in answer.findings if f.kind == "gap" and f.code == NOT_CONSIDERED} & ids


def episodes(case: Case, answer: Answer, policy: Policy | None = None) -> list[Row]:
    """Each missing episode, with the ¶20 measure: found with an adult, CAWN considered, issued.

    The adults are those the answering ruleset's CAWN rules look for (`policy`); where that
    ruleset is not known, those its CAWN findings name. An episode the engine flags with the
    ¶20 gap is never counted as considered, whatever else the case records.
    """
    people = {p.id: p for p in case.people}
    cawn_findings = [
        f for f in answer.findings
        if (f.kind, f.code) in (("recommend", CAWN), ("gap", NOT_CONSIDERED))
    ]
    flagged = {f.target for f in cawn_findings if f.code == NOT_CONSIDERED}
    recommended = {f.target for f in cawn_findings if f.code == CAWN}
    considered = recommended | {a.target for a in case.actions if a.tactic == CAWN}
    issued = {a.target for a in case.actions if a.tactic == CAWN and a.status in ISSUED}
    rows: list[Row] = []
    for event in case.events:
        if not isinstance(event, MissingEpisode):
            continue
        if policy is not None:
            adults = [
                pid
                for pid in event.found_with
                if pid in people
                and people[pid].role in policy.cawn_roles
                and not (policy.cawn_excludes_carers and event.child in people[pid].connected_to)
            ]
        else:
            named = {fact for f in cawn_findings if event.id in f.facts for fact in f.facts}
            adults = [pid for pid in event.found_with if pid in named]
        not_considered = event.id in flagged
        rows.append(
            {
                "case_force": case.case.force or "",
                "case_id": case.case.id,
                "episode_id": event.id,
                "child": event.child,
                "date": event.date,
                "force": case.case.force,
                "adults": ",".join(adults),
                "found_with_adult": bool(adults) or not_considered,
                "cawn_considered": not not_considered and any(a in considered for a in adults),
                "cawn_issued": any(a in issued for a in adults),
            }
        )
    return rows


def adults_of(text: str) -> list[str]:
    """The `adults` column of an episode row, as ids."""
    return text.split(",") if text else []
