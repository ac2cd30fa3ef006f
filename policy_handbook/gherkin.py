"""Reading the scenarios in features/*.feature, so the handbook can show them beside their rules.

A small reader for the Gherkin the project writes (English keywords only):

    @tags
    Feature: name            (free description lines)
      Background:            steps shared by every scenario of the feature (or of a Rule)
      Rule: name             scenarios below it belong to that rule of the feature
        @rule:<rule-id>      names a ruleset rule the scenario documents
        Scenario: name       (also Example:, Scenario Outline:, Scenario Template:)
          Given/When/Then/And/But/* step text
            | data | table |      or a doc string between \"\"\" or ```
          Examples: name     | header | … | then one row per run

Comments (# …) and blank lines are skipped. A line the reader cannot place raises
`InputError` naming the file and line, as pytest-bdd would refuse it too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from engine.errors import InputError, Problem

RULE_TAG = "rule:"
STEP_KEYWORDS = ("Given", "When", "Then", "And", "But", "*")
_SCENARIO_KEYWORDS = ("Scenario Outline", "Scenario Template", "Scenario", "Example")
_EXAMPLES_KEYWORDS = ("Examples", "Scenarios")
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


_KEYWORD = re.compile(r"^(?P<keyword>[A-Z][A-Za-z ]*?)\s*:\s?(?P<rest>.*)$")


def _keyword(line: str, keywords: tuple[str, ...]) -> tuple[str, str] | None:
    match = _KEYWORD.match(line)
    if match and match.group("keyword") in keywords:
        return match.group("keyword"), match.group("rest").strip()
    return None


def _step(line: str) -> tuple[str, str] | None:
    for keyword in STEP_KEYWORDS:
        if line == keyword or line.startswith(keyword + " "):
            return keyword, line[len(keyword) :].strip()
    return None


def _cells(line: str) -> tuple[str, ...]:
    """`| a | b\\|c |` → ('a', 'b|c'); escapes \\| \\n \\\\ as Gherkin defines them."""
    body = line.strip()
    if not body.endswith("|") or (body.endswith("\\|") and not body.endswith("\\\\|")):
        body += "|"
    cells: list[str] = []
    current: list[str] = []
    chars = iter(body[1:])
    for char in chars:
        if char == "\\":
            nxt = next(chars, "")
            current.append({"n": "\n", "|": "|", "\\": "\\"}.get(nxt, "\\" + nxt))
        elif char == "|":
            cells.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    return tuple(cells)


@dataclass
class _Block:
    """A scenario or background being read."""

    keyword: str
    name: str
    line: int
    tags: tuple[str, ...]
    description: list[str] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    examples: list[Examples] = field(default_factory=list)


@dataclass
class _Examples:
    name: str
    line: int
    tags: tuple[str, ...]
    header: tuple[str, ...] | None = None
    rows: list[tuple[str, ...]] = field(default_factory=list)

    def done(self) -> Examples:
        return Examples(self.name, self.line, self.tags, self.header or (), tuple(self.rows))


class _Reader:
    def __init__(self, text: str, file: str) -> None:
        self.lines = text.splitlines()
        self.file = file
        self.feature_name: str | None = None
        self.feature_line = 0
        self.feature_tags: tuple[str, ...] = ()
        self.feature_description: list[str] = []
        self.feature_background: tuple[Step, ...] = ()
        self.rule_name: str | None = None
        self.rule_tags: tuple[str, ...] = ()
        self.rule_background: tuple[Step, ...] = ()
        self.pending_tags: list[str] = []
        self.block: _Block | None = None  # the scenario or background being read
        self.examples: _Examples | None = None
        self.description: list[str] | None = None  # where free text lines go, if anywhere
        self.scenarios: list[Scenario] = []

    def fail(self, message: str, number: int) -> InputError:
        return InputError(Problem(message, file=self.file, line=number))

    # -- closing blocks ---------------------------------------------------------------
    def close_examples(self) -> None:
        if self.examples is not None and self.block is not None:
            if self.examples.header is None:
                raise self.fail("Examples: needs a table with a header row", self.examples.line)
            self.block.examples.append(self.examples.done())
        self.examples = None

    def close_block(self) -> None:
        self.close_examples()
        block, self.block = self.block, None
        if block is None:
            return
        if block.keyword == "Background":
            if self.rule_name is None:
                self.feature_background = tuple(block.steps)
            else:
                self.rule_background = tuple(block.steps)
            return
        self.scenarios.append(
            Scenario(
                name=block.name,
                keyword=block.keyword,
                line=block.line,
                tags=block.tags,
                inherited_tags=(*self.feature_tags, *self.rule_tags),
                description="\n".join(block.description).strip(),
                steps=tuple(block.steps),
                examples=tuple(block.examples),
                background=(*self.feature_background, *self.rule_background),
                rule=self.rule_name,
            )
        )

    def take_tags(self) -> tuple[str, ...]:
        tags, self.pending_tags = tuple(self.pending_tags), []
        return tags

    # -- reading ----------------------------------------------------------------------
    def read(self) -> Feature:
        number = 0
        while number < len(self.lines):
            raw = self.lines[number]
            number += 1
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith(('"""', "```")):
                number = self.doc_string(raw, number)
                continue
            self.line(line, number)
        self.close_block()
        if self.feature_name is None:
            raise self.fail("no 'Feature:' line in this file", 1)
        if self.pending_tags:
            raise self.fail("tags at the end of the file tag nothing", len(self.lines))
        return Feature(
            name=self.feature_name,
            file=self.file,
            line=self.feature_line,
            tags=self.feature_tags,
            description="\n".join(self.feature_description).strip(),
            background=self.feature_background,
            scenarios=tuple(self.scenarios),
        )

    def doc_string(self, raw: str, number: int) -> int:
        """Read a doc string opened on line `number`; attach it to the last step."""
        opening = raw.strip()[:3]
        indent = len(raw) - len(raw.lstrip())
        if self.block is None or not self.block.steps or self.examples is not None:
            raise self.fail("a doc string must follow a step", number)
        content: list[str] = []
        start = number
        while number < len(self.lines):
            line = self.lines[number]
            number += 1
            if line.strip() == opening:
                step = self.block.steps[-1]
                text = "\n".join(content)
                self.block.steps[-1] = Step(step.keyword, step.text, step.line, text, step.table)
                return number
            content.append(line[indent:] if line[:indent].strip() == "" else line.strip())
        raise self.fail(f"doc string opened with {opening} is never closed", start)

    def line(self, line: str, number: int) -> None:
        if line.startswith("@"):
            tags = line.split("#", 1)[0].split() if " #" in line else line.split()
            for tag in tags:
                if not tag.startswith("@") or len(tag) == 1:
                    raise self.fail(f"'{tag}' is not a tag (tags look like @rule:some-rule-id)", number)
                self.pending_tags.append(tag[1:])
            return
        if line.startswith("|"):
            self.table_row(line, number)
            return
        found = _keyword(line, ("Feature",))
        if found:
            if self.feature_name is not None:
                raise self.fail("a second 'Feature:' in one file", number)
            self.feature_name, self.feature_line = found[1], number
            self.feature_tags = self.take_tags()
            self.description = self.feature_description
            return
        if self.feature_name is None:
            raise self.fail("expected 'Feature:' first", number)
        if self.header(line, number):
            return
        step = _step(line)
        if step is not None:
            if self.block is None or self.examples is not None:
                raise self.fail("a step must be inside a Scenario or Background", number)
            self.block.steps.append(Step(step[0], step[1], number))
            self.description = None
            return
        if self.description is not None:
            self.description.append(line)
            return
        raise self.fail(f"cannot read this line here: {line[:60]!r}", number)

    def header(self, line: str, number: int) -> bool:
        """Rule:, Background:, Scenario…:, Examples: — True when the line was one of them."""
        found = _keyword(line, ("Rule",))
        if found:
            self.close_block()
            self.rule_name, self.rule_tags, self.rule_background = found[1], self.take_tags(), ()
            self.description = []
            return True
        found = _keyword(line, ("Background",))
        if found:
            self.close_block()
            if self.pending_tags:
                raise self.fail("a Background cannot have tags", number)
            self.block = _Block("Background", found[1], number, ())
            self.description = self.block.description
            return True
        found = _keyword(line, _SCENARIO_KEYWORDS)
        if found:
            self.close_block()
            self.block = _Block(found[0], found[1], number, self.take_tags())
            self.description = self.block.description
            return True
        found = _keyword(line, _EXAMPLES_KEYWORDS)
        if found:
            if self.block is None or self.block.keyword == "Background":
                raise self.fail("Examples: must belong to a Scenario Outline", number)
            self.close_examples()
            self.examples = _Examples(found[1], number, self.take_tags())
            self.description = []
            return True
        return False

    def table_row(self, line: str, number: int) -> None:
        cells = _cells(line)
        if self.examples is not None:
            if self.examples.header is None:
                self.examples.header = cells
            elif len(cells) != len(self.examples.header):
                raise self.fail(
                    f"this example row has {len(cells)} cells; the header has {len(self.examples.header)}",
                    number,
                )
            else:
                self.examples.rows.append(cells)
            self.description = None
            return
        if self.block is None or not self.block.steps:
            raise self.fail("a table must follow a step or an Examples: line", number)
        step = self.block.steps[-1]
        if step.table and len(cells) != len(step.table[0]):
            raise self.fail(
                f"this table row has {len(cells)} cells; the first row has {len(step.table[0])}", number
            )
        self.block.steps[-1] = Step(step.keyword, step.text, step.line, step.doc_string, (*step.table, cells))


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
