"""`disrupt` commands for the decision record.

    disrupt record CASE... [--by NAME] [--ruleset DIR]      evaluate and record
    disrupt report NAME [--format json|csv] [--since DATE] [--force F] [--period month|quarter|year]
                        [--as-of DATE] [--interval-days N]
    disrupt report access [--key NAME] [--case ID] [--force F] [--since DATE] [--until DATE]
    disrupt history CASE_ID [--force F]                     every evaluation, response and tactic
    disrupt replay CASE_ID [--force F] [--evaluation N] [--ruleset DIR]
                                                            re-run a recorded answer, show changes
    disrupt purge [--older-than DAYS] [--dry-run]           retention (default DISRUPT_RETENTION_DAYS)

Every command takes `--database URL` (default DISRUPT_DATABASE_URL, else a SQLite file in
DISRUPT_DATA_DIR). These commands read the store directly, with national scope: every read
is written to the access report under the local user's name.
"""

from __future__ import annotations

import argparse
import getpass
import re
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from engine import load_ruleset
from engine.case import load_case
from engine.conventions import EXIT_OK, ruleset_dir
from engine.errors import InputError
from engine.evaluate import Engine
from record.access import ACCESS_REPORT, CLI_ROLE, Access, AccessQuery, AccessRow, access_report
from record.history import case_history
from record.policy import policy_of
from record.recorder import Evaluated, Recorder
from record.replay import past_engines, replay
from record.reports import REPORTS, ReportQuery, as_csv, as_json, rows_csv, run_report
from record.retention import purge
from record.settings import RecordSettings
from record.store import Store


def _store(args: argparse.Namespace) -> Store:
    settings = RecordSettings.from_env()
    return Store(args.database or settings.url)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise argparse.ArgumentTypeError(f"no such day: '{text}'")
    raise argparse.ArgumentTypeError(f"'{text}' is not a date in the form YYYY-MM-DD")


def _days(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of days (1 or more)")
    return int(text)


def _engine(folder: str | None) -> Engine:
    return Engine(load_ruleset(ruleset_dir(folder)))


def _user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "cli"


def _reader(args: argparse.Namespace, **parameters: Any) -> Access:
    """The access this command makes, by the local user."""
    return Access(who=_user(), role=CLI_ROLE, route=f"disrupt {args.command}",
                  parameters={k: v for k, v in parameters.items() if v is not None})


def cmd_record(args: argparse.Namespace) -> int:
    engine = _engine(args.ruleset)
    store = _store(args)
    try:
        # with the catalogue, a case's unknown tactic is reported with its file's name
        cases = [load_case(Path(p), engine.ruleset.tactics) for p in args.cases]
        by = args.by or _user()
        batch = [Evaluated(case, engine.evaluate(case), by) for case in cases]
        recorder = Recorder(store)
        recorder.remember(engine.ruleset)
        ids = recorder.record_evaluations(batch)
    finally:
        engine.close()
        store.close()
    for item, evaluation_id in zip(batch, ids, strict=True):
        print(f"recorded evaluation {evaluation_id} of case {item.answer.case_id}: "
              f"{len(item.answer.findings)} finding(s)")
    return EXIT_OK


def _review_interval(args: argparse.Namespace) -> int | None:
    """The ruleset's review interval (¶16), for the reports that need one."""
    if args.name not in ("reviews-due", "cohort"):
        return None
    return policy_of(load_ruleset(ruleset_dir(args.ruleset))).review_interval_days


def cmd_report(args: argparse.Namespace) -> int:
    if args.name == ACCESS_REPORT:
        return _access_report(args)
    query = ReportQuery(
        since=args.since,
        force=args.force,
        period=args.period,
        as_of=args.as_of,
        interval_days=args.interval_days or _review_interval(args),
    )
    store = _store(args)
    try:
        report = run_report(store, args.name, query, access=_reader(args, format=args.format))
    finally:
        store.close()
    sys.stdout.write(as_csv(report) if args.format == "csv" else as_json(report) + "\n")
    return EXIT_OK


def _access_report(args: argparse.Namespace) -> int:
    query = AccessQuery(key=args.key, case_id=args.case, force=args.force, since=args.since,
                        until=args.until)
    store = _store(args)
    try:
        report = access_report(store, query, None, _reader(args, format=args.format).disclosed(
            0, force=args.force))
    finally:
        store.close()
    if args.format == "csv":
        sys.stdout.write(rows_csv(AccessRow, report.rows))
    else:
        sys.stdout.write(report.model_dump_json(indent=2) + "\n")
    return EXIT_OK


def cmd_history(args: argparse.Namespace) -> int:
    store = _store(args)
    try:
        access = _reader(args, force=args.force).disclosed(0, case_id=args.case_id, force=args.force)
        print(case_history(store, args.case_id, None, args.force, access=access).model_dump_json(indent=2))
    finally:
        store.close()
    return EXIT_OK


def cmd_replay(args: argparse.Namespace) -> int:
    engine = _engine(args.ruleset)
    past = past_engines()
    store = _store(args)
    try:
        access = _reader(args, force=args.force, evaluation=args.evaluation)
        done = replay(store, args.case_id, engine, past, args.evaluation, force=args.force, access=access)
        print(done.model_dump_json(indent=2))
    finally:
        engine.close()
        past.close()
        store.close()
    return EXIT_OK


def cmd_purge(args: argparse.Namespace) -> int:
    retention = RecordSettings.from_env().retention_days
    days = args.older_than or retention
    if days is None:
        raise InputError("say how old: --older-than DAYS, or set DISRUPT_RETENTION_DAYS")
    store = _store(args)
    try:
        done = purge(store, days, dry_run=args.dry_run, keep_accesses_days=retention,
                     by=_reader(args))
    finally:
        store.close()
    verb = "would delete" if args.dry_run else "deleted"
    print(
        f"{verb} records from before {done.before:%Y-%m-%d %H:%M} UTC: {done.evaluations} evaluation(s), "
        f"{done.findings} finding(s), {done.responses} response(s), {done.tactics} tactic(s), "
        f"{done.episodes} missing episode(s), {done.suspects} suspect(s), "
        f"{done.accesses} access record(s) older than the retention period"
    )
    return EXIT_OK


def register(subparsers: Any) -> None:
    def add(name: str, handler: Callable[[argparse.Namespace], int], help_text: str) -> Any:
        parser = subparsers.add_parser(name, help=help_text, description=help_text)
        parser.add_argument(
            "--database", metavar="URL", help="the record's SQLAlchemy URL (default: DISRUPT_DATABASE_URL, "
            "else sqlite in DISRUPT_DATA_DIR)"
        )
        parser.set_defaults(handler=handler)
        return parser

    p = add("record", cmd_record, "evaluate case files and keep the answers in the decision record")
    p.add_argument("cases", nargs="+", metavar="CASE", help="case files (YAML or JSON)")
    p.add_argument("--by", help="who asked (default: your user name)")
    p.add_argument("--ruleset", metavar="DIR", help="ruleset folder (default: rulesets/disruption)")

    p = add("report", cmd_report, "print a report from the decision record")
    names = [*REPORTS, ACCESS_REPORT]
    p.add_argument("name", choices=names, metavar="NAME", help=", ".join(names))
    p.add_argument("--format", choices=("json", "csv"), default="json")
    p.add_argument("--since", type=_day, metavar="DATE", help="only records dated on or after DATE")
    p.add_argument("--force", metavar="F", help="only this force's records")
    p.add_argument("--key", metavar="NAME", help="access: only this key's (or local user's) accesses")
    p.add_argument("--case", metavar="ID", help="access: only accesses to this case")
    p.add_argument("--until", type=_day, metavar="DATE", help="access: only accesses on or before DATE")
    p.add_argument("--period", choices=("month", "quarter", "year"), default="month")
    p.add_argument("--as-of", type=_day, metavar="DATE", help="reviews-due, cohort: judge on DATE (today)")
    p.add_argument(
        "--interval-days", type=_days, metavar="N",
        help="reviews-due, cohort: days between risk reviews (default: the ruleset's, ¶16)",
    )
    p.add_argument("--ruleset", metavar="DIR", help="the ruleset whose review interval applies "
                   "(default: rulesets/disruption)")

    p = add("history", cmd_history, "print every recorded evaluation, response and tactic of a case")
    p.add_argument("case_id", metavar="CASE_ID")
    p.add_argument("--force", metavar="F", help="the case's force, when forces share the case id")

    p = add("replay", cmd_replay, "re-run a recorded answer with its own ruleset and the current one")
    p.add_argument("case_id", metavar="CASE_ID")
    p.add_argument("--evaluation", type=int, metavar="N", help="which evaluation (default: the latest)")
    p.add_argument("--force", metavar="F", help="the case's force, when forces share the case id")
    p.add_argument("--ruleset", metavar="DIR", help="current ruleset folder (default: rulesets/disruption)")

    p = add("purge", cmd_purge, "delete records older than the retention period, in one transaction")
    p.add_argument("--older-than", type=_days, metavar="DAYS", help="default: DISRUPT_RETENTION_DAYS")
    p.add_argument("--dry-run", action="store_true", help="count what would go; delete nothing")
