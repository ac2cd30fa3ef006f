"""Signing in to the workspace: an API key becomes a server-side session.

The browser holds only a random session token, in an HttpOnly, SameSite=Strict cookie scoped
to `/web` (Secure over HTTPS); the key stays on the server, in memory, and is checked again on
every request exactly as the API checks a bearer key (`api.auth.authenticate`), so a revoked key
ends its sessions at once, and a principal carries whatever the API gives it (role, forces).
Every form carries the session's CSRF token; the sign-in form a token of its own (double
submit: a short-lived cookie and the form field must match).
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from dataclasses import dataclass, field

from fastapi import Request
from starlette.requests import Request as StarletteRequest

from api.auth import ADMIN, Principal, authenticate
from api.keys import Role
from api.problems import ProblemError

SESSION_COOKIE = "disrupt_session"
SIGN_IN_COOKIE = "disrupt_sign_in"
COOKIE_PATH = "/web"
IDLE_SECONDS = 60 * 60  # an hour without a request ends the session
MAX_SECONDS = 12 * 60 * 60  # a working day at most
MAX_SESSIONS = 10_000


@dataclass
class Session:
    token: str
    csrf: str
    key: str
    name: str
    started: float
    seen: float = field(default=0.0)


class SignInNeeded(Exception):
    """No session, or it has ended: the page sends the browser to sign in."""


class PageRefused(Exception):
    """The signed-in principal may not do this (403), or a form's CSRF token is wrong."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class Sessions:
    """The workspace's sessions, in this process's memory (a restart signs everyone out)."""

    def __init__(self) -> None:
        self._sessions: dict[str, Session] = {}
        self._lock = threading.Lock()

    def open(self, request: Request, key: str) -> tuple[Session, Principal]:
        """A new session for a valid key; raises ProblemError(401) for a bad one."""
        principal = _as_bearer(request, key)
        now = time.monotonic()
        session = Session(secrets.token_urlsafe(32), secrets.token_urlsafe(32), key, principal.name, now, now)
        with self._lock:
            self._expire(now)
            if len(self._sessions) >= MAX_SESSIONS:
                oldest = min(self._sessions.values(), key=lambda s: s.seen)
                del self._sessions[oldest.token]
            self._sessions[session.token] = session
        return session, principal

    def close(self, token: str) -> None:
        with self._lock:
            self._sessions.pop(token, None)

    def find(self, token: str | None) -> Session | None:
        if not token:
            return None
        now = time.monotonic()
        with self._lock:
            session = self._sessions.get(token)
            if session is None:
                return None
            if now - session.seen > IDLE_SECONDS or now - session.started > MAX_SECONDS:
                del self._sessions[token]
                return None
            session.seen = now
            return session

    def _expire(self, now: float) -> None:
        for token in [t for t, s in self._sessions.items()
                      if now - s.seen > IDLE_SECONDS or now - s.started > MAX_SECONDS]:
            del self._sessions[token]


def _as_bearer(request: Request, key: str) -> Principal:
    """Authenticate `key` exactly as the API authenticates `Authorization: Bearer KEY`."""
    scope = dict(request.scope)
    scope["headers"] = [(b"authorization", f"Bearer {key}".encode())]
    return authenticate(StarletteRequest(scope))


def sessions(request: Request) -> Sessions:
    found: Sessions = request.app.state.web_sessions
    return found


@dataclass(frozen=True)
class Visitor:
    """Who is using the page: the session and the principal the API would see."""

    session: Session
    principal: Principal

    @property
    def csrf(self) -> str:
        return self.session.csrf

    def may(self, *roles: Role) -> bool:
        return self.principal.role in (*roles, ADMIN)

    def may_see_force(self, force: str | None) -> bool:
        """Force scopes: a principal with forces sees only their cases (none: every force)."""
        forces = getattr(self.principal, "forces", None)
        return not forces or force in forces


def visitor(request: Request, *roles: Role) -> Visitor:
    """The signed-in visitor, if their role is one of `roles` (admin always)."""
    session = sessions(request).find(request.cookies.get(SESSION_COOKIE))
    if session is None:
        raise SignInNeeded()
    try:
        principal = _as_bearer(request, session.key)
    except ProblemError:  # the key was revoked since
        sessions(request).close(session.token)
        raise SignInNeeded() from None
    request.state.principal = principal
    found = Visitor(session, principal)
    if roles and not found.may(*roles):
        allowed = ", ".join(sorted({*roles, ADMIN}))
        raise PageRefused(403, f"Your role ({principal.role}) may not do this; it needs one of: {allowed}.")
    return found


def check_csrf(expected: str, sent: str | None) -> None:
    if not sent or not hmac.compare_digest(expected.encode(), sent.encode()):
        raise PageRefused(403, "This form has expired or did not come from this workspace "
                          "(its security token is missing or wrong). Reload the page and try again.")
