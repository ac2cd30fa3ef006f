"""A rule in words: its conditions read aloud for a policy lead, next to the lines as written.

    episode.child_age < 16             → the episode's child's age at the time is under 16
    adult.role in [suspect, associate] → the adult's role is suspect or associate
    cse_flag not in suspect.flags      → the suspect's record flags do not include CSE flag

The handbook shows both: the words to understand a rule, the raw line to edit it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import assert_never

from engine.condition import (
    AllOf,
    AnyOf,
    Compare,
    Condition,
    ListOf,
    Literal,
    Member,
    Offset,
    Operand,
    Param,
    Presence,
    Ref,
    Undecided,
    params_in,
)
from engine.fact import FACT_SCHEMA
from engine.operators import OPERATORS
from engine.ruleset import Ruleset
from engine.typecheck import Binding, CheckedRule, CountBinding

FACT_WORDS: dict[str, str] = {
    "action": "action (a tactic proposed or used)",
    "missing_episode": "missing episode",
    "sexual_offence": "sexual offence",
    "online_contact": "online contact",
    "removal_risk": "risk of removal abroad",
}
ATTRIBUTE_WORDS: dict[str, str] = {
    "connected_to": "children they are parent or guardian of",
    "found_with": "people the child was found with",
    "found_at": "place the child was found",
    "flags": "record flags",
    "with_people": "people with the child",
    "linked_people": "linked people",
    "days_before_as_of": "days before the assessment date",
    "days_since_review": "days since the last risk review",
    "interview_delay_days": "days the suspect has waited to be interviewed",
    "reported_or_disclosed_on": "date the offence was reported, or the child named the suspect",
    "days_since_reported": "days since the offence was reported or the child named the suspect",
    "penetration": "how the act was committed",
    "recorded_as": "recorded offence",
    "legal_status": "legal status",
    "similar_to": "kind of allegation",
    "by": "person responsible",
    "with": "other person",
    "age": "age",
    # places and third parties (issue 10)
    "months_before_as_of": "whole calendar months before the assessment date",
    "months_completed": "whole calendar months it has run",
    "child_home": "being some child's home or placement",
    "nuisance_or_disorder": "use causing nuisance or disorder",
    "child_sex_offence_use_likely": "likely use for child sex offences",
}
VALUE_WORDS: dict[str, str] = {"cse_flag": "CSE flag", "pdp": "PDP", "mappa": "MAPPA"}


@dataclass(frozen=True)
class Line:
    """One condition: in words, and as written in the YAML (with any: / all: parts)."""

    words: str
    raw: str
    parts: tuple[Line, ...] = ()


@dataclass(frozen=True)
class Clause:
    """One pattern of a rule: 'There is a missing episode (“episode”) where:' and its lines."""

    section: str  # when | unless | count
    heading: str
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class Slot:
    """A piece of a `because` explanation: literal text, or a value filled in from the case."""

    text: str
    filled_from: str | None = None  # 'episode.child_age', '$sro_similar_allegations'


def humanise(name: str) -> str:
    return name.replace("_", " ")


def article(noun: str) -> str:
    return ("an " if noun[:1].lower() in "aeiou" else "a ") + noun


def possessive(noun: str) -> str:
    return noun + ("'" if noun.endswith("s") else "'s")


def fact_words(fact: str) -> str:
    return FACT_WORDS.get(fact, humanise(fact))


def date_words(value: date) -> str:
    return f"{value.day} {value.strftime('%B')} {value.year}"


class RuleReader:
    """Reads the rules of one ruleset into words (it knows parameter values and tactic names)."""

    def __init__(self, ruleset: Ruleset) -> None:
        self.ruleset = ruleset

    # -- operands -----------------------------------------------------------------------
    @staticmethod
    def attribute(attr: str) -> str:
        return ATTRIBUTE_WORDS.get(attr, humanise(attr))

    def ref(self, ref: Ref, types: dict[str, str]) -> str:
        if ref.attr == "id":
            return f"the {ref.alias}"
        owner = possessive(ref.alias)
        base = ref.attr.removesuffix("_age")
        if base != ref.attr and base in FACT_SCHEMA.get(types.get(ref.alias, ""), {}):
            return f"the age of the {owner} {self.attribute(base)} at the time"
        return f"the {owner} {self.attribute(ref.attr)}"

    def param(self, param: Param) -> str:
        parameter = self.ruleset.parameters.get(param.name)
        if parameter is None:
            return f"the setting {param.name}"
        value = self.value(parameter.value)
        unit = f" {parameter.unit}" if parameter.unit else ""
        return f"{value}{unit} (setting {param.name})"

    def value(self, value: object, attr: str | None = None) -> str:
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, date):
            return date_words(value)
        if isinstance(value, list):
            return ", ".join(self.value(v) for v in value)
        text = str(value)
        if attr == "tactic" and text in self.ruleset.tactics:
            return f"{article(self.ruleset.tactics[text].name)} ({text})"
        return VALUE_WORDS.get(text, humanise(text))

    def operand(self, operand: Operand, types: dict[str, str], attr: str | None = None) -> str:
        match operand:
            case Ref():
                return self.ref(operand, types)
            case Param():
                return self.param(operand)
            case Literal(value=value):
                return self.value(value, attr)
            case Offset(ref=ref, sign=sign, amount=amount):
                days = " days" if isinstance(amount, Literal) and self._is_date(ref, types) else ""
                shown = self.operand(amount, types)
                return f"{self.ref(ref, types)} {'plus' if sign > 0 else 'minus'} {shown}{days}"
            case ListOf(items=items):
                return self.choices([self.operand(i, types, attr) for i in items], "or")
            case _:
                assert_never(operand)

    @staticmethod
    def choices(items: list[str], joiner: str) -> str:
        return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {joiner} " + items[-1]

    @staticmethod
    def _is_date(ref: Ref, types: dict[str, str]) -> bool:
        attr = FACT_SCHEMA.get(types.get(ref.alias, ""), {}).get(ref.attr)
        return attr is not None and attr.kind == "date"

    # -- conditions ---------------------------------------------------------------------
    def line(self, condition: Condition, types: dict[str, str]) -> Line:
        match condition:
            case AnyOf(parts=parts, text=text):
                return Line("at least one of these:", text, tuple(self.line(p, types) for p in parts))
            case AllOf(parts=parts, text=text):
                return Line("all of these:", text, tuple(self.line(p, types) for p in parts))
            case Undecided(compare=compare):  # engine-internal; shown as the comparison it wraps
                return Line(self.words(compare, types), compare.text)
            case Compare() | Member() | Presence():
                return Line(self.words(condition, types), condition.text)
            case _:
                assert_never(condition)

    def words(self, condition: Compare | Member | Presence, types: dict[str, str]) -> str:
        match condition:
            case Presence(ref=ref, present=present):
                return f"{self.ref(ref, types)} is {'recorded' if present else 'not recorded'}"
            case Compare():
                return self.comparison(condition, types)
            case Member():
                return self.membership(condition, types)
            case _:
                assert_never(condition)

    def comparison(self, condition: Compare, types: dict[str, str]) -> str:
        left, right = condition.left, condition.right
        attr = left.attr if isinstance(left, Ref) else None
        dated = isinstance(left, Ref) and self._is_date(left, types)
        if isinstance(right, Literal) and isinstance(right.value, bool) and condition.op in ("==", "!="):
            answer = right.value if condition.op == "==" else not right.value
            return f"{self.operand(left, types)}: {self.value(answer)}"
        operator = OPERATORS[condition.op]
        verb = operator.date_words if dated else operator.number_words
        return f"{self.operand(left, types)} {verb} {self.operand(right, types, attr)}"

    def membership(self, condition: Member, types: dict[str, str]) -> str:
        item, collection = condition.item, condition.collection
        match collection:
            case ListOf(items=items):
                attr = item.attr if isinstance(item, Ref) else None
                values = [self.operand(i, types, attr) for i in items]
                if condition.negated:
                    return (
                        f"{self.operand(item, types)} is neither {self.choices(values, 'nor')}"
                        if len(values) > 1
                        else f"{self.operand(item, types)} is not {values[0]}"
                    )
                return f"{self.operand(item, types)} is {self.choices(values, 'or')}"
            case Ref() | Literal() | Param() | Offset():
                pass
            case _:
                assert_never(collection)
        whole = self.operand(collection, types)
        match item:
            case Ref():  # adult.id in episode.found_with
                return f"{self.operand(item, types)} is {'not ' if condition.negated else ''}among {whole}"
            case Literal() | Param() | ListOf() | Offset():  # cse_flag in suspect.flags
                verb = "do not include" if condition.negated else "include"
                return f"{whole} {verb} {self.operand(item, types)}"
            case _:
                assert_never(item)

    # -- patterns and the rule ----------------------------------------------------------
    def _named(self, binding: Binding) -> str:
        noun = fact_words(binding.fact)
        if binding.alias == binding.fact:
            return article(noun)
        return f"{article(noun)}, called “{binding.alias}”"

    def clauses(self, checked: CheckedRule) -> tuple[Clause, ...]:
        types = dict(checked.alias_types)
        for binding in checked.unless:
            types.setdefault(binding.alias, binding.fact)
        clauses: list[Clause] = []
        for binding in checked.when:
            lines = tuple(self.line(c, types) for c in binding.where)
            heading = f"There is {self._named(binding)}" + (", where:" if lines else ".")
            clauses.append(Clause("when", heading, lines))
        for spec, binding in zip(checked.rule.count, checked.count, strict=True):
            clauses.append(
                Clause("count", self._count_heading(spec.at_least, binding), self._lines(binding, types))
            )
        for binding in checked.unless:
            lines = self._lines(binding, types)
            heading = f"Unless there is {self._named(binding)}" + (", where:" if lines else ".")
            clauses.append(Clause("unless", heading, lines))
        return tuple(clauses)

    def _lines(self, binding: Binding, types: dict[str, str]) -> tuple[Line, ...]:
        return tuple(self.line(c, types) for c in binding.where)

    def _count_heading(self, at_least: int | str, binding: CountBinding) -> str:
        if isinstance(at_least, str) and at_least.startswith("$"):
            how_many = self.param(Param(at_least[1:]))
        else:
            how_many = str(binding.at_least)
        noun = fact_words(binding.fact)
        group = f", counted per {self.attribute(binding.group_by)}" if binding.group_by else ""
        return f"There are at least {how_many} {noun}s, called “{binding.alias}”{group}, where:"

    def lead(self, checked: CheckedRule) -> str:
        """The rule's outcome in one sentence."""
        rule = checked.rule
        target = f"the {rule.target}"
        tactic = self.ruleset.tactics.get(rule.code)
        code = self.ruleset.codes.get(rule.code)
        if rule.kind == "recommend":
            name = tactic.name if tactic else humanise(rule.code)
            return f"Recommends considering {article(name)} for {target} when all of the following hold."
        if rule.kind == "warn":
            what = f"“{code.title}”" if code else f"about {tactic.name if tactic else humanise(rule.code)}"
            return f"Warns {what} about {target} when all of the following hold."
        if code is not None:
            return f"Reports a gap, “{code.title}”, about {target} when all of the following hold."
        name = tactic.name if tactic else humanise(rule.code)
        return f"Reports a gap about {target}, pointing to {article(name)}, when all of the following hold."

    def because(self, checked: CheckedRule) -> tuple[Slot, ...]:
        slots: list[Slot] = []
        for segment in checked.because:
            if segment.param is not None:
                parameter = self.ruleset.parameters.get(segment.param)
                shown = self.value(parameter.value) if parameter else segment.param
                slots.append(Slot(shown, f"${segment.param}"))
            elif segment.alias is not None:
                name = segment.alias + (f".{segment.attr}" if segment.attr else "")
                slots.append(Slot(name, name))
            else:
                slots.append(Slot(re.sub(r"\s+", " ", segment.text)))
        return tuple(slots)


def parameters_used(checked: CheckedRule) -> list[str]:
    """Every $parameter a rule's conditions, counts or explanation use, in order, once each."""
    names: list[str] = []
    for binding in (*checked.when, *checked.unless, *checked.count):
        for condition in binding.where:
            names.extend(params_in(condition))
    for spec in checked.rule.count:
        if isinstance(spec.at_least, str) and spec.at_least.startswith("$"):
            names.append(spec.at_least[1:])
    names.extend(s.param for s in checked.because if s.param)
    return list(dict.fromkeys(names))
