"""Alembic's entry point for the decision record.

`Store.migrate()` passes its open connection (inside a locked transaction) as
`config.attributes["connection"]`. Without one (an operator running Alembic by hand with
`alembic -x` tooling), the store named by DISRUPT_DATABASE_URL / DISRUPT_DATA_DIR is used.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from record.settings import RecordSettings
from record.tables import metadata


def run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def main() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        run(connection)
        return
    from record.store import make_engine

    engine = make_engine(RecordSettings.from_env().url)
    try:
        with engine.begin() as conn:
            run(conn)
    finally:
        engine.dispose()


main()
