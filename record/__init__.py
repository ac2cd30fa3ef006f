"""Disruption Advisor's decision record: every evaluation, every response, every tactic used.

The inquiry found forces could not say which tactics they had used, when, or against whom,
so could not evaluate them (¶7–¶9). The record keeps each evaluation (the case as sent, the
ruleset by sha256, the findings, who asked and when), each officer's response to a finding,
and each tactic used, so that those questions are one query away (`record.reports`); and
every read of it, so that who consulted what is one query away too (`record.access`).

    store = Store.open()                 # SQLite under DISRUPT_DATA_DIR, or DISRUPT_DATABASE_URL
    recorder = Recorder(store)
    recorder.record_evaluation(case, answer, asked_by="officer-1", ruleset=engine.ruleset)
    run_report(store, "tactics", ReportQuery(force="durham"))

The names below are imported on first use: `record.extract`, which the API's evaluation
workers import to build an evaluation's rows, needs neither SQLAlchemy nor Alembic, so
importing this package must not load them (it would add a third of a second to every worker
start).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from record.access import Access, AccessQuery, access_report, record_access
    from record.errors import NotRecorded, RecordError, StoreError
    from record.history import case_history
    from record.models import CaseHistory, RecordedResponse, Replay, ResponseIn
    from record.recorder import Evaluated, Prepared, Recorder
    from record.reports import REPORTS, Report, ReportQuery, run_report
    from record.retention import purge
    from record.settings import RecordSettings
    from record.store import Store

_HOMES = {
    "Access": "access", "AccessQuery": "access", "access_report": "access", "record_access": "access",
    "NotRecorded": "errors", "RecordError": "errors", "StoreError": "errors",
    "case_history": "history",
    "CaseHistory": "models", "RecordedResponse": "models", "Replay": "models", "ResponseIn": "models",
    "Evaluated": "recorder", "Prepared": "recorder", "Recorder": "recorder",
    "REPORTS": "reports", "Report": "reports", "ReportQuery": "reports", "run_report": "reports",
    "purge": "retention",
    "RecordSettings": "settings",
    "Store": "store",
}

__all__ = [
    "REPORTS",
    "Access",
    "AccessQuery",
    "CaseHistory",
    "Evaluated",
    "NotRecorded",
    "Prepared",
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
    "access_report",
    "case_history",
    "purge",
    "record_access",
    "run_report",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'record' has no attribute '{name}'")
    value = getattr(importlib.import_module(f"record.{home}"), name)
    globals()[name] = value
    return value
