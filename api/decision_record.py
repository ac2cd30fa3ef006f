"""Where the API meets the decision record: two small typed interfaces instead of `app.state`
attributes read as `Any`.

- `DecisionRecord` is what the API's own routes need: keep an evaluation (returning once it is
  committed, raising if it cannot be) and remember the ruleset a reload replaced. How
  evaluations are grouped into transactions is the record writer's business
  (`api.recording.GroupRecorder` implements this), not the evaluation route's.
- `EvaluationStore` is what that writer needs from the record (`record.recorder.Recorder`).

`attach` is called by the record's routes when the record is installed; `attached` gives the
evaluation and reload routes the record, or None when the API runs without it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from fastapi import FastAPI

from engine.ruleset import Ruleset

if TYPE_CHECKING:  # the record is an optional extra
    from record.extract import Entry
    from record.recorder import Prepared

STATE_NAME = "decision_record"


@runtime_checkable
class DecisionRecord(Protocol):
    async def record(self, rows: Entry, asked_by: str) -> int:
        """Return the evaluation's id once it is committed; raise if it could not be."""

    def remember(self, ruleset: Ruleset) -> None:
        """Keep a ruleset's texts: answers it gave may be recorded after it was replaced."""


class EvaluationStore(Protocol):
    def record_evaluations(self, batch: Sequence[Prepared]) -> list[int]:
        """Store several evaluations in one transaction; return their ids in order."""

    def remember(self, ruleset: Ruleset) -> None: ...


def attach(app: FastAPI, record: DecisionRecord) -> None:
    setattr(app.state, STATE_NAME, record)


def attached(app: FastAPI) -> DecisionRecord | None:
    record = getattr(app.state, STATE_NAME, None)
    if record is not None and not isinstance(record, DecisionRecord):
        raise TypeError(f"app.state.{STATE_NAME} is a {type(record).__name__}, not a DecisionRecord")
    return record
