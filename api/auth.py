"""Who is calling: API keys sent as `Authorization: Bearer KEY`, each with one role and a scope.

Use `Depends(require_roles("officer"))` on a route: no key or an unknown key → 401, a key
whose role is not allowed → 403. `admin` may do everything. A key's scope (`forces`) decides
whose cases it sees: `Principal.may_see(force)`.
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
    """The authenticated caller: the key's name, its role, and its forces (None: every force)."""

    model_config = ConfigDict(frozen=True)

    name: str
    role: Role
    forces: frozenset[str] | None = None

    def may_see(self, force: str | None) -> bool:
        """Whether a case of `force` is within this key's scope. A case naming no force is
        only within national scope: no force-scoped key may claim it."""
        return self.forces is None or (force is not None and force in self.forces)

    def check_force(self, force: str | None) -> None:
        """403 when a report or filter names a force outside the key's scope."""
        if force is not None and not self.may_see(force):
            raise ProblemError(403, f"this key may not read records of the force '{force}'")


def authenticate(request: Request) -> Principal:
    header = request.headers.get("authorization", "")
    scheme, _, key = header.partition(" ")
    if scheme.lower() != "bearer" or not key.strip():
        raise ProblemError(401, "send an API key as 'Authorization: Bearer KEY'", headers=_CHALLENGE)
    store: KeyStore = request.app.state.keys
    info = store.verify(key.strip())
    if info is None:
        raise ProblemError(401, "the API key is unknown or revoked", headers=_CHALLENGE)
    return Principal(name=info.name, role=info.role, forces=info.forces)


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
