"""Disruption Advisor's decision record: every evaluation, every response, every tactic used.

The inquiry found forces could not say which tactics they had used, when, or against whom,
so could not evaluate them (¶7–¶9). The record keeps each evaluation (the case as sent, the
ruleset by sha256, the findings, who asked and when), each officer's response to a finding,
and each tactic used, so that those questions are one query away (`record.reports`).

    store = Store.open()                 # SQLite under DISRUPT_DATA_DIR, or DISRUPT_DATABASE_URL
    recorder = Recorder(store)
    recorder.record_evaluation(case, answer, asked_by="officer-1", ruleset=engine.ruleset)
    run_report(store, "tactics", ReportQuery(force="durham"))
"""

from __future__ import annotations

from record.errors import NotRecorded, RecordError, StoreError
from record.history import case_history
from record.models import CaseHistory, RecordedResponse, Replay, ResponseIn
from record.recorder import Evaluated, Recorder
from record.reports import REPORTS, Report, ReportQuery, run_report
from record.retention import purge
from record.settings import RecordSettings
from record.store import Store

__all__ = [
    "REPORTS",
    "CaseHistory",
    "Evaluated",
    "NotRecorded",
    "RecordError",
    "RecordSettings",
    "RecordedResponse",
    "Recorder",
    "Replay",
    "Report",
    "ReportQuery",
    "ResponseIn",
    "Store",
    "StoreError",
    "case_history",
    "purge",
    "run_report",
]
