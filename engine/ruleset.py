"""Loading a ruleset folder: parse every YAML file, merge, check, and fingerprint it.

Loading either returns a complete, checked `Ruleset` or raises `RulesetError` listing every
problem with file, line and column. Nothing is half-loaded.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from engine.errors import InputError, Problem, ProblemList, RulesetError, did_you_mean
from engine.rule import Code, Paragraph, Parameter, Rule, RulesetFile, RulesetHeader, Tactic
from engine.source import Marks, parse_yaml
from engine.typecheck import CheckedRule, RuleChecker
from engine.validation import problems_from

MAX_RULESET_FILE_BYTES = 2 * 1024 * 1024
REQUIRED_CODES = ("victim_targeted", "child_target_unconfirmed")  # the engine's own guard emits these
_PARAGRAPH = re.compile(r"^¶\d+$")


@dataclass
class Ruleset:
    header: RulesetHeader
    parameters: dict[str, Parameter]
    tactics: dict[str, Tactic]
    codes: dict[str, Code]
    paragraphs: dict[str, Paragraph]
    rules: list[CheckedRule]
    sha256: str
    files: dict[str, str] = field(default_factory=dict)  # relative path → exact text
    # tactic id → its statutory test's routes, checked as rules whose target is the tactic's target
    legal: dict[str, list[CheckedRule]] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.header.name

    @property
    def version(self) -> str:
        return self.header.version

    def rule(self, rule_id: str) -> CheckedRule | None:
        return next((r for r in self.rules if r.id == rule_id), None)

    def cite(self, source: str) -> str:
        """'¶12' → 'IICSA CSE networks report I.2 ¶12'."""
        return f"{self.header.source} {source}" if _PARAGRAPH.match(source) else source


def fingerprint(files: dict[str, str]) -> str:
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + files[name].encode() + b"\0")
    return digest.hexdigest()


def read_folder(folder: Path) -> dict[str, str]:
    """Every *.yaml / *.yml file under `folder`, by path relative to it. Problems name files
    by that relative path, never by the server's path to them."""
    if not folder.is_dir():
        raise RulesetError(Problem("the ruleset folder is missing (or is not a folder)"))
    files: dict[str, str] = {}
    for path in sorted([*folder.rglob("*.yaml"), *folder.rglob("*.yml")]):
        name = path.relative_to(folder).as_posix()
        try:
            if path.stat().st_size > MAX_RULESET_FILE_BYTES:
                raise RulesetError(Problem("ruleset file is too large", file=name))
            files[name] = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise RulesetError(Problem("cannot read the file: it is a link to nothing", file=name)) from None
        except UnicodeDecodeError as exc:
            raise RulesetError(Problem(f"the file is not UTF-8 text (byte {exc.start})", file=name)) from None
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__  # the OS's words, without the path
            raise RulesetError(Problem(f"cannot read the file: {reason}", file=name)) from None
    if not files:
        raise RulesetError(Problem("the ruleset folder has no .yaml files"))
    return files


def load_ruleset(folder: Path) -> Ruleset:
    """A local folder's ruleset (the command line): problems name files with the folder."""
    try:
        files = read_folder(folder)
    except RulesetError as exc:
        raise RulesetError([
            replace(p, file=f"{folder}/{p.file}" if p.file else str(folder)) for p in exc.problems
        ]) from None
    return ruleset_from_texts(files, base=str(folder))


def ruleset_from_texts(files: dict[str, str], base: str | None = None) -> Ruleset:
    """Build a ruleset from file texts (a folder's, or YAML sent to the validate endpoint)."""
    problems = ProblemList()
    parsed: list[tuple[RulesetFile, Marks]] = []
    for name in sorted(files):
        shown = f"{base}/{name}" if base else name
        try:
            data, marks = parse_yaml(files[name], shown)
        except InputError as exc:
            problems.problems.extend(exc.problems)
            continue
        if data is None:  # emptied or cut short: its rules would vanish without a word
            problems.add(marks.problem("the ruleset file is empty; delete it to drop its rules", ()))
            continue
        if not isinstance(data, dict):
            problems.add(marks.problem("a ruleset file is a mapping of sections (rules:, tactics:, …)", ()))
            continue
        try:
            parsed.append((RulesetFile.model_validate(data), marks))
        except ValidationError as exc:
            problems.problems.extend(problems_from(exc, marks, model=RulesetFile))
    problems.raise_if_any(RulesetError)
    ruleset = _merge(parsed, problems)
    problems.raise_if_any(RulesetError)
    assert ruleset is not None
    ruleset.files = dict(files)
    ruleset.sha256 = fingerprint(files)
    return ruleset


def _merge(parsed: list[tuple[RulesetFile, Marks]], problems: ProblemList) -> Ruleset | None:
    header: RulesetHeader | None = None
    parameters: dict[str, Parameter] = {}
    tactics: dict[str, Tactic] = {}
    codes: dict[str, Code] = {}
    paragraphs: dict[str, Paragraph] = {}
    rules: list[tuple[Rule, Marks, int]] = []
    seen_rules: dict[str, str] = {}
    tactic_marks: dict[str, Marks] = {}

    def merge_section(target: dict[str, Any], section: dict[str, Any], marks: Marks, name: str) -> None:
        for key, value in section.items():
            if key in target:
                problems.add(
                    marks.problem(
                        f"duplicate {name} '{key}' (defined in another file too)", (name + "s", key)
                    )
                )
            target[key] = value

    for file, marks in parsed:
        if file.ruleset is not None:
            if header is not None:
                problems.add(
                    marks.problem("a second 'ruleset:' header; a ruleset has exactly one", ("ruleset",))
                )
            header = file.ruleset
        merge_section(parameters, file.parameters, marks, "parameter")
        merge_section(tactics, file.tactics, marks, "tactic")
        tactic_marks.update(dict.fromkeys(file.tactics, marks))
        merge_section(codes, file.codes, marks, "code")
        for key in file.paragraphs:
            if not _PARAGRAPH.match(key):
                problems.add(marks.problem(f"paragraph key '{key}' must look like ¶12", ("paragraphs", key)))
        merge_section(paragraphs, file.paragraphs, marks, "paragraph")
        for index, rule in enumerate(file.rules):
            where = f"{marks.file}:{marks.at(('rules', index))[0]}"
            if rule.id in seen_rules:
                problems.add(
                    marks.problem(
                        f"duplicate rule id '{rule.id}' (first at {seen_rules[rule.id]})",
                        ("rules", index, "id"),
                    )
                )
                continue
            seen_rules[rule.id] = where
            rules.append((rule, marks, index))
    if header is None:
        problems.add(Problem("no 'ruleset:' header (name, version, source) in any file"))
        return None
    for code in REQUIRED_CODES:
        if code not in codes:
            problems.add(
                Problem(f"the codes section must define '{code}' (the engine's victim guard uses it)")
            )
    for code in set(codes) & set(tactics):
        problems.add(Problem(f"'{code}' is both a tactic and a code; use one"))

    checked: list[CheckedRule] = []
    tactic_ids = set(tactics)
    for order, (rule, marks, index) in enumerate(rules):
        path = ("rules", index)
        before = len(problems.problems)
        _check_outcome(rule, marks, path, tactics, codes, paragraphs, problems)
        checker = RuleChecker(rule, order, marks, path, parameters, tactic_ids)
        result = checker.run()
        problems.problems.extend(checker.problems)
        if result is not None and len(problems.problems) == before:
            _check_target_type(result, tactics, marks, path, problems)
            checked.append(result)
    legal = {
        tactic_id: _legal_routes(tactic_id, tactic, tactic_marks[tactic_id], parameters, tactics, problems)
        for tactic_id, tactic in tactics.items()
        if tactic.legal is not None and tactic.legal.routes
    }
    return Ruleset(header, parameters, tactics, codes, paragraphs, checked, sha256="", legal=legal)


LEGAL_TARGET = "target"  # the alias a statutory test's routes give the tactic's target


def _legal_routes(
    tactic_id: str,
    tactic: Tactic,
    marks: Marks,
    parameters: dict[str, Parameter],
    tactics: dict[str, Tactic],
    problems: ProblemList,
) -> list[CheckedRule]:
    """A tactic's statutory test, each route checked as a rule would be (`legal-<tactic>-<n>`)."""
    assert tactic.legal is not None
    checked: list[CheckedRule] = []
    for number, route in enumerate(tactic.legal.routes, start=1):
        path: tuple[str | int, ...] = ("tactics", tactic_id, "legal", "routes", number - 1)
        rule = Rule(
            id=f"legal-{tactic_id.replace('_', '-')}-{number}",
            title=f"The statutory test for a {tactic.name} (route {number})",
            kind="recommend",
            code=tactic_id,
            severity="low",
            target=LEGAL_TARGET,
            when=route.when,
            unless=route.unless,
            count=route.count,
            because=f"{{{LEGAL_TARGET}}}: " + tactic.legal.summary.replace("{", "(").replace("}", ")"),
            sources=tactic.legal_basis,
        )
        if LEGAL_TARGET not in {p.alias for p in route.when}:
            problems.add(
                marks.problem(
                    f"the statutory test of {tactic_id} needs a fact 'as: {LEGAL_TARGET}' (its target)",
                    (*path, "when"),
                )
            )
            continue
        checker = RuleChecker(rule, number - 1, marks, path, parameters, set(tactics))
        result = checker.run()
        problems.problems.extend(checker.problems)
        if result is not None:
            checked.append(result)
    named = {alias for route in checked for alias in [*route.alias_types, *(c.alias for c in route.count)]}
    for limb_index, limb in enumerate(tactic.legal.limbs):
        for alias in limb.about:
            if checked and alias not in named:
                problems.add(
                    marks.problem(
                        f"a limb of {tactic_id}'s statutory test is about '{alias}', a name no route uses",
                        ("tactics", tactic_id, "legal", "limbs", limb_index, "about"),
                        suggestion=did_you_mean(alias, named),
                    )
                )
    return checked


def _check_outcome(
    rule: Rule,
    marks: Marks,
    path: tuple[str | int, ...],
    tactics: dict[str, Tactic],
    codes: dict[str, Code],
    paragraphs: dict[str, Paragraph],
    problems: ProblemList,
) -> None:
    def add(message: str, where: str, suggestion: str | None = None) -> None:
        problems.add(marks.problem(message, (*path, where), rule_id=rule.id, suggestion=suggestion))

    if rule.kind == "recommend":
        if rule.code not in tactics:
            add(
                f"unknown tactic '{rule.code}' in rule {rule.id}",
                "code",
                did_you_mean(rule.code, tactics),
            )
    elif rule.code not in tactics and rule.code not in codes:
        add(
            f"unknown code '{rule.code}' in rule {rule.id} (not a tactic, nor in codes:)",
            "code",
            did_you_mean(rule.code, [*tactics, *codes]),
        )
    elif rule.code in codes and codes[rule.code].kind != rule.kind:
        add(
            f"code '{rule.code}' is a {codes[rule.code].kind} code, but the rule's kind is {rule.kind}",
            "kind",
        )
    for i, source in enumerate(rule.sources):
        if _PARAGRAPH.match(source) and paragraphs and source not in paragraphs:
            problems.add(
                marks.problem(
                    f"source {source} is not in the ruleset's paragraphs: list",
                    (*path, "sources", i),
                    rule_id=rule.id,
                    suggestion=did_you_mean(source, paragraphs),
                )
            )


def _check_target_type(
    rule: CheckedRule,
    tactics: dict[str, Tactic],
    marks: Marks,
    path: tuple[str | int, ...],
    problems: ProblemList,
) -> None:
    fact = rule.alias_types[rule.rule.target]
    tactic = tactics.get(rule.rule.code)
    if tactic is None:
        return
    want = "location" if tactic.aimed_at == "location" else "person"
    if rule.rule.kind == "recommend" and fact != want:
        problems.add(
            marks.problem(
                f"{rule.rule.code} is aimed at a {want}, but target '{rule.rule.target}' is a {fact}",
                (*path, "target"),
                rule_id=rule.id,
            )
        )
