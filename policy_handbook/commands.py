"""`disrupt docs`: write the policy handbook.

    disrupt docs OUT_DIR [--ruleset DIR] [--features DIR] [--results FILE]

reads the ruleset, the Gherkin features and the latest test run's cucumber JSON, and writes
OUT_DIR/index.html.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from engine.conventions import EXIT_OK, ruleset_dir
from policy_handbook.cucumber import DEFAULT_RESULTS
from policy_handbook.handbook import DEFAULT_FEATURES, load_handbook
from policy_handbook.page import write_handbook


def cmd_docs(args: argparse.Namespace) -> int:
    results = Path(args.results) if args.results else None
    handbook = load_handbook(ruleset_dir(args.ruleset), Path(args.features), results)
    page = write_handbook(handbook, Path(args.out_dir))
    counts = handbook.status_counts()
    statuses = ", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "none found"
    print(f"wrote the policy handbook to {page}")
    print(
        f"  {handbook.ruleset.name} {handbook.ruleset.version}: {len(handbook.ruleset.rules)} rules; "
        f"scenarios: {statuses}"
        + (f" (results from {handbook.run.source})" if handbook.run.source else " (no test results found)")
    )
    for documented, unknown in handbook.unknown_rule_tags():
        print(
            f"  note: {documented.feature.file}:{documented.scenario.line} names unknown rule(s) "
            + ", ".join(unknown)
        )
    return EXIT_OK


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "docs",
        help="write the policy handbook (offline HTML): rules, scenarios and the latest test results",
    )
    p.add_argument("out_dir", metavar="OUT_DIR", help="folder to write index.html into (e.g. handbook/)")
    p.add_argument("--ruleset", metavar="DIR", help="ruleset folder (default: rulesets/disruption)")
    p.add_argument(
        "--features", metavar="DIR", default=str(DEFAULT_FEATURES), help="feature files (default: features/)"
    )
    p.add_argument(
        "--results",
        metavar="FILE",
        help=f"cucumber JSON of the latest test run (default: {DEFAULT_RESULTS} if it exists)",
    )
    p.set_defaults(handler=cmd_docs)
