"""The victim guard (inquiry ¶25–¶26): it lives in the engine, whatever the rules say.

- A tactic aimed at people who pose a risk (or any restrictive tactic) is never returned as a
  recommendation against a child victim. A restrictive one becomes a critical `victim_targeted`
  warning; a non-restrictive one (an investigation, a flag, a referral) is withheld, with no
  warning: nobody proposed it, and it restricts nobody.
- Such a tactic proposed or recorded in the case's actions against a child victim yields a
  critical `victim_targeted` warning.
- A child (under 18 on the assessment date) in another role whose status as a victim is not
  recorded is not treated as a perpetrator either: a recommendation of such a tactic against them
  becomes a `child_target_unconfirmed` warning, and the answer asks for `<id>.victim`.
A child *perpetrator* (recorded as not a victim) is not a child victim (¶25): see
`engine.fact.is_child_victim`.
"""

from __future__ import annotations

from engine.case import Case
from engine.fact import FactSet
from engine.finding import Finding, trusted
from engine.ruleset import Ruleset

GUARD_RULE = "victim-guard"
CODE = "victim_targeted"
UNCONFIRMED_CODE = "child_target_unconfirmed"


def aimed_at_people(ruleset: Ruleset, tactic_id: str) -> bool:
    tactic = ruleset.tactics.get(tactic_id)
    return tactic is not None and (tactic.restrictive or tactic.aimed_at == "person")


def restrictive(ruleset: Ruleset, tactic_id: str) -> bool:
    tactic = ruleset.tactics.get(tactic_id)
    return tactic is not None and tactic.restrictive


def child_victims(facts: FactSet) -> dict[str, dict[str, object]]:
    return {p["ref"]: p for p in facts.by_type.get("person", []) if p.get("child_victim")}


def unconfirmed_children(facts: FactSet) -> dict[str, dict[str, object]]:
    """People under 18 on the assessment date, not protected as victims, whose `victim` is not recorded."""
    return {
        p["ref"]: p
        for p in facts.by_type.get("person", [])
        if not p.get("child_victim") and "victim" not in p and isinstance(p.get("age"), int) and p["age"] < 18
    }


def _who(person: dict[str, object]) -> str:
    age = person.get("age")
    return f"{person['ref']}, a child victim" + (f" aged {age}" if age is not None else "")


def turns(ruleset: Ruleset, victims: dict[str, dict[str, object]], kind: str, code: str, target: str) -> bool:
    """This finding would recommend a person-aimed or restrictive tactic against a child victim."""
    return kind == "recommend" and target in victims and aimed_at_people(ruleset, code)


def _turned(
    ruleset: Ruleset, code_id: str, severity: str, rule: str, target: str, facts: list[str],
    confidence: str | None, because: str,
) -> Finding:
    """The warning that stands in place of a recommendation the guard turned."""
    code = ruleset.codes[code_id]
    return trusted(
        Finding,
        kind="warn",
        code=code_id,
        severity=severity,
        target=target,
        rule=rule,
        title=code.title,
        because=because,
        legal_basis=list(code.legal_basis),
        sources=[ruleset.cite(s) for s in code.sources],
        facts=facts,
        confidence=confidence,
    )


def unconfirmed_warning(
    ruleset: Ruleset,
    children: dict[str, dict[str, object]],
    rule: str,
    tactic_id: str,
    target: str,
    facts: list[str],
    confidence: str | None,
) -> Finding:
    """The warning in place of a recommendation against a child whose victim status is not recorded."""
    name = ruleset.tactics[tactic_id].name
    because = (
        f"rule {rule} would point a {name} at {target}, who is {children[target]['age']}, and whether "
        f"{target} is also a victim of exploitation is not recorded; record it before any tactic is "
        "aimed at them: such measures may suit a child who exploits others, never a child victim"
    )
    return _turned(ruleset, UNCONFIRMED_CODE, "high", rule, target, facts, confidence, because)


def warning(
    ruleset: Ruleset,
    victims: dict[str, dict[str, object]],
    rule: str,
    tactic_id: str,
    target: str,
    facts: list[str],
    confidence: str | None,
) -> Finding:
    """The critical warning that stands in place of a recommendation against a child victim."""
    name = ruleset.tactics[tactic_id].name
    because = (
        f"rule {rule} would point a {name} at {_who(victims[target])}; disruption tactics are "
        "aimed at the adults who exploit children, never at child victims"
    )
    return _turned(ruleset, CODE, "critical", rule, target, facts, confidence, because)


def action_warnings(case: Case, victims: dict[str, dict[str, object]], ruleset: Ruleset) -> list[Finding]:
    """A critical warning for each live plan or record of such a tactic against a child victim."""
    if not victims:
        return []
    code = ruleset.codes[CODE]
    warnings: list[Finding] = []
    for action in case.actions:
        if action.target not in victims or action.status == "withdrawn":
            continue
        if not aimed_at_people(ruleset, action.tactic):
            continue
        name = ruleset.tactics[action.tactic].name
        when = f" on {action.date}" if action.date else ""
        warnings.append(
            Finding(
                kind="warn",
                code=CODE,
                severity="critical",
                target=action.target,
                rule=GUARD_RULE,
                title=code.title,
                because=(
                    f"{action.id}: a {name} {action.status}{when} against {_who(victims[action.target])}; "
                    "restrictive measures such as CAWNs are for the adults who exploit children, not "
                    "for the children they exploit"
                ),
                legal_basis=list(code.legal_basis),
                sources=[ruleset.cite(s) for s in code.sources],
                facts=[action.id, action.target],
            )
        )
    return warnings
