"""The Then sentences: what the engine's answer must (or must not) say, in words.

Each pattern is matched against the whole sentence. Tactics, warnings and gaps are named with
the phrases in `steps.words`; people and places as in the Given sentences ("the man").
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass

from engine import Answer, Finding
from engine.ruleset import Ruleset
from steps import words
from steps.builder import CaseBuilder, StepError


@dataclass
class Outcome:
    """What a Then sentence checks against: the answer, the case it answers, the ruleset."""

    answer: Answer
    builder: CaseBuilder
    ruleset: Ruleset

    def findings(self, kind: str, code: str, target: str | None = None) -> list[Finding]:
        return [
            f
            for f in self.answer.findings
            if f.kind == kind and f.code == code and (target is None or f.target == target)
        ]

    def show(self) -> str:
        lines = [
            f"  {f.kind} {f.code} → {self.builder.label_of(f.target)} ({f.rule})"
            for f in self.answer.findings
        ]
        lines += [f"  unknown: {u.fact} (decides {', '.join(u.needed_by)})" for u in self.answer.unknowns]
        return "the engine found:\n" + ("\n".join(lines) if lines else "  nothing")


Check = Callable[[Outcome, re.Match[str]], None]
OUTCOMES: list[tuple[re.Pattern[str], Check]] = []
TARGET = r"(?P<target>the [a-z' ]+?|her|him|she|he)"


def outcome(pattern: str) -> Callable[[Check], Check]:
    def register(check: Check) -> Check:
        OUTCOMES.append((re.compile(pattern.replace("{TARGET}", TARGET)), check))
        return check

    return register


def check(result: Outcome, text: str) -> None:
    for pattern, handler in OUTCOMES:
        match = pattern.fullmatch(text.strip())
        if match:
            handler(result, match)
            return
    raise StepError(f"no outcome sentence reads: {text!r} (see features/steps/outcomes.py)")


def phrase(table: dict[str, str], key: str, what: str) -> str:
    if key not in table:
        close = difflib.get_close_matches(key, table, n=3, cutoff=0.4)
        hint = f"; did you mean: {'; '.join(close)}" if close else ""
        raise StepError(f"unknown {what} '{key}' (the words are in features/steps/words.py{hint})")
    return table[key]


def target_id(result: Outcome, words_: str | None) -> str | None:
    if not words_:
        return None
    words_ = words_.strip()
    if words_ == "the offence":
        return str(result.builder.last("sexual_offence")["id"])
    if words_ in ("the missing episode", "the episode"):
        return str(result.builder.last("missing_episode")["id"])
    if words_ in ("the sighting", "the decision", "the meeting", "the report", "the movement"):
        kind = {
            "the sighting": "sighting",
            "the decision": "assessment",
            "the meeting": "assessment",
            "the report": "report",
            "the movement": "movement",
        }[words_]
        return str(result.builder.last(kind)["id"])
    return str(result.builder.target(words_)["id"])


def expect(condition: bool, message: str, result: Outcome) -> None:
    if not condition:
        raise AssertionError(f"{message}\n{result.show()}")


# -- recommendations ----------------------------------------------------------------------------
@outcome(r"the engine recommends (?P<first>.+?) before (?P<second>.+?) (?:against|for|at) {TARGET}")
def _order(r: Outcome, m: re.Match[str]) -> None:
    target = target_id(r, m["target"])
    codes = [f.code for f in r.answer.findings if f.kind == "recommend" and f.target == target]
    first, second = (phrase(words.TACTICS, m[k], "tactic") for k in ("first", "second"))
    expect(first in codes and second in codes, f"expected both {m['first']} and {m['second']}", r)
    expect(codes.index(first) < codes.index(second), f"expected {m['first']} first", r)


@outcome(r"the engine does not recommend any tactic against {TARGET}")
def _nothing_against(r: Outcome, m: re.Match[str]) -> None:
    target = target_id(r, m["target"])
    found = [
        f
        for f in r.answer.findings
        if f.kind == "recommend" and f.target == target and r.ruleset.tactics[f.code].aimed_at == "person"
    ]
    expect(not found, f"expected no tactic aimed at {m['target']}", r)


@outcome(r"the engine (?P<neg>does not recommend|recommends) (?P<tactic>.+?) (?:against|for|at|on) {TARGET}")
def _recommends(r: Outcome, m: re.Match[str]) -> None:
    code = phrase(words.TACTICS, m["tactic"], "tactic")
    found = r.findings("recommend", code, target_id(r, m["target"]))
    if m["neg"] == "recommends":
        expect(bool(found), f"expected a recommendation of {m['tactic']} against {m['target']}", r)
    else:
        expect(not found, f"expected no recommendation of {m['tactic']} against {m['target']}", r)


# -- warnings -----------------------------------------------------------------------------------
@outcome(r"the engine (?P<neg>does not warn|warns) that (?P<what>.+?)(?: \(about {TARGET}\))?")
def _warns(r: Outcome, m: re.Match[str]) -> None:
    code = phrase(words.WARNINGS, m["what"], "warning")
    found = r.findings("warn", code, target_id(r, m["target"]))
    if m["neg"] == "warns":
        expect(bool(found), f"expected the warning: {m['what']}", r)
        if code == "victim_targeted":
            expect(all(f.severity == "critical" for f in found), "a victim-targeted warning is critical", r)
    else:
        expect(not found, f"expected no warning: {m['what']}", r)


@outcome(r"the engine gives no warnings")
def _no_warnings(r: Outcome, m: re.Match[str]) -> None:
    expect(not [f for f in r.answer.findings if f.kind == "warn"], "expected no warnings", r)


# -- gaps ---------------------------------------------------------------------------------------
@outcome(r"the engine (?P<neg>does not flag a gap|flags a gap)(?: about {TARGET})?: (?P<what>.+)")
def _gap(r: Outcome, m: re.Match[str]) -> None:
    code = phrase(words.GAPS, m["what"], "gap")
    found = r.findings("gap", code, target_id(r, m["target"]))
    if m["neg"] == "flags a gap":
        expect(bool(found), f"expected the gap: {m['what']}", r)
    else:
        expect(not found, f"expected no gap: {m['what']}", r)


@outcome(r"the engine flags a gap for each missing episode: (?P<what>.+)")
def _gap_each(r: Outcome, m: re.Match[str]) -> None:
    code = phrase(words.GAPS, m["what"], "gap")
    for episode in r.builder.all_of("missing_episode"):
        expect(bool(r.findings("gap", code, episode["id"])), f"expected the gap for {episode['date']}", r)


# -- explanations, sources, confidence ----------------------------------------------------------
@outcome(r'the engine explains that "(?P<text>.+)"')
def _explains(r: Outcome, m: re.Match[str]) -> None:
    text = m["text"].lower()
    expect(
        any(text in f.because.lower() for f in r.answer.findings),
        f'expected a reason saying "{m["text"]}"',
        r,
    )


@outcome(r"the engine cites paragraph (?P<n>\d+) of the inquiry")
def _cites(r: Outcome, m: re.Match[str]) -> None:
    mark = f"¶{m['n']}"
    expect(
        any(s.endswith(mark) for f in r.answer.findings for s in f.sources),
        f"expected a finding citing {mark}",
        r,
    )


@outcome(r"the recommendation of (?P<tactic>.+?) says what to confirm")
def _confidence(r: Outcome, m: re.Match[str]) -> None:
    code = phrase(words.TACTICS, m["tactic"], "tactic")
    found = r.findings("recommend", code)
    expect(
        bool(found) and all(f.confidence for f in found), f"expected {m['tactic']} to say what to confirm", r
    )


@outcome(r"the engine's legal basis for (?P<tactic>.+?) includes \"(?P<law>.+)\"")
def _legal_basis(r: Outcome, m: re.Match[str]) -> None:
    code = phrase(words.TACTICS, m["tactic"], "tactic")
    found = [f for f in r.answer.findings if f.code == code]
    expect(
        any(m["law"] in basis for f in found for basis in f.legal_basis),
        f"expected the legal basis {m['law']}",
        r,
    )


# -- offence classification and investigation (issue 10) ----------------------------------------
@outcome(
    r"the engine's (?P<kind>warning|gap) about the offence (?P<neg>cites|does not cite) \"(?P<law>.+)\""
)
def _offence_cites(r: Outcome, m: re.Match[str]) -> None:
    """The law a finding about the offence names, in its legal basis or its reasons."""
    kind = {"warning": "warn", "gap": "gap"}[m["kind"]]
    target = target_id(r, "the offence")
    found = [f for f in r.answer.findings if f.kind == kind and f.target == target]
    expect(bool(found), f"expected a {m['kind']} about the offence", r)
    cited = [f for f in found if any(m["law"] in text for text in (*f.legal_basis, f.because))]
    if m["neg"] == "cites":
        expect(bool(cited), f"expected the {m['kind']} to cite {m['law']}", r)
    else:
        expect(not cited, f"expected no {m['kind']} citing {m['law']}", r)


@outcome(r'the engine does not explain that "(?P<text>.+)"')
def _does_not_explain(r: Outcome, m: re.Match[str]) -> None:
    text = m["text"].lower()
    found = [f.rule for f in r.answer.findings if text in f.because.lower()]
    expect(not found, f'expected no reason saying "{m["text"]}" (found in {", ".join(found)})', r)


# -- civil orders and protecting the child: what no finding may say ------------------------------
@outcome(r'the engine does not say "(?P<text>.+)"')
def _never_says(r: Outcome, m: re.Match[str]) -> None:
    """No finding's title or reason contains the words (case-insensitive)."""
    text = m["text"].lower()
    said = [f.rule for f in r.answer.findings if text in f"{f.title} {f.because}".lower()]
    expect(not said, f'expected no finding to say "{m["text"]}" (said by: {", ".join(said)})', r)


@outcome(r"the engine's legal basis for (?P<tactic>.+?) does not include \"(?P<law>.+)\"")
def _legal_basis_not(r: Outcome, m: re.Match[str]) -> None:
    code = phrase(words.TACTICS, m["tactic"], "tactic")
    found = [
        basis for f in r.answer.findings if f.code == code for basis in f.legal_basis if m["law"] in basis
    ]
    expect(not found, f"expected no legal basis naming {m['law']}", r)


# -- unknowns -----------------------------------------------------------------------------------
def unknown_fact(r: Outcome, what: str) -> str:
    match = re.fullmatch(r"the schedule of (?P<who>the [a-z ]+?)'s conviction", what)
    if match:
        return f"{r.builder.person(match['who'])['id']}.convictions[0].schedule"
    for pattern, attr in words.PLACE_FACTS.items():  # places and third parties (issue 10)
        match = re.fullmatch(pattern, what)
        if match:
            return f"{r.builder.place(match['place'])['id']}.{attr}"
    match = re.fullmatch(r"(?P<who>the [a-z ]+?)'s (?P<fact>.+)", what)
    if match:
        attr = phrase(words.PERSON_FACTS, match["fact"], "fact")
        return f"{r.builder.person(match['who'])['id']}.{attr}"
    kind, attr = words.EVENT_FACTS.get(what, ("", ""))
    if not kind:
        raise StepError(
            f"unknown fact '{what}' (known: {'; '.join(words.EVENT_FACTS)} or \"the girl's legal status\")"
        )
    return f"{r.builder.last(kind)['id']}.{attr}"


@outcome(r"the engine asks for (?P<what>.+?) to be recorded(?:, which would decide (?P<tactic>.+))?")
def _asks(r: Outcome, m: re.Match[str]) -> None:
    fact = unknown_fact(r, m["what"])
    found = [u for u in r.answer.unknowns if u.fact == fact]
    expect(bool(found), f"expected the engine to ask for {fact}", r)
    if m["tactic"]:
        code = phrase({**words.TACTICS, **words.GAPS, **words.WARNINGS}, m["tactic"], "tactic")
        codes = {rule.rule.code for rule in r.ruleset.rules if rule.id in found[0].needed_by}
        expect(code in codes, f"expected {fact} to decide {m['tactic']}", r)


@outcome(r"the engine does not ask for (?P<what>.+?) to be recorded")
def _does_not_ask(r: Outcome, m: re.Match[str]) -> None:
    fact = unknown_fact(r, m["what"])
    expect(not [u for u in r.answer.unknowns if u.fact == fact], f"expected no question about {fact}", r)


# -- a table of findings -------------------------------------------------------------------------
KINDS = {"recommends": "recommend", "warns": "warn", "flags a gap": "gap"}


def check_table(result: Outcome, rows: list[list[str]]) -> None:
    """| the engine | what | about |: each row one finding the answer must contain."""
    header, body = [h.strip().lower() for h in rows[0]], rows[1:]
    for row in body:
        cells = dict(zip(header, (c.strip() for c in row), strict=True))
        kind = phrase(KINDS, cells["the engine"], "kind of finding")
        table = {"recommend": words.TACTICS, "warn": words.WARNINGS, "gap": words.GAPS}[kind]
        code = phrase(table, cells["what"], kind)
        target = target_id(result, cells.get("about") or None)
        expect(
            bool(result.findings(kind, code, target)),
            f"expected: the engine {cells['the engine']} {cells['what']} ({cells.get('about', '')})",
            result,
        )
