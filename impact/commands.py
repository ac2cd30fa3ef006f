"""`disrupt impact`: what a proposed ruleset changes across the cases we hold.

    disrupt impact --ruleset NEW_DIR [--against record | --against CASE...] [--force F]
                   [--since DATE] [--format text|json|csv|html] [--workers N] [--examples N]
                   [--current DIR] [--database URL]
    disrupt impact --ruleset NEW_DIR --force F --format partial > F.json    (one host's share)
    disrupt impact --ruleset NEW_DIR --merge PART... [--format …]          (the parts merged)
    disrupt impact --update-golden [--ruleset DIR] [--examples-dir DIR]

Exit codes: 0 the report was written; 2 bad input, including a proposed ruleset that does not
load (every problem is printed as file:line:column: message, and nothing is evaluated).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from engine import default_ruleset_dir
from engine.errors import InputError, RulesetError
from engine.evaluate import Engine
from engine.ruleset import Ruleset, load_ruleset
from impact import golden
from impact.corpus import Corpus, FileCorpus, RecordCorpus
from impact.declined import declined_rules
from impact.models import DeclinedRule, Scope
from impact.partial import Partial, merge, read_parts
from impact.render import FORMATS, RENDER
from impact.run import (
    EXAMPLES_PER_RULE,
    Progress,
    Request,
    analyse,
    build_report,
    checked,
    default_workers,
    evaluate_corpus,
)

EXIT_OK, EXIT_BAD_INPUT = 0, 2
RECORD = "record"
PARTIAL = "partial"


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date in the form YYYY-MM-DD") from None


def _count(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number")
    return int(text)


def _refuse(exc: RulesetError, folder: str) -> int:
    for problem in sorted(exc.problems, key=lambda p: (p.file or "", p.line or 0, p.column or 0)):
        print(str(problem), file=sys.stderr)
    print(
        f"disrupt: the proposed ruleset in {folder} has {len(exc.problems)} problem(s); nothing was "
        "evaluated",
        file=sys.stderr,
    )
    return EXIT_BAD_INPUT


@contextmanager
def progress_bar(enabled: bool) -> Iterator[Progress | None]:
    """A progress bar on standard error (when it is a terminal)."""
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
    from rich.progress import Progress as Bar

    with Bar(
        TextColumn("cases"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("impact", total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def cmd_impact(args: argparse.Namespace) -> int:
    if args.update_golden:
        return _update_golden(args)
    if args.ruleset is None:
        raise InputError("say which ruleset to analyse: --ruleset NEW_DIR (or --update-golden)")
    current = load_ruleset(Path(args.current) if args.current else default_ruleset_dir())
    try:
        proposed = load_ruleset(Path(args.ruleset))
    except RulesetError as exc:
        return _refuse(exc, args.ruleset)
    if args.merge:
        return _merge(args, current, proposed)
    against: list[str] = args.against or [RECORD]
    store: Any = None
    declined: Callable[[], list[DeclinedRule]] | None = None
    corpus: Corpus
    if against == [RECORD]:
        from record.settings import RecordSettings
        from record.store import Store

        store = Store(args.database or RecordSettings.from_env().url)
        corpus = RecordCorpus(store, args.force, args.since)
        scope = Scope(against="record", force=args.force, since=args.since)
        declined = lambda: declined_rules(store, args.force, args.since)  # noqa: E731
    else:
        if args.since is not None:
            raise InputError("--since applies to the decision record, not to case files")
        corpus = FileCorpus.load([Path(p) for p in against], force=args.force)
        scope = Scope(against="files", force=args.force, files=len(against))
    workers = default_workers() if args.workers is None else args.workers
    try:
        if args.format == PARTIAL:  # one host's share, to merge with the others' (--merge)
            checked(proposed)
            with progress_bar(sys.stderr.isatty()) as progress:
                tally = evaluate_corpus(
                    current, proposed, corpus, workers=workers, examples=args.examples, progress=progress
                )
            part = Partial.of(tally, current.sha256, proposed.sha256, scope, declined() if declined else [])
            sys.stdout.write(part.model_dump_json() + "\n")
            return EXIT_OK
        with progress_bar(sys.stderr.isatty()) as progress:
            report = analyse(
                Request(current, proposed, corpus, scope, workers, args.examples), progress, declined
            )
    except RulesetError as exc:  # loaded, but the matching engine refused it
        return _refuse(exc, args.ruleset)
    finally:
        if store is not None:
            store.close()
    sys.stdout.write(RENDER[args.format](report))
    return EXIT_OK


def _merge(args: argparse.Namespace, current: Ruleset, proposed: Ruleset) -> int:
    parts = read_parts([Path(p) for p in args.merge])
    tally, declined = merge(parts, current.sha256, proposed.sha256)
    forces = {p.scope.force for p in parts}
    scope = Scope(
        against=parts[0].scope.against,
        force=forces.pop() if len(forces) == 1 else None,
        since=parts[0].scope.since if len({p.scope.since for p in parts}) == 1 else None,
    )
    if args.format == PARTIAL:
        sys.stdout.write(
            Partial.of(tally, current.sha256, proposed.sha256, scope, declined).model_dump_json() + "\n"
        )
    else:
        sys.stdout.write(RENDER[args.format](build_report(tally, current, proposed, scope, declined)))
    return EXIT_OK


def _update_golden(args: argparse.Namespace) -> int:
    folder = Path(args.examples_dir)
    try:
        ruleset = load_ruleset(Path(args.ruleset) if args.ruleset else default_ruleset_dir())
    except RulesetError as exc:
        return _refuse(exc, args.ruleset or str(default_ruleset_dir()))
    engine = Engine(ruleset)
    try:
        written, text = golden.update(engine, folder)
    finally:
        engine.close()
    if text:
        print(text)
    print(f"rewrote {len(written)} expected file(s) in {folder / golden.EXPECTED_DIR}")
    return EXIT_OK


def register(subparsers: Any) -> None:
    help_text = "what a proposed ruleset changes across the recorded cases (or case files)"
    p = subparsers.add_parser("impact", help=help_text, description=help_text)
    p.add_argument("--ruleset", metavar="NEW_DIR", help="the proposed ruleset folder")
    p.add_argument(
        "--current", metavar="DIR", help="the current ruleset folder (default: rulesets/disruption)"
    )
    p.add_argument(
        "--against",
        nargs="+",
        metavar="CASE",
        help="'record' (default: the latest evaluation of every recorded case) or case files",
    )
    p.add_argument("--force", metavar="F", help="only this force's cases")
    p.add_argument("--since", type=_day, metavar="DATE", help="only cases evaluated on or after DATE")
    p.add_argument(
        "--format",
        choices=(*FORMATS, PARTIAL),
        default="text",
        help="text, json, csv, html; or partial: this host's share, to --merge with others'",
    )
    p.add_argument(
        "--merge",
        nargs="+",
        metavar="PART",
        help="merge partial reports (from --format partial on each host) into one report",
    )
    p.add_argument(
        "--workers",
        type=_count,
        metavar="N",
        help="worker processes (default: one per core; 0 runs in this process)",
    )
    p.add_argument(
        "--examples",
        type=_count,
        default=EXAMPLES_PER_RULE,
        metavar="N",
        help=f"example cases per rule and change (default {EXAMPLES_PER_RULE})",
    )
    p.add_argument(
        "--database",
        metavar="URL",
        help="the record's SQLAlchemy URL (default: DISRUPT_DATABASE_URL, else sqlite in DISRUPT_DATA_DIR)",
    )
    p.add_argument(
        "--update-golden",
        action="store_true",
        help="rewrite examples/expected/*.yaml with the findings of --ruleset (default: current)",
    )
    p.add_argument(
        "--examples-dir",
        default="examples",
        metavar="DIR",
        help="--update-golden: the example cases (default: examples)",
    )
    p.set_defaults(handler=cmd_impact)
