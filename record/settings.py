"""Where the decision record lives and how long it is kept, from DISRUPT_* environment variables.

    DISRUPT_DATA_DIR        folder for the SQLite file (default ./data, created on first use)
    DISRUPT_DATABASE_URL    a SQLAlchemy URL; default sqlite:///<data dir>/record.sqlite3.
                            For a force-wide store: postgresql+psycopg://user@host:5432/db
    DISRUPT_RETENTION_DAYS  records older than this many days are deleted by `disrupt purge`
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from engine.errors import InputError

RECORD_FILE = "record.sqlite3"


class RecordSettings(BaseModel):
    model_config = ConfigDict(frozen=True)

    data_dir: Path = Field(default=Path("data"), description="Holds record.sqlite3 by default")
    database_url: str | None = Field(default=None, description="SQLAlchemy URL of the store")
    retention_days: int | None = Field(default=None, ge=1, description="Default age for `disrupt purge`")

    @property
    def url(self) -> str:
        """The store's URL: the configured one, else a SQLite file in the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / RECORD_FILE).as_posix()}"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> RecordSettings:
        env = os.environ if environ is None else environ
        retention = env.get("DISRUPT_RETENTION_DAYS") or None
        if retention is not None and not (retention.isdigit() and int(retention) >= 1):
            raise InputError(f"DISRUPT_RETENTION_DAYS must be a whole number of days, not '{retention}'")
        return cls(
            data_dir=Path(env.get("DISRUPT_DATA_DIR") or "data"),
            database_url=env.get("DISRUPT_DATABASE_URL") or None,
            retention_days=int(retention) if retention is not None else None,
        )
