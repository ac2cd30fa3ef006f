"""A writer killed with SIGKILL mid-write: the store stays consistent, and every write it
acknowledged (printed after commit) is there when the store is opened again."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from record_support import BACKENDS, store_url
from sqlalchemy import func, select, text

from record.store import Store
from record.tables import evaluations, findings

WRITER = Path(__file__).resolve().parent / "record_writer.py"
ACKNOWLEDGED_BEFORE_KILL = 25


def write_until_killed(url: str, prefix: str) -> list[int]:
    """Start a writer, kill -9 it once it has acknowledged some writes; return every id it printed."""
    writer = subprocess.Popen(
        [sys.executable, str(WRITER), url, prefix, "0"], stdout=subprocess.PIPE, text=True
    )
    assert writer.stdout is not None
    acknowledged: list[int] = []
    for line in writer.stdout:
        acknowledged.append(int(line))
        if len(acknowledged) >= ACKNOWLEDGED_BEFORE_KILL:
            os.kill(writer.pid, signal.SIGKILL)  # it is already inside its next transaction
            break
    rest, _ = writer.communicate(timeout=60)
    acknowledged += [int(line) for line in rest.split()]
    assert writer.returncode == -signal.SIGKILL
    return acknowledged


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_killed_writer_loses_no_acknowledged_write_and_leaves_no_half_write(
    backend: str, tmp_path: Path
) -> None:
    with store_url(backend, tmp_path) as url:
        Store(url).close()
        acknowledged = write_until_killed(url, "K1") + write_until_killed(url, "K2")
        store = Store(url)  # "after restart"
        with store.reading() as conn:
            stored = set(conn.execute(select(evaluations.c.id)).scalars())
            assert set(acknowledged) <= stored
            per_evaluation = conn.execute(
                select(func.count(findings.c.id))
                .select_from(evaluations.outerjoin(findings, findings.c.evaluation_id == evaluations.c.id))
                .group_by(evaluations.c.id)
            ).scalars()
            assert set(per_evaluation) == {2}, "every evaluation has all of its findings, none half-written"
            if backend == "sqlite":
                assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
                assert conn.execute(text("PRAGMA foreign_key_check")).all() == []
        store.close()
