"""The store: created on first use, migrated by Alembic, durable settings, clear errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from record_support import BACKENDS, fresh_store, store_url
from sqlalchemy import inspect, text

from record.errors import StoreError
from record.store import Store
from record.tables import metadata

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_migrations_build_exactly_the_tables_the_code_uses(backend: str, tmp_path: Path) -> None:
    with fresh_store(backend, tmp_path) as store:
        assert store.revision() == store.head()
        with store.reading() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(context, metadata) == []
            assert set(metadata.tables) <= set(inspect(conn).get_table_names())


def test_the_sqlite_file_and_its_folder_are_created_on_first_use(tmp_path: Path) -> None:
    path = tmp_path / "new" / "dir" / "record.sqlite3"
    Store(f"sqlite:///{path}").close()
    assert path.is_file()


def test_sqlite_commits_are_durable_and_writers_wait_their_turn(tmp_path: Path) -> None:
    with fresh_store("sqlite", tmp_path) as store, store.reading() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        busy_timeout = conn.execute(text("PRAGMA busy_timeout")).scalar()
        assert busy_timeout is not None and busy_timeout >= 10_000


@pytest.mark.parametrize("backend", BACKENDS)
def test_opening_again_does_not_migrate_again(backend: str, tmp_path: Path) -> None:
    with store_url(backend, tmp_path) as url:
        Store(url).close()
        again = Store(url)
        with again.reading() as conn:
            assert conn.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1
        again.close()


def test_processes_opening_a_new_store_at_once_migrate_it_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'race' / 'record.sqlite3'}"
    script = "import sys; from record.store import Store; Store(sys.argv[1]).close()"
    racers = [subprocess.Popen([sys.executable, "-c", script, url], cwd=ROOT) for _ in range(4)]
    assert [p.wait(timeout=120) for p in racers] == [0, 0, 0, 0]
    store = Store(url)
    assert store.revision() == store.head()
    store.close()


def test_a_wrong_url_is_one_clear_error() -> None:
    with pytest.raises(StoreError, match="not a valid"):
        Store("not a url")
    with pytest.raises(StoreError, match="SQLite and PostgreSQL"):
        Store("mysql://localhost/record")


def test_an_unreachable_server_is_one_clear_error_without_the_password() -> None:
    with pytest.raises(StoreError, match="cannot reach") as caught:
        Store("postgresql+psycopg://advisor:s3cret@127.0.0.1:9/record?connect_timeout=2")
    assert "s3cret" not in str(caught.value)
