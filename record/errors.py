"""The decision record's errors, in the engine's hierarchy (engine/errors.py)."""

from __future__ import annotations

from engine.errors import DisruptionError


class RecordError(DisruptionError):
    """Base of the record's own errors."""


class StoreError(RecordError):
    """The store cannot be opened or reached (a wrong URL, an unreachable server)."""


class NotRecorded(RecordError):
    """The case, evaluation or finding asked about is not in the record."""
