"""The store: created on first use, migrated by Alembic, durable settings, clear errors."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any, cast

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from record_support import BACKENDS, fresh_store, store_url
from sqlalchemy import inspect, make_url, text

from record import store as store_module
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


class _LockedCursor:
    """A cursor whose switch to WAL finds the file locked `locked` times, then succeeds."""

    def __init__(self, locked: int, message: str = "database is locked") -> None:
        self.locked, self.message, self.tries = locked, message, 0

    def execute(self, sql: str) -> None:
        assert sql == "PRAGMA journal_mode = WAL"
        self.tries += 1
        if self.tries <= self.locked:
            raise sqlite3.OperationalError(self.message)


def test_opening_waits_for_another_process_that_holds_the_lock_the_switch_to_wal_needs() -> None:
    """SQLite can refuse the switch at once, without its busy timeout, while several processes
    open a new file together (seen as a failed process in the race above, on a loaded machine)."""
    cursor = _LockedCursor(locked=3)
    store_module._switch_to_wal(cursor)
    assert cursor.tries == 4


def test_any_other_failure_to_switch_to_wal_is_not_retried() -> None:
    cursor = _LockedCursor(locked=5, message="disk I/O error")
    with pytest.raises(sqlite3.OperationalError, match="disk I/O error"):
        store_module._switch_to_wal(cursor)
    assert cursor.tries == 1


def test_a_wrong_url_is_one_clear_error() -> None:
    with pytest.raises(StoreError, match="not a valid"):
        Store("not a url")
    with pytest.raises(StoreError, match="SQLite and PostgreSQL"):
        Store("mysql://localhost/record")


def test_an_unreachable_server_is_one_clear_error_without_the_password() -> None:
    with pytest.raises(StoreError, match="no database server answers at that address") as caught:
        Store("postgresql+psycopg://advisor:s3cret@127.0.0.1:9/record?connect_timeout=2")
    assert "s3cret" not in str(caught.value)
    assert caught.value.__cause__ is not None  # the driver's error is kept, for the logs


def test_a_sqlite_file_that_cannot_be_created_is_a_store_error_not_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("")
    with pytest.raises(StoreError, match=r"the SQLite file cannot be created at .*: File exists"):
        Store(f"sqlite:///{tmp_path / 'a-file' / 'record.sqlite3'}")


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ("user", "the database user in the URL does not exist"),
        ("database", "the database named in the URL does not exist"),
    ],
)
def test_a_store_error_keeps_its_cause_a_wrong_user_is_not_an_unreachable_server(
    change: str, reason: str
) -> None:
    """Regression: every connection failure read "cannot reach", a wrong user or database too."""
    url = os.environ.get("DISRUPT_TEST_POSTGRES_URL")
    if not url:
        pytest.skip("PostgreSQL tests need DISRUPT_TEST_POSTGRES_URL")
    parsed = make_url(url)
    wrong = parsed.set(username="no_such_user_x") if change == "user" else parsed.set(database="no_such_db_x")
    with pytest.raises(StoreError, match=reason) as caught:
        Store(wrong.render_as_string(hide_password=False))
    assert caught.value.__cause__ is not None


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_migration_gives_existing_rows_their_cases_force(backend: str, tmp_path: Path) -> None:
    """A store at 0001 (case identity = case id) is migrated: each row takes the force of the
    evaluation that wrote it, and two forces may then use the same case id."""
    from alembic import command

    from record.store import alembic_config

    with store_url(backend, tmp_path) as url:
        old = Store(url, migrate=False)
        with old.writing() as conn:
            command.upgrade(alembic_config(conn), "0001")
            conn.execute(text("INSERT INTO rulesets (sha256, name, version, first_seen_at) "
                              "VALUES ('abc', 'r', '1', '2026-01-01 00:00:00')"))
            for n, force in ((1, "'durham'"), (2, "NULL")):
                conn.execute(text(
                    "INSERT INTO evaluations (id, case_id, force, as_of, asked_by, asked_at, "
                    f"ruleset_sha256, case_json, answer_json) VALUES ({n}, 'C-{n}', {force}, "
                    "'2026-01-01', 'o', '2026-01-01 00:00:00', 'abc', '{}', '{}')"))
                conn.execute(text(
                    "INSERT INTO suspects (evaluation_id, case_id, person_id, force, seen_at) "
                    f"VALUES ({n}, 'C-{n}', 'adult-1', {force}, '2026-01-01 00:00:00')"))
        old.close()
        store = Store(url)  # migrates to the head
        try:
            assert store.revision() == store.head()
            with store.writing() as conn:
                assert conn.execute(text(
                    "SELECT case_id, case_force FROM suspects ORDER BY case_id")).all() == [
                    ("C-1", "durham"), ("C-2", "")]
                assert conn.execute(text(
                    "SELECT case_force FROM evaluations ORDER BY id")).scalars().all() == ["durham", ""]
                conn.execute(text(  # the same case id and person in another force: no clash now
                    "INSERT INTO suspects (evaluation_id, case_force, case_id, person_id, force, seen_at) "
                    "VALUES (1, 'cleveland', 'C-1', 'adult-1', 'cleveland', '2026-01-01 00:00:00')"))
        finally:
            store.close()


def test_a_deleted_row_is_overwritten_in_the_sqlite_file_not_left_in_free_pages(tmp_path: Path) -> None:
    """A purged record must not be recoverable from the file: every connection the store opens
    deletes with `secure_delete`, even where SQLite is built with it off (here it is switched
    off first, since some builds, Debian's among them, turn it on by default)."""
    path = tmp_path / "record.sqlite3"
    marker = "FICTIONAL-PURGED-NOTE-" * 20
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA secure_delete = OFF")
        store_module._sqlite_connect(conn, cast(Any, None))  # what the store does to each new connection
        conn.execute("CREATE TABLE scratch (id INTEGER PRIMARY KEY, note TEXT)")
        conn.execute("INSERT INTO scratch (note) VALUES (?), ('kept')", (marker,))
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the row is in the file itself
        conn.execute("DELETE FROM scratch WHERE note = ?", (marker,))
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    files = [p for p in tmp_path.iterdir() if p.name.startswith("record.sqlite3")]
    assert files and not any(marker[:22].encode() in p.read_bytes() for p in files)


def test_the_sqlite_record_its_wal_and_shm_and_its_folder_are_owner_only(tmp_path: Path) -> None:
    import os
    import stat

    path = tmp_path / "data" / "record.sqlite3"
    old = os.umask(0o002)  # a permissive umask: group and others could read what it creates
    try:
        store = Store(f"sqlite:///{path}")
        with store.writing() as conn:
            conn.execute(text("INSERT INTO readiness (id, checked_at) VALUES (1, '2026-01-01 00:00:00')"))
            with store.reading() as other:
                assert other.execute(text("PRAGMA secure_delete")).scalar() == 1
            modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in path.parent.iterdir()}
        store.close()
    finally:
        os.umask(old)
    assert modes == {"record.sqlite3": 0o600, "record.sqlite3-wal": 0o600, "record.sqlite3-shm": 0o600}
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
