"""API keys: stored only as sha256 hashes, each with a role and a scope, in SQLite under the
data directory.

A key reads `da_<key id>_<secret>`. The key id finds the row; the secret's hash is compared in
constant time. The key itself is shown once, by `disrupt keys add`, and never stored.

A key's scope is the forces whose cases it may evaluate and read: one or more forces by name,
or every force (national scope, for national auditors and administrators). A key made before
scopes existed has no scope stored; it keeps national scope, and `disrupt keys list` says so.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, cast, get_args

from engine.errors import InputError, Problem
from record.files import owner_only_file

Role = Literal["officer", "policy_lead", "auditor", "admin"]
ROLES: tuple[str, ...] = get_args(Role)
KEY_FILE = "keys.sqlite3"
_PREFIX = "da"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$")
ALL_FORCES = "*"  # the stored scope of a national key
MAX_FORCE = 100  # as a case's `case.force`
_SCHEMA = """
CREATE TABLE IF NOT EXISTS api_key (
    key_id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL,
    secret_sha256 TEXT NOT NULL,
    created_at TEXT NOT NULL,
    forces TEXT
)
"""


@dataclass(frozen=True)
class KeyInfo:
    """What is known about a key, without the key. `forces` None: every force."""

    name: str
    role: Role
    key_id: str
    created_at: str
    forces: frozenset[str] | None = None
    before_scopes: bool = False  # made before keys had scopes: national, as they were

    @property
    def scope(self) -> str:
        """The scope as `keys list` shows it."""
        if self.forces is None:
            return "all forces (made before scopes)" if self.before_scopes else "all forces"
        return ",".join(sorted(self.forces))


def _forces(stored: str | None) -> tuple[frozenset[str] | None, bool]:
    if stored is None:
        return None, True
    if stored == ALL_FORCES:
        return None, False
    return frozenset(json.loads(stored)), False


def _info(row: Sequence[Any]) -> KeyInfo:
    forces, before = _forces(row[4])
    return KeyInfo(name=row[0], role=_role(row[1]), key_id=row[2], created_at=row[3], forces=forces,
                   before_scopes=before)


def scope_text(forces: Iterable[str], all_forces: bool) -> str:
    """The scope to store: `*` for every force, else the forces as a JSON list."""
    named = sorted(set(forces))
    if all_forces and named:
        raise InputError(Problem("give either forces or national scope (all forces), not both",
                                 path="forces"))
    if all_forces:
        return ALL_FORCES
    if not named:
        raise InputError(Problem("a key needs a scope: one or more forces (--force F), or every "
                                 "force (--all-forces)", path="forces"))
    for force in named:
        if not force.strip() or len(force) > MAX_FORCE or "\x00" in force or force == ALL_FORCES:
            raise InputError(Problem(f"'{force}' is not a force name (1-{MAX_FORCE} characters)",
                                     path="forces"))
    return json.dumps(named, ensure_ascii=False)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _role(value: str) -> Role:
    if value not in ROLES:
        raise ValueError(f"the key store holds an unknown role '{value}'")
    return cast(Role, value)


class KeyStore:
    """The key table in `<data dir>/keys.sqlite3`; every call opens its own connection."""

    def __init__(self, path: Path) -> None:
        self.path = path
        # The key table, re-read whenever the file changes (a revocation from the command
        # line takes effect on the next request, without a query per request).
        self._seen: tuple[int, int, int] | None = None
        self._rows: dict[str, tuple[str | None, ...]] = {}

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> KeyStore:
        return cls(data_dir / KEY_FILE)

    @contextmanager
    def _connect(self, create: bool = False) -> Iterator[sqlite3.Connection]:
        if create:
            owner_only_file(self.path)
        elif not self.path.exists():
            raise FileNotFoundError(self.path)
        with closing(sqlite3.connect(self.path, timeout=5.0)) as connection, connection:
            connection.execute(_SCHEMA)
            columns = {row[1] for row in connection.execute("PRAGMA table_info(api_key)")}
            if "forces" not in columns:  # a store made before keys had scopes
                connection.execute("ALTER TABLE api_key ADD COLUMN forces TEXT")
            yield connection

    def add(self, name: str, role: str, forces: Iterable[str] = (), *, all_forces: bool = False) -> str:
        """Create a key for `name` with `role`, for `forces` or (`all_forces`) every force;
        return the key (the only time it is seen)."""
        if not _NAME.match(name):
            raise InputError(
                Problem(f"key name '{name}' must be 1-64 letters, digits or _ . @ -", path="name")
            )
        if role not in ROLES:
            raise InputError(Problem(f"unknown role '{role}'; expected one of: {', '.join(ROLES)}"))
        scope = scope_text(forces, all_forces)
        key_id = secrets.token_hex(6)
        secret = secrets.token_urlsafe(32)
        created = datetime.now(UTC).isoformat(timespec="seconds")
        with self._connect(create=True) as db:
            if db.execute("SELECT 1 FROM api_key WHERE name = ?", (name,)).fetchone():
                raise InputError(Problem(f"a key named '{name}' already exists; revoke it first"))
            db.execute(
                "INSERT INTO api_key (key_id, name, role, secret_sha256, created_at, forces) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (key_id, name, role, _digest(secret), created, scope),
            )
        return f"{_PREFIX}_{key_id}_{secret}"

    def list(self) -> list[KeyInfo]:
        try:
            with self._connect() as db:
                rows = db.execute(
                    "SELECT name, role, key_id, created_at, forces FROM api_key ORDER BY name"
                ).fetchall()
        except FileNotFoundError:
            return []
        return [_info(r) for r in rows]

    def revoke(self, name: str) -> bool:
        """Delete the key named `name`; False when there is none."""
        try:
            with self._connect() as db:
                return db.execute("DELETE FROM api_key WHERE name = ?", (name,)).rowcount > 0
        except FileNotFoundError:
            return False

    def verify(self, key: str) -> KeyInfo | None:
        """The key's owner and role, or None for an unknown, revoked or malformed key."""
        prefix, _, rest = key.partition("_")
        key_id, _, secret = rest.partition("_")
        if prefix != _PREFIX or not key_id or not secret or len(key) > 200:
            return None
        row = self._table().get(key_id)
        expected = str(row[5]) if row is not None else _digest("")  # same work either way
        if not hmac.compare_digest(_digest(secret), expected) or row is None:
            return None
        return _info(row)

    def _table(self) -> dict[str, tuple[str | None, ...]]:
        try:
            stat = os.stat(self.path)
        except FileNotFoundError:
            return {}
        seen = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
        if seen != self._seen:
            with self._connect() as db:
                rows = db.execute(
                    "SELECT name, role, key_id, created_at, forces, secret_sha256 FROM api_key"
                ).fetchall()
            self._rows = {row[2]: tuple(row) for row in rows}
            self._seen = seen
        return self._rows

