"""The same four rules in this engine, in CLIPS, in OPA Rego and as plain Python loops, side by side.

    pip install -e '.[bench]'          # clipspy and regopy
    python -m bench.peers [--cases 300] [--rounds 5] [--seed 1000]

The rules are the mini ruleset in bench/peers/mini.yaml: four rules of the shipped ruleset,
copied as they are, that join on a list (`found_with`), use `unless:`, test an age (< 16),
count (`count:`) and test optional answers (`== false` or `is missing`). Here they are written
again in CLIPS (clipspy: one environment, rules built once; per case, facts loaded from one
string, run, findings read back with one call; clipspy's Python error router off), in Rego
(regopy: the policy compiled once into a bundle; per case, the input set from one JSON string
and the bundle's entrypoint queried) and as hand-written Python loops (the floor; not an
editable ruleset).

Every engine starts from the same parsed `Case` and includes its own fact loading. The peers
read ages through `engine.age` like the engine does (an age on the assessment date, and the
oldest the child can have been on an episode's date), and apply the engine's victim guard to
their one recommendation (a CAWN against someone under 18 whose `victim` is not recorded is a
`child_target_unconfirmed` warning; against a child victim, `victim_targeted`). They give no
explanations, no unknowns and no validation.

Before timing anything, every engine's (rule, code, target) set is compared with this engine's
on every case: "agree: yes" per engine, or the first disagreement and exit 1. Then rounds are
interleaved (each engine runs every case once per round, engine after engine), and the table
gives the median µs per case and the ratio to this engine, with the full shipped ruleset's
median on the same cases and its ratio to the mini ruleset. A fixed pure-Python workload is
timed before and after (as in bench/engine_bench.py): the machine's speed varies. Nothing here
asserts a time.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from bench.cases import make_cases
from bench.engine_bench import machine_speed
from engine import Case, Engine, Ruleset, load_ruleset, ruleset_from_texts
from engine.age import age_at, age_bounds
from engine.case import MissingEpisode, Person

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "rulesets" / "disruption"
MINI = Path(__file__).resolve().parent / "peers" / "mini.yaml"
INSTALL = "bench.peers needs the CLIPS and OPA Rego bindings: pip install -e '.[bench]'"

Triple = tuple[str, str, str]  # (rule, code, target) of one finding
Run = Callable[[Case], set[Triple]]
ROLES = ("suspect", "associate")  # `adult.role in [suspect, associate]`
FULL = "full shipped ruleset, `Engine.evaluate`"
FULL_MATCHING = "full shipped ruleset, durable-rules' matching alone"
FULL_SESSIONS = "full shipped ruleset, durable-rules' sessions alone (no facts)"
CLIPS_NAME = "CLIPS (clipspy 1.0.6, facts loaded from one string, router off)"
# The full ruleset's target: 1.5 ms on a machine where CLIPS does the mini ruleset in ~255 µs
FULL_TARGET = 1500 / 255


def mini_ruleset() -> Ruleset:
    """The four rules, with the shipped ruleset's parameters, tactics and codes."""
    return ruleset_from_texts(
        {
            "ruleset.yaml": (SHIPPED / "ruleset.yaml").read_text(encoding="utf-8"),
            "catalogue.yaml": (SHIPPED / "catalogue.yaml").read_text(encoding="utf-8"),
            "rules/mini.yaml": MINI.read_text(encoding="utf-8"),
        },
        base="bench/peers",
    )


@dataclass(frozen=True)
class Limits:
    """The mini ruleset's parameter, read from the ruleset so every engine uses the same."""

    repeat_episodes: int  # $cawn_repeat_episodes

    @classmethod
    def of(cls, ruleset: Ruleset) -> Limits:
        value = ruleset.parameters["cawn_repeat_episodes"].value
        assert isinstance(value, int)
        return cls(value)


def _episodes(case: Case) -> list[MissingEpisode]:
    return [e for e in case.events if isinstance(e, MissingEpisode)]


def _ages(case: Case) -> dict[str, int | None]:
    """Each person's age on the assessment date, or None when the case does not decide it."""
    as_of = case.case.as_of
    return {p.id: age_at(as_of, as_of, p.date_of_birth, p.age) for p in case.people}


def _oldest(case: Case, people: dict[str, Person], episode: MissingEpisode) -> int | None:
    """The oldest the episode's child can have been on its date (`child_age < 16` holds when this is
    under 16), or None when nothing is known."""
    child = people[episode.child]
    bounds = age_bounds(episode.date, case.case.as_of, child.date_of_birth, child.age)
    return None if bounds is None else bounds[1]


def _guarded(person: Person, age: int | None) -> str:
    """The code of a CAWN recommendation after the engine's victim guard."""
    if person.victim is True and (age is None or age < 18):
        return "victim_targeted"
    if person.victim is None and age is not None and age < 18:
        return "child_target_unconfirmed"
    return "cawn"


# -- hand-written Python: the floor --------------------------------------------------------------
def python_loops(limits: Limits) -> Run:
    def run(case: Case) -> set[Triple]:
        people = {p.id: p for p in case.people}
        ages = _ages(case)
        live, done, considered = set(), set(), set()
        for action in case.actions:
            if action.tactic == "cawn":
                considered.add(action.target)
                if action.status in ("proposed", "issued", "breached"):
                    live.add(action.target)
                if action.status in ("issued", "breached"):
                    done.add(action.target)
        found: set[Triple] = set()
        together: dict[str, Counter[str]] = defaultdict(Counter)  # adult → child → episodes
        for episode in _episodes(case):
            if not (episode.asked_where and episode.asked_with_whom):  # false or missing
                found.add(("return-interview-where-with-whom", "return_interview", episode.id))
            age_now = ages[episode.child]
            oldest = _oldest(case, people, episode)
            young_now = age_now is not None and age_now < 16
            young_then = oldest is not None and oldest < 16
            for adult_id in episode.found_with:
                adult = people[adult_id]
                if adult.role not in ROLES or episode.child in adult.connected_to:
                    continue
                if young_now and adult_id not in live:
                    found.add(("cawn-found-with-adult", _guarded(adult, ages[adult_id]), adult_id))
                if young_then:
                    if adult_id not in considered:
                        found.add(("cawn-not-considered", "cawn_not_considered", episode.id))
                    if adult_id not in done:
                        together[adult_id][episode.child] += 1
        for adult_id, children in together.items():
            if max(children.values()) >= limits.repeat_episodes:
                found.add(("cawn-delay-repeated", "cawn_delay", adult_id))
        return found

    return run


# -- CLIPS --------------------------------------------------------------------------------------
CLIPS_CONSTRUCTS = (
    "(deftemplate person (slot id) (slot role) (slot age) (slot victim) (multislot connected_to))",
    "(deftemplate episode (slot id) (slot n) (slot child) (slot age_hi) (multislot found_with)"
    " (slot asked_where) (slot asked_with_whom))",
    "(deftemplate action (slot tactic) (slot target) (slot status))",
    "(deftemplate finding (slot rule) (slot code) (slot target))",
    """(deffunction guard (?code ?age ?victim)
  (if (and (eq ?victim TRUE) (or (not (integerp ?age)) (< ?age 18))) then (return victim_targeted))
  (if (and (eq ?victim nil) (integerp ?age) (< ?age 18)) then (return child_target_unconfirmed))
  ?code)""",
    """(deffunction results ()
  (bind ?out (create$))
  (do-for-all-facts ((?f finding)) TRUE (bind ?out (create$ ?out ?f:rule ?f:code ?f:target)))
  ?out)""",
    """(defrule cawn-found-with-adult
  (episode (child ?c) (found_with $? ?a $?))
  (person (id ?c) (age ?ca&:(integerp ?ca)&:(< ?ca 16)))
  (person (id ?a) (role suspect|associate) (age ?aa) (victim ?v)
          (connected_to $?conn&:(not (member$ ?c ?conn))))
  (not (action (tactic cawn) (target ?a) (status proposed|issued|breached)))
  =>
  (assert (finding (rule cawn-found-with-adult) (code (guard cawn ?aa ?v)) (target ?a))))""",
    """(defrule cawn-not-considered
  (episode (id ?e) (child ?c) (age_hi ?h&:(integerp ?h)&:(< ?h 16)) (found_with $? ?a $?))
  (person (id ?a) (role suspect|associate) (connected_to $?conn&:(not (member$ ?c ?conn))))
  (not (action (tactic cawn) (target ?a)))
  =>
  (assert (finding (rule cawn-not-considered) (code cawn_not_considered) (target ?e))))""",
    """(defrule return-interview-where-with-whom
  (episode (id ?e) (asked_where ?w) (asked_with_whom ?ww))
  (test (or (neq ?w TRUE) (neq ?ww TRUE)))
  =>
  (assert (finding (rule return-interview-where-with-whom) (code return_interview) (target ?e))))""",
)
# `count:` … `at_least: N`, the way CLIPS writes it: N distinct facts joined in order of `n`
# (written for the shipped parameter, 2: checked in `clips_rules`)
CLIPS_COUNT = """(defrule cawn-delay-repeated
  (person (id ?a) (role suspect|associate) (connected_to $?conn))
  (not (action (tactic cawn) (target ?a) (status issued|breached)))
  (episode (n ?n1) (child ?c&:(not (member$ ?c ?conn))) (age_hi ?h1&:(integerp ?h1)&:(< ?h1 16))
           (found_with $? ?a $?))
  (episode (n ?n2&:(> ?n2 ?n1)) (child ?c) (age_hi ?h2&:(integerp ?h2)&:(< ?h2 16)) (found_with $? ?a $?))
  =>
  (assert (finding (rule cawn-delay-repeated) (code cawn_delay) (target ?a))))"""


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _symbol(flag: bool | None) -> str:
    return "nil" if flag is None else "TRUE" if flag else "FALSE"


def clips_facts(case: Case) -> str:
    """The case as CLIPS facts, one string: ids as strings, enumerations as symbols."""
    people = {p.id: p for p in case.people}
    ages = _ages(case)
    parts: list[str] = []
    for p in case.people:
        text = f"(person (id {_quoted(p.id)}) (role {p.role})"
        if (age := ages[p.id]) is not None:
            text += f" (age {age})"
        if p.victim is not None:
            text += f" (victim {_symbol(p.victim)})"
        if p.connected_to:
            text += " (connected_to " + " ".join(map(_quoted, p.connected_to)) + ")"
        parts.append(text + ")")
    for n, e in enumerate(_episodes(case)):
        text = (
            f"(episode (id {_quoted(e.id)}) (n {n}) (child {_quoted(e.child)}) "
            f"(asked_where {_symbol(e.asked_where)}) (asked_with_whom {_symbol(e.asked_with_whom)})"
        )
        if (oldest := _oldest(case, people, e)) is not None:
            text += f" (age_hi {oldest})"
        if e.found_with:
            text += " (found_with " + " ".join(map(_quoted, e.found_with)) + ")"
        parts.append(text + ")")
    for a in case.actions:
        parts.append(f"(action (tactic {a.tactic}) (target {_quoted(a.target)}) (status {a.status}))")
    return " ".join(parts)


def clips_rules(limits: Limits) -> Run:
    import clips

    if limits.repeat_episodes != 2:
        raise SystemExit("bench.peers: the CLIPS count is written for 2 episodes; update CLIPS_COUNT")
    env = clips.Environment()
    for router in list(env.routers()):  # clipspy's Python error router: every message would call back
        router.deactivate()
    for construct in (*CLIPS_CONSTRUCTS, CLIPS_COUNT):
        env.build(construct)

    def run(case: Case) -> set[Triple]:
        env.reset()
        env.load_facts(clips_facts(case))
        env.run()
        flat = env.eval("(results)")
        return {(str(flat[i]), str(flat[i + 1]), str(flat[i + 2])) for i in range(0, len(flat), 3)}

    return run


# -- OPA Rego -----------------------------------------------------------------------------------
REGO_POLICY = """
package mini

import rego.v1

roles := {"suspect", "associate"}

people := {p.id: p | some p in input.people}

guard(code, a) := "victim_targeted" if {
	a.victim == true
	not a.age >= 18
} else := "child_target_unconfirmed" if {
	object.get(a, "victim", null) == null
	a.age < 18
} else := code

cawn_live contains x.target if {
	some x in input.actions
	x.tactic == "cawn"
	x.status in {"proposed", "issued", "breached"}
}

cawn_done contains x.target if {
	some x in input.actions
	x.tactic == "cawn"
	x.status in {"issued", "breached"}
}

cawn_considered contains x.target if {
	some x in input.actions
	x.tactic == "cawn"
}

findings contains ["cawn-found-with-adult", guard("cawn", a), aid] if {
	some e in input.episodes
	people[e.child].age < 16
	some aid in e.found_with
	a := people[aid]
	a.role in roles
	not e.child in a.connected_to
	not aid in cawn_live
}

findings contains ["cawn-not-considered", "cawn_not_considered", e.id] if {
	some e in input.episodes
	e.age_hi < 16
	some aid in e.found_with
	a := people[aid]
	a.role in roles
	not e.child in a.connected_to
	not aid in cawn_considered
}

findings contains ["cawn-delay-repeated", "cawn_delay", a.id] if {
	some a in input.people
	a.role in roles
	not a.id in cawn_done
	children := [e.child |
		some e in input.episodes
		a.id in e.found_with
		not e.child in a.connected_to
		e.age_hi < 16
	]
	some c in children
	count([x | some x in children; x == c]) >= {repeat}
}

findings contains ["return-interview-where-with-whom", "return_interview", e.id] if {
	some e in input.episodes
	not answered(e)
}

answered(e) if {
	e.asked_where == true
	e.asked_with_whom == true
}
"""


def rego_input(case: Case) -> str:
    """The case as Rego's input document, one JSON string."""
    people = {p.id: p for p in case.people}
    ages = _ages(case)
    persons: list[dict[str, Any]] = []
    for p in case.people:
        person: dict[str, Any] = {"id": p.id, "role": p.role, "connected_to": p.connected_to}
        if (age := ages[p.id]) is not None:
            person["age"] = age
        if p.victim is not None:
            person["victim"] = p.victim
        persons.append(person)
    episodes: list[dict[str, Any]] = []
    for e in _episodes(case):
        episode: dict[str, Any] = {"id": e.id, "child": e.child, "found_with": e.found_with}
        for name, answer in (("asked_where", e.asked_where), ("asked_with_whom", e.asked_with_whom)):
            if answer is not None:
                episode[name] = answer
        if (oldest := _oldest(case, people, e)) is not None:
            episode["age_hi"] = oldest
        episodes.append(episode)
    actions = [{"tactic": a.tactic, "target": a.target, "status": a.status} for a in case.actions]
    return orjson.dumps({"people": persons, "episodes": episodes, "actions": actions}).decode()


def rego_rules(limits: Limits) -> Run:
    import regopy

    policy = REGO_POLICY.replace("{repeat}", str(limits.repeat_episodes))
    builder = regopy.Interpreter()
    builder.add_module("mini.rego", policy)
    bundle = builder.build(None, ["mini/findings"])
    if not bundle.ok():
        raise SystemExit("bench.peers: the Rego policy did not compile")
    interpreter = regopy.Interpreter()

    def run(case: Case) -> set[Triple]:
        interpreter.set_input_term(rego_input(case))
        output = interpreter.query_bundle_entrypoint(bundle, "mini/findings")
        if not output.ok():
            raise RuntimeError(f"Rego: {output}")
        return {(rule, code, target) for rule, code, target in json.loads(output.expressions().json())[0]}

    return run


# -- this engine --------------------------------------------------------------------------------
def engine_run(engine: Engine) -> Run:
    def run(case: Case) -> set[Triple]:
        return {(f.rule, f.code, f.target) for f in engine.evaluate(case).findings}

    return run


@dataclass
class Contender:
    name: str
    run: Run
    checked: bool = True  # compared with this engine's findings (not the full ruleset)


def matching_only(engine: Engine, cases: list[Case]) -> Run:
    """durable-rules' own work for `engine`'s ruleset: facts built beforehand, then only the
    C calls that assert them and the draining of the matches. The floor under `Engine.evaluate`
    for as long as durable-rules does the matching."""
    prebuilt = {id(case): engine.facts(case).records for case in cases}

    def run(case: Case) -> set[Triple]:
        engine.matcher.match(prebuilt[id(case)], engine.max_matches)
        return set()

    return run


def sessions_only(engine: Engine) -> Run:
    """What durable-rules costs per case before any fact: opening and deleting one session per
    shard of `engine`'s ruleset (the C code sets up state for every rule's network)."""

    def run(case: Case) -> set[Triple]:
        engine.matcher.match([], engine.max_matches)
        return set()

    return run


def contenders(mini: Engine, full: Engine | None = None, cases: list[Case] | None = None) -> list[Contender]:
    """This engine first (the reference), then the peers; the full ruleset last when given.
    Raises ImportError when clipspy or regopy is not installed."""
    limits = Limits.of(mini.ruleset)
    found = [
        Contender("this engine, `Engine.evaluate`", engine_run(mini)),
        Contender(CLIPS_NAME, clips_rules(limits)),
        Contender("OPA Rego (regopy 1.5.2, precompiled bundle)", rego_rules(limits)),
        Contender("hand-written Python loops (not an editable ruleset)", python_loops(limits)),
    ]
    if full is not None:
        found.append(Contender(FULL, engine_run(full), checked=False))
        if cases is not None:
            found.append(Contender(FULL_MATCHING, matching_only(full, cases), checked=False))
            found.append(Contender(FULL_SESSIONS, sessions_only(full), checked=False))
    return found


def disagreement(reference: Run, other: Contender, cases: list[Case]) -> str | None:
    """The first case on which `other` does not give the reference's findings, described; or None."""
    for case in cases:
        want, got = reference(case), other.run(case)
        if want != got:
            return (
                f"{other.name} disagrees on case {case.case.id}: "
                f"missing {sorted(want - got)}, extra {sorted(got - want)}"
            )
    return None


def measure(engines: list[Contender], cases: list[Case], rounds: int) -> dict[str, list[float]]:
    """Per-case times in µs, rounds interleaved: every engine runs every case once per round."""
    times: dict[str, list[float]] = {e.name: [] for e in engines}
    clock = time.perf_counter_ns
    for _ in range(rounds):
        for engine in engines:
            gc.collect()
            run, into = engine.run, times[engine.name]
            for case in cases:
                start = clock()
                run(case)
                into.append((clock() - start) / 1000)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=300, help="generated typical cases")
    parser.add_argument("--rounds", type=int, default=5, help="rounds, each engine running every case once")
    parser.add_argument("--seed", type=int, default=1000)
    args = parser.parse_args(argv)
    try:
        import clips  # noqa: F401
        import regopy  # noqa: F401
    except ImportError:
        print(INSTALL, file=sys.stderr)
        return 2

    print(f"machine speed before: fixed workload {machine_speed()}")
    mini, full = Engine(mini_ruleset()), Engine(load_ruleset(SHIPPED))
    try:
        cases = make_cases("typical", args.cases, seed=args.seed)
        engines = contenders(mini, full, cases)
        reference = engines[0].run
        findings = sum(len(reference(c)) for c in cases)
        print(f"mini ruleset: {', '.join(r.id for r in mini.ruleset.rules)}")
        print(f"{len(cases)} typical cases (seeds {args.seed}…{args.seed + len(cases) - 1}), "
              f"{findings:,} findings of the mini ruleset")  # fmt: skip
        for engine in engines[1:]:
            if not engine.checked:
                continue
            problem = disagreement(reference, engine, cases)
            if problem is not None:
                print(f"agree: NO — {problem}")
                return 1
            print(f"agree: yes — {engine.name}")

        for engine in engines:  # warm up
            for case in cases[:10]:
                engine.run(case)
        times = measure(engines, cases, args.rounds)
    finally:
        mini.close()
        full.close()

    medians = {name: statistics.median(values) for name, values in times.items()}
    base = medians[engines[0].name]
    print()
    title = f"same 4 rules, {len(cases)} typical cases × {args.rounds} rounds"
    print(f"| {title} | median µs/case | vs this engine |")
    print("|---|---|---|")
    for engine in engines:
        if engine.checked:
            print(f"| {engine.name} | {medians[engine.name]:,.0f} | {medians[engine.name] / base:.2f} |")
    whole, matching, clips_time = medians[FULL], medians[FULL_MATCHING], medians[CLIPS_NAME]
    print()
    print(f"full shipped ruleset ({len(full.ruleset.rules)} rules), `Engine.evaluate`, same cases and "
          f"rounds: median {whole:,.0f} µs/case, {whole / base:.1f}× the mini ruleset, "
          f"{whole / clips_time:.1f}× CLIPS on the mini ruleset (target ≤ {FULL_TARGET:.1f})")  # fmt: skip
    print(f"this engine / CLIPS on the mini ruleset: {base / clips_time:.2f} (target ≤ 1.00)")
    print(f"of which durable-rules' matching alone (facts built beforehand; assert and drain): "
          f"median {matching:,.0f} µs/case, {matching / clips_time:.1f}× CLIPS on the mini set; "
          f"opening and deleting its {full.matcher.shards} sessions alone: "
          f"{medians[FULL_SESSIONS]:,.0f} µs")  # fmt: skip
    print(f"machine speed after: fixed workload {machine_speed()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
