"""Who is calling: API keys sent as `Authorization: Bearer KEY`, each with one role.

Use `Depends(require_roles("officer"))` on a route: no key or an unknown key → 401, a key
whose role is not allowed → 403. `admin` may do everything.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import Request
from pydantic import BaseModel, ConfigDict

from api.keys import ROLES, KeyStore, Role
from api.problems import ProblemError

ADMIN: Role = "admin"
_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="disruption-advisor"'}


class Principal(BaseModel):
    """The authenticated caller: the key's name and its role."""

    model_config = ConfigDict(frozen=True)

    name: str
    role: Role


def authenticate(request: Request) -> Principal:
    header = request.headers.get("authorization", "")
    scheme, _, key = header.partition(" ")
    if scheme.lower() != "bearer" or not key.strip():
        raise ProblemError(401, "send an API key as 'Authorization: Bearer KEY'", headers=_CHALLENGE)
    store: KeyStore = request.app.state.keys
    info = store.verify(key.strip())
    if info is None:
        raise ProblemError(401, "the API key is unknown or revoked", headers=_CHALLENGE)
    return Principal(name=info.name, role=info.role)


def require_roles(*roles: Role) -> Callable[[Request], Awaitable[Principal]]:
    """A FastAPI dependency admitting callers whose role is in `roles` (admin always)."""
    unknown = [r for r in roles if r not in ROLES]
    if unknown:
        raise ValueError(f"unknown roles: {unknown}")
    allowed = frozenset((*roles, ADMIN))

    async def dependency(request: Request) -> Principal:
        principal = authenticate(request)
        if principal.role not in allowed:
            raise ProblemError(
                403, f"the role '{principal.role}' may not do this; it needs one of: "
                f"{', '.join(sorted(allowed))}"
            )
        request.state.principal = principal
        return principal

    return dependency
