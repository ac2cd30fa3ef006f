"""The `disrupt` command line.

    disrupt evaluate CASE... [--format text|json] [--ruleset DIR]
    disrupt validate [DIR]
    disrupt schema [case|ruleset|answer]

Other packages add commands (serve, keys, report, docs, …) through `COMMAND_MODULES`: each
module has `register(subparsers)`. Exit codes: 0 ok; 1 `validate` found problems; 2 bad
input (one line naming the file and field); never a traceback for a user's mistake.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

from engine import default_ruleset_dir
from engine.case import Case, load_case
from engine.errors import DisruptionError, RulesetError
from engine.evaluate import Engine
from engine.finding import Answer
from engine.rule import RulesetFile
from engine.ruleset import load_ruleset

COMMAND_MODULES = ("api.commands", "record.commands", "engine.handbook", "impact.commands")
EXIT_OK, EXIT_PROBLEMS, EXIT_BAD_INPUT = 0, 1, 2
Handler = Callable[[argparse.Namespace], int]
OWN_PACKAGES = frozenset({"engine", "api", "record", "impact"})


def optional_module(name: str) -> ModuleType | None:
    """The module, or None when a package it needs is not installed: a part of the product
    whose extra (`api`, `record`) was left out. One of our own modules missing is a fault."""
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if (exc.name or "").split(".")[0] in OWN_PACKAGES:
            raise
        return None


def ruleset_dir(value: str | None) -> Path:
    return Path(value) if value else default_ruleset_dir()


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
    else:
        print("\n\n".join(render_text(a) for a in answers))
    return EXIT_OK


_HEADINGS = {
    "warn": "Warnings: harmful or misapplied actions",
    "gap": "Gaps: missed opportunities and duties not met",
    "recommend": "Tactics to consider",
}


def render_text(answer: Answer) -> str:
    """An officer's reading of the answer: grouped by kind, each with its reason."""
    lines = [
        f"Case {answer.case_id}",
        f"Ruleset {answer.ruleset.name} {answer.ruleset.version} (sha256 {answer.ruleset.sha256[:12]}…)",
        "Advisory: decision support for the officer in the case, not a decision.",
    ]
    if not answer.findings:
        lines.append("\nNo findings.")
    for kind in ("warn", "gap", "recommend"):
        found = [f for f in answer.findings if f.kind == kind]
        if not found:
            continue
        lines.append(f"\n{_HEADINGS[kind]} ({len(found)})")
        for f in found:
            lines.append(f"  [{f.severity.upper()}] {f.code} → {f.target}: {f.title}")
            lines.append(f"      because {f.because}")
            if f.legal_basis:
                lines.append(f"      legal basis: {'; '.join(f.legal_basis)}")
            lines.append(f"      source: {'; '.join(f.sources)}   rule: {f.rule}")
            if f.confidence:
                lines.append(f"      to confirm: {f.confidence}")
    if answer.unknowns:
        lines.append(f"\nNot recorded, and would change the answer ({len(answer.unknowns)})")
        for u in answer.unknowns:
            lines.append(f"  {u.fact}: would decide {u.decides}")
    return "\n".join(lines)


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
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--ruleset", metavar="DIR", help="ruleset folder (default: rulesets/disruption)")
    p.set_defaults(handler=cmd_evaluate)
    p = sub.add_parser("validate", help="check a ruleset folder; print every problem as file:line:column")
    p.add_argument("dir", nargs="?", metavar="DIR", help="ruleset folder (default: rulesets/disruption)")
    p.set_defaults(handler=cmd_validate)
    p = sub.add_parser("schema", help="print the JSON Schema of case files, ruleset files or answers")
    p.add_argument("which", nargs="?", choices=sorted(SCHEMAS), default="case")
    p.set_defaults(handler=cmd_schema)
    for name in COMMAND_MODULES:
        module = optional_module(name)
        if module is not None:  # else that part of the product is not installed
            module.register(sub)
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
