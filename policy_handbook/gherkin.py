"""Reading the scenarios in features/*.feature, so the handbook can show them beside their rules.

The feature files are parsed by `gherkin-official`, Cucumber's own parser (the one pytest-bdd
runs the scenarios with), and read here into the few things the handbook shows:

    @tags
    Feature: name            (free description lines)
      Background:            steps shared by every scenario of the feature (or of a Rule)
      Rule: name             scenarios below it belong to that rule of the feature
        @rule:<rule-id>      names a ruleset rule the scenario documents
        Scenario: name       (also Example:, Scenario Outline:, Scenario Template:)
          Given/When/Then/And/But/* step text
            | data | table |      or a doc string between \"\"\" or ```
          Examples: name     | header | … | then one row per run

A file the parser refuses raises `InputError` naming the file and line, in words a policy lead
can act on. Two things the parser would take as free description text are refused too, as
the scenarios' authors never mean them so: a step line, or a second `Feature:`, under a
Feature or Rule header; and an `Examples:` without a table runs nothing, so it is refused.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from gherkin import parser_types as ast
from gherkin.errors import CompositeParserException, ParserError, ParserException
from gherkin.parser import Parser

from engine.errors import InputError, Problem

RULE_TAG = "rule:"
STEP_KEYWORDS = ("Given", "When", "Then", "And", "But", "*")
MAX_FEATURE_FILE_BYTES = 1024 * 1024


@dataclass(frozen=True)
class Step:
    keyword: str  # as written: Given, When, Then, And, But or *
    text: str
    line: int
    doc_string: str | None = None
    table: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class Examples:
    name: str
    line: int
    tags: tuple[str, ...]
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Scenario:
    name: str
    keyword: str  # Scenario, Example, Scenario Outline or Scenario Template
    line: int
    tags: tuple[str, ...]  # its own tags, without the '@'
    inherited_tags: tuple[str, ...]  # from its Feature and Rule
    description: str
    steps: tuple[Step, ...]
    examples: tuple[Examples, ...]
    background: tuple[Step, ...]  # the Feature's then the Rule's Background steps
    rule: str | None  # the name of the Gherkin `Rule:` block it sits in

    @property
    def all_tags(self) -> tuple[str, ...]:
        return (*self.inherited_tags, *self.tags)

    @property
    def rule_ids(self) -> tuple[str, ...]:
        """The ruleset rules this scenario documents (its `@rule:<id>` tags), in order, once each."""
        ids = [t[len(RULE_TAG) :] for t in self.all_tags if t.startswith(RULE_TAG)]
        return tuple(dict.fromkeys(i for i in ids if i))

    @property
    def is_outline(self) -> bool:
        return bool(self.examples)

    @property
    def runs(self) -> int:
        """How many test runs the scenario makes: one per example row, or one."""
        return sum(len(e.rows) for e in self.examples) if self.examples else 1


@dataclass(frozen=True)
class Feature:
    name: str
    file: str  # as given to the reader, e.g. features/cawns.feature
    line: int
    tags: tuple[str, ...]
    description: str
    background: tuple[Step, ...]
    scenarios: tuple[Scenario, ...]


_LOCATION = re.compile(r"^\(\d+:\d+\): ")
_GOT = re.compile(r"got '(?P<got>.*)'$")
_TAGS_EXPECTED = "#TagLine"
_FEATURE_EXPECTED = "#FeatureLine"
_DOC_STRING_EXPECTED = "#DocStringSeparator"


def _step_line(line: str) -> bool:
    return any(line == k or line.startswith(k + " ") for k in STEP_KEYWORDS)


class _Reader:
    """Gherkin's document (plain dicts) → the handbook's Feature; the parser's errors → Problems."""

    def __init__(self, text: str, file: str) -> None:
        self.text = text
        self.lines = text.splitlines()
        self.file = file

    def fail(self, message: str, line: int) -> InputError:
        return InputError(Problem(message, file=self.file, line=line))

    def read(self) -> Feature:
        try:
            document = Parser().parse(self.text)
        except CompositeParserException as exc:
            raise self.explain(exc.errors[0]) from None
        except ParserException as exc:
            raise self.explain(exc) from None
        except ParserError as exc:  # the parser's base error, without a location
            raise self.fail(str(exc), 1) from None
        feature: ast.Feature | None = document.get("feature")
        if not feature:
            raise self.fail("no 'Feature:' line in this file", 1)
        return self.feature(feature)

    # -- the parser's errors, in words ------------------------------------------------
    def explain(self, error: ParserException) -> InputError:
        line = int(error.location.get("line") or 1)
        message = _LOCATION.sub("", str(error))
        got = _GOT.search(message)
        if message.startswith("unexpected end of file"):
            if _DOC_STRING_EXPECTED in message:
                opening = self.last_line_before(line, lambda text: text.startswith(('"""', "```")))
                fence = self.lines[opening - 1].strip()[:3]
                return self.fail(f"doc string opened with {fence} is never closed", opening)
            if _TAGS_EXPECTED in message:
                tags = self.last_line_before(line, lambda text: text.startswith("@"))
                return self.fail("tags at the end of the file tag nothing", tags)
        elif got is not None:
            text = got.group("got")
            if _FEATURE_EXPECTED in message:
                return self.fail("expected 'Feature:' first", line)
            if _step_line(text):
                return self.fail("a step must be inside a Scenario or Background", line)
            if text.startswith("Examples:") or text.startswith("Scenarios:"):
                return self.fail("Examples: must belong to a Scenario Outline", line)
            if text.startswith("Background:") and self.lines[line - 2].strip().startswith("@"):
                return self.fail("a Background cannot have tags", line)
            return self.fail(f"cannot read this line here: {text[:60]!r}", line)
        if "inconsistent cell count" in message:
            return self.fail("this table row has a different number of cells from the row above", line)
        return self.fail(message, line)

    def last_line_before(self, line: int, test: Callable[[str], bool]) -> int:
        """The number of the last line before `line` whose stripped text passes `test`."""
        for number in range(min(line, len(self.lines) + 1) - 1, 0, -1):
            if test(self.lines[number - 1].strip()):
                return number
        return line

    # -- the document -----------------------------------------------------------------
    def feature(self, node: ast.Feature) -> Feature:
        self.check_description(node)
        tags = self.tags(node)
        background: tuple[Step, ...] = ()
        scenarios: list[Scenario] = []
        for child in node["children"]:  # each holds one of background, scenario, rule
            if "background" in child:
                background = self.steps(cast(ast.BackgroundEnvelope, child)["background"])
            elif "scenario" in child:
                scenario = cast(ast.ScenarioEnvelope, child)["scenario"]
                scenarios.append(self.scenario(scenario, tags, background, None))
            elif "rule" in child:
                scenarios.extend(self.rule(cast(ast.RuleEnvelope, child)["rule"], tags, background))
        return Feature(
            name=node["name"],
            file=self.file,
            line=node["location"]["line"],
            tags=tags,
            description=self.description(node),
            background=background,
            scenarios=tuple(scenarios),
        )

    def rule(
        self, node: ast.Rule, feature_tags: tuple[str, ...], feature_background: tuple[Step, ...]
    ) -> list[Scenario]:
        self.check_description(node)
        inherited = (*feature_tags, *self.tags(node))
        background: tuple[Step, ...] = ()
        scenarios: list[Scenario] = []
        for child in node["children"]:
            if "background" in child:
                background = self.steps(cast(ast.BackgroundEnvelope, child)["background"])
            elif "scenario" in child:
                scenario = cast(ast.ScenarioEnvelope, child)["scenario"]
                scenarios.append(
                    self.scenario(scenario, inherited, (*feature_background, *background), node["name"])
                )
        return scenarios

    def scenario(
        self, node: ast.Scenario, inherited: tuple[str, ...], background: tuple[Step, ...], rule: str | None
    ) -> Scenario:
        return Scenario(
            name=node["name"],
            keyword=node["keyword"],
            line=node["location"]["line"],
            tags=self.tags(node),
            inherited_tags=inherited,
            description=self.description(node),
            steps=self.steps(node),
            examples=tuple(self.examples(e) for e in node.get("examples", ())),
            background=background,
            rule=rule,
        )

    def examples(self, node: ast.Examples) -> Examples:
        line = node["location"]["line"]
        header: ast.TableRow | None = node.get("tableHeader")  # absent when no table follows
        if header is None:
            raise self.fail("Examples: needs a table with a header row", line)
        return Examples(
            name=node["name"],
            line=line,
            tags=self.tags(node),
            header=_cells(header),
            rows=tuple(_cells(row) for row in node.get("tableBody", ())),
        )

    def steps(self, node: ast.Scenario | ast.Background) -> tuple[Step, ...]:
        found: list[Step] = []
        for step in node["steps"]:
            doc = step.get("docString")
            table = step.get("dataTable")
            found.append(
                Step(
                    keyword=step["keyword"].strip(),
                    text=step["text"],
                    line=step["location"]["line"],
                    doc_string=doc["content"] if doc is not None else None,
                    table=tuple(_cells(row) for row in table["rows"]) if table is not None else (),
                )
            )
        return tuple(found)

    @staticmethod
    def tags(node: ast.Feature | ast.Rule | ast.Scenario | ast.Examples) -> tuple[str, ...]:
        return tuple(tag["name"][1:] for tag in node.get("tags", ()))

    @staticmethod
    def description(node: ast.Feature | ast.Scenario) -> str:
        """Its free text, each line without its indentation, blank lines left out."""
        lines = (line.strip() for line in (node.get("description") or "").splitlines())
        return "\n".join(line for line in lines if line)

    def check_description(self, node: ast.Feature | ast.Rule) -> None:
        """Refuse a step line or a second Feature: that the parser took as description text."""
        number = node["location"]["line"]
        for text in (line.strip() for line in (node.get("description") or "").splitlines()):
            if not text:
                continue
            while number < len(self.lines) and self.lines[number].strip() != text:
                number += 1
            number += 1  # 1-based: the line just matched
            if _step_line(text):
                raise self.fail("a step must be inside a Scenario or Background", number)
            if text.startswith("Feature:"):
                raise self.fail("a second 'Feature:' in one file", number)


def _cells(row: ast.TableRow) -> tuple[str, ...]:
    return tuple(cell["value"] for cell in row["cells"])


def parse_feature(text: str, file: str = "<feature>") -> Feature:
    """Read one feature file's text; raises InputError with the file and line of a problem."""
    return _Reader(text, file).read()


def load_features(folder: Path) -> list[Feature]:
    """Every *.feature file under `folder`, in path order; none when the folder does not exist."""
    if not folder.is_dir():
        return []
    features: list[Feature] = []
    for path in sorted(folder.rglob("*.feature")):
        if path.stat().st_size > MAX_FEATURE_FILE_BYTES:
            raise InputError(Problem("feature file is too large", file=str(path)))
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(Problem(f"cannot read file: {exc}", file=str(path))) from None
        features.append(parse_feature(text, str(path)))
    return features
