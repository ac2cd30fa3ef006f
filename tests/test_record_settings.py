"""Where the decision record lives, from the environment."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.errors import InputError
from record.settings import RecordSettings


def test_the_default_store_is_a_sqlite_file_in_the_data_directory() -> None:
    settings = RecordSettings.from_env({"DISRUPT_DATA_DIR": "/srv/advisor"})
    assert settings.url == "sqlite:////srv/advisor/record.sqlite3"
    assert RecordSettings.from_env({}).data_dir == Path("data")


def test_a_database_url_wins_over_the_data_directory() -> None:
    url = "postgresql+psycopg://advisor@db.force.example:5432/record"
    settings = RecordSettings.from_env({"DISRUPT_DATA_DIR": "/srv", "DISRUPT_DATABASE_URL": url})
    assert settings.url == url


def test_the_retention_period_is_whole_days() -> None:
    assert RecordSettings.from_env({"DISRUPT_RETENTION_DAYS": "2555"}).retention_days == 2555
    assert RecordSettings.from_env({}).retention_days is None
    with pytest.raises(InputError, match="DISRUPT_RETENTION_DAYS"):
        RecordSettings.from_env({"DISRUPT_RETENTION_DAYS": "seven years"})
