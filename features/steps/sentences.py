"""The Given sentences: each pattern below is one sentence a scenario may use to state a fact.

Patterns are regular expressions matched against the whole sentence. `(?P<when>…)` at the end
of many of them takes an optional time: "3 months ago", "when she was 12" (no time: the
assessment date). People are named as "the man", "the second man", "she", "the boy"; places as
"the hotel", "the park".
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from typing import Any

from steps import words
from steps.builder import HOME_FORCE, OTHER_FORCE, CaseBuilder, StepError, number, slug, years_later

Handler = Callable[[CaseBuilder, re.Match[str]], None]
SENTENCES: list[tuple[re.Pattern[str], Handler]] = []
COUNT = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten)"
WHEN = (
    r"(?: (?P<when>today"
    rf"|{COUNT} (?:day|week|month|year)s? ago"
    r"|when (?:she|he|they|the \w+) was \d+"
    r"|on \d{4}-\d{2}-\d{2}"
    r"|(?:the day before|on) (?:her|his|their) \d+(?:st|nd|rd|th) birthday))?"
)
AT = r"(?: at (?P<place>the [a-z ]+?))?"
WHO = r"(?:she|he|they|her|him|them|the [a-z ]+?|[A-Z][a-z]+)"
PEOPLE = r"(?:the [a-z ]+?|she|he)(?:(?:, | and )the [a-z ]+?)*"


def sentence(pattern: str) -> Callable[[Handler], Handler]:
    """Register a Given sentence; `{WHEN}`, `{WHO}` and `{PEOPLE}` expand to the shared parts."""

    def register(handler: Handler) -> Handler:
        text = pattern.replace("{WHEN}", WHEN).replace("{WHO}", WHO).replace("{PEOPLE}", PEOPLE)
        text = text.replace("{AT}", AT)
        SENTENCES.append((re.compile(text), handler))
        return handler

    return register


def apply(builder: CaseBuilder, text: str) -> None:
    """Record the fact one sentence states; an unknown sentence is an error naming it."""
    for pattern, handler in SENTENCES:
        match = pattern.fullmatch(text.strip())
        if match:
            handler(builder, match)
            return
    raise StepError(f"no step sentence reads: {text!r} (see features/steps/sentences.py)")


def when(builder: CaseBuilder, match: re.Match[str]) -> Any:
    return builder.when(match.groupdict().get("when"))


def one_of(table: dict[str, Any], key: str, what: str) -> Any:
    if key not in table:
        close = difflib.get_close_matches(key, table, n=3, cutoff=0.4)
        hint = f"; did you mean: {'; '.join(close)}" if close else ""
        raise StepError(f"unknown {what} '{key}' (the words are in features/steps/words.py{hint})")
    return table[key]


# -- the assessment date ------------------------------------------------------------------------
@sentence(r"the case is assessed on (?P<day>\d{4}-\d{2}-\d{2})")
def _assessed_on(b: CaseBuilder, m: re.Match[str]) -> None:
    from datetime import date

    if b.people or b.events:
        raise StepError("set the assessment date before describing people and events")
    b.as_of = date.fromisoformat(m["day"])


# -- people -------------------------------------------------------------------------------------
@sentence(
    r"(?:a|an) (?P<age>\d+)-year-old (?P<noun>girl|boy|child|young person|man|woman|adult|male)"
    r"(?: called (?P<name>[A-Z][a-z]+))?(?P<rest>.*)"
)
def _person(b: CaseBuilder, m: re.Match[str]) -> None:
    add_person(b, m["noun"], m["rest"], m["name"], int(m["age"]))


def child_victim(noun: str) -> dict[str, Any]:
    """A child victim living in the home force, before any age is given."""
    return {"role": "child", "victim": True, "sex": words.CHILD_NOUNS[noun], "lives_in_force": HOME_FORCE}


def add_person(b: CaseBuilder, noun: str, rest: str, name: str | None, age: int) -> str:
    """A person described by age, noun and phrases ("on a care order", "who is her father")."""
    rest = rest.strip().lstrip(",").strip()
    person: dict[str, Any]
    if noun in words.CHILD_NOUNS:
        person = child_victim(noun)
    else:
        person = {"role": "suspect", "sex": words.ADULT_NOUNS[noun]}
    for phrase in [
        p.strip()
        for p in re.split(r",? and (?=who|whose|on|in|under|accommodated|living|not)|, ", rest)
        if p.strip()
    ]:
        if phrase in words.LEGAL_STATUS:
            status = words.LEGAL_STATUS[phrase]
            if status is not None:
                person["legal_status"] = status
        elif phrase.startswith("who is suspected of exploiting"):
            person.update(role="suspect", victim=False)
        elif phrase.startswith("who is suspected"):
            person.update(role="suspect")
        elif phrase in ("who is himself a victim of exploitation", "who is herself a victim of exploitation"):
            person.update(role="associate", victim=True)
        elif phrase == "whose status as a victim is not recorded":
            person.update(role="suspect")
            person.pop("victim", None)
        elif phrase in (
            "who is her parent",
            "who is his parent",
            "who is her father",
            "who is her mother",
            "who is his father",
            "who is his mother",
        ):
            person.update(role="parent_carer", connected_to=[b.people[b.child_label("they")]["id"]])
        elif phrase == "who is an associate of the suspects":
            person.update(role="associate")
        else:
            raise StepError(f"cannot read '{phrase}' about a person (see features/steps/words.py)")
    return b.add_person(name or noun, person, age)


@sentence(r"a (?P<noun>girl|boy|child) said to be (?P<age>\d+), whose date of birth is not recorded")
def _person_age_only(b: CaseBuilder, m: re.Match[str]) -> None:
    b.add_person(m["noun"], {**child_victim(m["noun"]), "age": int(m["age"])}, None)


@sentence(r"(?P<n>\d+|one|two|three|four|five) more (?:men|adults) suspected of exploiting (?:her|him|them)")
def _more_suspects(b: CaseBuilder, m: re.Match[str]) -> None:
    for index in range(number(m["n"])):
        b.add_person("man", {"role": "suspect", "sex": "male"}, 30 + index)


@sentence(
    r"(?P<who>she|he|they|the [a-z ]+?) (?:is|are) (?P<status>on a care order|on an interim care order"
    r"|under an emergency protection order|in police protection|accommodated under section 20|living at home)"
)
def _legal_status(b: CaseBuilder, m: re.Match[str]) -> None:
    b.person(m["who"])["legal_status"] = words.LEGAL_STATUS[m["status"]]


@sentence(r"(?P<who>the [a-z ]+?) is suspected of (?P<offence>.+)")
def _other_offences(b: CaseBuilder, m: re.Match[str]) -> None:
    person = b.person(m["who"])
    kinds = [
        one_of(words.OTHER_OFFENCES, part, "offence") for part in re.split(r",\s*|\s+and\s+", m["offence"])
    ]
    person["other_offences"] = kinds


@sentence(r"(?P<who>the [a-z ]+?) has a CSE flag")
def _cse_flag(b: CaseBuilder, m: re.Match[str]) -> None:
    b.person(m["who"]).setdefault("flags", []).append("cse_flag")


@sentence(r"(?P<who>the [a-z ]+?) is managed under MAPPA")
def _mappa(b: CaseBuilder, m: re.Match[str]) -> None:
    b.person(m["who"]).setdefault("flags", []).append("mappa")


@sentence(r"(?P<who>{WHO}) (?:lives|is placed) in another force's area")
def _lives_elsewhere(b: CaseBuilder, m: re.Match[str]) -> None:
    b.person(m["who"])["lives_in_force"] = OTHER_FORCE


@sentence(r"where (?P<who>she|he|they|the [a-z ]+?) (?:lives|live) is not recorded")
def _home_force_unrecorded(b: CaseBuilder, m: re.Match[str]) -> None:
    b.person(m["who"]).pop("lives_in_force", None)


@sentence(r"(?P<who>the [a-z ]+?) was last reviewed{WHEN}")
def _reviewed(b: CaseBuilder, m: re.Match[str]) -> None:
    b.person(m["who"])["last_reviewed"] = when(b, m).isoformat()


@sentence(
    r"(?P<who>the [a-z ]+?) was convicted of (?P<offence>[a-z ]+?)"
    r"(?:, a Schedule (?P<schedule>\d) offence)?{WHEN}"
)
def _convicted(b: CaseBuilder, m: re.Match[str]) -> None:
    conviction: dict[str, Any] = {
        "offence": slug(m["offence"]).replace("-", "_"),
        "date": when(b, m).isoformat(),
    }
    if m["schedule"]:
        conviction["schedule"] = int(m["schedule"])
    b.person(m["who"]).setdefault("convictions", []).append(conviction)


@sentence(
    r"(?P<who>the [a-z ]+?) (?:has|had) (?P<n>\d+|one|two|three|four|five) (?:similar )?allegations?"
    r" of (?P<kind>[a-z ]+?)"
    r"(?P<spoken>, each closed without speaking to him| closed without speaking to him)?"
    r"(?P<rationale>,? (?:and )?with no rationale recorded)?"
)
def _allegations(b: CaseBuilder, m: re.Match[str]) -> None:
    suspect = b.person(m["who"])["id"]
    count = number(m["n"])
    for index in range(count):
        fields: dict[str, Any] = {"suspect": suspect, "similar_to": slug(m["kind"]).replace("-", "_")}
        if m["spoken"] or m["rationale"]:
            fields["outcome"] = "closed_nfa"
        if m["spoken"]:
            fields["suspect_spoken_to"] = False
        if m["rationale"]:
            fields["closure_reason"] = "no_rationale"
        b.add_event("allegation", b.when(f"{(count - index) * 4} months ago"), **fields)


@sentence(r"(?P<who>the [a-z ]+?) has no conviction")
def _no_conviction(b: CaseBuilder, m: re.Match[str]) -> None:
    if b.person(m["who"]).get("convictions"):
        raise StepError(f"{m['who']} has a conviction in this case")


# -- civil orders and protecting the child: birthdays at the assessment date, sentencing ----------
@sentence(
    r"(?:a|an) (?P<noun>girl|boy|child|young person|man|woman)"
    r" who (?:turns (?P<next>\d+) tomorrow|turned (?P<this>\d+) today)(?P<rest>.*)"
)
def _person_by_birthday(b: CaseBuilder, m: re.Match[str]) -> None:
    """'a girl who turns 16 tomorrow, living at home': 15 on the assessment date, 16 the day after;
    'a boy who turned 18 today': his 18th birthday is the assessment date."""
    from datetime import timedelta


    turning = int(m["next"] or m["this"])
    age = turning - 1 if m["next"] else turning
    apply(b, f"a {age}-year-old {m['noun']}{m['rest']}")
    label = list(b.people)[-1]
    born = years_later(b.as_of, -turning) + (timedelta(days=1) if m["next"] else timedelta(0))
    b.people[label]["date_of_birth"] = born.isoformat()


@sentence(r"a (?P<noun>girl|boy|child) whose age is not recorded")
def _person_age_unknown(b: CaseBuilder, m: re.Match[str]) -> None:
    b.add_person(m["noun"], child_victim(m["noun"]), None)


@sentence(r"(?P<who>the [a-z ]+?) (?P<not>has not yet been|has been) sentenced for it")
def _sentenced(b: CaseBuilder, m: re.Match[str]) -> None:
    convictions = b.person(m["who"]).get("convictions") or []
    if not convictions:
        raise StepError(f"{m['who']} has no conviction in this case")
    convictions[-1]["sentenced"] = m["not"] == "has been"


@sentence(
    r"(?P<who>the [a-z ]+?) was convicted of (?P<offence>[a-z ]+?), a Schedule (?P<schedule>\d) offence,"
    r" on a date that is not recorded"
)
def _convicted_undated(b: CaseBuilder, m: re.Match[str]) -> None:
    conviction = {"offence": slug(m["offence"]).replace("-", "_"), "schedule": int(m["schedule"])}
    b.person(m["who"]).setdefault("convictions", []).append(conviction)


# -- places -------------------------------------------------------------------------------------
@sentence(
    r"(?:a|an|an identified) (?P<kind>hotel|house|flat|address|takeaway|pub|park|holiday park"
    r"|supported accommodation)(?: linked to (?P<people>{PEOPLE}))?"
)
def _place(b: CaseBuilder, m: re.Match[str]) -> None:
    label = b.add_place(m["kind"], words.PLACES[m["kind"]])
    if m["people"]:
        b.places[label]["linked_people"] = b.people_list(m["people"])


@sentence(r"supported accommodation targeted by (?P<people>{PEOPLE})")
def _targeted_accommodation(b: CaseBuilder, m: re.Match[str]) -> None:
    label = b.add_place("supported accommodation", "supported_accommodation")
    b.places[label]["linked_people"] = b.people_list(m["people"])


# -- places and third parties (issue 10): whose home a place is, nuisance, likely use, exact dates
def calendar_day(text: str) -> Any:
    """'30 December 2019' → that date."""
    from datetime import datetime

    try:
        return datetime.strptime(text, "%d %B %Y").date()
    except ValueError:
        raise StepError(f"cannot read the date '{text}' (try '30 December 2019')") from None


DAY = r"(?P<day>\d{1,2} [A-Z][a-z]+ \d{4})"


@sentence(r"(?P<place>the [a-z ]+?) is (?P<who>her|his|their) (?:home|placement)")
def _home_of(b: CaseBuilder, m: re.Match[str]) -> None:
    b.place(m["place"])["home_of"] = [b.person(m["who"])["id"]]


@sentence(r"no child lives at (?P<place>the [a-z ]+)")
def _no_child_home(b: CaseBuilder, m: re.Match[str]) -> None:
    b.place(m["place"])["home_of"] = []


@sentence(r"the use of (?P<place>the [a-z ]+?) (?P<does>causes|does not cause) nuisance or disorder")
def _nuisance(b: CaseBuilder, m: re.Match[str]) -> None:
    b.place(m["place"])["nuisance_or_disorder"] = m["does"] == "causes"


@sentence(r"(?P<place>the [a-z ]+?) is likely to be used again for offences against children")
def _likely_use(b: CaseBuilder, m: re.Match[str]) -> None:
    b.place(m["place"])["child_sex_offence_use_likely"] = True


@sentence(rf"it happened on {DAY}")
def _offence_on(b: CaseBuilder, m: re.Match[str]) -> None:
    b.last("sexual_offence")["date"] = calendar_day(m["day"]).isoformat()


@sentence(
    r"(?P<tactic>.+?) was (?P<status>issued|granted|applied for) (?:against|to|on|for)"
    rf" (?P<target>the [a-z ]+?|her|him) (?:on {DAY}|on a date that is not recorded)"
)
def _issued_on(b: CaseBuilder, m: re.Match[str]) -> None:
    tactic = one_of(words.TACTICS, m["tactic"], "tactic")
    day = calendar_day(m["day"]) if m["day"] else b.as_of
    action = b.add_action(tactic, b.target(m["target"])["id"], words.STATUS[m["status"]], day)
    if not m["day"]:
        del action["date"]


@sentence(r"(?P<who>{WHO}) went missing and was found alone at (?P<place>the [a-z ]+?){WHEN}")
def _found_alone_at(b: CaseBuilder, m: re.Match[str]) -> None:
    child, place = b.person(m["who"])["id"], b.place(m["place"])["id"]
    b.add_event("missing_episode", when(b, m), child=child, found_at=place)


@sentence(r"(?P<by>the [a-z ]+?) hires out vehicles to people who are not identified")
def _enabling_unidentified(b: CaseBuilder, m: re.Match[str]) -> None:
    b.add_event("enabling", b.as_of, by=b.person(m["by"])["id"], suspects=[], means="vehicle_hire")


# -- missing episodes ---------------------------------------------------------------------------
@sentence(r"(?P<who>{WHO}) went missing(?: and was found with (?P<people>{PEOPLE}))?{AT}{WHEN}")
def _missing(b: CaseBuilder, m: re.Match[str]) -> None:
    fields: dict[str, Any] = {"child": b.person(m["who"])["id"]}
    if m["people"]:
        fields["found_with"] = b.people_list(m["people"])
    if m["place"]:
        fields["found_at"] = b.place(m["place"])["id"]
    b.add_event("missing_episode", when(b, m), **fields)


@sentence(
    r"(?P<who>{WHO}) went missing (?P<n>\d+|two|three|four|five|six) times in the last (?P<days>\d+) days"
    r"(?: and was found with (?P<people>{PEOPLE}) each time)?"
)
def _missing_often(b: CaseBuilder, m: re.Match[str]) -> None:
    count, days = number(m["n"]), int(m["days"])
    for index in range(count):
        fields: dict[str, Any] = {
            "child": b.person(m["who"])["id"],
            "asked_where": True,
            "asked_with_whom": True,
        }
        if m["people"]:
            fields["found_with"] = b.people_list(m["people"])
        b.add_event("missing_episode", b.when(f"{(days * index) // count + 1} days ago"), **fields)


@sentence(
    r"officers (?P<did>did not ask|asked) where (?:she|he|they) had been"
    r"(?P<rest> or with whom| and with whom| but not with whom)?"
)
def _asked(b: CaseBuilder, m: re.Match[str]) -> None:
    episode = b.last("missing_episode")
    asked = m["did"] == "asked"
    episode["asked_where"] = asked
    rest = m["rest"] or ""
    if "or with whom" in rest:
        episode["asked_with_whom"] = False
    elif "and with whom" in rest:
        episode["asked_with_whom"] = asked
    elif "but not" in rest:
        episode["asked_with_whom"] = False


# -- sexual offences ----------------------------------------------------------------------------
@sentence(
    r"(?P<suspect>the [a-z ]+?|an unidentified (?:man|adult)) committed (?:a|an)"
    r" (?P<kind>penetrative |online |)sexual offence"
    r" against (?P<victim>{WHO}){WHEN}"
)
def _offence(b: CaseBuilder, m: re.Match[str]) -> None:
    fields: dict[str, Any] = {"victim": b.person(m["victim"])["id"]}
    if not m["suspect"].startswith("an unidentified"):
        fields["suspect"] = b.person(m["suspect"])["id"]
    kind = m["kind"].strip()
    fields["penetrative"] = kind == "penetrative"
    fields["online"] = kind == "online"
    b.add_event("sexual_offence", when(b, m), **fields)


@sentence(r"the police recorded it as (?P<offence>.+)")
def _recorded_as(b: CaseBuilder, m: re.Match[str]) -> None:
    b.last("sexual_offence")["recorded_as"] = one_of(words.OFFENCES, m["offence"], "offence")


@sentence(
    r"(?P<state>no investigation was opened|it is under investigation"
    r"|it was closed for evidential difficulties|it was closed with no further action"
    r"|it was referred to the CPS|the suspect was charged)"
)
def _investigation(b: CaseBuilder, m: re.Match[str]) -> None:
    b.last("sexual_offence")["investigation"] = words.INVESTIGATION[m["state"]]


@sentence(r"it was closed because (?P<who>the [a-z ]+?) denied it")
def _closed_on_denial(b: CaseBuilder, m: re.Match[str]) -> None:
    offence = b.last("sexual_offence")
    offence.update(investigation="closed_nfa", closure_reason="denial")


@sentence(r"it was reported{WHEN}")
def _reported(b: CaseBuilder, m: re.Match[str]) -> None:
    b.last("sexual_offence")["reported_on"] = when(b, m).isoformat()


@sentence(r"(?P<who>the [a-z ]+?) was interviewed (?P<period>.+?) after it was reported")
def _interviewed(b: CaseBuilder, m: re.Match[str]) -> None:
    from datetime import date, timedelta

    offence = b.last("sexual_offence")
    reported = date.fromisoformat(offence.get("reported_on") or offence["date"])
    offence["suspect_interviewed_on"] = (reported + timedelta(days=b.days(m["period"]))).isoformat()


@sentence(r"(?P<who>the [a-z ]+?) has not been interviewed")
def _not_interviewed(b: CaseBuilder, m: re.Match[str]) -> None:
    b.last("sexual_offence").pop("suspect_interviewed_on", None)


@sentence(r"it happened in the area of the force holding the case")
def _holding_force(b: CaseBuilder, m: re.Match[str]) -> None:
    b.last("sexual_offence")["location_force"] = HOME_FORCE


@sentence(r"it happened (?:in another force's area|outside the force's area)")
def _other_force(b: CaseBuilder, m: re.Match[str]) -> None:
    b.last("sexual_offence")["location_force"] = OTHER_FORCE


@sentence(r"(?P<shared>information was shared|no information was shared) with that force")
def _shared(b: CaseBuilder, m: re.Match[str]) -> None:
    b.last("sexual_offence")["information_shared"] = m["shared"] == "information was shared"


@sentence(r"it happened at (?P<place>the [a-z ]+)")
def _offence_at(b: CaseBuilder, m: re.Match[str]) -> None:
    b.last("sexual_offence")["at"] = b.place(m["place"])["id"]


@sentence(r"officers first spoke to (?:her|him|them) (?P<period>.+?) after it was reported")
def _spoken_to(b: CaseBuilder, m: re.Match[str]) -> None:
    from datetime import date, timedelta

    offence = b.last("sexual_offence")
    reported = date.fromisoformat(offence["reported_on"])
    b.add_event("child_spoken_to", reported + timedelta(days=b.days(m["period"])), child=offence["victim"])


# -- offence classification and investigation (issue 10) ---------------------------------------
@sentence(r"a (?P<noun>girl|boy|child) born on (?P<born>\d{4}-\d{2}-\d{2})")
def _person_born_on(b: CaseBuilder, m: re.Match[str]) -> None:
    b.add_person(m["noun"], {**child_victim(m["noun"]), "date_of_birth": m["born"]}, None)


@sentence(
    r"(?P<who>the [a-z ]+?) (?P<how>penetrated (?:her|him|them) with (?:his penis|(?:his|her|their) fingers"
    r"|an object)|caused (?:her|him|them) to penetrate (?:him|her|them)"
    r"|incited (?:her|him|them) to engage in penetrative sexual activity)"
)
def _penetration(b: CaseBuilder, m: re.Match[str]) -> None:
    offence = b.last("sexual_offence")
    if offence.get("suspect") != b.person(m["who"])["id"]:
        raise StepError(f"{m['who']} is not the suspect of the last sexual offence")
    offence["penetrative"] = True
    offence["penetration"] = one_of(words.PENETRATION, m["how"].split()[0], "way of committing the act")
    if offence["penetration"] == "penile_by_suspect" and "penis" not in m["how"]:
        offence["penetration"] = "other_by_suspect"


@sentence(
    r"(?P<who>the [a-z ]+?) was interviewed (?P<period>.+?) after (?:she|he|they) named (?:him|her|them)"
)
def _interviewed_after_naming(b: CaseBuilder, m: re.Match[str]) -> None:
    from datetime import date, timedelta

    offence = b.last("sexual_offence")
    named = date.fromisoformat(b.last("disclosure")["date"])
    offence["suspect_interviewed_on"] = (named + timedelta(days=b.days(m["period"]))).isoformat()


@sentence(r"officers spoke to (?:her|him|them){WHEN}")
def _spoken_to_on(b: CaseBuilder, m: re.Match[str]) -> None:
    b.add_event("child_spoken_to", when(b, m), child=b.last("sexual_offence")["victim"])


# -- sightings ----------------------------------------------------------------------------------
@sentence(
    r"(?P<who>{WHO}) was seen getting into a car with (?P<n>\d+|one|two|three|four) unidentified"
    r" (?:adults|men){AT}{WHEN}"
)
def _seen_car(b: CaseBuilder, m: re.Match[str]) -> None:
    fields: dict[str, Any] = {
        "child": b.person(m["who"])["id"],
        "vehicle": True,
        "unidentified_adults": number(m["n"]),
    }
    if m["place"]:
        fields["at"] = b.place(m["place"])["id"]
    b.add_event("sighting", when(b, m), **fields)


@sentence(
    r"(?P<who>{WHO}) was seen with (?:(?P<n>\d+|one|two|three|four) unidentified (?:adults|men)"
    r"|(?P<people>{PEOPLE})){AT}{WHEN}"
)
def _seen_with(b: CaseBuilder, m: re.Match[str]) -> None:
    fields: dict[str, Any] = {"child": b.person(m["who"])["id"]}
    if m["n"]:
        fields["unidentified_adults"] = number(m["n"])
    if m["people"]:
        fields["with_people"] = b.people_list(m["people"])
    if m["place"]:
        fields["at"] = b.place(m["place"])["id"]
    b.add_event("sighting", when(b, m), **fields)


@sentence(r"(?P<who>{WHO}) was seen (?:leaving|at) (?P<place>the [a-z ]+?)(?: while missing)?{WHEN}")
def _seen_at(b: CaseBuilder, m: re.Match[str]) -> None:
    b.add_event("sighting", when(b, m), child=b.person(m["who"])["id"], at=b.place(m["place"])["id"])


@sentence(r"(?P<who>{WHO}) was found in bed with (?P<people>{PEOPLE}){WHEN}")
def _in_bed(b: CaseBuilder, m: re.Match[str]) -> None:
    b.add_event(
        "sighting",
        when(b, m),
        child=b.person(m["who"])["id"],
        with_people=b.people_list(m["people"]),
        in_bed=True,
    )


@sentence(r"police (?P<did>made no enquiry|identified the people involved)")
def _enquiry(b: CaseBuilder, m: re.Match[str]) -> None:
    b.last("sighting")["police_enquiry"] = m["did"] == "identified the people involved"


# -- what the child said, and what others reported ------------------------------------------------
@sentence(r"(?P<who>{WHO}) named (?P<people>{PEOPLE}){WHEN}")
def _named(b: CaseBuilder, m: re.Match[str]) -> None:
    b.add_event("disclosure", when(b, m), child=b.person(m["who"])["id"], names=b.people_list(m["people"]))


@sentence(
    r"(?:her|his|their) carer reported that (?:she|he|they) (?:was|were) being (?P<kind>[a-z]+)"
    r"(?P<action>, and police acted on it|, and police took no action)?{WHEN}"
)
def _report(b: CaseBuilder, m: re.Match[str]) -> None:
    kind = {"stalked": "stalking", "harassed": "harassment"}.get(m["kind"], m["kind"])
    fields: dict[str, Any] = {"child": b.people[b.child_label("they")]["id"], "kind": kind}
    if m["action"]:
        fields["police_action"] = "acted" in m["action"]
    b.add_event("report", when(b, m), **fields)


# -- meetings and decisions ------------------------------------------------------------------------
@sentence(
    r"officers decided it was not CSE"
    r" (?P<how>without speaking to (?:her|him|them) or (?:her|his|their) family"
    r"|after speaking to (?:her|him|them) and (?:her|his|their) family"
    r"|after speaking to (?:her|him|them) but not (?:her|his|their) family"
    r"|after speaking to (?:her|him|them))"
)
def _not_cse(b: CaseBuilder, m: re.Match[str]) -> None:
    how = m["how"]
    fields: dict[str, Any] = {"child": b.people[b.child_label("they")]["id"], "conclusion": "not_cse"}
    fields["child_spoken_to"] = not how.startswith("without")
    if "or" in how.split() or "but not" in how:
        fields["family_spoken_to"] = False
    elif "and" in how.split():
        fields["family_spoken_to"] = True
    b.add_event("assessment", b.as_of, **fields)


@sentence(r"a strategy meeting left the investigation of (?P<who>the [a-z ]+?) to children's social care")
def _left_to_social_care(b: CaseBuilder, m: re.Match[str]) -> None:
    b.add_event(
        "assessment",
        b.as_of,
        child=b.people[b.child_label("they")]["id"],
        conclusion="undecided",
        investigated_by="childrens_social_care",
        concern_about=b.person(m["who"])["id"],
    )


@sentence(r"a CSE assessment found (?:she|he|they) (?:is|are) being exploited")
def _assessed_cse(b: CaseBuilder, m: re.Match[str]) -> None:
    b.add_event("assessment", b.as_of, child=b.people[b.child_label("they")]["id"], conclusion="cse")


# -- parties, online contact, relationships ---------------------------------------------------------
@sentence(
    r"(?P<who>{WHO}) was at a party(?P<adults> with adults)?"
    r"(?: where there was (?P<what>alcohol and drugs|alcohol|drugs))?{AT}{WHEN}"
)
def _party(b: CaseBuilder, m: re.Match[str]) -> None:
    fields: dict[str, Any] = {"child": b.person(m["who"])["id"]}
    if m["adults"]:
        fields["adults_present"] = True
    if m["what"]:
        fields["alcohol"] = "alcohol" in m["what"]
        fields["drugs"] = "drugs" in m["what"]
    if m["place"]:
        fields["at"] = b.place(m["place"])["id"]
    b.add_event("party", when(b, m), **fields)


@sentence(r"(?P<people>{PEOPLE}) (?:had|has) sexual online contact with (?P<who>{WHO}){WHEN}")
def _online(b: CaseBuilder, m: re.Match[str]) -> None:
    b.add_event(
        "online_contact",
        when(b, m),
        child=b.person(m["who"])["id"],
        with_people=b.people_list(m["people"]),
        sexual=True,
    )


@sentence(r"(?P<who>{WHO}) (?:is|was) in an intimate relationship with (?P<partner>the [a-z ]+?){WHEN}")
def _relationship(b: CaseBuilder, m: re.Match[str]) -> None:
    b.add_event(
        "relationship", when(b, m), child=b.person(m["who"])["id"], **{"with": b.person(m["partner"])["id"]}
    )


# civil orders and protecting the child: an older person's intimate contact with a child under 16 is
# written as that person's conduct, never as the child's "relationship" (same `relationship` event)
@sentence(r"(?P<partner>the [a-z ]+?) (?:has|had) intimate contact with (?P<who>{WHO}){WHEN}")
def _intimate_contact(b: CaseBuilder, m: re.Match[str]) -> None:
    b.add_event(
        "relationship", when(b, m), child=b.person(m["who"])["id"], **{"with": b.person(m["partner"])["id"]}
    )


@sentence(
    r"(?P<by>the [a-z ]+?) (?:induced|helped) (?P<who>{WHO}) to (?:run away|stay away)"
    r"(?: from care| from home)?{WHEN}"
)
def _inducement(b: CaseBuilder, m: re.Match[str]) -> None:
    b.add_event("inducement", when(b, m), child=b.person(m["who"])["id"], by=b.person(m["by"])["id"])


@sentence(r"(?P<people>{PEOPLE}) moved (?P<who>her|him|them|the [a-z ]+?) to another force's area{WHEN}")
def _movement(b: CaseBuilder, m: re.Match[str]) -> None:
    b.add_event(
        "movement",
        when(b, m),
        child=b.person(m["who"])["id"],
        by=b.people_list(m["people"]),
        from_force=HOME_FORCE,
        to_force=OTHER_FORCE,
    )


@sentence(r"(?P<who>{WHO}) was taken to another force's area by people who were not identified{WHEN}")
def _taken(b: CaseBuilder, m: re.Match[str]) -> None:
    b.add_event(
        "movement", when(b, m), child=b.person(m["who"])["id"], from_force=HOME_FORCE, to_force=OTHER_FORCE
    )


@sentence(r"(?P<who>{WHO}) made a Clare's Law application{WHEN}")
def _clares_law(b: CaseBuilder, m: re.Match[str]) -> None:
    b.add_action("clares_law", b.person(m["who"])["id"], "applied", when(b, m))


@sentence(r"there is a risk that (?P<who>{WHO}) will be taken abroad")
def _removal(b: CaseBuilder, m: re.Match[str]) -> None:
    b.add_event("removal_risk", b.as_of, child=b.person(m["who"])["id"])


@sentence(r"(?P<who>{WHO}) (?:is|was) at (?P<immediate>immediate )?risk of significant harm")
def _harm(b: CaseBuilder, m: re.Match[str]) -> None:
    b.add_event("harm_risk", b.as_of, child=b.person(m["who"])["id"], immediate=bool(m["immediate"]))


@sentence(r"(?P<by>the [a-z ]+?) hires out vehicles to (?P<people>{PEOPLE})")
def _enabling(b: CaseBuilder, m: re.Match[str]) -> None:
    b.add_event(
        "enabling",
        b.as_of,
        by=b.person(m["by"])["id"],
        suspects=b.people_list(m["people"]),
        means="vehicle_hire",
    )


# -- actions (tactics used or proposed) ----------------------------------------------------------------
@sentence(
    r"(?P<other>another force )?(?:police )?"
    r"(?P<status>propose|proposed|planned|issued|served|applied for|granted) (?P<tactic>.+?)"
    r" (?:against|to|on|for) (?P<target>the [a-z ]+?|her|him){WHEN}"
)
def _action_active(b: CaseBuilder, m: re.Match[str]) -> None:
    status = {"propose": "proposed"}.get(m["status"], words.STATUS.get(m["status"], m["status"]))
    tactic = one_of(words.TACTICS, m["tactic"], "tactic")
    fields: dict[str, Any] = {"force": OTHER_FORCE} if m["other"] else {}
    b.add_action(tactic, b.target(m["target"])["id"], status, when(b, m), **fields)


@sentence(
    r"(?P<tactic>.+?) was (?P<status>proposed|planned|issued|served|applied for|granted|refused|withdrawn)"
    r" (?:against|to|on|for) (?P<target>the [a-z ]+?|her|him){WHEN}"
)
def _action_passive(b: CaseBuilder, m: re.Match[str]) -> None:
    tactic = one_of(words.TACTICS, m["tactic"], "tactic")
    b.add_action(tactic, b.target(m["target"])["id"], words.STATUS[m["status"]], when(b, m))


@sentence(r"the (?P<tactic>CAWN|hotel notice|trigger plan) (?:was|has been) breached")
def _breached(b: CaseBuilder, m: re.Match[str]) -> None:
    b.last_action(words.TACTICS[m["tactic"]])["status"] = "breached"


@sentence(
    r"the (?P<tactic>CAWN|hotel notice|CSE flag) (?:is|was) (?P<not>not )?recorded in a searchable system"
)
def _recorded(b: CaseBuilder, m: re.Match[str]) -> None:
    b.last_action(words.TACTICS[m["tactic"]])["recorded"] = not m["not"]


@sentence(r"no CAWN was considered")
def _no_cawn(b: CaseBuilder, m: re.Match[str]) -> None:
    if any(a["tactic"] == "cawn" for a in b.actions):
        raise StepError("a CAWN is already in this case")


# -- tables --------------------------------------------------------------------------------------------
def apply_table(builder: CaseBuilder, heading: str, rows: list[list[str]]) -> None:
    """'these missing episodes:' | when | found with | asked where and with whom | …"""
    header, body = [h.strip().lower() for h in rows[0]], rows[1:]
    if heading == "these people":
        for row in body:
            apply(builder, dict(zip(header, row, strict=True))["person"])
        return
    if heading.startswith("these missing episodes"):
        who = re.sub(r"^these missing episodes(?: for)? ?", "", heading) or "they"
        for row in body:
            cells = dict(zip(header, row, strict=True))
            found = cells.get("found with", "").strip()
            text = f"{who} went missing" + (
                f" and was found with {found}" if found and found != "nobody" else ""
            )
            if cells.get("found at", "").strip():
                text += f" at {cells['found at'].strip()}"
            if cells.get("when", "").strip():
                text += f" {cells['when'].strip()}"
            apply(builder, text)
            asked = cells.get("asked where and with whom", "").strip()
            if asked:
                apply(
                    builder,
                    {
                        "yes": "officers asked where she had been and with whom",
                        "no": "officers did not ask where she had been or with whom",
                    }[asked],
                )
        return
    raise StepError(f"no table reads '{heading}:' (see features/steps/sentences.py)")
