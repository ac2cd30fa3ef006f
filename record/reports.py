"""The record's reports: each one indexed query, one pydantic row model, JSON or CSV.

    tactics          tactics used, by period, force and tactic, with their statuses (¶7, ¶8)
    missing-vs-cawn  missing episodes where the child was found with an adult, against CAWNs
                     considered for and issued to that adult (¶20, ¶21)
    responses        officers' decisions on findings, per rule: which rules they decline (¶8)
    reviews-due      suspects whose last risk review is older than the interval (¶16)
    cohort           managed suspects (with a tactic used on them) and those tactics (¶32)
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Generic, Literal, TypeVar, get_args

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import ColumnElement, Connection, Integer, String, cast, func, literal, select
from sqlalchemy import case as when

from engine.case import ActionStatus
from engine.errors import InputError, did_you_mean
from engine.rule import Kind
from record.access import Access, audit
from record.cases import Forces, within
from record.extract import ISSUED
from record.policy import CAWN
from record.store import Store
from record.tables import episodes, responses, suspects, tactics_used

Period = Literal["month", "quarter", "year"]
STATUSES: tuple[str, ...] = get_args(ActionStatus)
UNDATED = "undated"
LIST_SEPARATOR = "; "
Found = dict[str, Any]  # one row as a report query finds it, before the row model checks it


class ReportQuery(BaseModel):
    """Filters every report takes; each report says which date `since` applies to."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    since: date | None = Field(default=None, description="Only records dated on or after this day")
    force: str | None = Field(default=None, max_length=100, description="Only this force's records")
    period: Period = Field(default="month", description="How tactics and episodes are grouped in time")
    as_of: date | None = Field(default=None, description="reviews-due, cohort: the day to judge on (today)")
    interval_days: int | None = Field(
        default=None, ge=1, le=3650,
        description="reviews-due and cohort: review interval (the ruleset's, `record.policy`)",
    )

    def today(self) -> date:
        return self.as_of or datetime.now(UTC).date()

    def interval(self) -> int:
        if self.interval_days is None:
            raise InputError("the review interval is not known: give interval_days, or use a ruleset whose "
                             "review rules compare days_since_review with a parameter")
        return self.interval_days

    def review_cutoff(self) -> date:
        """A suspect last reviewed on or before this day is due."""
        try:
            return self.today() - timedelta(days=self.interval())
        except OverflowError:  # judging as of the first years of the calendar
            return date.min


class ReportRow(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TacticsRow(ReportRow):
    period: str = Field(description="YYYY-MM, YYYY-Qn or YYYY of the tactic's date; 'undated' if none")
    force: str | None
    tactic: str
    total: int
    proposed: int
    issued: int
    applied: int
    granted: int
    refused: int
    breached: int
    withdrawn: int
    not_recorded: int = Field(description="Marked as not recorded in a searchable force system (¶7)")


class MissingVsCawnRow(ReportRow):
    period: str = Field(description="Of the episode's date")
    force: str | None
    missing_episodes: int
    found_with_adult: int = Field(description="The child was found with a suspect or associate")
    cawn_considered: int = Field(description="…and a CAWN was recommended, proposed or used for that adult")
    cawn_issued: int = Field(description="…and a CAWN was issued to that adult")
    not_considered: int = Field(description="Found with an adult, and no CAWN was considered")
    cawns_issued_in_period: int = Field(description="CAWNs issued in the period, in any case (¶20)")


class ResponsesRow(ReportRow):
    rule: str
    kind: Kind
    code: str
    answered: int = Field(description="Findings answered (the latest response to each counts)")
    accepted: int
    declined: int
    deferred: int
    declined_share: float | None = Field(description="declined / (accepted + declined)")
    decline_reasons: list[str] = Field(description="The commonest reasons given for declining")


class ReviewDueRow(ReportRow):
    case_id: str
    person_id: str
    force: str | None
    last_reviewed: date | None = Field(description="Empty: never reviewed")
    due_on: date | None = Field(description="last_reviewed + interval; empty: due since identified")
    days_overdue: int | None


class CohortRow(ReportRow):
    case_id: str
    person_id: str
    force: str | None
    last_reviewed: date | None
    review_due: bool
    tactics_used: int = Field(ge=1)
    first_tactic_on: date | None
    last_tactic_on: date | None
    tactics: list[str] = Field(description="Each as 'tactic status date', oldest first")


RowT = TypeVar("RowT", bound=ReportRow)


class Report(BaseModel, Generic[RowT]):
    """A report: its name, the filters it ran with, and its rows."""

    model_config = ConfigDict(frozen=True)

    name: str
    description: str
    generated_at: datetime
    query: ReportQuery
    rows: list[RowT]


# -- dialect-neutral pieces ------------------------------------------------------------------
def period_of(column: Any, period: Period, dialect: str) -> ColumnElement[str]:
    """The period (YYYY-MM, YYYY-Qn or YYYY) of a date column, 'undated' for none."""
    expr: ColumnElement[str]
    if dialect == "postgresql":
        pattern = {"month": "YYYY-MM", "quarter": 'YYYY-"Q"Q', "year": "YYYY"}[period]
        expr = func.to_char(column, pattern, type_=String)
    elif period == "quarter":
        month = cast(func.strftime("%m", column), Integer)
        expr = func.printf("%s-Q%d", func.strftime("%Y", column), (month + 2) // 3, type_=String)
    else:
        expr = func.strftime({"month": "%Y-%m", "year": "%Y"}[period], column, type_=String)
    return func.coalesce(expr, literal(UNDATED), type_=String)


def _count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(when((condition, 1), else_=0)), 0, type_=Integer)


# -- the reports -----------------------------------------------------------------------------
def tactics_report(conn: Connection, q: ReportQuery, forces: Forces = None) -> list[Found]:
    t = tactics_used.c
    period = period_of(t.date, q.period, conn.dialect.name)
    stmt = (
        select(
            period.label("period"),
            t.force,
            t.tactic,
            func.count().label("total"),
            *[_count_if(t.status == s).label(s) for s in STATUSES],
            _count_if(t.recorded.is_(False)).label("not_recorded"),
        )
        .where(*within(t.case_force, forces))
        .group_by(period, t.force, t.tactic)
        .order_by(period, t.force, t.tactic)
    )
    if q.since is not None:
        stmt = stmt.where(t.date >= q.since)
    if q.force is not None:
        stmt = stmt.where(t.force == q.force)
    return [dict(row) for row in conn.execute(stmt).mappings()]


def missing_vs_cawn_report(conn: Connection, q: ReportQuery, forces: Forces = None) -> list[Found]:
    e = episodes.c
    period = period_of(e.date, q.period, conn.dialect.name)
    adult = e.found_with_adult.is_(True)
    stmt = (
        select(
            period.label("period"),
            e.force,
            func.count().label("missing_episodes"),
            _count_if(adult).label("found_with_adult"),
            _count_if(adult & e.cawn_considered.is_(True)).label("cawn_considered"),
            _count_if(adult & e.cawn_issued.is_(True)).label("cawn_issued"),
        )
        .where(*within(e.case_force, forces))
        .group_by(period, e.force)
        .order_by(period, e.force)
    )
    t = tactics_used.c
    t_period = period_of(t.date, q.period, conn.dialect.name)
    issued = (
        select(t_period.label("period"), t.force, func.count().label("n"))
        .where(t.tactic == CAWN, t.status.in_(sorted(ISSUED)), t.date.is_not(None),
               *within(t.case_force, forces))
        .group_by(t_period, t.force)
    )
    if q.since is not None:
        stmt = stmt.where(e.date >= q.since)
        issued = issued.where(t.date >= q.since)
    if q.force is not None:
        stmt = stmt.where(e.force == q.force)
        issued = issued.where(t.force == q.force)
    notices = {(r.period, r.force): int(r.n) for r in conn.execute(issued)}
    rows = [
        {
            **row,
            "not_considered": row["found_with_adult"] - row["cawn_considered"],
            "cawns_issued_in_period": notices.pop((row["period"], row["force"]), 0),
        }
        for row in conn.execute(stmt).mappings()
    ]
    none = dict.fromkeys(("missing_episodes", "found_with_adult", "cawn_considered", "cawn_issued"), 0)
    rows += [  # notices in a period with no recorded missing episode
        {"period": period_name, "force": force, **none, "not_considered": 0, "cawns_issued_in_period": n}
        for (period_name, force), n in notices.items()
    ]
    return sorted(rows, key=lambda r: (r["period"], r["force"] or ""))


def responses_report(conn: Connection, q: ReportQuery, forces: Forces = None) -> list[Found]:
    r = responses.c
    ranked = select(
        r.rule,
        r.kind,
        r.code,
        r.decision,
        r.reason,
        func.row_number()
        .over(partition_by=(r.case_id, r.case_force, r.rule, r.target), order_by=(r.at.desc(), r.id.desc()))
        .label("n"),
    ).where(*within(r.case_force, forces))
    if q.since is not None:
        ranked = ranked.where(r.at >= datetime.combine(q.since, datetime.min.time(), UTC))
    if q.force is not None:
        ranked = ranked.where(r.force == q.force)
    latest = ranked.subquery()
    current = latest.c.n == 1
    counts = (
        select(
            latest.c.rule,
            latest.c.kind,
            latest.c.code,
            func.count().label("answered"),
            *[_count_if(latest.c.decision == d).label(d) for d in ("accepted", "declined", "deferred")],
        )
        .where(current)
        .group_by(latest.c.rule, latest.c.kind, latest.c.code)
        .order_by(latest.c.rule, latest.c.code)
    )
    reasons: dict[str, list[str]] = defaultdict(list)
    for item in conn.execute(
        select(latest.c.rule, latest.c.reason, func.count().label("n"))
        .where(current, latest.c.decision == "declined", latest.c.reason.is_not(None))
        .group_by(latest.c.rule, latest.c.reason)
        .order_by(latest.c.rule, func.count().desc(), latest.c.reason)
    ):
        if len(reasons[item.rule]) < 3:
            reasons[item.rule].append(item.reason)
    out: list[Found] = []
    for row in conn.execute(counts).mappings():
        decided = row["accepted"] + row["declined"]
        out.append(
            {
                **row,
                "declined_share": round(row["declined"] / decided, 3) if decided else None,
                "decline_reasons": reasons.get(row["rule"], []),
            }
        )
    return out


def _suspect_filters(q: ReportQuery, forces: Forces) -> list[ColumnElement[bool]]:
    s = suspects.c
    where: list[ColumnElement[bool]] = within(s.case_force, forces)
    if q.since is not None:
        where.append(s.seen_at >= datetime.combine(q.since, datetime.min.time(), UTC))
    if q.force is not None:
        where.append(s.force == q.force)
    return where


def reviews_due_report(conn: Connection, q: ReportQuery, forces: Forces = None) -> list[Found]:
    s = suspects.c
    cutoff, today = q.review_cutoff(), q.today()
    stmt = (
        select(s.case_id, s.person_id, s.force, s.last_reviewed)
        .where((s.last_reviewed.is_(None)) | (s.last_reviewed <= cutoff), *_suspect_filters(q, forces))
        .order_by(s.last_reviewed.asc().nulls_first(), s.case_id, s.person_id)
    )
    interval = timedelta(days=q.interval())
    rows: list[Found] = []
    for case_id, person_id, force, last in conn.execute(stmt):
        due = last + interval if last is not None else None
        rows.append({"case_id": case_id, "person_id": person_id, "force": force, "last_reviewed": last,
                     "due_on": due, "days_overdue": (today - due).days if due is not None else None})
    return rows


def cohort_report(conn: Connection, q: ReportQuery, forces: Forces = None) -> list[Found]:
    """Managed suspects: those with at least one tactic used on them (¶32), each with its tactics."""
    s, t = suspects.c, tactics_used.c
    used = t.tactic + " " + t.status + func.coalesce(" " + cast(t.date, String), "")
    stmt = (
        select(
            s.case_id,
            s.person_id,
            s.force,
            s.last_reviewed,
            func.count().label("tactics_used"),
            func.min(t.date).label("first_tactic_on"),
            func.max(t.date).label("last_tactic_on"),
            func.aggregate_strings(used, "\n").label("tactics"),
        )
        .select_from(suspects.join(
            tactics_used,
            (t.case_id == s.case_id) & (t.case_force == s.case_force) & (t.target == s.person_id),
        ))
        .where(*_suspect_filters(q, forces))
        .group_by(s.id, s.case_id, s.person_id, s.force, s.last_reviewed)
        .order_by(s.force, s.case_id, s.person_id)
    )
    cutoff = q.review_cutoff()
    return [
        {
            "case_id": case_id,
            "person_id": person_id,
            "force": force,
            "last_reviewed": last,
            "review_due": last is None or last <= cutoff,
            "tactics_used": n,
            "first_tactic_on": first,
            "last_tactic_on": latest,
            "tactics": sorted(listed.split("\n"), key=_by_date) if n > 1 else [listed],
        }
        for case_id, person_id, force, last, n, first, latest, listed in conn.execute(stmt)
    ]


def _by_date(item: str) -> str:
    """'cawn issued 2019-10-05' sorts by its date; an undated 'sro proposed' sorts last."""
    last = item.rpartition(" ")[2]
    return last if last[:1].isdigit() else "~" + item


# -- registry, running and rendering ---------------------------------------------------------
@dataclass(frozen=True)
class ReportSpec:
    row: type[ReportRow]
    run: Callable[[Connection, ReportQuery, Forces], list[Found]]
    description: str


REPORTS: dict[str, ReportSpec] = {
    "tactics": ReportSpec(
        TacticsRow, tactics_report, "Tactics used by period, force and tactic (¶7, ¶8); since: tactic date"
    ),
    "missing-vs-cawn": ReportSpec(
        MissingVsCawnRow,
        missing_vs_cawn_report,
        "Missing episodes found with an adult against CAWNs considered and issued (¶20); since: episode date",
    ),
    "responses": ReportSpec(
        ResponsesRow,
        responses_report,
        "Officers' decisions on findings per rule: which rules they decline; since: response date",
    ),
    "reviews-due": ReportSpec(
        ReviewDueRow,
        reviews_due_report,
        "Suspects due for their risk review (¶16); since: cases evaluated since",
    ),
    "cohort": ReportSpec(
        CohortRow,
        cohort_report,
        "Managed suspects (a tactic used on them) and those tactics (¶32); since: cases evaluated since",
    ),
}
ReportName = Literal["tactics", "missing-vs-cawn", "responses", "reviews-due", "cohort"]
AnyReport = (  # for the API's schema: each report with its own row model
    Report[TacticsRow]
    | Report[MissingVsCawnRow]
    | Report[ResponsesRow]
    | Report[ReviewDueRow]
    | Report[CohortRow]
)
assert set(get_args(ReportName)) == set(REPORTS)


def spec_of(name: str) -> ReportSpec:
    spec = REPORTS.get(name)
    if spec is None:
        suggestion = did_you_mean(name, REPORTS)
        hint = f"; did you mean '{suggestion}'?" if suggestion else ""
        raise InputError(f"no report named '{name}' (reports: {', '.join(REPORTS)}){hint}")
    return spec


def run_report(
    store: Store, name: str, query: ReportQuery | None = None, forces: Forces = None,
    access: Access | None = None,
) -> Report[Any]:
    """The report `name` over the records of `forces` (None: every force). With an `access`,
    it is written in the same transaction, with the rows disclosed, or nothing is read."""
    spec = spec_of(name)
    query = query or ReportQuery()
    with store.writing() if access is not None else store.reading() as conn:
        rows = spec.run(conn, query, forces)
        if access is not None:
            audit(conn, access.disclosed(len(rows), force=query.force, report=name,
                                         parameters=query.model_dump(mode="json", exclude_none=True)))
    report: Report[Any] = Report[spec.row].model_validate(  # type: ignore[name-defined]
        {
            "name": name,
            "description": spec.description,
            "generated_at": datetime.now(UTC),
            "query": query,
            "rows": rows,  # validated against the row model in one pass
        }
    )
    return report


def as_json(report: Report[Any]) -> str:
    return report.model_dump_json(indent=2)


def as_csv(report: Report[Any]) -> str:
    """One header line of the row model's fields, one line per row; lists joined by '; '."""
    return rows_csv(spec_of(report.name).row, report.rows)


def rows_csv(model: type[BaseModel], rows: list[Any]) -> str:
    """`rows` (of `model`) as CSV, every text cell safe to open in a spreadsheet."""
    fields = list(model.model_fields)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(fields)
    for row in rows:
        data = row.model_dump(mode="json")
        writer.writerow(_cell(data[f]) for f in fields)
    return out.getvalue()


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # OWASP: CSV injection


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        value = LIST_SEPARATOR.join(str(v) for v in value)
    if isinstance(value, str):
        if value.startswith(FORMULA_STARTS):
            value = "'" + value  # a spreadsheet would run it as a formula: a quote makes it text (OWASP)
        # a lone CR would end the row in a spreadsheet, unquoted: as LF it is quoted, in the cell
        return value.replace("\r\n", "\n").replace("\r", "\n")
    return "" if value is None else value
