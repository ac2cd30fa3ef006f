"""Benchmark of the decision record: write throughput and the time of each report.

    python bench/record_bench.py [--evaluations 100000] [--batch 500] [--single 1000]
                                 [--responses 2000] [--backend sqlite|postgresql|both]

Records fictional evaluations (20 % as many cases as evaluations, each evaluated five times
as it develops: new episodes, actions changing status) through `Recorder.record_evaluations`,
the same path an API evaluation takes, in batches of `--batch` per transaction; then
`--single` more one transaction each (the API's path: one commit, one fsync per answer), and
`--responses` officers' responses to random findings, one transaction each. Then runs each
report five times over the whole record and prints the median and the worst.

SQLite: a fresh file in a temporary folder (WAL, synchronous=FULL). PostgreSQL: the server
named by DISRUPT_BENCH_POSTGRES_URL (else DISRUPT_TEST_POSTGRES_URL), in a schema of its
own that is dropped afterwards; skipped when neither is set or the server is unreachable.
Target: every report over 100,000 evaluations answers in under a second on SQLite.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, func, select, text

from engine.finding import Answer, Finding, RulesetRef
from record.models import ResponseIn
from record.recorder import Evaluated, Recorder
from record.reports import REPORTS, ReportQuery, run_report
from record.store import Store
from record.tables import findings

FORCES = ["durham", "cleveland", "northumbria", "merseyside", "avon_somerset", "west_yorkshire",
          "greater_manchester", "west_midlands", "kent", "thames_valley"]
TACTICS = ["cawn", "cse_flag", "sro", "pdp_referral", "arrest_other_offences", "hotel_notice",
           "cse_warning_letter", "investigate_suspect"]
STATUSES = ["proposed", "issued", "applied", "granted", "refused", "breached", "withdrawn"]
RULESET = RulesetRef(name="disruption", version="bench", sha256="b" * 64)
START = date(2019, 1, 1)
EVALUATIONS_PER_CASE = 5


def day(rng: random.Random, span: int = 900) -> date:
    return START + timedelta(days=rng.randrange(span))


class CaseStory:
    """One fictional case that grows between evaluations."""

    def __init__(self, number: int, rng: random.Random) -> None:
        self.rng = rng
        self.id = f"BENCH-{number:06d}"
        self.force = rng.choice(FORCES)
        self.suspects = [f"adult-{i}" for i in range(1, rng.randint(1, 3) + 1)]
        self.reviewed = {s: (day(rng).isoformat() if rng.random() < 0.6 else None) for s in self.suspects}
        self.episodes: list[dict[str, Any]] = []
        self.actions: list[dict[str, Any]] = []

    def grow(self) -> None:
        rng = self.rng
        if rng.random() < 0.7:
            found = [rng.choice(self.suspects)] if rng.random() < 0.5 else []
            self.episodes.append({
                "id": f"ev-{len(self.episodes) + 1}", "type": "missing_episode", "child": "child-a",
                "date": day(rng).isoformat(), "found_with": found, "asked_where": rng.random() < 0.5,
            })
        for action in self.actions:
            if rng.random() < 0.3:
                action["status"] = rng.choice(STATUSES)
        if rng.random() < 0.5:
            self.actions.append({
                "id": f"act-{len(self.actions) + 1}", "tactic": rng.choice(TACTICS),
                "target": rng.choice(self.suspects), "status": rng.choice(STATUSES),
                "date": day(rng).isoformat(), "recorded": rng.random() < 0.8, "force": self.force,
            })

    def case(self) -> dict[str, Any]:
        people: list[dict[str, Any]] = [{"id": "child-a", "role": "child", "victim": True, "age": 14}]
        for s in self.suspects:
            person: dict[str, Any] = {"id": s, "role": "suspect", "age": 30}
            if self.reviewed[s]:
                person["last_reviewed"] = self.reviewed[s]
            people.append(person)
        return {
            "case": {"id": self.id, "force": self.force, "as_of": "2021-06-30"},
            "people": people,
            "events": [dict(e) for e in self.episodes],
            "actions": [dict(a) for a in self.actions],
        }

    def answer(self) -> Answer:
        """Fictional findings of the kinds the shipped rules give."""
        findings: list[Finding] = []
        for episode in self.episodes:
            for adult in episode["found_with"]:
                findings.append(self._finding("recommend", "cawn", adult, "cawn-found-with-adult"))
            if not episode["asked_where"]:
                findings.append(self._finding("gap", "return_interview", episode["id"],
                                              "return-interview-where-with-whom"))
        for s in self.suspects:
            if self.reviewed[s] is None:
                findings.append(self._finding("gap", "annual_perpetrator_review", s, "annual-review"))
        return Answer(case_id=self.id, ruleset=RULESET, findings=findings, unknowns=[])

    @staticmethod
    def _finding(kind: Any, code: str, target: str, rule: str) -> Finding:
        return Finding(kind=kind, code=code, severity="high", target=target, rule=rule, title=rule,
                       because=f"fictional: {rule} for {target}", legal_basis=[], sources=["¶20"],
                       facts=[target])


def evaluations(count: int, seed: int = 7) -> Iterator[Evaluated]:
    rng = random.Random(seed)
    cases = max(1, count // EVALUATIONS_PER_CASE)
    stories = [CaseStory(n, rng) for n in range(cases)]
    made = 0
    while made < count:
        for story in stories:
            if made >= count:
                return
            story.grow()
            yield Evaluated(story.case(), story.answer(), f"officer-{made % 50}")
            made += 1


def record(store: Store, count: int, batch: int, seed: int) -> float:
    """Seconds spent inside the recorder (generation excluded)."""
    recorder = Recorder(store)
    spent = 0.0
    pending: list[Evaluated] = []
    for item in evaluations(count, seed):
        pending.append(item)
        if len(pending) == batch:
            started = time.perf_counter()
            recorder.record_evaluations(pending)
            spent += time.perf_counter() - started
            pending = []
    if pending:
        started = time.perf_counter()
        recorder.record_evaluations(pending)
        spent += time.perf_counter() - started
    return spent


REASONS = ["not proportionate yet", "the adult is the child's relative", "already in hand by another force",
           "child's account not yet taken"]


def respond(store: Store, count: int, seed: int = 9) -> float:
    """Officers' responses to random recorded findings, one transaction each."""
    rng = random.Random(seed)
    with store.reading() as conn:
        f = findings.c
        picked = conn.execute(select(f.case_id, f.rule, f.target).order_by(func.random()).limit(count)).all()
    recorder = Recorder(store)
    started = time.perf_counter()
    for case_id, rule, target in picked:
        decision = rng.choice(["accepted", "declined", "deferred"])
        response = ResponseIn(
            rule=rule, target=target, decision=decision,
            reason=rng.choice(REASONS) if decision != "accepted" else None,
            actioned_on=day(rng) if decision == "accepted" else None,
        )
        recorder.record_response(case_id, response, by="officer-r")
    return time.perf_counter() - started


def time_reports(store: Store, runs: int = 5) -> dict[str, tuple[float, float, int]]:
    query = ReportQuery(as_of=date(2021, 6, 30))
    times: dict[str, tuple[float, float, int]] = {}
    for name in REPORTS:
        samples = []
        rows = 0
        for _ in range(runs):
            started = time.perf_counter()
            rows = len(run_report(store, name, query).rows)
            samples.append(time.perf_counter() - started)
        times[name] = (statistics.median(samples), max(samples), rows)
    return times


@contextmanager
def sqlite_store() -> Iterator[Store]:
    with tempfile.TemporaryDirectory(prefix="record-bench-") as tmp:
        store = Store(f"sqlite:///{Path(tmp) / 'record.sqlite3'}")
        try:
            yield store
        finally:
            store.close()


@contextmanager
def postgres_store(base: str) -> Iterator[Store]:
    schema = f"record_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in base else "?"
    store = Store(f"{base}{separator}options={quote(f'-csearch_path={schema}')}")
    try:
        yield store
    finally:
        store.close()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def postgres_url() -> str | None:
    url = os.environ.get("DISRUPT_BENCH_POSTGRES_URL") or os.environ.get("DISRUPT_TEST_POSTGRES_URL")
    if not url:
        print("postgresql: skipped (set DISRUPT_BENCH_POSTGRES_URL or DISRUPT_TEST_POSTGRES_URL)")
        return None
    try:
        probe = create_engine(url, connect_args={"connect_timeout": 3})
        with probe.connect():
            pass
        probe.dispose()
    except Exception as exc:
        print(f"postgresql: skipped (unreachable: {type(exc).__name__})")
        return None
    return url


def run(label: str, store: Store, args: argparse.Namespace) -> None:
    spent = record(store, args.evaluations, args.batch, seed=7)
    print(f"\n{label}: {args.evaluations:,} evaluations in batches of {args.batch}: "
          f"{spent:.1f} s in the recorder, {args.evaluations / spent:,.0f} evaluations/s")
    if args.single:
        spent = record(store, args.single, 1, seed=8)
        print(f"{label}: {args.single:,} more, one transaction each: {spent:.1f} s, "
              f"{args.single / spent:,.0f} evaluations/s, {1000 * spent / args.single:.2f} ms per commit")
    if args.responses:
        spent = respond(store, args.responses)
        print(f"{label}: {args.responses:,} responses to findings, one transaction each: {spent:.1f} s, "
              f"{args.responses / spent:,.0f} responses/s")
    print(f"{label}: reports over {args.evaluations + args.single:,} evaluations (5 runs each)")
    print(f"  {'report':<16} {'median':>9} {'worst':>9} {'rows':>8}")
    for name, (median, worst, rows) in time_reports(store).items():
        print(f"  {name:<16} {1000 * median:>7.0f}ms {1000 * worst:>7.0f}ms {rows:>8,}")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--evaluations", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--single", type=int, default=1000)
    parser.add_argument("--responses", type=int, default=2000)
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cpu(s)")
    if args.backend in ("sqlite", "both"):
        with sqlite_store() as store:
            run("sqlite", store, args)
    if args.backend in ("postgresql", "both"):
        url = postgres_url()
        if url is not None:
            with postgres_store(url) as store:
                run("postgresql", store, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
