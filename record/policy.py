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
from typing import assert_never

from engine.condition import (
    AllOf,
    AnyOf,
    Compare,
    Condition,
    ListOf,
    Literal,
    Member,
    Param,
    Presence,
    Ref,
    Undecided,
    leaves,
)
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
        yield from leaves(condition)


def _review_interval(ruleset: Ruleset) -> int | None:
    found: list[int] = []
    for rule in ruleset.rules:
        for binding in rule.when:
            for c in _flat(binding.where):
                match c:
                    case Compare(op=">" | ">=", left=Ref(attr=attr), right=Param(name=name)) if (
                        attr == REVIEWED
                    ):
                        parameter = ruleset.parameters.get(name)
                        value = parameter.value if parameter is not None else None
                        if isinstance(value, int) and not isinstance(value, bool):
                            found.append(value)
                    case Compare() | Member() | Presence() | AnyOf() | AllOf() | Undecided():
                        pass
                    case _:
                        assert_never(c)
    return min(found) if found else None


def _joined_to_found_with(binding: Binding) -> bool:
    """`adult.id in episode.found_with`: the binding's person is one the child was found with."""
    for c in binding.where:
        match c:
            case Member(negated=False, item=Ref(alias=alias, attr="id"), collection=Ref(attr="found_with")):
                if alias == binding.alias:
                    return True
            case Compare() | Member() | Presence() | AnyOf() | AllOf() | Undecided():
                pass
            case _:
                assert_never(c)
    return False


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
                match c:
                    case Member(negated=False, item=Ref(attr="role") as adult, collection=ListOf() as listed):
                        if adult.alias == binding.alias:  # adult.role in [suspect, associate]
                            roles.update(str(i.value) for i in listed.items if isinstance(i, Literal))
                    case Member(negated=True, item=Ref(attr="child"), collection=Ref() as carers):
                        if carers.alias == binding.alias and carers.attr == "connected_to":
                            excludes = True  # episode.child not in adult.connected_to
                    case Compare() | Member() | Presence() | AnyOf() | AllOf() | Undecided():
                        pass
                    case _:
                        assert_never(c)
    return frozenset(roles), excludes
