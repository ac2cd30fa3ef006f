"""Concurrent writers: processes and threads writing at once lose nothing and duplicate nothing."""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from record_support import BACKENDS, build_ruleset, make_case, store_url
from record_writer import ACTION, SHARED, synthetic_answer
from sqlalchemy import func, select

from record.recorder import Recorder
from record.store import Store
from record.tables import evaluations, findings, tactics_used

WRITER = Path(__file__).resolve().parent / "record_writer.py"
PROCESSES, EACH = 4, 30


def totals(store: Store) -> tuple[int, int, int, int]:
    """Evaluations, findings, tactics used, and tactics used in the shared case."""
    shared = tactics_used.c.case_id == SHARED
    queries = [
        select(func.count()).select_from(evaluations),
        select(func.count()).select_from(findings),
        select(func.count()).select_from(tactics_used),
        select(func.count()).select_from(tactics_used).where(shared),
    ]
    with store.reading() as conn:
        a, b, c, d = (int(conn.execute(q).scalar_one()) for q in queries)
    return a, b, c, d


@pytest.mark.parametrize("backend", BACKENDS)
def test_writer_processes_at_once_lose_and_duplicate_nothing(backend: str, tmp_path: Path) -> None:
    with store_url(backend, tmp_path) as url:
        Store(url).close()  # the schema exists before the race, as in a running service
        writers = [
            subprocess.Popen(
                [sys.executable, str(WRITER), url, f"P{i}", str(EACH)], stdout=subprocess.PIPE, text=True
            )
            for i in range(PROCESSES)
        ]
        printed = [int(line) for w in writers for line in w.communicate(timeout=300)[0].split()]
        assert [w.returncode for w in writers] == [0] * PROCESSES
        store = Store(url)
        with store.reading() as conn:
            stored = set(conn.execute(select(evaluations.c.id)).scalars())
        assert len(printed) == len(set(printed)) == PROCESSES * EACH
        assert set(printed) == stored
        own_cases = PROCESSES * (EACH - EACH // 5)
        assert totals(store) == (PROCESSES * EACH, 2 * PROCESSES * EACH, own_cases + 1, 1)
        store.close()


@pytest.mark.parametrize("backend", BACKENDS)
def test_threads_sharing_one_recorder_lose_and_duplicate_nothing(backend: str, tmp_path: Path) -> None:
    ruleset = build_ruleset()
    with store_url(backend, tmp_path) as url:
        store = Store(url)
        recorder = Recorder(store)
        recorder.remember(ruleset)

        def write(i: int) -> int:
            case_id = SHARED if i % 5 == 4 else f"T-{i}"
            case = make_case(case_id, actions=[ACTION])
            return recorder.record_evaluation(case, synthetic_answer(case_id, ruleset.sha256), "thread")

        with ThreadPoolExecutor(max_workers=8) as pool:
            ids = list(pool.map(write, range(80)))
        assert len(set(ids)) == 80
        assert totals(store) == (80, 160, 64 + 1, 1)
        store.close()
