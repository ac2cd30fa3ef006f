"""Writing evaluations to the decision record in groups, one transaction per group.

Each request still waits until its own evaluation is committed (no answer leaves without its
record), but evaluations that finish close together are committed in one transaction. Most of
a commit's cost is fixed (the durable write of the log, the transaction's statements), so on
the API's path a group of four costs about half as much CPU per evaluation as four commits.

Groups form by themselves while a commit is in progress. Beyond that, as PostgreSQL's
`commit_delay` / `commit_siblings` do, a group waits up to `COMMIT_DELAY` for more, but only
while other evaluations are running in the workers (`siblings`), so that one of them is about
to arrive: a lone request is committed at once and never waits. Under load the wait costs no
throughput, since the workers are already busy with the next requests meanwhile.

The evaluation's rows were built by the worker that evaluated it (`worker.Answered.rows`), so
this process only stamps who asked and writes. The store is the decision record's
(`record.recorder.Recorder`); this module only batches calls. A `GroupRecorder` is the
`api.decision_record.DecisionRecord` the evaluation route writes through.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from api.decision_record import EvaluationStore
from engine.ruleset import Ruleset

if TYPE_CHECKING:
    from record.extract import Entry

log = logging.getLogger("api.recording")
MAX_GROUP = 64
COMMIT_DELAY = 0.002  # seconds a group may wait for an evaluation that is about to finish


def _none_running() -> int:
    return 0


class GroupRecorder:
    def __init__(self, recorder: EvaluationStore, siblings: Callable[[], int] = _none_running,
                 delay: float = COMMIT_DELAY) -> None:
        self.recorder = recorder
        self.siblings = siblings  # how many evaluations are running in the workers now
        self.delay = delay
        self._pending: list[tuple[tuple[Entry, str], asyncio.Future[int]]] = []
        self._writer: asyncio.Task[None] | None = None
        self._arrived: asyncio.Event | None = None

    def remember(self, ruleset: Ruleset) -> None:
        self.recorder.remember(ruleset)

    async def record(self, rows: Entry, asked_by: str) -> int:
        """Return its id once this evaluation is committed; raise if it could not be."""
        done: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        self._pending.append(((rows, asked_by), done))
        if self._arrived is not None:
            self._arrived.set()
        if self._writer is None or self._writer.done():
            self._writer = asyncio.ensure_future(self._write())
        return await asyncio.shield(done)

    async def _write(self) -> None:
        while self._pending:
            await self._gather()
            group, self._pending = self._pending[:MAX_GROUP], self._pending[MAX_GROUP:]
            try:
                ids = await asyncio.to_thread(self._commit, [item for item, _ in group])
            except Exception as exc:
                for _, done in group:
                    if not done.done():
                        done.set_exception(exc)
            else:
                for (_, done), evaluation_id in zip(group, ids, strict=True):
                    if not done.done():
                        done.set_result(evaluation_id)

    async def _gather(self) -> None:
        """Wait up to `delay` for more evaluations, while some are running in the workers."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.delay
        while len(self._pending) < MAX_GROUP and self.siblings() > 0:
            remaining = deadline - loop.time()
            if remaining <= 0:
                return
            self._arrived = asyncio.Event()
            try:
                await asyncio.wait_for(self._arrived.wait(), remaining)
            except TimeoutError:
                return
            finally:
                self._arrived = None

    def _commit(self, group: list[tuple[Entry, str]]) -> list[int]:
        from record.recorder import Prepared  # the record is optional; this runs only with it

        batch = [Prepared(rows, asked_by) for rows, asked_by in group]
        ids: list[int] = self.recorder.record_evaluations(batch)
        return ids
