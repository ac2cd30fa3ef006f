"""Driving durable-rules' C extension directly, safely (see shared/design/durable-rules-notes.md).

- No Python `Host`: no background timer threads (pitfall 5), no hidden state fact loop
  (pitfall 1), no swallowed exceptions in actions (pitfall 9): matches are drained here and
  everything after matching runs in ordinary Python.
- One live session per ruleset at a time, under a lock, with fact ids numbered within the
  case: no two cases can share a session or be mixed by a hash collision (pitfall 4).
- The session is deleted in `finally` (pitfall 7); the ruleset is deleted on `close()`.
- Fact types used under `$not` are asserted in a first batch (pitfall 3).
- A bound on matches per case stops a runaway evaluation.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import threading
from typing import Any

import durable_rules_engine as dre

from engine.errors import EvaluationError

SESSION = "1"
MAX_MATCHES = 20_000
_names = itertools.count(1)
_RESULT_OK, _RESULT_NOT_HANDLED, _RESULT_OBSERVED = 0, 1, 2

Match = tuple[str, dict[str, str]]  # durable rule name, alias → fact sequence id


class Matcher:
    """One compiled ruleset loaded into durable-rules under a unique, versioned name."""

    def __init__(self, base_name: str, definition: dict[str, Any], negated_types: set[str]) -> None:
        self.name = f"{base_name}_{next(_names)}"
        self._negated = frozenset(negated_types)
        self._lock = threading.Lock()
        try:
            self._handle: int | None = dre.create_ruleset(self.name, json.dumps(definition))
        except dre.error as exc:
            raise EvaluationError(f"durable-rules refused the compiled ruleset: {exc}") from None

    def match(self, facts: list[dict[str, Any]], max_matches: int = MAX_MATCHES) -> list[Match]:
        first = [f for f in facts if f["t"] in self._negated]
        rest = [f for f in facts if f["t"] not in self._negated]
        with self._lock:
            if self._handle is None:
                raise EvaluationError("this ruleset has been unloaded")
            handle = self._handle
            state: int | None = None
            matches: list[Match] = []
            try:
                for batch in (first, rest):
                    if batch:
                        state = self._assert(handle, batch)
            finally:
                # Drain every pending match before deleting the session, even after an
                # error: deleting a session with queued actions crashes durable-rules.
                if state is not None:
                    matches = self._drain(handle, state)
                with contextlib.suppress(dre.error):  # no session was created
                    dre.delete_state(handle, SESSION)
        if len(matches) > max_matches:
            raise EvaluationError(
                f"the case produced {len(matches)} rule matches, more than the limit of "
                f"{max_matches}; it is too large or a rule is too broad"
            )
        return matches

    @staticmethod
    def _assert(handle: int, batch: list[dict[str, Any]]) -> int:
        for fact in batch:
            fact["sid"] = SESSION
        try:
            code, state = dre.assert_facts(handle, json.dumps(batch))
        except dre.error as exc:
            raise EvaluationError(f"durable-rules could not take the case's facts: {exc}") from None
        if code == _RESULT_OBSERVED:
            raise EvaluationError("durable-rules saw a fact id twice (the case numbering is broken)")
        if code not in (_RESULT_OK, _RESULT_NOT_HANDLED):
            raise EvaluationError(f"durable-rules returned code {code}")
        return int(state)  # code 1 only says some fact matched no pattern (pitfall 8)

    @staticmethod
    def _drain(handle: int, state: int) -> list[Match]:
        matches: list[Match] = []
        result = dre.start_action_for_state(handle, state)
        while result:
            message = json.loads(result[1] if isinstance(result, tuple) else result)
            for rule_name, bound in message.items():
                matches.append((rule_name, {alias: fact["id"] for alias, fact in bound.items()}))
            result = dre.complete_and_start_action(handle, state)
        return matches

    def close(self) -> None:
        with self._lock:
            if self._handle is not None:
                dre.delete_ruleset(self._handle)
                self._handle = None

    def __del__(self) -> None:  # pragma: no cover - best effort at interpreter exit
        with contextlib.suppress(Exception):
            self.close()
