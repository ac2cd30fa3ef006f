"""Inserts compiled once per dialect and row count, run as one multi-row statement.

Recording one evaluation through the API writes about 45 rows (the evaluation, its ~30
findings, the case's tactics, episodes and suspects). Two costs dominated it, both in the
server process that every request shares:

- SQLAlchemy Core re-derives every row's parameters on each execution and sets up a result
  per statement: about as much CPU as SQLite's own work.
- The SQLite driver releases the GIL around each row it steps through, and takes it back
  from the thread serving HTTP requests: with executemany, some 45 hand-overs per
  evaluation, each a wait of up to the interpreter's switch interval while the event loop is
  busy (measured: +50% CPU and five times the wall time of a write).

So each INSERT (or upsert) is compiled once for a given number of rows, with one bind
parameter per value. On SQLite, rows are sent in chunks of up to `CHUNK` as one statement:
one step for the database, one hand-over of the GIL. On PostgreSQL, psycopg's executemany
already sends all rows in one pipelined round trip of one planned statement, which measured
faster for large batches than VALUES lists of varying length, so there the one-row statement
runs for every row. The bind processors are those of the columns' own types (dates as text
on SQLite, `UTCDateTime` as naive UTC, booleans), which Core would apply.
`Connection.exec_driver_sql` runs the text inside the caller's transaction, so errors are
still SQLAlchemy's (`IntegrityError`, …) and the write is still one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, CursorResult, Dialect, Table, bindparam
from sqlalchemy.sql.dml import Insert
from sqlalchemy.sql.elements import BindParameter

CHUNK = 50  # rows per statement: 50 × 11 columns stays under SQLite's oldest limit of 999 binds
Processor = Callable[[Any], Any]
Values = list[dict[str, BindParameter[Any]]]
Build = Callable[[Values], Insert]  # the statement, given the VALUES rows to insert


class Compiled:
    """One statement inserting `count` rows of `columns` into `table`."""

    def __init__(self, build: Build, table: Table, columns: Sequence[str], count: int,
                 dialect: Dialect) -> None:
        values = [
            {c: bindparam(f"r{n}_{c}", type_=table.c[c].type) for c in columns} for n in range(count)
        ]
        compiled = build(values).compile(dialect=dialect)
        where = {f"r{n}_{c}": (n, c) for n in range(count) for c in columns}
        if set(compiled.binds) != set(where):  # a literal in the statement would need its value
            raise ValueError(f"{table.name}: unexpected bind parameters {sorted(compiled.binds)}")
        self.sql = str(compiled)
        self.positional = bool(compiled.positional)
        names = list(compiled.positiontup or ()) if self.positional else list(where)
        process = {c: table.c[c].type.dialect_impl(dialect).bind_processor(dialect) for c in columns}
        self.slots: list[tuple[str, int, str, Processor | None]] = [
            (name, *where[name], process[where[name][1]]) for name in names
        ]

    def parameters(self, rows: Sequence[Mapping[str, Any]]) -> tuple[Any, ...] | dict[str, Any]:
        values = [
            rows[n][column] if process is None else process(rows[n][column])
            for _, n, column, process in self.slots
        ]
        if self.positional:
            return tuple(values)
        return {name: value for (name, *_), value in zip(self.slots, values, strict=True)}

    def run(self, conn: Connection, rows: Sequence[Mapping[str, Any]]) -> CursorResult[Any]:
        return conn.exec_driver_sql(self.sql, self.parameters(rows))

    def run_each(self, conn: Connection, rows: Sequence[Mapping[str, Any]]) -> CursorResult[Any]:
        """A one-row statement, executed for every row (executemany)."""
        return conn.exec_driver_sql(self.sql, [self.parameters([row]) for row in rows])


class Statements:
    """The compiled statements of one store, by name, row shape and row count."""

    def __init__(self, dialect: Dialect) -> None:
        self.dialect = dialect
        self.many_rows = dialect.name == "sqlite"  # see the module's docstring
        self._compiled: dict[tuple[str, tuple[str, ...], int], Compiled] = {}

    def statement(self, name: str, table: Table, columns: tuple[str, ...], count: int,
                  build: Build) -> Compiled:
        """Compiled on first use; a race between threads only compiles it twice."""
        key = (name, columns, count)
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = self._compiled[key] = Compiled(build, table, columns, count, self.dialect)
        return compiled

    def insert(self, conn: Connection, name: str, table: Table, rows: Sequence[Mapping[str, Any]],
               build: Build) -> None:
        """Insert `rows` (all with the keys of the first) in statements of up to CHUNK rows."""
        if not rows:
            return
        columns = tuple(rows[0])
        if not self.many_rows:
            self.statement(name, table, columns, 1, build).run_each(conn, rows)
            return
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start:start + CHUNK]
            self.statement(name, table, columns, len(chunk), build).run(conn, chunk)
