"""Reading YAML and JSON documents while remembering where each value came from.

`load_document` returns plain Python data plus a `Marks` table that maps a field path
(a tuple of keys and list indexes) to its line and column, so later validation errors
can point a policy lead at the exact spot in the file.
"""

from __future__ import annotations

import json
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
    return loader.construct_object(node, deep=True)


def parse_yaml(text: str, file: str | None = None) -> tuple[Any, Marks]:
    """Parse one YAML document; errors carry file, line and column."""
    marks = Marks(file=file)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, marks
        return _construct(node, loader, (), marks, set()), marks
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
        return json.loads(text, object_pairs_hook=no_duplicates, parse_constant=no_constant), Marks(file=file)
    except json.JSONDecodeError as exc:
        raise InputError(
            Problem(f"malformed JSON: {exc.msg}", file=file, line=exc.lineno, column=exc.colno)
        ) from None
    except RecursionError:
        raise InputError(Problem("malformed JSON: nested too deeply", file=file)) from None


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
