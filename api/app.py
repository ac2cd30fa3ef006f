"""`create_app(settings)`: the FastAPI application, its error handling and its lifecycle."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse

from api import docs, problems
from api.examples import CASE_EXAMPLE
from api.keys import KeyStore
from api.middleware import ServiceMiddleware
from api.pool import PoolBusy, WorkerCrashed, WorkerTimedOut
from api.problems import problem_response
from api.routes import health, router
from api.service import Service
from api.settings import Settings
from engine.case import Case
from engine.conventions import optional_module

DESCRIPTION = """Decision support for officers and policy leads disrupting people who sexually
exploit children. Every answer is advisory and names the ruleset (sha256) that produced it.

Send an API key as `Authorization: Bearer KEY` (create one with `disrupt keys add NAME --role
ROLE`). Errors are RFC 9457 `application/problem+json`."""




async def _crashed(request: Request, exc: Exception) -> JSONResponse:
    problems.log.error("an evaluation worker died: %s", exc)
    return problem_response(request, 503, "the matching engine failed on this request; it was "
                            "contained and the service keeps serving")


async def _timed_out(request: Request, exc: Exception) -> JSONResponse:
    limit = request.app.state.settings.eval_timeout
    return problem_response(request, 504, f"the request took longer than the limit of {limit} s")


async def _busy(request: Request, exc: Exception) -> JSONResponse:
    return problem_response(request, 503, "every evaluation worker is busy; try again",
                            headers={"Retry-After": "1"})


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    service = Service(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await service.start()
        try:
            yield
        finally:
            await service.stop()

    app = FastAPI(
        title="Disruption Advisor",
        version="1",
        description=DESCRIPTION,
        lifespan=lifespan,
        redirect_slashes=False,
        docs_url=None,  # served offline by api.docs
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.service = service
    app.state.keys = KeyStore.in_data_dir(settings.data_dir)
    app.state.recorder = None  # the decision record sets this
    app.include_router(router)
    app.include_router(health)
    docs.install(app)
    record = optional_module("api.routes_record")  # the decision record, when installed
    if record is not None:
        app.include_router(record.router)
        record.install(app, settings)
        web = optional_module("api.web")  # the workspace's pages, on the same functions and roles
        if web is not None:
            web.install(app)
        impact = optional_module("api.impact_routes")  # impact analysis runs over the record
        if impact is not None:
            app.include_router(impact.router)
            impact.install(app)
    problems.install(app)
    app.add_exception_handler(WorkerCrashed, _crashed)
    app.add_exception_handler(WorkerTimedOut, _timed_out)
    app.add_exception_handler(PoolBusy, _busy)
    app.add_middleware(ServiceMiddleware, max_body_bytes=settings.max_body_bytes)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's spec, plus the Case schema (the evaluation body is read raw, checked in a worker)."""
    if app.openapi_schema is not None:
        return app.openapi_schema
    spec = get_openapi(title=app.title, version=app.version, description=app.description,
                       routes=app.routes)
    schemas: dict[str, Any] = spec.setdefault("components", {}).setdefault("schemas", {})
    case_schema = Case.model_json_schema(ref_template="#/components/schemas/{model}")
    for name, schema in case_schema.pop("$defs", {}).items():
        schemas.setdefault(name, schema)
    case_schema["examples"] = [CASE_EXAMPLE]
    schemas["Case"] = case_schema
    spec.setdefault("components", {})["securitySchemes"] = {
        "bearer": {"type": "http", "scheme": "bearer", "description": "An API key from `disrupt keys add`"}
    }
    spec["security"] = [{"bearer": []}]
    for path in ("/healthz", "/readyz"):
        for operation in spec["paths"].get(path, {}).values():
            operation["security"] = []
    app.openapi_schema = spec
    return spec
