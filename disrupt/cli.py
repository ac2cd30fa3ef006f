"""The `disrupt` command line.

    disrupt evaluate CASE... [--format text|json] [--ruleset DIR]
    disrupt validate [DIR]
    disrupt schema [case|ruleset|answer]
    disrupt explain RULE [--case CASE]
    disrupt docs OUT_DIR …                       (policy_handbook.commands)
    disrupt serve | keys …                       (api.commands, with the `api` extra)
    disrupt record | history | replay | report | purge   (record.commands, with the `record` extra)

Exit codes: 0 ok; 1 `validate` found problems; 2 bad input (one line naming the file and
field); never a traceback for a user's mistake.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from engine.briefing import text_of
from engine.case import Case, load_case
from engine.conventions import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    EXIT_PROBLEMS,
    is_missing_extra,
    optional_module,
    ruleset_dir,
)
from engine.errors import DisruptionError, RulesetError, did_you_mean
from engine.evaluate import Engine
from engine.finding import Answer
from engine.legal import LegalCheck, explain
from engine.rule import RulesetFile
from engine.ruleset import load_ruleset
from policy_handbook import commands as handbook_commands

Handler = Callable[[argparse.Namespace], int]
Register = Callable[["argparse._SubParsersAction[argparse.ArgumentParser]"], None]


def installed_commands() -> list[Register]:
    """Each part's `register(subparsers)`: the handbook always; the API, the decision record and
    impact analysis when their extras are installed (a missing third-party package leaves that
    part out)."""
    found: list[Register] = []
    try:
        from api import commands as api_commands

        found.append(api_commands.register)
    except ModuleNotFoundError as exc:
        if not is_missing_extra(exc):
            raise
    try:
        from record import commands as record_commands

        found.append(record_commands.register)
    except ModuleNotFoundError as exc:
        if not is_missing_extra(exc):
            raise
    try:
        from impact import commands as impact_commands  # reads the decision record

        found.append(impact_commands.register)
    except ModuleNotFoundError as exc:
        if not is_missing_extra(exc):
            raise
    found.append(handbook_commands.register)
    return found


def cmd_evaluate(args: argparse.Namespace) -> int:
    engine = Engine(load_ruleset(ruleset_dir(args.ruleset)))
    try:
        cases: list[Case] = [load_case(Path(p), engine.ruleset.tactics) for p in args.cases]
        answers = [engine.evaluate(case) for case in cases]
    finally:
        engine.close()
    if args.format == "json":
        payload: Any = [a.model_dump(mode="json") for a in answers]
        print(json.dumps(payload[0] if len(payload) == 1 else payload, indent=2, ensure_ascii=False))
    elif args.format == "html":
        print(briefing_html(answers, engine.ruleset, cases))
    else:
        print("\n\n".join(text_of(a, engine.ruleset, c.model_dump(mode="json"))
                            for a, c in zip(answers, cases, strict=True)))
    return EXIT_OK


def briefing_html(answers: list[Answer], ruleset: Any, cases: list[Case]) -> str:
    """The workspace's case page, offline: one self-contained HTML file (the `web` templates)."""
    page = optional_module("api.web.render")
    if page is None:
        raise DisruptionError("--format html needs the 'api' extra (pip install -e '.[api]')")
    html: str = page.offline_page(answers, ruleset, [c.model_dump(mode="json") for c in cases])
    return html


def cmd_validate(args: argparse.Namespace) -> int:
    folder = ruleset_dir(args.dir)
    try:
        ruleset = load_ruleset(folder)
    except RulesetError as exc:
        for problem in sorted(exc.problems, key=lambda p: (p.file or "", p.line or 0, p.column or 0)):
            print(str(problem))
        print(f"{len(exc.problems)} problem(s) in {folder}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(
        f"ok: {ruleset.name} {ruleset.version}: {len(ruleset.rules)} rules, "
        f"{len(ruleset.tactics)} tactics, {len(ruleset.parameters)} parameters "
        f"(sha256 {ruleset.sha256})"
    )
    return EXIT_OK


def cmd_explain(args: argparse.Namespace) -> int:
    """A rule's tactic's statutory test, limb by limb; with --case, which facts met each limb."""
    ruleset = load_ruleset(ruleset_dir(args.ruleset))
    rule = ruleset.rule(args.rule)
    if rule is None:
        hint = did_you_mean(args.rule, [r.id for r in ruleset.rules])
        suggestion = f" (did you mean '{hint}'?)" if hint else ""
        print(f"disrupt: no rule '{args.rule}'{suggestion}", file=sys.stderr)
        return EXIT_BAD_INPUT
    met = None
    if args.case:
        check = LegalCheck(ruleset)
        try:
            met = check.met(load_case(Path(args.case), ruleset.tactics))
        finally:
            check.close()
    print(explain(ruleset, rule, met))
    return EXIT_OK


SCHEMAS: dict[str, Any] = {"case": Case, "ruleset": RulesetFile, "answer": Answer}


def cmd_schema(args: argparse.Namespace) -> int:
    print(json.dumps(SCHEMAS[args.which].model_json_schema(by_alias=True), indent=2, ensure_ascii=False))
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="disrupt",
        description="Disruption Advisor: decision support for disrupting child sexual exploitation.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("evaluate", help="evaluate case files and print the findings")
    p.add_argument("cases", nargs="+", metavar="CASE", help="case files (YAML or JSON)")
    p.add_argument("--format", choices=("text", "json", "html"), default="text",
                   help="text for an officer; json = the answer; html = the case page, offline")
    p.add_argument("--ruleset", metavar="DIR", help="ruleset folder (default: rulesets/disruption)")
    p.set_defaults(handler=cmd_evaluate)
    p = sub.add_parser("validate", help="check a ruleset folder; print every problem as file:line:column")
    p.add_argument("dir", nargs="?", metavar="DIR", help="ruleset folder (default: rulesets/disruption)")
    p.set_defaults(handler=cmd_validate)
    p = sub.add_parser("explain", help="a rule's statutory test, limb by limb (with --case: what met it)")
    p.add_argument("rule", metavar="RULE", help="a rule id, e.g. cawn-found-with-adult")
    p.add_argument("--case", metavar="CASE", help="a case file: show which of its facts met each limb")
    p.add_argument("--ruleset", metavar="DIR", help="ruleset folder (default: rulesets/disruption)")
    p.set_defaults(handler=cmd_explain)
    p = sub.add_parser("schema", help="print the JSON Schema of case files, ruleset files or answers")
    p.add_argument("which", nargs="?", choices=sorted(SCHEMAS), default="case")
    p.set_defaults(handler=cmd_schema)
    for register in installed_commands():
        register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler: Handler = args.handler
    try:
        return handler(args)
    except DisruptionError as exc:
        problem = exc.first
        more = f" (and {len(exc.problems) - 1} more)" if len(exc.problems) > 1 else ""
        print(f"disrupt: {problem}{more}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # e.g. `disrupt evaluate … | head`
        sys.stderr.close()
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
