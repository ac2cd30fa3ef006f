"""Retention: delete records older than a configured period, in one transaction.

An evaluation asked before the cutoff goes, with its findings, the responses to them, and
the tactic, episode and suspect rows it last wrote. A case evaluated again since the cutoff
keeps its current tactics, episodes and suspects (the newer evaluation wrote them).
Ruleset texts are policy, not personal data, and are kept.

Access records (the audit trail, `record.access`) are kept for the retention period itself
(`keep_accesses_days`, DISRUPT_RETENTION_DAYS) even when a purge is asked for a shorter one:
a purge never deletes an access record younger than the retention period. The purge itself
is written to the trail.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, select

from record.access import Access, audit
from record.models import Purged
from record.store import Store
from record.tables import accesses, episodes, evaluations, findings, responses, suspects, tactics_used

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
    store: Store, older_than_days: int, *, now: datetime | None = None, dry_run: bool = False,
    keep_accesses_days: int | None = None, by: Access | None = None,
) -> Purged:
    """Delete everything recorded more than `older_than_days` days before `now`; access
    records only when older than `keep_accesses_days` too (the retention period)."""
    if older_than_days < 1:
        raise ValueError("the retention period is at least one day")
    before = cutoff(older_than_days, now)
    accesses_before = cutoff(max(older_than_days, keep_accesses_days or 0), now)
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
        old_access = accesses.c.at < accesses_before
        if dry_run:
            counts["accesses"] = conn.execute(
                select(func.count()).select_from(accesses).where(old_access)
            ).scalar_one()
        else:
            counts["accesses"] = conn.execute(delete(accesses).where(old_access)).rowcount
            if by is not None:
                audit(conn, replace(by, action="purge", parameters={
                    "older_than_days": older_than_days, "before": before.isoformat(), **counts}))
    return Purged(before=before, **counts)
