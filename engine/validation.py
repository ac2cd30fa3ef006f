"""Turning pydantic validation errors into located, actionable problems."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ValidationError

from engine.errors import Problem, did_you_mean
from engine.source import Marks, PathKey

Tagged = Mapping[str, type[BaseModel]]

_TYPE_WORDS = {
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "string_type": "text",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
}


def _expected_choices(error: Any) -> list[str]:
    ctx = error.get("ctx") or {}
    expected = ctx.get("expected", "")
    # pydantic renders choices as "'a', 'b' or 'c'"
    return [part.strip(" '\"") for part in expected.replace(" or ", ",").split(",") if part]


def _allowed_fields(model: type[BaseModel] | None, loc: tuple[Any, ...], tagged: Tagged) -> list[str]:
    """Field names allowed at `loc`'s parent, found by walking the model's fields."""
    if model is None:
        return []
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None)
        if fields is None:
            return []
        if part in fields:
            annotation = fields[part].annotation
            current = _model_in(annotation)
        else:
            # a tagged-union member name (e.g. "missing_episode") stands in the path
            current = tagged.get(part)
        if current is None:
            return []
    fields = getattr(current, "model_fields", None)
    return list(fields) if fields else []


def _model_in(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def problems_from(
    exc: ValidationError,
    marks: Marks,
    model: type[BaseModel] | None = None,
    tagged: Tagged | None = None,
) -> list[Problem]:
    """Located problems for every error; `tagged` names the members of a tagged union (the
    event types), whose names pydantic puts in error paths."""
    tagged = tagged or {}
    problems: list[Problem] = []
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        # Drop tagged-union member names from the user-visible path.
        path: PathKey = tuple(p for p in loc if not (isinstance(p, str) and p in tagged))
        kind = error["type"]
        suggestion = None
        message = error["msg"]
        value = error.get("input")
        if kind == "extra_forbidden":
            name = str(loc[-1])
            suggestion = did_you_mean(name, _allowed_fields(model, loc, tagged))
            message = f"unknown field '{name}'"
        elif kind in ("enum", "literal_error") and isinstance(value, str):
            choices = _expected_choices(error)
            suggestion = did_you_mean(value, choices)
            message = f"unknown value '{value}'; expected one of: {', '.join(choices)}"
        elif kind == "union_tag_invalid" and isinstance(value, dict):
            tag = str(value.get("type"))
            choices = sorted(tagged)
            suggestion = did_you_mean(tag, choices)
            message = f"unknown event type '{tag}'; expected one of: {', '.join(choices)}"
        elif kind == "missing":
            message = "required field is missing"
        elif kind in _TYPE_WORDS:
            shown = f"the text '{value}'" if isinstance(value, str) else repr(value)
            message = f"expected {_TYPE_WORDS[kind]}, not {shown}"
        elif value is not None and not isinstance(value, dict | list):
            message = f"{message} (got {value!r})"
        problems.append(marks.problem(message, path, suggestion=suggestion))
    return problems
