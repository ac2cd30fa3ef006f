"""The officer's and policy lead's workspace: server-rendered pages under /web.

`install(app)` mounts the pages and their static files (stylesheet, a little script) on the
service's app. The pages call the service's own functions (see `api.web.pages`).
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from api.web.pages import CSP, router
from api.web.render import STATIC, render
from api.web.session import PageRefused, Sessions, SignInNeeded


async def _sign_in(request: Request, exc: Exception) -> Response:
    return RedirectResponse("/web/sign-in", status_code=303)


async def _refused(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, PageRefused)
    you = getattr(request.state, "visitor", None)
    html = render("error.html", you=you, status=exc.status, message=exc.message)
    return HTMLResponse(html, status_code=exc.status, headers={"Content-Security-Policy": CSP})


def install(app: FastAPI) -> None:
    app.state.web_sessions = Sessions()
    app.include_router(router)
    app.mount("/web/static", StaticFiles(directory=STATIC), name="web-static")
    app.add_exception_handler(SignInNeeded, _sign_in)
    app.add_exception_handler(PageRefused, _refused)
