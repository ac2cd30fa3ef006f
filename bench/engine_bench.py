"""Engine benchmark: evaluation time by case size, load+compile time, memory, and overhead.

    python -m bench.engine_bench [--evaluations 100000] [--ruleset DIR] [--scale 1.0]

Prints, for small (~10 facts), typical (~40) and large (~400) cases:
- median and p99 evaluation time (Engine.evaluate on an already validated Case);
- durable-rules' bare C matching of the same facts (the engine's compiled shards, created once;
  per case: assert_facts of the JSON batches the engine sends, drain, delete_state) and
  engine/bare;
then the ruleset load+compile time and the RSS before and after --evaluations typical
evaluations. Targets (from the engine issue) are printed beside each figure, and a fixed
pure-Python workload is timed before and after, to show how fast the machine was meanwhile.

The ruleset is rulesets/disruption, every rule of it, unless --ruleset names another;
--scale multiplies the sample counts (0.1 for a quick run). Timings are wall-clock medians on
whatever machine runs this; nothing here asserts.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import durable_rules_engine as dre

from bench.cases import make_cases
from engine import Case, Engine, load_ruleset
from engine.fact import build_facts
from engine.matcher import shard

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = {"small": 2000, "typical": 2000, "large": 100}
TARGETS = {"typical": (2.0, 5.0), "large": (20.0, None)}


def machine_speed() -> str:
    """A fixed pure-Python workload, timed: the same machine has been seen twice as slow from one
    minute to the next (other tenants), so a run's figures are read against this."""
    times = []
    for _ in range(7):
        start = time.perf_counter()
        table: dict[int, str] = {}
        for i in range(200_000):
            table[i % 1000] = str(i)
        times.append((time.perf_counter() - start) * 1000)
    return f"{statistics.median(times):.0f} ms (fastest {min(times):.0f} ms)"


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * 4096 / 2**20


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def timed(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


class Bare:
    """durable-rules alone: the engine's compiled shards, fed the very JSON the engine sends
    (each shard's facts, trimmed to the attributes its rules read), pre-serialised."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.handles = [
            dre.create_ruleset(f"bare_{id(self)}_{i}", json.dumps(part))
            for i, part in enumerate(shard(engine.compiled.definition))
        ]

    def payload(self, case: Case) -> list[list[str]]:
        return [batches for _handle, batches in self.engine.matcher.payloads(build_facts(case).records)]

    def match(self, payload: list[list[str]]) -> None:
        for handle, batches in zip(self.handles, payload, strict=True):
            state = None
            for batch in batches:
                _, state = dre.assert_facts(handle, batch)
            result = dre.start_action_for_state(handle, state)
            while result:
                result = dre.complete_and_start_action(handle, state)
            dre.delete_state(handle, "1")

    def close(self) -> None:
        for handle in self.handles:
            dre.delete_ruleset(handle)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--evaluations", type=int, default=100_000, help="typical evaluations for the RSS check"
    )
    parser.add_argument("--ruleset", type=Path, default=ROOT / "rulesets" / "disruption")
    parser.add_argument(
        "--scale", type=float, default=1.0, help="multiply the sample counts (quick runs: 0.1)"
    )
    args = parser.parse_args(argv)
    print(f"machine speed before: fixed workload {machine_speed()}")

    loads = [timed(lambda: load_ruleset(args.ruleset)) for _ in range(5)]
    ruleset = load_ruleset(args.ruleset)
    compiles: list[float] = []
    engines: list[Engine] = []
    for _ in range(5):
        compiles.append(timed(lambda: engines.append(Engine(ruleset))))
    for extra in engines[1:]:
        extra.close()
    engine = engines[0]
    compiled = len(engine.compiled.definition)
    print(
        f"ruleset {ruleset.name} {ruleset.version}: {len(ruleset.rules)} rules, "
        f"{compiled} compiled, {engine.matcher.shards} shard(s)"
    )
    load_ms, compile_ms = statistics.median(loads), statistics.median(compiles)
    total = load_ms + compile_ms
    print(f"load {load_ms:.1f} ms + compile {compile_ms:.1f} ms = {total:.1f} ms (target ≤ 200 ms)")

    bare = Bare(engine)
    columns = ("size", "facts", "records", "median ms", "p99 ms", "bare ms", "engine/bare")
    print(f"{columns[0]:<8} " + " ".join(f"{c:>{max(6, len(c))}}" for c in columns[1:]) + "  target")
    for size, samples in SAMPLES.items():
        n = max(10, int(samples * args.scale))
        cases = make_cases(size, min(n, 200), seed=1000)
        payloads = [bare.payload(c) for c in cases]
        for case in cases[:5]:  # warm up
            engine.evaluate(case)
        times, bare_times = [], []
        # Each in its own loop: interleaved, the two sets of durable-rules rulesets evict each
        # other from the CPU caches and both read slower than either runs.
        for i in range(n):
            case = cases[i % len(cases)]
            times.append(timed(lambda c=case: engine.evaluate(c)))  # type: ignore[misc]
        for i in range(n):
            payload = payloads[i % len(cases)]
            bare_times.append(timed(lambda p=payload: bare.match(p)))  # type: ignore[misc]
        median, p99, bare_median = (
            statistics.median(times),
            percentile(times, 99),
            statistics.median(bare_times),
        )
        records = statistics.median(len(build_facts(c).records) for c in cases)
        target = TARGETS.get(size)
        text = (
            ""
            if target is None
            else f"median ≤ {target[0]:g}" + (f", p99 ≤ {target[1]:g}" if target[1] else "")
        )
        print(f"{size:<8} {cases[0].fact_count():>6} {records:>8.0f} {median:>10.2f} {p99:>8.2f} "
              f"{bare_median:>8.2f} {median / bare_median:>12.2f}  {text}; ratio ≤ 3")  # fmt: skip
    bare.close()

    cases = make_cases("typical", 200, seed=5000)
    gc.collect()
    before = rss_mb()
    start = time.perf_counter()
    for i in range(args.evaluations):
        engine.evaluate(cases[i % len(cases)])
    seconds = time.perf_counter() - start
    gc.collect()
    after = rss_mb()
    print(f"RSS {before:.1f} MB before, {after:.1f} MB after {args.evaluations:,} typical evaluations "
          f"({after - before:+.1f} MB; target ≤ 5 MB) in {seconds:.0f} s")  # fmt: skip
    engine.close()
    print(f"machine speed after: fixed workload {machine_speed()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
