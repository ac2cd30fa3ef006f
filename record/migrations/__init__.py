"""Alembic migrations of the decision record; `record.store.Store.migrate()` runs them."""
