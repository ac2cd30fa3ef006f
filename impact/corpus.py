"""The cases an impact analysis runs over: the latest recorded evaluation of each case in
scope, streamed from the decision record a batch at a time, or case files given by name.

A corpus item carries the case as JSON text, exactly as it was recorded (or as the file
reads), so a batch pickles small on its way to a worker and memory stays flat however many
cases the record holds.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine.case import load_case

if TYPE_CHECKING:
    from sqlalchemy import Select

    from record.store import Store

BATCH = 64  # cases per worker job: large enough to amortise the pipe, small enough to balance


@dataclass(frozen=True, slots=True)
class Item:
    case_id: str
    force: str | None
    case_json: str


@dataclass(frozen=True)
class RecordCorpus:
    """The latest recorded evaluation of every case (one per force and case id) in scope."""

    store: Store
    force: str | None = None
    since: date | None = None
    within: frozenset[str] | None = None  # the forces whose cases the caller may see (None: every force)

    def _latest(self) -> Select[Any]:
        from sqlalchemy import func, select

        from record.tables import evaluations

        e = evaluations.c
        latest = select(func.max(e.id).label("id")).group_by(e.force, e.case_id)
        if self.force is not None:
            latest = latest.where(e.force == self.force)
        if self.within is not None:  # a case naming no force is within national scope only
            latest = latest.where(e.force.in_(sorted(self.within)))
        if self.since is not None:
            latest = latest.having(
                func.max(e.asked_at) >= datetime.combine(self.since, datetime.min.time(), UTC)
            )
        return latest

    def count(self) -> int:
        from sqlalchemy import func, select

        with self.store.reading() as conn:
            return int(conn.execute(select(func.count()).select_from(self._latest().subquery())).scalar_one())

    def batches(self, size: int = BATCH) -> Iterator[list[Item]]:
        from sqlalchemy import select

        from record.tables import evaluations

        e = evaluations.c
        ids = self._latest().subquery()
        query = (
            select(e.case_id, e.force, e.case_json)
            .join(ids, ids.c.id == e.id)
            .order_by(e.force, e.case_id)
            .execution_options(yield_per=size)
        )
        with self.store.reading() as conn:
            for part in conn.execute(query).partitions(size):
                yield [Item(row.case_id, row.force, row.case_json) for row in part]


@dataclass(frozen=True)
class FileCorpus:
    """Case files, each checked (file, line and column on any error) before anything runs."""

    items: tuple[Item, ...]

    @classmethod
    def load(
        cls, paths: Sequence[Path], tactics: Collection[str] | None = None, force: str | None = None
    ) -> FileCorpus:
        items = []
        for path in paths:
            case = load_case(path, tactics)
            if force is not None and case.case.force != force:
                continue
            data = case.model_dump(mode="json", by_alias=True, exclude_unset=True)
            items.append(Item(case.case.id, case.case.force, json.dumps(data, ensure_ascii=False)))
        return cls(tuple(items))

    def count(self) -> int:
        return len(self.items)

    def batches(self, size: int = BATCH) -> Iterator[list[Item]]:
        for start in range(0, len(self.items), size):
            yield list(self.items[start : start + size])


Corpus = RecordCorpus | FileCorpus
