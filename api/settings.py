"""The service's settings, read from DISRUPT_* environment variables with safe defaults."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from engine import default_ruleset_dir

MiB = 1024 * 1024


class Settings(BaseSettings):
    """Where data and rules live, and the limits every request runs under."""

    model_config = SettingsConfigDict(env_prefix="DISRUPT_", extra="ignore", frozen=True)

    data_dir: Path = Field(default=Path("data"), description="Holds the key store (keys.sqlite3)")
    ruleset_dir: Path = Field(
        default_factory=default_ruleset_dir, description="The ruleset folder served and reloaded"
    )
    max_body_bytes: int = Field(default=MiB, ge=1024, description="Larger bodies get 413 unread")
    eval_timeout: float = Field(default=5.0, gt=0, description="Seconds before an evaluation gets 504")
    queue_timeout: float = Field(default=10.0, gt=0, description="Seconds to wait for a free worker")
    workers: int = Field(default=2, ge=1, le=64, description="Evaluation worker processes")
    header_timeout: float = Field(
        default=10.0, gt=0, le=300, description="Seconds a client has to send a request's headers"
    )
    max_connections: int = Field(
        default=1000, ge=1, le=100_000, description="Open connections (and requests in progress) at most"
    )
