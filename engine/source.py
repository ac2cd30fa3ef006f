"""Reading YAML and JSON documents while remembering where each value came from.

`load_document` returns plain Python data plus a `Marks` table that maps a field path
(a tuple of keys and list indexes) to its line and column, so later validation errors
can point a policy lead at the exact spot in the file.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from engine.errors import InputError, Problem

PathKey = tuple[str | int, ...]


@dataclass
class Marks:
    """Line/column (1-based) of each value in a document, by field path."""

    file: str | None = None
    positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)

    def at(self, path: PathKey) -> tuple[int | None, int | None]:
        """The position of `path`, or of its nearest ancestor that has one."""
        probe = tuple(path)
        while True:
            if probe in self.positions:
                return self.positions[probe]
            if not probe:
                return (None, None)
            probe = probe[:-1]

    def problem(self, message: str, path: PathKey, **extra: Any) -> Problem:
        line, column = self.at(path)
        return Problem(
            message=message,
            path=format_path(path),
            file=self.file,
            line=line,
            column=column,
            **extra,
        )


def format_path(path: PathKey) -> str:
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


_PLAIN_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")


_SafeBase: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: 10x faster


class _Loader(_SafeBase):  # type: ignore[valid-type,misc]
    """The safe loader; `_construct` below refuses duplicate keys and unknown tags."""


def _construct(node: yaml.Node, loader: _Loader, path: PathKey, marks: Marks, seen: set[int]) -> Any:
    marks.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode | yaml.SequenceNode):
        if id(node) in seen:  # an alias: refused, so a small file cannot expand exponentially
            raise InputError(marks.problem("YAML anchors and aliases (&name, *name) are not supported", path))
        seen.add(id(node))
    if isinstance(node, yaml.MappingNode | yaml.SequenceNode) and node.tag not in _PLAIN_TAGS:
        raise InputError(marks.problem(f"unsupported YAML tag '{node.tag}'", path))
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str | int | bool) or isinstance(key, bool):
                key = str(key)
            if key in result:
                raise InputError(
                    Problem(
                        f"duplicate key '{key}'",
                        path=format_path((*path, key)),
                        file=marks.file,
                        line=key_node.start_mark.line + 1,
                        column=key_node.start_mark.column + 1,
                    )
                )
            result[key] = _construct(value_node, loader, (*path, key), marks, seen)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_construct(item, loader, (*path, i), marks, seen) for i, item in enumerate(node.value)]
    try:
        return loader.construct_object(node, deep=True)
    except ValueError:  # a scalar of the right shape but no value: 2026-02-30, a 5000-digit number
        raise InputError(marks.problem(_unreadable(node.tag, str(node.value)), path)) from None
    except UnicodeError:
        raise InputError(marks.problem("the text is not valid Unicode (a lone surrogate)", path)) from None


def _unreadable(tag: str, value: str) -> str:
    if tag.endswith(":timestamp"):
        return f"no such day: '{value[:40]}'"
    if tag.endswith((":int", ":float")):
        return f"the number is too long ({len(value)} characters; at most {MAX_DIGITS} digits)"
    return f"the value '{value[:40]}' cannot be read"


MAX_DIGITS = sys.get_int_max_str_digits() or 4300  # Python's limit on an integer's digits
_SURROGATE = re.compile("[\ud800-\udfff]")


def _lone_surrogates(data: Any, marks: Marks, path: PathKey = ()) -> None:
    """Refuse text holding a lone surrogate (a `\\ud800` escape): it is no character, and
    nothing downstream (UTF-8, the database) can store it. Names the field."""
    if isinstance(data, str):
        if _SURROGATE.search(data):
            raise InputError(marks.problem("the text holds a lone surrogate (not a Unicode character)", path))
    elif isinstance(data, dict):
        for key, value in data.items():
            if isinstance(key, str) and _SURROGATE.search(key):
                raise InputError(marks.problem("a key holds a lone surrogate (not a character)", path))
            _lone_surrogates(value, marks, (*path, key))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            _lone_surrogates(item, marks, (*path, index))


def _may_hold_surrogates(text: str) -> bool:
    """Only an escape (JSON `\\u`, YAML `\\u` / `\\U`) can put a surrogate in parsed text."""
    return "\\u" in text or "\\U" in text


def parse_yaml(text: str, file: str | None = None) -> tuple[Any, Marks]:
    """Parse one YAML document; errors carry file, line and column."""
    marks = Marks(file=file)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, marks
        data = _construct(node, loader, (), marks, set())
        if _may_hold_surrogates(text):
            _lone_surrogates(data, marks)
        return data, marks
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        reason = exc.problem or exc.context or "malformed YAML"
        raise InputError(Problem(f"malformed YAML: {reason}", file=file, line=line, column=column)) from None
    except yaml.YAMLError as exc:
        raise InputError(Problem(f"malformed YAML: {exc}", file=file)) from None
    finally:
        loader.dispose()


def parse_json(text: str, file: str | None = None) -> tuple[Any, Marks]:
    """Strict JSON: a duplicate key (which would silently keep the last value), NaN or
    Infinity is refused, as the YAML loader refuses duplicate keys."""

    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(pairs)  # a duplicate shows as fewer keys than pairs, found without a loop
        if len(result) < len(pairs):
            seen: set[str] = set()
            for key, _ in pairs:
                if key in seen:
                    raise InputError(Problem(f"malformed JSON: duplicate key '{key}'", file=file))
                seen.add(key)
        return result

    def no_constant(name: str) -> Any:
        raise InputError(Problem(f"malformed JSON: {name} is not a JSON number", file=file))

    try:
        data = json.loads(text, object_pairs_hook=no_duplicates, parse_constant=no_constant)
    except json.JSONDecodeError as exc:
        raise InputError(
            Problem(f"malformed JSON: {exc.msg}", file=file, line=exc.lineno, column=exc.colno)
        ) from None
    except ValueError:  # an integer over Python's digit limit: located by finding it
        raise InputError(_long_number(text, file)) from None
    except RecursionError:
        raise InputError(Problem("malformed JSON: nested too deeply", file=file)) from None
    marks = Marks(file=file)
    if _may_hold_surrogates(text):
        _lone_surrogates(data, marks)
    return data, marks


def _long_number(text: str, file: str | None) -> Problem:
    found = re.search(rf"\d{{{MAX_DIGITS + 1},}}", text)
    if found is None:
        return Problem("malformed JSON: a value cannot be read", file=file)
    line = text.count("\n", 0, found.start()) + 1
    column = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
    return Problem(f"malformed JSON: a number is too long ({found.end() - found.start()} digits; "
                   f"at most {MAX_DIGITS})", file=file, line=line, column=column)


def parse_text(text: str, file: str | None = None) -> tuple[Any, Marks]:
    """JSON when the text looks like JSON, else YAML (JSON is also YAML, but slower)."""
    if text.lstrip().startswith(("{", "[")):
        return parse_json(text, file)
    return parse_yaml(text, file)


def read_text(path: Path, max_bytes: int) -> str:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(Problem(f"cannot read file: {exc.strerror}", file=str(path))) from None
    if size > max_bytes:
        raise InputError(Problem(f"file is {size} bytes; the limit is {max_bytes} bytes", file=str(path)))
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InputError(Problem("file is not UTF-8 text", file=str(path))) from None
    except OSError as exc:
        raise InputError(Problem(f"cannot read file: {exc.strerror}", file=str(path))) from None
