"""The rules officers declined most often: from the record's responses (the latest response to
each finding counts), in the same scope as the corpus."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from impact.models import DeclinedRule

if TYPE_CHECKING:
    from record.store import Store

MOST = 10


def declined_rules(
    store: Store,
    force: str | None = None,
    since: date | None = None,
    most: int = MOST,
    within: frozenset[str] | None = None,
) -> list[DeclinedRule]:
    from record.reports import ReportQuery, ResponsesRow, run_report

    report = run_report(store, "responses", ReportQuery(force=force, since=since), within)
    rows: list[ResponsesRow] = [row for row in report.rows if row.declined]
    rows.sort(key=lambda r: (-r.declined, -(r.declined_share or 0.0), r.rule))
    return [
        DeclinedRule(
            rule=r.rule,
            answered=r.answered,
            declined=r.declined,
            declined_share=r.declined_share,
            decline_reasons=list(r.decline_reasons),
        )
        for r in rows[:most]
    ]
