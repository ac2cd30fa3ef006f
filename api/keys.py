"""API keys: stored only as sha256 hashes, each with a role, in SQLite under the data directory.

A key reads `da_<key id>_<secret>`. The key id finds the row; the secret's hash is compared in
constant time. The key itself is shown once, by `disrupt keys add`, and never stored.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal, cast, get_args

from engine.errors import InputError, Problem

Role = Literal["officer", "policy_lead", "auditor", "admin"]
ROLES: tuple[str, ...] = get_args(Role)
KEY_FILE = "keys.sqlite3"
_PREFIX = "da"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS api_key (
    key_id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL,
    secret_sha256 TEXT NOT NULL,
    created_at TEXT NOT NULL
)
"""


@dataclass(frozen=True)
class KeyInfo:
    """What is known about a key, without the key."""

    name: str
    role: Role
    key_id: str
    created_at: str


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
        self._rows: dict[str, tuple[str, ...]] = {}

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> KeyStore:
        return cls(data_dir / KEY_FILE)

    @contextmanager
    def _connect(self, create: bool = False) -> Iterator[sqlite3.Connection]:
        if create:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        elif not self.path.exists():
            raise FileNotFoundError(self.path)
        with closing(sqlite3.connect(self.path, timeout=5.0)) as connection, connection:
            connection.execute(_SCHEMA)
            yield connection
        if create:
            self.path.chmod(0o600)

    def add(self, name: str, role: str) -> str:
        """Create a key for `name` with `role`; return the key (the only time it is seen)."""
        if not _NAME.match(name):
            raise InputError(
                Problem(f"key name '{name}' must be 1-64 letters, digits or _ . @ -", path="name")
            )
        if role not in ROLES:
            raise InputError(Problem(f"unknown role '{role}'; expected one of: {', '.join(ROLES)}"))
        key_id = secrets.token_hex(6)
        secret = secrets.token_urlsafe(32)
        created = datetime.now(UTC).isoformat(timespec="seconds")
        with self._connect(create=True) as db:
            if db.execute("SELECT 1 FROM api_key WHERE name = ?", (name,)).fetchone():
                raise InputError(Problem(f"a key named '{name}' already exists; revoke it first"))
            db.execute(
                "INSERT INTO api_key VALUES (?, ?, ?, ?, ?)",
                (key_id, name, role, _digest(secret), created),
            )
        return f"{_PREFIX}_{key_id}_{secret}"

    def list(self) -> list[KeyInfo]:
        try:
            with self._connect() as db:
                rows = db.execute(
                    "SELECT name, role, key_id, created_at FROM api_key ORDER BY name"
                ).fetchall()
        except FileNotFoundError:
            return []
        return [KeyInfo(name=r[0], role=_role(r[1]), key_id=r[2], created_at=r[3]) for r in rows]

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
        expected = row[4] if row is not None else _digest("")  # same work either way
        if not hmac.compare_digest(_digest(secret), expected) or row is None:
            return None
        return KeyInfo(name=row[0], role=_role(row[1]), key_id=row[2], created_at=row[3])

    def _table(self) -> dict[str, tuple[str, ...]]:
        try:
            stat = os.stat(self.path)
        except FileNotFoundError:
            return {}
        seen = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
        if seen != self._seen:
            with self._connect() as db:
                rows = db.execute(
                    "SELECT name, role, key_id, created_at, secret_sha256 FROM api_key"
                ).fetchall()
            self._rows = {row[2]: tuple(row) for row in rows}
            self._seen = seen
        return self._rows
