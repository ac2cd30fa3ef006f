"""Building a case file, as an officer's system would send it, from the scenarios' sentences.

People, places, events and actions are named in scenarios by what they are ("the girl", "the
man", "the second man", "the hotel"); the builder gives each a case id and remembers the name.
Dates are exact so that ages are exact: the assessment date is 2020-06-30 unless a scenario
says otherwise, a person said to be 13 was born so that they are 13 on that date (and had their
birthday 100 days before it), and an event happens on the assessment date unless a sentence
says when ("3 months ago", "when she was 12").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, cast

AS_OF = date(2020, 6, 30)
HOME_FORCE = "northshire"
OTHER_FORCE = "southshire"
ORDINALS = ("", "second ", "third ", "fourth ", "fifth ")
_UNITS = {"day": 1, "week": 7, "month": 30, "year": 365}
_AGO = re.compile(
    r"^(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten) (?P<unit>day|week|month|year)s? ago$"
)
_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}


class StepError(AssertionError):
    """A sentence the step library cannot read, or that names something not in the case."""


def number(text: str) -> int:
    return int(text) if text.isdigit() else _NUMBERS[text]


def years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def slug(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")


@dataclass
class CaseBuilder:
    """One scenario's case, built up sentence by sentence."""

    as_of: date = AS_OF
    people: dict[str, dict[str, Any]] = field(default_factory=dict)  # label → person
    places: dict[str, dict[str, Any]] = field(default_factory=dict)  # label → location
    events: list[dict[str, Any]] = field(default_factory=list)
    actions: list[dict[str, Any]] = field(default_factory=list)
    ages: dict[str, int] = field(default_factory=dict)  # label → age on the assessment date
    children: list[str] = field(default_factory=list)  # labels, in the order introduced

    # -- people ------------------------------------------------------------------------------
    def new_label(self, base: str, existing: dict[str, Any]) -> str:
        for ordinal in ORDINALS:
            label = f"{ordinal}{base}"
            if label not in existing:
                return label
        raise StepError(f"too many people or places called '{base}'")

    def add_person(self, base: str, person: dict[str, Any], age: int | None) -> str:
        label = self.new_label(base, self.people)
        person = {"id": slug(label), **person}
        if age is not None:
            person["date_of_birth"] = (years_later(self.as_of, -age) - timedelta(days=100)).isoformat()
            self.ages[label] = age
        self.people[label] = person
        if person["role"] == "child":
            self.children.append(label)
        return label

    def person(self, words: str) -> dict[str, Any]:
        """'the man', 'the second man', 'she', 'her', 'the girl' → that person."""
        words = words.strip()
        if words in ("she", "her", "he", "him", "they", "them", "the child", "the victim"):
            return self.people[self.child_label(words)]
        label = re.sub(r"^the ", "", words)
        if label in self.people:
            return self.people[label]
        raise StepError(f"'{words}' names nobody in this case (known: {', '.join(self.people)})")

    def child_label(self, pronoun: str) -> str:
        sex = {"she": "female", "her": "female", "he": "male", "him": "male"}.get(pronoun)
        for label in reversed(self.children):
            if sex is None or self.people[label].get("sex") in (sex, "unknown", None):
                return label
        raise StepError(f"'{pronoun}' names no child in this case")

    def people_list(self, words: str) -> list[str]:
        """'the man and the second man', 'the man, the woman and the second man' → ids."""
        parts = re.split(r",\s*|\s+and\s+", words.strip())
        return [self.person(part)["id"] for part in parts if part]

    def label_of(self, case_id: str) -> str:
        for label, thing in (*self.people.items(), *self.places.items()):
            if thing["id"] == case_id:
                return label
        return case_id

    # -- places ------------------------------------------------------------------------------
    def add_place(self, base: str, kind: str) -> str:
        label = self.new_label(base, self.places)
        self.places[label] = {"id": f"place-{slug(label)}", "kind": kind, "force": HOME_FORCE}
        return label

    def place(self, words: str) -> dict[str, Any]:
        label = re.sub(r"^the ", "", words.strip())
        if label in self.places:
            return self.places[label]
        raise StepError(f"'{words}' names no place in this case (known: {', '.join(self.places)})")

    def target(self, words: str) -> dict[str, Any]:
        """A person or a place."""
        label = re.sub(r"^the ", "", words.strip())
        if label in self.places:
            return self.places[label]
        return self.person(words)

    # -- dates -------------------------------------------------------------------------------
    def when(self, words: str | None, who: str | None = None) -> date:
        """'3 months ago', 'today', 'when she was 12', 'on 2004-05-01', 'the day before her 13th
        birthday' → a date; none given → the assessment date."""
        if not words or words == "today":
            return self.as_of
        match = _AGO.match(words)
        if match:
            return self.as_of - timedelta(days=number(match["n"]) * _UNITS[match["unit"]])
        match = re.match(r"^on (?P<day>\d{4}-\d{2}-\d{2})$", words)
        if match:
            return date.fromisoformat(match["day"])
        match = re.match(
            r"^(?P<before>the day before |on )(?P<who>\w+) (?P<n>\d+)(?:st|nd|rd|th) birthday$", words
        )
        if match:  # "the day before her 13th birthday", "on her 13th birthday"
            label = self.child_label(match["who"])
            birthday = years_later(date.fromisoformat(self.people[label]["date_of_birth"]), int(match["n"]))
            return birthday - timedelta(days=1) if match["before"].startswith("the day") else birthday
        match = re.match(r"^when (?P<who>.+?) was (?P<age>\d+)$", words)
        if match:
            label = self.label_of(self.person(match["who"])["id"])
            born = date.fromisoformat(self.people[label]["date_of_birth"])
            return years_later(born, int(match["age"])) + timedelta(days=30)
        raise StepError(f"cannot read the time '{words}' (try '3 months ago' or 'when she was 12')")

    def days(self, words: str) -> int:
        match = re.match(
            r"^(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten)"
            r" (?P<unit>day|week|month|year)s?$",
            words,
        )
        if not match:
            raise StepError(f"cannot read the period '{words}' (try '5 weeks')")
        return number(match["n"]) * _UNITS[match["unit"]]

    # -- events and actions -------------------------------------------------------------------
    def add_event(self, event_type: str, when: date, **fields: Any) -> dict[str, Any]:
        count = sum(1 for e in self.events if e["type"] == event_type) + 1
        event_id = f"{event_type.replace('_', '-')}-{count}"
        event = {"id": event_id, "type": event_type, "date": when.isoformat(), **fields}
        self.events.append(event)
        return event

    def last(self, kind: str) -> dict[str, Any]:
        for event in reversed(self.events):
            if event["type"] == kind:
                return cast(dict[str, Any], event)
        raise StepError(f"there is no {kind.replace('_', ' ')} in this case yet")

    def all_of(self, kind: str) -> list[dict[str, Any]]:
        return [e for e in self.events if e["type"] == kind]

    def add_action(self, tactic: str, target: str, status: str, when: date, **fields: Any) -> dict[str, Any]:
        action = {
            "id": f"action-{len(self.actions) + 1}",
            "tactic": tactic,
            "target": target,
            "status": status,
            "date": when.isoformat(),
            "recorded": True,
            "force": HOME_FORCE,
            **fields,
        }
        self.actions.append(action)
        return action

    def last_action(self, tactic: str | None = None) -> dict[str, Any]:
        for action in reversed(self.actions):
            if tactic is None or action["tactic"] == tactic:
                return cast(dict[str, Any], action)
        raise StepError("there is no such action in this case yet")

    # -- the case ----------------------------------------------------------------------------
    def case(self) -> dict[str, Any]:
        return {
            "case": {"id": "SCENARIO", "force": HOME_FORCE, "as_of": self.as_of.isoformat()},
            "people": list(self.people.values()),
            "locations": list(self.places.values()),
            "events": self.events,
            "actions": self.actions,
        }
