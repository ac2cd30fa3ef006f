"""Writing the decision record: evaluations, the rulesets that produced them, officers' responses.

Each call is one transaction: an evaluation is stored with its findings and the current
state of the case's tactics, missing episodes and suspects, or not at all. A batch
(`record_evaluations`) takes the same path for each evaluation and commits once.

An evaluation comes either as the case and the answer (`Evaluated`: the rows are taken here)
or with its rows already taken where it was evaluated (`Prepared`: the API's workers do it).
Its rows are written by statements compiled once per recorder and row count, each inserting
many rows at once (`record.driver` says why).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Insert, Table, case, delete, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql import ColumnElement

from engine.case import Case
from engine.finding import Answer, RulesetRef
from engine.ruleset import Ruleset
from record.access import Access, audit
from record.cases import Forces, locate
from record.driver import Statements, Values
from record.errors import NotRecorded
from record.extract import ANNUAL_REVIEW, ISSUED, Entry, Row, adults_of, as_sent, entry
from record.models import RecordedResponse, ResponseIn
from record.policy import CAWN, Policy, policy_of
from record.store import Store
from record.tables import episodes, evaluations, findings, responses, rulesets, suspects, tactics_used

CaseIn = Case | Mapping[str, Any]
# each side table's key: the case (its id and force) and the item's id in the case
TACTIC_KEY = ("case_id", "case_force", "action_id")
EPISODE_KEY = ("case_id", "case_force", "episode_id")
SUSPECT_KEY = ("case_id", "case_force", "person_id")


@dataclass(frozen=True)
class RulesetTexts:
    """What the record keeps of a ruleset: its texts by sha256, so any answer can be re-run."""

    sha256: str
    name: str
    version: str
    files: Mapping[str, str] | None
    tactics: tuple[str, ...] | None

    @classmethod
    def of(cls, ruleset: Ruleset) -> RulesetTexts:
        return cls(ruleset.sha256, ruleset.name, ruleset.version, dict(ruleset.files), tuple(ruleset.tactics))


RulesetLookup = Callable[[str], Ruleset | None]


@dataclass(frozen=True)
class Evaluated:
    """One evaluation to record."""

    case: CaseIn
    answer: Answer
    asked_by: str
    asked_at: datetime | None = None


@dataclass(frozen=True)
class Prepared:
    """One evaluation to record whose rows were taken already (`record.extract.evaluation_rows`)."""

    rows: Entry
    asked_by: str
    asked_at: datetime | None = None


Merge = Callable[[Any], dict[str, ColumnElement[Any]]]


class Recorder:
    """Records evaluations and responses in a `Store`. Safe to share between threads.

    `lookup` finds a ruleset by sha256 when an answer names one the recorder has not been
    told about (`remember`); without either, the evaluation is still recorded, and replay
    says the original texts were not kept.
    """

    def __init__(self, store: Store, lookup: RulesetLookup | None = None) -> None:
        self.store = store
        self.lookup = lookup
        self._known: dict[str, RulesetTexts] = {}
        self._stored: set[str] = set()
        self._policies: dict[str, Policy] = {}
        self._lock = threading.Lock()
        self._insert: Callable[[Table], Insert] = (
            postgresql.insert if store.dialect == "postgresql" else sqlite.insert
        )
        self._statements = Statements(store.engine.dialect)
        # Core's "insertmanyvalues" returns the new ids of a whole group in one statement (one
        # round trip to PostgreSQL); a statement object built once keeps its cache key.
        self._add_evaluations = evaluations.insert().returning(evaluations.c.id, sort_by_parameter_order=True)

    def remember(self, ruleset: Ruleset) -> None:
        with self._lock:
            self._known[ruleset.sha256] = RulesetTexts.of(ruleset)
            self._policies[ruleset.sha256] = policy_of(ruleset)

    def _policy(self, sha256: str) -> Policy | None:
        """The policy of the ruleset that answered, when it is known (the ¶20 measure reads it)."""
        with self._lock:
            found = self._policies.get(sha256)
        if found is None and self.lookup is not None:
            ruleset = self.lookup(sha256)
            if ruleset is not None and ruleset.sha256 == sha256:
                found = policy_of(ruleset)
        return found

    # -- evaluations ----------------------------------------------------------------------
    def record_evaluation(
        self,
        case: CaseIn,
        answer: Answer,
        asked_by: str,
        *,
        ruleset: Ruleset | None = None,
        asked_at: datetime | None = None,
    ) -> int:
        """Store one evaluation; returns its id once committed."""
        if ruleset is not None:
            self.remember(ruleset)
        return self.record_evaluations([Evaluated(case, answer, asked_by, asked_at)])[0]

    def record_evaluations(self, batch: Sequence[Evaluated | Prepared]) -> list[int]:
        """Store several evaluations in one transaction; returns their ids in order."""
        if not batch:
            return []
        now = datetime.now(UTC)
        entries: list[Entry] = []
        for item in batch:
            if isinstance(item, Prepared):
                entries.append(item.rows.stamp(item.asked_by, item.asked_at or now))
                continue
            case, case_json = as_sent(item.case)
            policy = self._policy(item.answer.ruleset.sha256)
            entries.append(entry(case, case_json, item.answer, item.asked_by, item.asked_at or now, policy))
        shas = {e.ruleset.sha256: e.ruleset for e in entries}
        with self.store.writing() as conn:
            kept = {sha for sha, ref in shas.items() if self._keep_ruleset(conn, ref)}
            result = conn.execute(self._add_evaluations, [e.evaluation for e in entries])
            ids = [int(i) for i in result.scalars()]
            for evaluation_id, e in zip(ids, entries, strict=True):
                for _, rows in e.children():
                    for row in rows:
                        row["evaluation_id"] = evaluation_id
            found = [row for e in entries for row in e.findings]
            if found:
                self._statements.insert(conn, "findings", findings, found,
                                        lambda values: findings.insert().values(values))
            latest = _latest_by_case(entries)
            tactics_rows = _current(_last_by(entries, "tactics", TACTIC_KEY), latest, "tactics", TACTIC_KEY)
            episode_rows = _current(
                _last_by(entries, "episodes", EPISODE_KEY, _episode_merged), latest, "episodes", EPISODE_KEY
            )
            suspect_rows = _current(
                _last_by(entries, "suspects", SUSPECT_KEY, _suspect_merged), latest, "suspects", SUSPECT_KEY
            )
            self._drop_gone(conn, latest)
            self._upsert_tactics(conn, tactics_rows)
            self._upsert_episodes(conn, episode_rows)
            self._not_considered(conn, entries)
            self._upsert_suspects(conn, suspect_rows)
        with self._lock:
            self._stored.update(kept)
        return ids

    def _keep_ruleset(self, conn: Connection, ref: RulesetRef) -> bool:
        """Store an answer's ruleset once; True when its texts are in the store."""
        with self._lock:
            if ref.sha256 in self._stored:
                return True
            texts = self._known.get(ref.sha256)
        if texts is None and self.lookup is not None:
            found = self.lookup(ref.sha256)
            if found is not None and found.sha256 == ref.sha256:
                texts = RulesetTexts.of(found)
                with self._lock:
                    self._known[ref.sha256] = texts
        row = {
            "sha256": ref.sha256,
            "name": ref.name,
            "version": ref.version,
            "files": json.dumps(dict(texts.files), ensure_ascii=False) if texts and texts.files else None,
            "tactics": json.dumps(list(texts.tactics)) if texts and texts.tactics is not None else None,
            "first_seen_at": datetime.now(UTC),
        }
        stmt = self._insert(rulesets).values(row)
        if row["files"] is None:  # asked again next time, in case the texts become known
            conn.execute(stmt.on_conflict_do_nothing(index_elements=["sha256"]))  # type: ignore[attr-defined]
            return False
        conn.execute(  # texts learnt later fill a row recorded without them
            stmt.on_conflict_do_update(  # type: ignore[attr-defined]
                index_elements=["sha256"],
                set_={"files": stmt.excluded.files, "tactics": stmt.excluded.tactics},  # type: ignore[attr-defined]
                where=rulesets.c.files.is_(None),
            )
        )
        return True

    def _upsert(self, conn: Connection, table: Table, rows: list[Row], keys: tuple[str, ...],
                merge: Merge | None = None) -> None:
        if not rows:
            return
        columns = tuple(rows[0])

        def build(values: Values) -> Insert:
            stmt: Any = self._insert(table).values(values)
            replace = {c: stmt.excluded[c] for c in columns if c not in keys}
            if merge is not None:
                replace.update(merge(stmt.excluded))
            upsert: Insert = stmt.on_conflict_do_update(index_elements=list(keys), set_=replace)
            return upsert

        # One statement upserts a chunk of rows: the callers give each key once (`_last_by`).
        self._statements.insert(conn, f"upsert {table.name}", table, rows, build)

    def _upsert_tactics(self, conn: Connection, rows: list[Row]) -> None:
        # The case's later word on an accepted tactic keeps the link to the response.
        self._upsert(conn, tactics_used, rows, TACTIC_KEY, lambda new: {
            "response_id": func.coalesce(new.response_id, tactics_used.c.response_id),
        })

    def _upsert_episodes(self, conn: Connection, rows: list[Row]) -> None:
        # Once considered or issued, always so: a later case text cannot unsay it.
        self._upsert(conn, episodes, rows, EPISODE_KEY, lambda new: {
            "cawn_considered": or_(episodes.c.cawn_considered, new.cawn_considered),
            "cawn_issued": or_(episodes.c.cawn_issued, new.cawn_issued),
        })

    def _drop_gone(self, conn: Connection, latest: dict[tuple[str, str], Entry]) -> None:
        """The side tables are each case's current state: rows its latest evaluation no longer
        has go (an action re-keyed or dropped, an episode removed, a suspect now an associate).
        A tactic recorded from an accepted response (`source` response) is not the case's to drop."""
        parts = (
            (tactics_used, "tactics", "action_id", tactics_used.c.source == "case"),
            (episodes, "episodes", "episode_id", None),
            (suspects, "suspects", "person_id", None),
        )
        for (force, case_id), e in sorted(latest.items()):
            for table, part, column, only in parts:
                kept = [row[column] for row in getattr(e, part)]
                stmt = delete(table).where(table.c.case_force == force, table.c.case_id == case_id)
                if kept:
                    stmt = stmt.where(table.c[column].not_in(kept))
                if only is not None:
                    stmt = stmt.where(only)
                conn.execute(stmt)

    def _not_considered(self, conn: Connection, entries: list[Entry]) -> None:
        """The episodes the engine flags (¶20 gap) in a case's latest evaluation are not
        considered, whatever an earlier evaluation or response said: the record agrees with
        the engine's own findings."""
        flagged: dict[tuple[str, str, str], bool] = {}
        for e in entries:  # the later evaluation of a case decides
            flags = set(e.not_considered)
            for row in e.episodes:
                flagged[(row["case_force"], row["case_id"], row["episode_id"])] = row["episode_id"] in flags
        by_case: dict[tuple[str, str], list[str]] = {}
        for (force, case_id, episode_id), marked in sorted(flagged.items()):
            if marked:
                by_case.setdefault((force, case_id), []).append(episode_id)
        for (force, case_id), ids in by_case.items():  # a case is (force, case id): never another force's
            conn.execute(
                update(episodes)
                .where(
                    episodes.c.case_force == force,
                    episodes.c.case_id == case_id,
                    episodes.c.episode_id.in_(ids),
                )
                .values(cawn_considered=False)
            )

    def _upsert_suspects(self, conn: Connection, rows: list[Row]) -> None:
        # The latest review known to the record (a response may have recorded a later one).
        old = suspects.c.last_reviewed
        self._upsert(conn, suspects, rows, SUSPECT_KEY, lambda new: {
            "last_reviewed": case(
                (old.is_(None), new.last_reviewed),
                (new.last_reviewed.is_(None), old),
                (new.last_reviewed > old, new.last_reviewed),
                else_=old,
            )
        })

    # -- responses ------------------------------------------------------------------------
    def record_response(
        self, case_id: str, response: ResponseIn, by: str, at: datetime | None = None, *,
        forces: Forces = None, force: str | None = None, access: Access | None = None,
    ) -> RecordedResponse:
        """Store an officer's response to a finding, and the tactic used if one was accepted.

        The case is looked for among `forces` (None: every force), of `force` when given; an
        `access` is written in the same transaction (the reply discloses the finding)."""
        at = at or datetime.now(UTC)
        with self.store.writing() as conn:
            case_force = locate(conn, case_id, forces, force)
            finding = self._finding(conn, case_id, case_force, response)
            row = {
                "evaluation_id": finding["evaluation_id"],
                "case_force": case_force,
                "case_id": case_id,
                "force": finding["force"],
                "rule": response.rule,
                "kind": finding["kind"],
                "code": finding["code"],
                "target": response.target,
                "decision": response.decision,
                "reason": response.reason,
                "actioned_on": response.actioned_on,
                "action_target": None,
                "action_status": None,
                "action_id": None,
                "by": by,
                "at": at,
            }
            is_tactic = response.decision == "accepted" and _is_tactic(finding)
            if is_tactic:
                row["action_target"] = response.action_target or response.target
                row["action_status"] = response.action_status
            response_id = int(conn.execute(responses.insert().returning(responses.c.id), row).scalar_one())
            if is_tactic:
                row["action_id"] = response.action_id or f"response-{response_id}"
                conn.execute(
                    update(responses).where(responses.c.id == response_id).values(action_id=row["action_id"])
                )
                self._tactic_from_response(conn, row, response_id)
            if response.decision == "accepted" and finding["code"] == ANNUAL_REVIEW:
                self._reviewed(conn, case_id, case_force, response)
            if access is not None:
                audit(conn, access.disclosed(1, force=finding["force"], case_id=case_id))
        del row["case_force"]
        return RecordedResponse(id=response_id, tactic_recorded=is_tactic, **row)

    def _finding(self, conn: Connection, case_id: str, case_force: str, response: ResponseIn) -> Row:
        query = (
            select(
                findings.c.evaluation_id,
                findings.c.kind,
                findings.c.code,
                evaluations.c.force,
                rulesets.c.tactics,
            )
            .join(evaluations, evaluations.c.id == findings.c.evaluation_id)
            .join(rulesets, rulesets.c.sha256 == evaluations.c.ruleset_sha256)
            .where(
                findings.c.case_id == case_id,
                evaluations.c.case_force == case_force,
                findings.c.rule == response.rule,
                findings.c.target == response.target,
            )
            .order_by(findings.c.evaluation_id.desc())
            .limit(1)
        )
        if response.evaluation_id is not None:
            query = query.where(findings.c.evaluation_id == response.evaluation_id)
        found = conn.execute(query).mappings().first()
        if found is not None:
            return dict(found)
        where = f" in evaluation {response.evaluation_id}" if response.evaluation_id is not None else ""
        raise NotRecorded(
            f"no finding of rule '{response.rule}' about '{response.target}'{where} in case '{case_id}'"
        )

    def _tactic_from_response(self, conn: Connection, row: Row, response_id: int) -> None:
        tactic = {
            "evaluation_id": row["evaluation_id"],
            "response_id": response_id,
            "case_force": row["case_force"],
            "case_id": row["case_id"],
            "action_id": row["action_id"],
            "tactic": row["code"],
            "target": row["action_target"],
            "date": row["actioned_on"],
            "force": row["force"],
            "status": row["action_status"],
            "recorded": True,  # it is now, here
            "source": "response",
        }
        self._upsert_tactics(conn, [tactic])
        if row["code"] != CAWN:
            return
        issued = row["action_status"] in ISSUED
        for episode in conn.execute(
            select(episodes.c.id, episodes.c.adults).where(
                episodes.c.case_id == row["case_id"], episodes.c.case_force == row["case_force"]
            )
        ).mappings():
            if row["action_target"] in adults_of(episode["adults"]):
                flags = {"cawn_considered": True} | ({"cawn_issued": True} if issued else {})
                conn.execute(update(episodes).where(episodes.c.id == episode["id"]).values(flags))

    def _reviewed(self, conn: Connection, case_id: str, case_force: str, response: ResponseIn) -> None:
        person = response.action_target or response.target
        conn.execute(
            update(suspects)
            .where(
                suspects.c.case_id == case_id,
                suspects.c.case_force == case_force,
                suspects.c.person_id == person,
                or_(suspects.c.last_reviewed.is_(None), suspects.c.last_reviewed < response.actioned_on),
            )
            .values(last_reviewed=response.actioned_on)
        )


def _is_tactic(finding: Row) -> bool:
    """A finding names a tactic when its code is in the catalogue of the ruleset that produced it."""
    if finding["tactics"] is not None:
        tactics: list[str] = json.loads(finding["tactics"])
        return finding["code"] in tactics
    return bool(finding["kind"] == "recommend")  # for recommend findings the code is the tactic id


def _last_by(
    entries: list[Entry], part: str, keys: tuple[str, ...], merge: Callable[[Row, Row], Row] | None = None
) -> list[Row]:
    """Rows of a batch, one per key (one upsert per key), in key order: concurrent batches then
    lock rows in the same order and cannot deadlock. The later evaluation's row wins; `merge`
    (earlier, later) keeps what the upsert would keep had they been written one at a time."""
    rows: dict[tuple[Any, ...], Row] = {}
    for e in entries:
        for row in getattr(e, part):
            key = tuple(row[k] for k in keys)
            before = rows.get(key)
            rows[key] = row if before is None or merge is None else merge(before, row)
    return [rows[k] for k in sorted(rows)]


def _latest_by_case(entries: list[Entry]) -> dict[tuple[str, str], Entry]:
    """Each case's latest evaluation in the batch (by (force, case id)): its rows are the current state."""
    return {(str(e.evaluation["case_force"]), e.case_id): e for e in entries}


def _current(
    rows: list[Row], latest: dict[tuple[str, str], Entry], part: str, keys: tuple[str, ...]
) -> list[Row]:
    """The batch's rows that the case's latest evaluation still has (earlier ones may have more)."""
    still = {
        tuple(row[k] for k in keys) for e in latest.values() for row in getattr(e, part)
    }
    return [row for row in rows if tuple(row[k] for k in keys) in still]


def _episode_merged(before: Row, row: Row) -> Row:
    """Once considered or issued, always so (as `_upsert_episodes`)."""
    return {
        **row,
        "cawn_considered": row["cawn_considered"] or before["cawn_considered"],
        "cawn_issued": row["cawn_issued"] or before["cawn_issued"],
    }


def _suspect_merged(before: Row, row: Row) -> Row:
    """The latest review known (as `_upsert_suspects`)."""
    reviews = [r for r in (before["last_reviewed"], row["last_reviewed"]) if r is not None]
    return {**row, "last_reviewed": max(reviews) if reviews else None}

