"""The connection to the decision record: SQLite by default, PostgreSQL by URL.

Every write runs in one transaction (`Store.writing()`); nothing is acknowledged before it
commits. On SQLite the file uses WAL with `synchronous=FULL` (a committed write survives a
killed process or a power cut), a busy timeout, enforced foreign keys, `secure_delete` (a
purged row is overwritten on disk), and `BEGIN IMMEDIATE` for writes so that concurrent
writers queue instead of failing. The file (and so its -wal and -shm files) is created
owner-only (0600), in an owner-only folder (0700) when the folder is new. The schema is brought up to
date by the Alembic migrations in record/migrations on first use, under a lock, so several
processes may open a new store at once.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, delete, event, insert, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.pool import ConnectionPoolEntry

from record.errors import StoreError
from record.files import owner_only_file
from record.settings import RecordSettings
from record.tables import readiness

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
BUSY_TIMEOUT_MS = 60_000
_LOCK_KEY = 0x44495352  # "DISR": the PostgreSQL advisory lock taken while migrating


def _sqlite_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
    # Let SQLAlchemy's "begin" event, not the driver, start transactions (see _sqlite_begin).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        _switch_to_wal(cursor)
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA secure_delete = ON")  # purged rows are overwritten, not left in free pages
    finally:
        cursor.close()


def _switch_to_wal(cursor: Any) -> None:
    """`PRAGMA journal_mode = WAL`, retried while another process holds the lock it needs.

    SQLite can answer "database is locked" at once, without waiting on the busy timeout, when
    several processes open (and so create or switch) the same new file together; waiting for
    the other process is right, failing is not. Retried for as long as the busy timeout.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    pause = 0.005
    while True:
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() >= deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.1)


def _sqlite_begin(connection: Connection) -> None:
    mode = "IMMEDIATE" if connection.get_execution_options().get("writing") else "DEFERRED"
    connection.exec_driver_sql(f"BEGIN {mode}")


def make_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError("the database URL is not a valid SQLAlchemy URL") from None
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:" and not database.startswith("file:"):
            try:
                owner_only_file(Path(database))  # its -wal and -shm files take its mode
            except OSError as exc:  # a file where its folder should be, no permission, a full disk
                raise StoreError(
                    f"the SQLite file cannot be created at {database}: {exc.strerror or exc}"
                ) from exc
        engine = create_engine(parsed, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    if parsed.get_backend_name() == "postgresql":
        return create_engine(parsed, pool_pre_ping=True, pool_size=5, max_overflow=10)
    raise StoreError(f"the record supports SQLite and PostgreSQL, not '{parsed.get_backend_name()}'")


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


# What a database driver says when it refuses a connection, and what that means for an operator:
# (words any of which must appear, words that must appear too, the reason). The first match wins;
# none of these texts carries the password.
_WHY: tuple[tuple[tuple[str, ...], str, str], ...] = (
    (("password authentication failed", "authentication failed", "no password supplied"), "",
     "the database refused the credentials (a wrong user name or password)"),
    (("role",), "does not exist", "the database user in the URL does not exist"),
    (("database",), "does not exist", "the database named in the URL does not exist"),
    (("connection refused", "could not connect", "timeout expired", "timed out",
      "could not translate host name", "name or service not known", "no route to host"), "",
     "no database server answers at that address (down, or the host or port is wrong)"),
    (("unable to open database file",), "",
     "the SQLite file cannot be opened (its folder is missing, or no permission)"),
)


def why(error: OperationalError) -> str:
    """The reason a store connection failed, in words an operator can act on."""
    text = str(error.orig if error.orig is not None else error).lower()
    for any_of, also, reason in _WHY:
        if any(words in text for words in any_of) and also in text:
            return reason
    return "the database refused the connection"


class Store:
    """One database holding the decision record; safe to share between threads."""

    def __init__(self, url: str, *, migrate: bool = True) -> None:
        self.url = url
        self.engine = make_engine(url)
        self.dialect = self.engine.dialect.name
        if migrate:
            self.migrate()

    @classmethod
    def open(cls, settings: RecordSettings | None = None) -> Store:
        return cls((settings or RecordSettings.from_env()).url)

    def close(self) -> None:
        self.engine.dispose()

    @property
    def shown_url(self) -> str:
        """The URL without a password, fit to print."""
        return make_url(self.url).render_as_string(hide_password=True)

    # -- transactions ---------------------------------------------------------------------
    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """One transaction for one logical write: it commits whole or not at all."""
        with self._connect() as conn:
            conn = conn.execution_options(writing=True)
            with conn.begin():
                yield conn

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A consistent snapshot for reports and history."""
        with self._connect() as conn, conn.begin():
            yield conn

    @contextmanager
    def _connect(self) -> Iterator[Connection]:
        try:
            conn = self.engine.connect()
        except OperationalError as exc:
            # the cause is kept (`from exc`) for the logs; the message says which failure it is
            raise StoreError(f"cannot open the decision record at {self.shown_url}: {why(exc)}") from exc
        with conn:
            yield conn

    def check_writable(self) -> None:
        """Commit a write (the readiness row), as evaluations do; raises if the store cannot
        take one (disk full, a read-only file, the database down)."""
        with self.writing() as conn:
            conn.execute(delete(readiness))
            conn.execute(insert(readiness).values(id=1, checked_at=datetime.now(UTC)))

    # -- schema ---------------------------------------------------------------------------
    def head(self) -> str | None:
        return ScriptDirectory.from_config(alembic_config()).get_current_head()

    def revision(self) -> str | None:
        with self.reading() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    def migrate(self) -> None:
        """Bring the schema to the newest migration, once, even with several processes racing."""
        head = self.head()
        if self.revision() == head:
            return
        with self.writing() as conn:  # SQLite: BEGIN IMMEDIATE serialises the racers
            if self.dialect == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
            if MigrationContext.configure(conn).get_current_revision() != head:
                command.upgrade(alembic_config(conn), "head")
