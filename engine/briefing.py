"""An answer as an officer reads it: the briefing the text output, the workspace's case page and
`disrupt evaluate --format html` all show.

- Findings are grouped by the person or place they are about; in each group the tactics to
  consider come first (least intrusive first, by their catalogue names), then warnings, then gaps.
- Near-identical findings (the same rule about the same person or place, from different events)
  are folded into one line ("No CAWN was considered — on 3 missing episodes: 02 Oct 2019, …"),
  each one kept as the fold's detail.
- Values read in words ("on a care order", not `care_order`); tactic names stand beside codes.
- Unknowns become questions with the answers the case format allows.

It only reads the answer, the ruleset's catalogue and the case's facts: it decides nothing.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal, get_args, get_origin

from engine.case import EVENT_MODELS, Action, Location, Person
from engine.finding import Answer, Finding, Unknown
from engine.ruleset import Ruleset

KIND_ORDER = {"recommend": 0, "warn": 1, "gap": 2}
SEVERITY_ORDER = {"critical": 0, "high": 1, "medium": 2, "low": 3}
KIND_HEADINGS = {
    "recommend": "Tactics to consider",
    "warn": "Warnings: harmful or misapplied actions",
    "gap": "Gaps: missed opportunities and duties not met",
}
ADULT_ROLES = ("suspect", "associate")

# Enum values in words, by attribute. A value not listed reads with its underscores as spaces.
VALUE_WORDS: dict[str, dict[str, str]] = {
    "legal_status": {
        "none": "not looked after",
        "s20_accommodated": "accommodated under section 20",
        "care_order": "on a care order",
        "interim_care_order": "on an interim care order",
        "emergency_protection_order": "under an emergency protection order",
        "police_protection": "in police protection",
        "unknown": "legal status not known",
    },
    "role": {"child": "child", "suspect": "suspect", "associate": "associate",
             "parent_carer": "parent or carer"},
    "investigation": {},
}
ATTRIBUTE_WORDS: dict[str, str] = {
    "legal_status": "legal status",
    "date_of_birth": "date of birth",
    "asked_where": "asked where they had been",
    "asked_with_whom": "asked whom they had been with",
    "family_spoken_to": "family spoken to",
    "child_spoken_to": "child spoken to",
    "victim": "recorded as a victim",
    "lives_in_force": "force area they live in",
    "suspect_interviewed_on": "date the suspect was interviewed",
    "reported_on": "date reported",
}
# Questions for the commonest unknowns; `{who}` is the fact's id (a person, place or event).
QUESTIONS: dict[str, str] = {
    "legal_status": "Is {who} on a care order? (What is {who}'s legal status?)",
    "victim": "Is {who} recorded as a victim?",
    "asked_where": "After {who}, was the child asked where they had been?",
    "asked_with_whom": "After {who}, was the child asked whom they had been with?",
    "family_spoken_to": "At {who}, was the child's family spoken to?",
    "child_spoken_to": "At {who}, was the child spoken to?",
    "date_of_birth": "What is {who}'s date of birth?",
    "sex": "What is {who}'s sex?",
}


def value_words(attribute: str, value: Any) -> str:
    """A recorded value as an officer would say it."""
    if value is None:
        return "not recorded"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return day(value)
    words = VALUE_WORDS.get(attribute, {}).get(str(value))
    return words if words is not None else str(value).replace("_", " ")


def day(value: date | str) -> str:
    """'2019-10-02' → '02 Oct 2019'."""
    try:
        parsed = value if isinstance(value, date) else date.fromisoformat(value)
    except ValueError:
        return str(value)
    return parsed.strftime("%d %b %Y")


_STATUSES = sorted(VALUE_WORDS["legal_status"], key=len, reverse=True)
_CODE_WORD = re.compile(r"\b(" + "|".join(_STATUSES) + r")\b")


def in_words(text: str) -> str:
    """A finding's sentence with the case format's enum values read in words.

    'their legal status is s20_accommodated' → 'their legal status is accommodated under
    section 20'; 'subject to care_order' → 'subject to a care order'."""
    text = text.replace("subject to care_order", "on a care order")
    text = text.replace("subject to interim_care_order", "on an interim care order")

    def word(match: re.Match[str]) -> str:
        value = match.group(1)
        if "_" not in value:  # 'none' and 'unknown' are ordinary words in a sentence
            return value
        return VALUE_WORDS["legal_status"][value]

    return _CODE_WORD.sub(word, text)


# -- the briefing's shapes ---------------------------------------------------------------------
@dataclass(frozen=True)
class Item:
    """One finding as shown: its words, and where it comes from."""

    finding: Finding
    name: str  # the tactic's or code's catalogue name
    because: str
    sources: list[str]
    events: list[str]  # the events (with dates in words) it rests on


@dataclass(frozen=True)
class Fold:
    """One finding, or several near-identical ones (same rule, same subject) folded together."""

    kind: str
    severity: str
    code: str
    name: str
    title: str
    rule: str
    items: list[Item]
    summary: str  # e.g. 'on 3 missing episodes: 02 Oct 2019, 14 Oct 2019, 30 Oct 2019'
    legal_basis: list[str]
    sources: list[str]
    confidence: str | None
    intrusiveness: int

    @property
    def folded(self) -> bool:
        return len(self.items) > 1

    @property
    def first(self) -> Finding:
        return self.items[0].finding


@dataclass(frozen=True)
class Group:
    """The findings about one person or place."""

    subject: str
    description: str  # 'suspect, 24' / 'child, victim, 13, on a care order' / 'hotel'
    kind: str  # person | location | other
    folds: list[Fold]
    note: str | None = None  # the case's own note on the person or place, shown as text

    def of_kind(self, kind: str) -> list[Fold]:
        return [f for f in self.folds if f.kind == kind]


@dataclass(frozen=True)
class Option:
    value: str  # as the case format writes it
    words: str
    effect: str | None = None  # what this answer would change, once worked out


@dataclass(frozen=True)
class Question:
    fact: str
    subject: str
    attribute: str
    text: str
    decides: str
    needed_by: list[str]
    options: list[Option]
    input: Literal["choice", "date", "number", "text"] = "choice"


@dataclass(frozen=True)
class Briefing:
    case_id: str
    answer: Answer
    groups: list[Group]
    critical: list[Fold]  # critical warnings, shown before anything else
    questions: list[Question]
    counts: dict[str, int] = field(default_factory=dict)


# -- building it ---------------------------------------------------------------------------
class _Facts:
    """The case's facts by id (from a Case's JSON form)."""

    def __init__(self, case: Mapping[str, Any] | None) -> None:
        case = case or {}
        self.header: Mapping[str, Any] = case.get("case") or {}
        self.kinds: dict[str, str] = {}
        self.records: dict[str, Mapping[str, Any]] = {}
        for section, kind in (("people", "person"), ("locations", "location"), ("events", "event"),
                              ("actions", "action")):
            for record in case.get(section) or []:
                if isinstance(record, Mapping) and isinstance(record.get("id"), str):
                    self.kinds[record["id"]] = kind
                    self.records[record["id"]] = record

    def kind(self, fact_id: str) -> str:
        return self.kinds.get(fact_id, "other")

    def subject(self, finding: Finding) -> str:
        """The person or place a finding is about: its target, or for an event the adult in it."""
        if self.kind(finding.target) in ("person", "location"):
            return finding.target
        for fact in finding.facts:
            if self.kind(fact) == "person" and self.records[fact].get("role") in ADULT_ROLES:
                return fact
        record = self.records.get(finding.target, {})
        for name in ("child", "victim", "suspect", "by"):
            value = record.get(name)
            if isinstance(value, str) and self.kind(value) in ("person", "location"):
                return value
        return finding.target

    def describe(self, fact_id: str) -> str:
        record = self.records.get(fact_id)
        if record is None:
            return ""
        if self.kind(fact_id) == "location":
            return value_words("kind", record.get("kind"))
        parts = [value_words("role", record.get("role"))]
        if record.get("victim") is True:
            parts.append("victim")
        age = self.age(record)
        if age is not None:
            parts.append(f"{age}")
        if record.get("legal_status"):
            parts.append(value_words("legal_status", record["legal_status"]))
        return ", ".join(parts)

    def age(self, record: Mapping[str, Any]) -> int | None:
        if isinstance(record.get("age"), int):
            return int(record["age"])
        try:
            born = date.fromisoformat(str(record.get("date_of_birth")))
            now = date.fromisoformat(str(self.header.get("as_of")))
        except ValueError:
            return None
        return now.year - born.year - ((now.month, now.day) < (born.month, born.day))

    def event_words(self, fact_id: str) -> str | None:
        record = self.records.get(fact_id)
        if record is None or self.kind(fact_id) != "event":
            return None
        return f"{value_words('type', record.get('type'))} {day(str(record.get('date')))}"


def _name(ruleset: Ruleset | None, finding: Finding) -> str:
    if ruleset is not None:
        tactic = ruleset.tactics.get(finding.code)
        if tactic is not None:
            return tactic.name
        code = ruleset.codes.get(finding.code)
        if code is not None:
            return code.title
    return finding.title


def tactic_label(ruleset: Ruleset | None, code: str) -> str:
    """'Child Abduction Warning Notice (cawn)', or the code alone when the catalogue lacks it."""
    tactic = ruleset.tactics.get(code) if ruleset is not None else None
    return f"{tactic.name} ({code})" if tactic is not None else code


def _intrusiveness(ruleset: Ruleset | None, code: str) -> int:
    tactic = ruleset.tactics.get(code) if ruleset is not None else None
    return tactic.intrusiveness if tactic is not None else 10


def _fold(items: list[Item], facts: _Facts, ruleset: Ruleset | None) -> Fold:
    first = items[0].finding
    summary = ""
    if len(items) > 1:
        events = [facts.records.get(i.finding.target) for i in items]
        if all(e is not None and facts.kind(i.finding.target) == "event" for e, i in zip(events, items,
                                                                                          strict=True)):
            kind = value_words("type", events[0].get("type") if events[0] else "event")
            dates = ", ".join(day(str(e.get("date"))) for e in events if e is not None)
            summary = f"on {len(items)} {kind}s: {dates}"
        else:
            summary = f"{len(items)} times: " + ", ".join(i.finding.target for i in items)
    return Fold(
        kind=first.kind, severity=first.severity, code=first.code, name=items[0].name, title=first.title,
        rule=first.rule, items=items, summary=summary, legal_basis=list(first.legal_basis),
        sources=items[0].sources, confidence=first.confidence,
        intrusiveness=_intrusiveness(ruleset, first.code) if first.kind == "recommend" else 0,
    )


def _fold_key(fold: Fold) -> tuple[int, int, int, str]:
    if fold.kind == "recommend":
        return (KIND_ORDER[fold.kind], fold.intrusiveness, SEVERITY_ORDER[fold.severity], fold.rule)
    return (KIND_ORDER[fold.kind], SEVERITY_ORDER[fold.severity], 0, fold.rule)


def brief(answer: Answer, ruleset: Ruleset | None = None, case: Mapping[str, Any] | None = None) -> Briefing:
    """The briefing for an answer; `case` (the case's JSON form) names people, places and dates."""
    facts = _Facts(case)
    by_subject: dict[str, dict[tuple[str, str], list[Item]]] = {}
    for finding in answer.findings:
        item = Item(
            finding=finding,
            name=_name(ruleset, finding),
            because=in_words(finding.because),
            sources=[ruleset.cite(s) if ruleset is not None else s for s in finding.sources],
            events=[w for w in (facts.event_words(f) for f in finding.facts) if w],
        )
        subject = facts.subject(finding)
        by_subject.setdefault(subject, {}).setdefault((finding.kind, finding.rule), []).append(item)
    groups: list[Group] = []
    critical: list[Fold] = []
    for subject, folded in by_subject.items():
        folds = sorted((_fold(items, facts, ruleset) for items in folded.values()), key=_fold_key)
        critical.extend(f for f in folds if f.kind == "warn" and f.severity == "critical")
        note = facts.records.get(subject, {}).get("note")
        groups.append(Group(subject, facts.describe(subject), facts.kind(subject), folds,
                            note if isinstance(note, str) else None))
    groups.sort(key=lambda g: (min(SEVERITY_ORDER[f.severity] for f in g.folds),
                               0 if g.kind == "person" else 1, g.subject))
    counts = {kind: sum(1 for f in answer.findings if f.kind == kind) for kind in KIND_ORDER}
    questions = [question(u, facts, ruleset) for u in answer.unknowns]
    return Briefing(answer.case_id, answer, groups, critical, questions, counts)


# -- unknowns as questions -------------------------------------------------------------------
def _model_of(facts: _Facts, fact_id: str) -> type[Any] | None:
    kind = facts.kind(fact_id)
    if kind == "person":
        return Person
    if kind == "location":
        return Location
    if kind == "action":
        return Action
    if kind == "event":
        return EVENT_MODELS.get(str(facts.records[fact_id].get("type")))
    return None


def _allowed(annotation: Any) -> tuple[list[str], Literal["choice", "date", "number", "text"]]:
    """The answers a field allows, from the case model: its Literal values, yes/no, or a typed input."""
    args = [a for a in get_args(annotation) if a is not type(None)] or [annotation]
    for arg in args:
        origin = get_origin(arg)
        if origin is typing.Annotated:
            arg = get_args(arg)[0]
            origin = get_origin(arg)
        if origin is Literal:
            return [str(v) for v in get_args(arg) if v != "unknown"], "choice"
        if arg is bool:
            return ["true", "false"], "choice"
        if arg is int:
            return [], "number"
        if isinstance(arg, types.UnionType | type) and "date" in str(arg).lower():
            return [], "date"
    if "Day" in str(annotation) or "date" in str(annotation):
        return [], "date"
    return [], "text"


_DECIDES = re.compile(r"\b(recommend|warn|gap) ([a-z0-9_]+): ")
_DECIDES_WORDS = {"recommend": "recommends", "warn": "warns", "gap": "flags a gap"}


def decides_in_words(text: str, ruleset: Ruleset | None) -> str:
    """'recommend cawn: …; gap cawn_not_considered: …' with the catalogue's names for the codes."""
    def named(match: re.Match[str]) -> str:
        kind, code = match.group(1), match.group(2)
        tactic = ruleset.tactics.get(code) if ruleset is not None else None
        name = f" {tactic.name}" if tactic is not None and kind == "recommend" else ""
        return f"{_DECIDES_WORDS[kind]}{name}: "

    return in_words(_DECIDES.sub(named, text))


def question(unknown: Unknown, facts: _Facts, ruleset: Ruleset | None = None) -> Question:
    """An unknown as a question, with the answers the case format allows for it."""
    subject, _, attribute = unknown.fact.partition(".")
    model = _model_of(facts, subject)
    info = model.model_fields.get(attribute) if model is not None else None
    values, kind = _allowed(info.annotation) if info is not None else ([], "text")
    who = subject
    event = facts.event_words(subject)
    if event is not None:
        who = f"the {event} ({subject})"
    template = QUESTIONS.get(attribute)
    if template is None:
        words = ATTRIBUTE_WORDS.get(attribute, attribute.replace("_", " "))
        template = f"What is the {words} of {{who}}?" if kind != "choice" or values != ["true", "false"] \
            else f"For {{who}}: {words}?"
    options = [Option(v, value_words(attribute, v == "true" if v in ("true", "false") else v))
               for v in values]
    return Question(
        fact=unknown.fact, subject=subject, attribute=attribute, text=template.format(who=who),
        decides=decides_in_words(unknown.decides, ruleset), needed_by=list(unknown.needed_by),
        options=options, input=kind,
    )


def answered(case: Mapping[str, Any], fact: str, raw: str, kind: str) -> dict[str, Any]:
    """The case with one unknown answered: `fact` is 'id.attribute'; the value as the form sent it.

    Raises ValueError (naming the fact) when the case has no such fact."""
    subject, _, attribute = fact.partition(".")
    value: Any = raw.strip()
    if kind == "choice" and value in ("true", "false"):
        value = value == "true"
    elif kind == "number":
        if not value.isdigit():
            raise ValueError(f"the answer for {fact} must be a whole number, not '{raw}'")
        value = int(value)
    elif kind == "date":
        try:
            date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"the answer for {fact} must be a date, YYYY-MM-DD, not '{raw}'") from None
    if value == "":
        raise ValueError(f"give an answer for {fact}")
    updated: dict[str, Any] = {k: v for k, v in case.items()}
    for section in ("people", "locations", "events", "actions"):
        records = list(updated.get(section) or [])
        for i, record in enumerate(records):
            if isinstance(record, Mapping) and record.get("id") == subject:
                records[i] = {**record, attribute: value}
                updated[section] = records
                return updated
    raise ValueError(f"the case has no fact '{subject}' to record '{attribute}' on")


def changes(before: Answer, after: Answer, ruleset: Ruleset | None = None) -> str:
    """What an answer changes, in words: the findings it adds and removes."""
    def keyed(answer: Answer) -> dict[tuple[str, str, str], Finding]:
        return {(f.kind, f.rule, f.target): f for f in answer.findings}

    old, new = keyed(before), keyed(after)
    added = [new[k] for k in new if k not in old]
    removed = [old[k] for k in old if k not in new]
    parts = [f"adds {_short(f, ruleset)}" for f in added] + [f"removes {_short(f, ruleset)}" for f in removed]
    return "; ".join(parts) if parts else "changes no finding"


def _short(finding: Finding, ruleset: Ruleset | None) -> str:
    kind = {"recommend": "a recommendation", "warn": "a warning", "gap": "a gap"}[finding.kind]
    return f"{kind}: {_name(ruleset, finding)} ({finding.target})"


# -- text ------------------------------------------------------------------------------------
def as_text(briefing: Briefing, ruleset: Ruleset | None = None) -> str:
    """The officer's text reading of a briefing (`disrupt evaluate`)."""
    answer = briefing.answer
    lines = [
        f"Case {answer.case_id}",
        f"Ruleset {answer.ruleset.name} {answer.ruleset.version} (sha256 {answer.ruleset.sha256[:12]}…)",
        "Advisory: decision support for the officer in the case, not a decision.",
    ]
    if not answer.findings:
        lines.append("\nNo findings.")
    for fold in briefing.critical:
        lines.append(f"\n!! CRITICAL: {fold.name} — {fold.first.target}: {fold.items[0].because}")
    for group in briefing.groups:
        described = f" ({group.description})" if group.description else ""
        lines.append(f"\n{group.subject}{described}")
        for kind in ("recommend", "warn", "gap"):
            folds = group.of_kind(kind)
            if not folds:
                continue
            lines.append(f"  {KIND_HEADINGS[kind]} ({sum(len(f.items) for f in folds)})")
            for fold in folds:
                lines.extend(_fold_lines(fold))
    if briefing.questions:
        lines.append(f"\nNot recorded, and would change the answer ({len(briefing.questions)})")
        for q in briefing.questions:
            lines.append(f"  {q.text}   [{q.fact}]")
            if q.options:
                lines.append(f"      answers: {'; '.join(o.words for o in q.options)}")
            lines.append(f"      would decide: {q.decides}")
    return "\n".join(lines)


def _fold_lines(fold: Fold) -> list[str]:
    label = f"{fold.name} ({fold.code})" if fold.name != fold.code else fold.code
    head = f"    [{fold.severity.upper()}] {label} → {fold.first.target}: {fold.title}"
    if fold.folded:
        head = f"    [{fold.severity.upper()}] {label}: {fold.title} — {fold.summary}"
    lines = [head, f"        because {fold.items[0].because}"]
    if fold.folded:
        lines[-1] += f" (and {len(fold.items) - 1} more alike)"
    if fold.legal_basis:
        lines.append(f"        legal basis: {'; '.join(fold.legal_basis)}")
    lines.append(f"        source: {'; '.join(fold.sources)}   rule: {fold.rule}")
    if fold.confidence:
        lines.append(f"        to confirm: {fold.confidence}")
    return lines


def text_of(answer: Answer, ruleset: Ruleset | None = None, case: Mapping[str, Any] | None = None) -> str:
    return as_text(brief(answer, ruleset, case), ruleset)
