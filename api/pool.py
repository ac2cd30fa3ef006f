"""A pool of evaluation worker processes, each holding its own engine.

Each request borrows one idle worker. A worker that dies mid-job (a crash inside
durable-rules) fails that request with `WorkerCrashed` (→ 503); a worker over the time limit
is killed and fails it with `WorkerTimedOut` (→ 504). Either way a new worker replaces it
in the background and the service keeps serving.

Workers learn the serving ruleset lazily: a job carries the snapshot it must run under, and a
worker holding another sha256 loads the snapshot's files first. So a reload swaps one
reference in the parent, and every answer names the ruleset it was computed with.

Every job is numbered and the worker echoes the number; a worker is lent again only after
its reply has been read, even when the request that borrowed it was cancelled. So a reply
can never reach another request.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import multiprocessing
import os
from dataclasses import dataclass
from multiprocessing.process import BaseProcess

from api import worker
from engine.ruleset import Ruleset

log = logging.getLogger("api.pool")
_context = multiprocessing.get_context("spawn")  # never fork a process running an event loop
_START_TIMEOUT = 60.0


class WorkerCrashed(Exception):
    """The worker process died while handling the job."""


class WorkerTimedOut(Exception):
    """The job overran its time limit; the worker was killed."""


class PoolBusy(Exception):
    """No worker became free in time."""


@dataclass(frozen=True)
class Snapshot:
    """The ruleset being served: loaded and checked in the parent, sent to workers as files."""

    ruleset: Ruleset

    @property
    def sha256(self) -> str:
        return self.ruleset.sha256


def _settle(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


class WorkerProcess:
    """The parent's handle on one worker process; used by one job at a time."""

    _numbers = itertools.count(1)

    def __init__(self) -> None:
        self.connection, child = _context.Pipe()
        self.process: BaseProcess = _context.Process(
            target=worker.main, args=(child,), name="disrupt-eval", daemon=True
        )
        self.process.start()
        child.close()
        self.sha256: str | None = None
        self.alive = True

    async def call(self, job: worker.Job, snapshot: Snapshot | None, timeout: float) -> worker.Reply:
        """Run `job` (under `snapshot`'s ruleset if given) within `timeout` seconds."""
        deadline = asyncio.get_running_loop().time() + timeout
        if snapshot is not None and self.sha256 != snapshot.sha256:
            loaded = await self.load(snapshot, deadline)
            if not isinstance(loaded, worker.Loaded):
                return loaded
        return await self._exchange(job, deadline)

    async def load(self, snapshot: Snapshot, deadline: float) -> worker.Reply:
        """Load `snapshot`'s ruleset into the worker's engine."""
        loaded = await self._exchange(worker.Load(snapshot.sha256, snapshot.ruleset.files), deadline)
        if isinstance(loaded, worker.Loaded):
            self.sha256 = loaded.sha256
        return loaded

    async def _exchange(self, job: worker.Job, deadline: float) -> worker.Reply:
        loop = asyncio.get_running_loop()
        number = next(self._numbers)
        readable: asyncio.Future[None] = loop.create_future()
        fd = self.connection.fileno()
        try:
            # The pipe is read and written whole, blocking; the loop only watches for the
            # reply. Some loops (uvloop) make a watched fd non-blocking, so set it each time.
            os.set_blocking(fd, True)
            self.connection.send((number, job))
            loop.add_reader(fd, _settle, readable)
            try:
                await asyncio.wait_for(readable, max(0.0, deadline - loop.time()))
            finally:
                loop.remove_reader(fd)
            os.set_blocking(fd, True)
            answered, reply = self.connection.recv()
        except TimeoutError:
            self.stop()
            raise WorkerTimedOut() from None
        except (EOFError, OSError) as exc:
            self.stop()
            raise WorkerCrashed(f"{type(exc).__name__}, exit code {self.process.exitcode}") from None
        if answered != number or not isinstance(reply, worker.REPLIES):
            self.stop()  # never happens; if it did, the worker's state would be unknown
            raise WorkerCrashed("the worker answered another job")
        return reply

    def stop(self) -> None:
        self.alive = False
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.connection.close()

    @property
    def usable(self) -> bool:
        return self.alive and self.process.is_alive()


class WorkerPool:
    """`size` worker processes; `run` borrows an idle one for one job."""

    def __init__(self, size: int, timeout: float, queue_timeout: float) -> None:
        self.size = size
        self.timeout = timeout
        self.queue_timeout = queue_timeout
        self._idle: asyncio.Queue[WorkerProcess] = asyncio.Queue()
        self._all: set[WorkerProcess] = set()
        self._tasks: set[asyncio.Task[object]] = set()
        self._closed = False
        self.latest: Snapshot | None = None  # the serving ruleset: what a new worker loads
        self.replaced = 0

    async def start(self, snapshot: Snapshot) -> None:
        """Start every worker and load `snapshot` into each before serving."""
        self.latest = snapshot
        for process in await asyncio.gather(*(self._spawn() for _ in range(self.size))):
            self._idle.put_nowait(process)

    async def _spawn(self) -> WorkerProcess:
        process = await asyncio.to_thread(WorkerProcess)  # starting a process blocks
        self._all.add(process)
        if self.latest is not None:
            deadline = asyncio.get_running_loop().time() + _START_TIMEOUT
            try:
                await process.load(self.latest, deadline)
            except (WorkerCrashed, WorkerTimedOut):
                # it has been stopped: never lend it (its pipe is closed)
                self._all.discard(process)
                log.error("a new worker could not load the ruleset")
                raise
        return process

    @property
    def busy(self) -> int:
        """Workers lent out now (running a job, or starting)."""
        return len(self._all) - self._idle.qsize()

    @property
    def ready(self) -> bool:
        return not self._closed and any(p.usable for p in self._all)

    async def run(self, job: worker.Job, snapshot: Snapshot | None) -> worker.Reply:
        """Run `job` in a worker; raise PoolBusy, WorkerCrashed or WorkerTimedOut."""
        try:
            process = await asyncio.wait_for(self._idle.get(), self.queue_timeout)
        except TimeoutError:
            raise PoolBusy() from None
        task = asyncio.ensure_future(process.call(job, snapshot, self.timeout))
        task.add_done_callback(lambda _: self._release(process))
        # shield: a cancelled request leaves the job to finish, so the worker is given
        # back only after its reply has been read.
        return await asyncio.shield(task)

    def _release(self, process: WorkerProcess) -> None:
        if self._closed:
            return
        if process.usable:
            self._idle.put_nowait(process)
            return
        self._all.discard(process)
        self.replaced += 1
        log.warning("an evaluation worker stopped (exit %s); starting another", process.process.exitcode)
        task = asyncio.ensure_future(self._replace())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _replace(self) -> None:
        try:
            process = await self._spawn()
        except Exception as exc:
            log.error("could not start a replacement worker (%s)", type(exc).__name__)
            return
        if self._closed:
            process.stop()
        else:
            self._idle.put_nowait(process)

    async def close(self) -> None:
        self._closed = True
        for process in list(self._all):
            process.stop()
