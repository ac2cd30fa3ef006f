"""Driving durable-rules' C extension directly, safely (its pitfalls: see the README).

- No Python `Host`: no background timer threads (pitfall 5), no hidden state fact loop
  (pitfall 1), no swallowed exceptions in actions (pitfall 9): matches are drained here and
  everything after matching runs in ordinary Python.
- One live session per ruleset at a time, under a lock, with fact ids numbered within the
  case: no two cases can share a session or be mixed by a hash collision (pitfall 4).
- The session is deleted in `finally` (pitfall 7); the ruleset is deleted on `close()`.
- Facts of the types used under `$not` are copied under their own type (`action$neg`) and the
  copies asserted in a first batch: blockers are in place before anything can match (pitfall 3).
- A bound on matches per case stops a runaway evaluation.
- Every session starts at least one action (a sentinel rule and fact): a session that never
  started one is deleted with uninitialised action context, which crashes (free() of garbage).
- A large ruleset is split into shards, each its own durable-rules ruleset: the C code walks
  the alpha network with a 64-entry stack (error 303, ERR_MAX_STACK_SIZE) and join tests are
  never shared between rules, so too many patterns on one fact type overflow it.
- Each shard is sent only the facts of the types its rules test, and every fact only the
  attributes some rule mentions: durable-rules parses, stores and returns every byte it is
  given, and needs nothing else. (Trimmed once for all shards: cheaper than once per shard.)
"""

from __future__ import annotations

import contextlib
import itertools
import json
import threading
from dataclasses import dataclass
from typing import Any

import durable_rules_engine as dre
import orjson

from engine.errors import EvaluationError
from engine.fact import negated_type

SESSION = "0"  # durable-rules' session id for a fact that names none: facts carry no `sid`
MAX_MATCHES = 20_000
_names = itertools.count(1)
_RESULT_OK, _RESULT_NOT_HANDLED, _RESULT_OBSERVED = 0, 1, 2

Match = tuple[str, dict[str, str]]  # durable rule name, alias → fact sequence id

SENTINEL = "__sentinel"
SENTINEL_RULE: dict[str, Any] = {"all": [{"m": {"t": SENTINEL}}]}
MAX_PATTERNS_PER_TYPE = 40  # per shard and fact type; durable-rules' alpha stack holds 64
CAP = 1000  # matches of one rule delivered per action: one round trip and one JSON text for many


def _fact_type(test: Any) -> str:
    if isinstance(test, dict) and "$and" in test:
        test = test["$and"][0]
    return str(test.get("t", "")) if isinstance(test, dict) else ""


def shard(definition: dict[str, Any], limit: int = MAX_PATTERNS_PER_TYPE) -> list[dict[str, Any]]:
    """Split compiled rules so that no shard has more than `limit` patterns on one fact type.

    Each rule also gets durable-rules' `cap` option: its pending matches come back together,
    up to CAP per action, instead of one action (a C call and a JSON text) per match.
    """
    shards: list[dict[str, Any]] = []
    counts: dict[str, int] = {}
    current: dict[str, Any] = {}
    for name, rule in definition.items():
        types: dict[str, int] = {}
        for pattern in rule.get("all", []):
            for test in pattern.values():
                kind = _fact_type(test)
                types[kind] = types.get(kind, 0) + 1
        if current and any(counts.get(k, 0) + n > limit for k, n in types.items()):
            shards.append(current)
            current, counts = {}, {}
        current[name] = {**rule, "cap": CAP}
        for kind, n in types.items():
            counts[kind] = counts.get(kind, 0) + n
    shards.append(current)
    return [{**part, SENTINEL: SENTINEL_RULE} for part in shards]


def _mentioned(node: Any, found: set[str]) -> set[str]:
    """Every key and string value in a compiled definition: a superset of the attributes it reads."""
    if isinstance(node, dict):
        for key, value in node.items():
            found.add(key)
            _mentioned(value, found)
    elif isinstance(node, list):
        for item in node:
            _mentioned(item, found)
    elif isinstance(node, str):
        found.add(node)
    return found


@dataclass(frozen=True)
class Part:
    """One shard: its durable-rules handle and the fact types it tests."""

    handle: int
    types: frozenset[str]

    @classmethod
    def of(cls, handle: int, definition: dict[str, Any]) -> Part:
        types = {_fact_type(test) for rule in definition.values() for p in rule["all"] for test in p.values()}
        return cls(handle, frozenset(types))

    def batches(self, facts: list[dict[str, Any]], negated: frozenset[str]) -> list[str]:
        """The shard's facts as JSON: `$not` copies first (pitfall 3), then the rest."""
        types = self.types
        first = [
            {**f, "t": negated_type(f["t"]), "id": f"n{f['id']}"}
            for f in facts
            if f["t"] in negated and negated_type(f["t"]) in types
        ]
        rest = [f for f in facts if f["t"] in types]
        rest.append({"t": SENTINEL, "id": "0"})  # fact ids are 1, 2, … within a case
        return [orjson.dumps(batch).decode() for batch in (first, rest) if batch]


def _refusal(code: int) -> str | None:
    """Why durable-rules refused a batch, or None (code 1 only says some fact matched no
    pattern: pitfall 8)."""
    if code == _RESULT_OBSERVED:
        return "durable-rules saw a fact id twice (the case numbering is broken)"
    if code not in (_RESULT_OK, _RESULT_NOT_HANDLED):
        return f"durable-rules returned code {code}"
    return None


class Matcher:
    """One compiled ruleset loaded into durable-rules under a unique, versioned name."""

    def __init__(self, base_name: str, definition: dict[str, Any], negated_types: set[str]) -> None:
        self.name = f"{base_name}_{next(_names)}"
        self._negated = frozenset(negated_types)
        self._lock = threading.Lock()
        self.parts: list[Part] = []
        self._loaded = False
        try:
            for index, part in enumerate(shard(definition)):
                handle = dre.create_ruleset(f"{self.name}_{index}", json.dumps(part))
                self.parts.append(Part.of(handle, part))
        except dre.error as exc:
            for made in self.parts:
                with contextlib.suppress(dre.error):
                    dre.delete_ruleset(made.handle)
            raise EvaluationError(f"durable-rules refused the compiled ruleset: {exc}") from None
        self._loaded = True
        self._attrs = frozenset(_mentioned(definition, {"t", "id"}))

    @property
    def shards(self) -> int:
        return len(self.parts)

    def payloads(self, facts: list[dict[str, Any]]) -> list[tuple[int, list[str]]]:
        """What each shard is sent for these facts: its handle and its JSON batches."""
        attrs = self._attrs  # only what some rule reads: durable-rules needs nothing else
        trimmed = [{k: v for k, v in fact.items() if k in attrs} for fact in facts]
        return [(part.handle, part.batches(trimmed, self._negated)) for part in self.parts]

    def match(self, facts: list[dict[str, Any]], max_matches: int = MAX_MATCHES) -> list[Match]:
        payloads = self.payloads(facts)
        with self._lock:
            if not self._loaded:
                raise EvaluationError("this ruleset has been unloaded")
            matches: list[Match] = []
            for handle, batches in payloads:
                matches.extend(self._match_one(handle, batches))
        if len(matches) > max_matches:
            raise EvaluationError(
                f"the case produced {len(matches)} rule matches, more than the limit of "
                f"{max_matches}; it is too large or a rule is too broad"
            )
        return matches

    def _match_one(self, handle: int, batches: list[str]) -> list[Match]:
        """One shard's session: assert, drain, delete (called under the lock)."""
        state: int | None = None
        matches: list[Match] = []
        refused: str | None = None
        try:
            for batch in batches:
                try:
                    code, state = dre.assert_facts(handle, batch)
                except dre.error as exc:
                    raise EvaluationError(f"durable-rules could not take the case's facts: {exc}") from None
                refused = _refusal(code)
                if refused:
                    break
        finally:
            # Drain every pending match before deleting the session, even after an
            # error: deleting a session with queued actions crashes durable-rules.
            if state is not None:
                matches = self._drain(handle, int(state))
            with contextlib.suppress(dre.error):  # no session was created
                dre.delete_state(handle, SESSION)
        if refused:
            raise EvaluationError(refused)
        return [m for m in matches if m[0] != SENTINEL]

    @staticmethod
    def _drain(handle: int, state: int) -> list[Match]:
        matches: list[Match] = []
        result = dre.start_action_for_state(handle, state)
        while result:
            message = orjson.loads(result[1] if isinstance(result, tuple) else result)
            for rule_name, bound in message.items():  # with `cap`, a list of matches
                for frame in bound if isinstance(bound, list) else (bound,):
                    matches.append((rule_name, {alias: fact["id"] for alias, fact in frame.items()}))
            result = dre.complete_and_start_action(handle, state)
        return matches

    def close(self) -> None:
        with self._lock:
            if self._loaded:
                for part in self.parts:
                    dre.delete_ruleset(part.handle)
                self._loaded = False

    def __del__(self) -> None:  # pragma: no cover - best effort at interpreter exit
        try:  # noqa: SIM105 - not contextlib: at interpreter exit, module globals may be gone
            self.close()
        except Exception:
            pass
