"""Retention: delete records older than a configured period, in one transaction.

An evaluation asked before the cutoff goes, with its findings, the responses to them, and
the tactic, episode and suspect rows it last wrote. A case evaluated again since the cutoff
keeps its current tactics, episodes and suspects (the newer evaluation wrote them).
Ruleset texts are policy, not personal data, and are kept.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, select

from record.models import Purged
from record.store import Store
from record.tables import episodes, evaluations, findings, responses, suspects, tactics_used

# Children before parents: tactics_used refers to responses, everything to evaluations.
_CHILDREN = (
    ("tactics", tactics_used),
    ("responses", responses),
    ("episodes", episodes),
    ("suspects", suspects),
    ("findings", findings),
)


def cutoff(older_than_days: int, now: datetime | None = None) -> datetime:
    return (now or datetime.now(UTC)) - timedelta(days=older_than_days)


def purge(
    store: Store, older_than_days: int, *, now: datetime | None = None, dry_run: bool = False
) -> Purged:
    """Delete everything recorded more than `older_than_days` days before `now`."""
    if older_than_days < 1:
        raise ValueError("the retention period is at least one day")
    before = cutoff(older_than_days, now)
    old = select(evaluations.c.id).where(evaluations.c.asked_at < before).scalar_subquery()
    counts: dict[str, int] = {}
    with store.writing() as conn:
        for name, table in _CHILDREN:
            where = table.c.evaluation_id.in_(old)
            if dry_run:
                counts[name] = conn.execute(select(func.count()).select_from(table).where(where)).scalar_one()
            else:
                counts[name] = conn.execute(delete(table).where(where)).rowcount
        aged = evaluations.c.asked_at < before
        if dry_run:
            counts["evaluations"] = conn.execute(
                select(func.count()).select_from(evaluations).where(aged)
            ).scalar_one()
        else:
            counts["evaluations"] = conn.execute(delete(evaluations).where(aged)).rowcount
    return Purged(before=before, **counts)
