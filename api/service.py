"""The service's state: settings, key store, worker pool and the ruleset being served.

`reload()` builds and checks the new ruleset completely (in the parent, then in one worker)
before one assignment swaps it in. On any error the last good ruleset keeps serving.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from api import worker
from api.pool import Snapshot, WorkerCrashed, WorkerPool, WorkerTimedOut
from api.settings import Settings
from engine.compiler import compile_rules
from engine.errors import Problem, RulesetError
from engine.ruleset import Ruleset, read_folder, ruleset_from_texts

log = logging.getLogger("api.service")


class ReloadFailed(Exception):
    def __init__(self, problems: list[Problem], status: int = 422) -> None:
        super().__init__(problems[0].message if problems else "reload failed")
        self.problems = problems
        self.status = status


class RemovalUnconfirmed(Exception):
    """The new ruleset drops rules (a file emptied or cut short?): it goes live only when the
    reload confirms the removal."""

    def __init__(self, removed: list[str]) -> None:
        super().__init__(f"the reload would remove {len(removed)} rule(s)")
        self.removed = removed


BeforeSwap = Callable[[Snapshot, Snapshot, list[str]], Awaitable[None]]


def _load_checked(settings: Settings) -> Ruleset:
    # problems name files relative to the folder: an API answer names no server path
    ruleset = ruleset_from_texts(read_folder(settings.ruleset_dir))
    compile_rules(ruleset.rules, ruleset.parameters)  # compiles, or raises, before any swap
    return ruleset


class Service:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.pool = self._new_pool()
        self.snapshot: Snapshot | None = None
        self._reload_lock = asyncio.Lock()

    @property
    def current(self) -> Snapshot:
        if self.snapshot is None:
            raise RuntimeError("the service has not started")
        return self.snapshot

    def _new_pool(self) -> WorkerPool:
        settings = self.settings
        return WorkerPool(settings.workers, settings.eval_timeout, settings.queue_timeout)

    async def start(self) -> None:
        """Load the ruleset and start the workers (again, after `stop`, if the app restarts)."""
        ruleset = await asyncio.to_thread(_load_checked, self.settings)
        self.snapshot = Snapshot(ruleset)
        self.pool = self._new_pool()
        self._reload_lock = asyncio.Lock()  # of this run's event loop
        await self.pool.start(self.snapshot)
        log.info("serving ruleset %s %s sha256=%s", ruleset.name, ruleset.version, ruleset.sha256)

    async def stop(self) -> None:
        await self.pool.close()

    async def reload(
        self, confirm_removed: bool = False, before_swap: BeforeSwap | None = None
    ) -> tuple[Snapshot, Snapshot]:
        """Load the ruleset folder again; return (previous, now serving) or raise ReloadFailed,
        or RemovalUnconfirmed when rules would go without `confirm_removed`. `before_swap`
        (previous, candidate, removed rule ids) runs last: if it raises, nothing is swapped."""
        async with self._reload_lock:
            previous = self.current
            try:
                ruleset = await asyncio.to_thread(_load_checked, self.settings)
            except RulesetError as exc:
                raise ReloadFailed(exc.problems) from None
            candidate = Snapshot(ruleset)
            removed = removed_rules(previous.ruleset, ruleset)
            if removed and not confirm_removed:
                raise RemovalUnconfirmed(removed)
            if candidate.sha256 != previous.sha256:
                await self._trial(candidate)
            if before_swap is not None:
                await before_swap(previous, candidate, removed)
            self.snapshot = self.pool.latest = candidate
            log.info("reloaded ruleset %s -> %s", previous.sha256, candidate.sha256)
            return previous, candidate

    async def _trial(self, candidate: Snapshot) -> None:
        """Load the candidate into a real worker; refuse it if durable-rules does."""
        try:
            reply = await self.pool.run(worker.Validate(candidate.ruleset.files), None)
        except (WorkerCrashed, WorkerTimedOut):
            raise ReloadFailed([Problem("the matching engine failed on the new ruleset")], 503) from None
        if isinstance(reply, worker.Refused):
            raise ReloadFailed(list(reply.problems))
        if not isinstance(reply, worker.Summary):
            raise ReloadFailed([Problem("the new ruleset could not be checked")], 503)


def removed_rules(previous: Ruleset, candidate: Ruleset) -> list[str]:
    """The ids of rules in `previous` that `candidate` no longer has."""
    kept = {r.id for r in candidate.rules}
    return sorted(r.id for r in previous.rules if r.id not in kept)
