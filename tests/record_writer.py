"""A writer process for the record's concurrency and durability tests.

    python tests/record_writer.py URL PREFIX COUNT

Records COUNT evaluations (0: until killed) of cases PREFIX-0, PREFIX-1, …, and of the case
SHARED every fifth time, printing each evaluation's id only once its transaction committed.
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from record_support import build_ruleset, make_case

from engine.finding import Answer, Finding
from record.recorder import Recorder
from record.store import Store

SHARED = "SHARED"
ACTION = {"id": "act-1", "tactic": "cse_flag", "target": "adult-1", "status": "issued", "date": "2019-10-05"}


def synthetic_answer(case_id: str, sha256: str) -> Answer:
    """Two findings, as the test ruleset would give (no engine needed in the writer)."""
    return Answer.model_validate(
        {
            "case_id": case_id,
            "ruleset": {"name": "record_test", "version": "1", "sha256": sha256},
            "findings": [
                Finding(kind="recommend", code="cawn", severity="high", target="adult-1",
                        rule="cawn-found-with-adult", title="t", because="b", legal_basis=[],
                        sources=[], facts=["ev-1", "adult-1"]).model_dump(),
                Finding(kind="gap", code="return_interview", severity="medium", target="ev-1",
                        rule="return-interview", title="t", because="b", legal_basis=[],
                        sources=[], facts=["ev-1"]).model_dump(),
            ],
            "unknowns": [],
        }
    )


def main(url: str, prefix: str, count: int) -> None:
    store = Store(url)
    recorder = Recorder(store)
    ruleset = build_ruleset()
    recorder.remember(ruleset)
    numbers = range(count) if count else itertools.count()
    for i in numbers:
        case_id = SHARED if i % 5 == 4 else f"{prefix}-{i}"
        case = make_case(case_id, actions=[ACTION])
        evaluation_id = recorder.record_evaluation(case, synthetic_answer(case_id, ruleset.sha256), prefix)
        print(evaluation_id, flush=True)
    store.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
