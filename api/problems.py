"""RFC 9457 problem details (`application/problem+json`) for every error the API returns.

Handlers here turn every failure (404, 405, malformed JSON, 413, validation, auth, engine
faults, timeouts) into a problem document; `api.middleware` answers anything unexpected.
No handler ever puts a stack trace, an exception's text from a library, or a case's facts
into a response.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from engine.errors import DisruptionError, Problem
from engine.source import PathKey

PROBLEM_JSON = "application/problem+json"
log = logging.getLogger("api")


class FieldProblem(BaseModel):
    """One located problem: in the request body, or in the ruleset file `file` names."""

    pointer: str = Field(
        description="JSON pointer (RFC 6901) into the request body, or into `file` when it is "
        "given, e.g. /people/1/age"
    )
    detail: str
    file: str | None = Field(default=None, description="The ruleset file, for a reload's problems")
    line: int | None = None
    column: int | None = None
    rule_id: str | None = None
    suggestion: str | None = None


class ProblemDetails(BaseModel):
    """RFC 9457 problem details, with `errors` listing located problems."""

    model_config = ConfigDict(extra="allow")

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    errors: list[FieldProblem] = Field(default_factory=list)


class ProblemError(Exception):
    """Raise to answer with a problem document."""

    def __init__(
        self,
        status: int,
        detail: str | None = None,
        *,
        errors: list[FieldProblem] | None = None,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail or HTTPStatus(status).phrase)
        self.status = status
        self.detail = detail
        self.errors = errors or []
        self.headers = headers or {}
        self.extra = extra


_TITLES = {413: "Content Too Large", 422: "Unprocessable Content"}  # RFC 9110 names


def title(status: int) -> str:
    return _TITLES.get(status) or HTTPStatus(status).phrase


def pointer(path: PathKey | tuple[Any, ...]) -> str:
    """A JSON pointer (RFC 6901) for a field path."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in path)


def pointer_from_dotted(path: str) -> str:
    """`people[1].age` → `/people/1/age` (the engine's dotted paths)."""
    parts: list[str] = []
    for piece in path.replace("[", ".").replace("]", "").split("."):
        if piece:
            parts.append(piece)
    return pointer(tuple(parts))


def field_problems(problems: list[Problem]) -> list[FieldProblem]:
    return [
        FieldProblem(
            pointer=pointer_from_dotted(p.path),
            detail=p.message,
            file=p.file,
            line=p.line,
            column=p.column,
            rule_id=p.rule_id,
            suggestion=p.suggestion,
        )
        for p in problems
    ]


def problem_response(
    request: Request | None,
    status: int,
    detail: str | None = None,
    *,
    errors: list[FieldProblem] | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    body = ProblemDetails(
        title=title(status),
        status=status,
        detail=detail,
        instance=request.url.path if request is not None else None,
        errors=errors or [],
        **extra,
    )
    return JSONResponse(
        body.model_dump(mode="json", exclude_none=True, exclude={"errors"} if not body.errors else None),
        status_code=status,
        media_type=PROBLEM_JSON,
        headers=headers,
    )


def _validation_pointer(loc: tuple[Any, ...]) -> str:
    # FastAPI prefixes "body"/"query"/…; tagged-union member names are not in the document.
    from engine.case import EVENT_MODELS

    parts = [p for p in loc[1:] if not (isinstance(p, str) and p in EVENT_MODELS)]
    return pointer(tuple(parts)) if loc and loc[0] == "body" else pointer(tuple(loc))


async def _problem_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ProblemError)
    return problem_response(
        request, exc.status, exc.detail, errors=exc.errors, headers=exc.headers, **exc.extra
    )


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    detail: str | None = exc.detail if isinstance(exc.detail, str) else None
    if detail == HTTPStatus(exc.status_code).phrase:
        detail = None
    return problem_response(request, exc.status_code, detail, headers=dict(exc.headers or {}))


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors: list[FieldProblem] = []
    malformed = False
    for error in exc.errors():
        if error.get("type") == "json_invalid":
            malformed = True
            continue
        message = str(error.get("msg", "invalid value")).removeprefix("Value error, ")
        kind = str(error.get("type", ""))
        if kind == "no_such_day" or (kind.startswith("date") and "outside expected range" in message):
            message = f"no such day (got {str(error.get('input'))[:40]!r})"  # 2026-02-30, 2026-13-01
        elif error.get("type") == "extra_forbidden":
            message = f"unknown field '{error['loc'][-1]}'"
        elif error.get("type") == "missing":
            message = "required field is missing"
        errors.append(FieldProblem(pointer=_validation_pointer(tuple(error.get("loc", ()))), detail=message))
    if malformed:
        return problem_response(request, 400, "the request body is not valid JSON")
    return problem_response(request, 422, "the request does not match the schema", errors=errors)


async def _disruption_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DisruptionError)
    return problem_response(
        request, 422, "the input breaks the contract", errors=field_problems(exc.problems)
    )


def install(app: FastAPI) -> None:
    """Register the problem handlers on `app`."""
    app.add_exception_handler(ProblemError, _problem_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(DisruptionError, _disruption_error)
    # Anything else is answered (500, no trace) by api.middleware.ServiceMiddleware.


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` entries documenting problem documents for `statuses`."""
    return {
        status: {
            "model": ProblemDetails,
            "description": HTTPStatus(status).phrase,
            "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/ProblemDetails"}}},
        }
        for status in statuses
    }
