"""ASGI middleware: request ids and the access log, safe headers, and the body size limit.

The access log names the request id, method, route, case id, status and duration, never a
fact from a case, a query string or a key.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from typing import Any

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.problems import PROBLEM_JSON, title

access_log = logging.getLogger("api.access")
log = logging.getLogger("api")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
_SAFE_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"cache-control", b"no-store"),
    (b"referrer-policy", b"no-referrer"),
]


class BodyTooLarge(HTTPException):
    """Raised from `receive` when a streamed body passes the limit (answered as 413)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is over the limit of {limit} bytes")


class ServiceMiddleware:
    """Outermost layer: assigns the request id, limits the body, logs the outcome."""

    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        headers = dict(scope["headers"])
        given = headers.get(b"x-request-id", b"").decode("latin-1")
        request_id = given if _REQUEST_ID.match(given) else uuid.uuid4().hex
        state: dict[str, Any] = scope.setdefault("state", {})
        state["request_id"] = request_id
        status = 0  # not started
        limit = self.max_body_bytes

        async def send_with_headers(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [
                    *message.get("headers", []),
                    (b"x-request-id", request_id.encode()),
                    *_SAFE_HEADERS,
                ]
            await send(message)

        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        try:
            declared = int(headers.get(b"content-length", b"0") or b"0")
        except ValueError:
            declared = 0
        try:
            if declared > limit:
                detail = f"the request body is over the limit of {limit} bytes"
                await _send_problem(scope, send_with_headers, 413, detail)
            else:
                await self.app(scope, limited_receive, send_with_headers)
        except Exception as exc:
            # Last line: log the type only (an exception's text may quote a case), answer 500
            # if nothing was sent yet, and never re-raise (the server would log a traceback).
            log.error("request_id=%s unexpected %s", request_id, type(exc).__name__)
            if status == 0:
                await _send_problem(scope, send_with_headers, 500, "an unexpected error; it has been logged")
        finally:
            route = scope.get("route")
            access_log.info(
                "request_id=%s method=%s route=%s case_id=%s status=%s duration_ms=%.1f",
                request_id,
                scope.get("method"),
                getattr(route, "path", "-"),
                state.get("case_id") or "-",
                status,
                (time.perf_counter() - started) * 1000,
            )


async def _send_problem(scope: Scope, send: Send, status: int, detail: str) -> None:
    body = json.dumps(
        {"type": "about:blank", "title": title(status), "status": status, "detail": detail,
         "instance": scope.get("path", "")}
    ).encode()
    headers = [(b"content-type", PROBLEM_JSON.encode()), (b"content-length", str(len(body)).encode())]
    if status == 413:
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
