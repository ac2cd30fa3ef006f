"""The guided form: people, events and actions in rows of fields, written as a case file.

`case_from_form` turns the form's fields into the case format's data (only what was filled in;
a field left empty is "not recorded", never false). The case is then evaluated exactly as a
pasted one, in the evaluation workers, which check it against the case model.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, get_args

from engine.case import ActionStatus, LegalStatus, Role, Sex

PEOPLE_ROWS, EVENT_ROWS, ACTION_ROWS = 5, 6, 3
ROLES = list(get_args(Role))
SEXES = [s for s in get_args(Sex) if s != "unknown"]
LEGAL_STATUSES = [s for s in get_args(LegalStatus) if s != "unknown"]
STATUSES = list(get_args(ActionStatus))
# The event types the form offers, with the field naming the child (or victim) and the list of
# people it names.
EVENT_TYPES: dict[str, tuple[str, str, bool]] = {
    "missing_episode": ("child", "found_with", True),
    "sighting": ("child", "with_people", True),
    "disclosure": ("child", "names", True),
    "sexual_offence": ("victim", "suspect", False),
}
EVENT_WORDS = {
    "missing_episode": "missing episode (found with)",
    "sighting": "sighting (seen with)",
    "disclosure": "disclosure (names)",
    "sexual_offence": "sexual offence (suspect)",
}


def _text(form: Mapping[str, Any], name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def _flag(form: Mapping[str, Any], name: str) -> bool | None:
    value = _text(form, name)
    return {"yes": True, "no": False}.get(value)


def _ids(value: str) -> list[str]:
    return [part.strip() for part in value.replace(";", ",").split(",") if part.strip()]


def case_from_form(form: Mapping[str, Any]) -> dict[str, Any]:
    """The case the form describes, in the case format (the evaluation checks every field)."""
    header: dict[str, Any] = {"id": _text(form, "case-id"), "as_of": _text(form, "case-as_of")}
    if _text(form, "case-force"):
        header["force"] = _text(form, "case-force")
    people = []
    for i in range(PEOPLE_ROWS):
        p = f"people-{i}-"
        if not _text(form, p + "id"):
            continue
        person: dict[str, Any] = {"id": _text(form, p + "id"), "role": _text(form, p + "role")}
        victim = _flag(form, p + "victim")
        if victim is not None:
            person["victim"] = victim
        for name in ("date_of_birth", "sex", "legal_status"):
            if _text(form, p + name):
                person[name] = _text(form, p + name)
        if _text(form, p + "age"):
            age = _text(form, p + "age")
            person["age"] = int(age) if age.isdigit() else age  # a wrong age is named by the check
        people.append(person)
    events = []
    for i in range(EVENT_ROWS):
        p = f"events-{i}-"
        kind = _text(form, p + "type")
        if not _text(form, p + "id") or kind not in EVENT_TYPES:
            continue
        child_field, people_field, many = EVENT_TYPES[kind]
        event: dict[str, Any] = {"id": _text(form, p + "id"), "type": kind, "date": _text(form, p + "date"),
                                 child_field: _text(form, p + "child")}
        named = _ids(_text(form, p + "people"))
        if named:
            event[people_field] = named if many else named[0]
        if kind == "missing_episode":
            for name in ("asked_where", "asked_with_whom"):
                flag = _flag(form, p + name)
                if flag is not None:
                    event[name] = flag
        events.append(event)
    actions = []
    for i in range(ACTION_ROWS):
        p = f"actions-{i}-"
        if not _text(form, p + "id"):
            continue
        action: dict[str, Any] = {"id": _text(form, p + "id"), "tactic": _text(form, p + "tactic"),
                                  "target": _text(form, p + "target"), "status": _text(form, p + "status")}
        if _text(form, p + "date"):
            action["date"] = _text(form, p + "date")
        actions.append(action)
    return {"case": header, "people": people, "locations": [], "events": events, "actions": actions}
