"""The victim guard (inquiry ¶25–¶26): it lives in the engine, whatever the rules say.

- A tactic aimed at people who pose a risk (or any restrictive tactic) is never returned as a
  recommendation against a child victim: such a finding becomes a critical warning.
- Such a tactic proposed or recorded in the case's actions against a child victim yields a
  critical `victim_targeted` warning.
A child *perpetrator* is not a child victim (¶25): see `engine.fact.is_child_victim`.
"""

from __future__ import annotations

from engine.case import Case
from engine.fact import FactSet
from engine.finding import Finding
from engine.ruleset import Ruleset

GUARD_RULE = "victim-guard"
CODE = "victim_targeted"


def aimed_at_people(ruleset: Ruleset, tactic_id: str) -> bool:
    tactic = ruleset.tactics.get(tactic_id)
    return tactic is not None and (tactic.restrictive or tactic.aimed_at == "person")


def child_victims(facts: FactSet) -> dict[str, dict[str, object]]:
    return {p["ref"]: p for p in facts.by_type.get("person", []) if p.get("child_victim")}


def _who(person: dict[str, object]) -> str:
    age = person.get("age")
    return f"{person['ref']}, a child victim" + (f" aged {age}" if age is not None else "")


def guard(findings: list[Finding], case: Case, facts: FactSet, ruleset: Ruleset) -> list[Finding]:
    victims = child_victims(facts)
    if not victims:
        return findings
    code = ruleset.codes[CODE]
    sources = [ruleset.cite(s) for s in code.sources]
    guarded: list[Finding] = []
    for finding in findings:
        if (
            finding.kind == "recommend"
            and finding.target in victims
            and aimed_at_people(ruleset, finding.code)
        ):
            name = ruleset.tactics[finding.code].name
            guarded.append(
                finding.model_copy(
                    update={
                        "kind": "warn",
                        "code": CODE,
                        "severity": "critical",
                        "title": code.title,
                        "because": (
                            f"rule {finding.rule} would point a {name} at {_who(victims[finding.target])}; "
                            "disruption tactics are aimed at the adults who exploit children, never at "
                            "child victims"
                        ),
                        "legal_basis": list(code.legal_basis),
                        "sources": sources,
                    }
                )
            )
        else:
            guarded.append(finding)
    for action in case.actions:
        if action.target not in victims or action.status == "withdrawn":
            continue
        if not aimed_at_people(ruleset, action.tactic):
            continue
        name = ruleset.tactics[action.tactic].name
        when = f" on {action.date}" if action.date else ""
        guarded.append(
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
                sources=sources,
                facts=[action.id, action.target],
            )
        )
    return guarded
