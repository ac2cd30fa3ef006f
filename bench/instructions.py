"""The engine's cost in CPU instructions, counted by valgrind: the same on every run.

    python -m bench.instructions [--size typical] [--evaluations 200]

On this shared machine the wall-clock time of the same code varies two- or threefold from one
minute to the next (other tenants), and by more for memory-bound code like durable-rules'
matching than for bench/engine_bench.py's pure-Python yardstick. A change worth less than
about a tenth cannot be seen in timings. Instruction counts do not move: run this script in
two checkouts and the difference is what the code does.

For cases of one size it prints the instructions per `Engine.evaluate`, split into
durable-rules' C calls (asserting the facts, starting and completing actions, deleting the
session) and the rest (Python: facts, deferred tests, counts, findings). Each figure is the
difference between a run of N evaluations and a run of none, so start-up, loading and
compiling cancel out.

Instructions are not time: they do not count cache misses or the kernel's work (memset and
memcpy count one instruction per few bytes). Use them to compare two versions of the code,
and the timed benchmarks for the targets. Needs valgrind (Debian's package `valgrind`); its four
runs take a few minutes.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# durable-rules' Python entry points the engine calls for each case (engine/matcher.py)
DURABLE_CALLS = ("pyAssertFacts", "pyStartActionForState", "pyCompleteAndStartAction", "pyDeleteState")
WARM_UP = 10


def evaluate(size: str, evaluations: int) -> None:
    """What runs under valgrind: warm up, then `evaluations` evaluations of varied cases."""
    from bench.cases import make_cases
    from engine import Engine, load_ruleset

    engine = Engine(load_ruleset(ROOT / "rulesets" / "disruption"))
    cases = make_cases(size, 50, seed=1000)
    for case in cases[:WARM_UP]:  # fills the lazy caches in both runs alike
        engine.evaluate(case)
    for i in range(evaluations):
        engine.evaluate(cases[i % len(cases)])
    engine.close()


def counted(size: str, evaluations: int, only: tuple[str, ...] = ()) -> int:
    """Instructions of one run under callgrind; with `only`, those inside these functions."""
    with tempfile.TemporaryDirectory(prefix="disrupt-instructions-") as folder:
        out = Path(folder) / "callgrind.out"
        options = [f"--callgrind-out-file={out}"]
        if only:
            options += ["--collect-atstart=no", *(f"--toggle-collect={name}" for name in only)]
        command = [
            "valgrind", "--tool=callgrind", *options,
            sys.executable, "-m", "bench.instructions", "--run", size, str(evaluations),
        ]
        env = {**os.environ, "PYTHONHASHSEED": "0"}  # the same set and dict orders every run
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            last = (done.stderr.strip().splitlines() or ["no output"])[-1]
            raise SystemExit(f"the run under valgrind failed (exit {done.returncode}): {last}")
        for line in out.read_text().splitlines():
            if line.startswith("totals:"):
                return int(line.split()[1])
    raise SystemExit("callgrind wrote no instruction totals")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", default="typical", choices=("small", "typical", "large"))
    parser.add_argument("--evaluations", type=int, default=200)
    parser.add_argument("--run", nargs=2, metavar=("SIZE", "N"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.run:
        evaluate(args.run[0], int(args.run[1]))
        return 0
    if shutil.which("valgrind") is None:
        print("bench.instructions needs valgrind (Debian: apt-get install valgrind)", file=sys.stderr)
        return 2
    n = args.evaluations
    runs = [(args.size, count, only) for only in ((), DURABLE_CALLS) for count in (n, 0)]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        all_n, all_0, durable_n, durable_0 = pool.map(lambda run: counted(*run), runs)
    total, durable = (all_n - all_0) / n, (durable_n - durable_0) / n
    print(f"{args.size} case, {n} evaluations under callgrind: instructions per evaluation")
    print(f"  Engine.evaluate      {total / 1e6:8.2f} M")
    print(f"  durable-rules' C     {durable / 1e6:8.2f} M  ({durable / total:.0%})")
    print(f"  the rest (Python)    {(total - durable) / 1e6:8.2f} M  ({(total - durable) / total:.0%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
