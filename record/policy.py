"""The policy the record's measures read, derived from the ruleset that answered, never copied.

- The review interval (¶16) is the parameter the ruleset's review rules compare a suspect's
  `days_since_review` with (`suspect.days_since_review > $review_interval_days`).
- The ¶20 measure (a missing child found with an adult; a CAWN considered for that adult)
  takes the adults the ruleset's CAWN rules look for: the people joined to the episode by
  `adult.id in episode.found_with` in rules whose code is the CAWN tactic or the ¶20 gap, with
  the roles those rules accept (`adult.role in [...]`), and without the child's own parents
  or carers where the rules exclude them (`episode.child not in adult.connected_to`). An
  episode the engine flags with the ¶20 gap (`cawn_not_considered`) is never counted as
  considered.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from engine.condition import AllOf, AnyOf, Compare, Condition, ListOf, Literal, Member, Param, Ref
from engine.ruleset import Ruleset
from engine.typecheck import Binding

CAWN = "cawn"  # the tactic id of a Child Abduction Warning Notice (the shared tactics catalogue)
NOT_CONSIDERED = "cawn_not_considered"  # the ¶20 gap: found with an adult, no CAWN considered
REVIEWED = "days_since_review"


@dataclass(frozen=True)
class Policy:
    sha256: str
    review_interval_days: int | None  # None: the ruleset has no review rule with a parameter
    cawn_roles: frozenset[str]  # roles of the adults the CAWN rules look for
    cawn_excludes_carers: bool  # the rules leave out people connected to the child


_KEEP = 16
_made: dict[str, Policy] = {}


def policy_of(ruleset: Ruleset) -> Policy:
    """The ruleset's policy, worked out once per sha256."""
    found = _made.get(ruleset.sha256)
    if found is None:
        found = Policy(ruleset.sha256, _review_interval(ruleset), *_cawn_adults(ruleset))
        if len(_made) >= _KEEP:
            _made.pop(next(iter(_made)))
        _made[ruleset.sha256] = found
    return found


def _flat(conditions: tuple[Condition, ...]) -> Iterator[Condition]:
    for condition in conditions:
        if isinstance(condition, AnyOf | AllOf):
            yield from _flat(condition.parts)
        else:
            yield condition


def _review_interval(ruleset: Ruleset) -> int | None:
    found: list[int] = []
    for rule in ruleset.rules:
        for binding in rule.when:
            for c in _flat(binding.where):
                if (isinstance(c, Compare) and c.op in (">", ">=") and isinstance(c.left, Ref)
                        and c.left.attr == REVIEWED and isinstance(c.right, Param)):
                    parameter = ruleset.parameters.get(c.right.name)
                    value = parameter.value if parameter is not None else None
                    if isinstance(value, int) and not isinstance(value, bool):
                        found.append(value)
    return min(found) if found else None


def _joined_to_found_with(binding: Binding) -> bool:
    return any(
        isinstance(c, Member) and not c.negated and isinstance(c.item, Ref) and c.item.alias == binding.alias
        and c.item.attr == "id" and isinstance(c.collection, Ref) and c.collection.attr == "found_with"
        for c in binding.where
    )


def _cawn_adults(ruleset: Ruleset) -> tuple[frozenset[str], bool]:
    roles: set[str] = set()
    excludes = False
    for rule in ruleset.rules:
        if rule.rule.code not in (CAWN, NOT_CONSIDERED):
            continue
        for binding in rule.when:
            if binding.fact != "person" or not _joined_to_found_with(binding):
                continue
            for c in _flat(binding.where):
                if not isinstance(c, Member) or not isinstance(c.item, Ref):
                    continue
                if c.item.alias == binding.alias and c.item.attr == "role" and not c.negated \
                        and isinstance(c.collection, ListOf):
                    roles.update(str(i.value) for i in c.collection.items if isinstance(i, Literal))
                if c.negated and c.item.attr == "child" and isinstance(c.collection, Ref) \
                        and c.collection.alias == binding.alias and c.collection.attr == "connected_to":
                    excludes = True
    return frozenset(roles), excludes
