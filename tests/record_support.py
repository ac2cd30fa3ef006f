"""Shared helpers for the decision record's tests: stores on SQLite and PostgreSQL, a small
fixed ruleset (so the record's tests do not move when the shipped rules do), and cases.

PostgreSQL: set DISRUPT_TEST_POSTGRES_URL (.ci/run sets it to the local server). Each store
gets its own schema, dropped afterwards. Without the variable, or without a server, the
PostgreSQL variants skip and say why.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from engine.case import case_from_data
from engine.evaluate import Engine
from engine.finding import Answer
from engine.ruleset import Ruleset, ruleset_from_texts
from record.store import Store

POSTGRES_ENV = "DISRUPT_TEST_POSTGRES_URL"


def _postgres_unavailable() -> str | None:
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        return f"PostgreSQL tests need {POSTGRES_ENV} (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test)"
    try:
        engine = create_engine(url, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as exc:
        return f"PostgreSQL at {make_url(url).render_as_string(hide_password=True)} is unreachable: " + (
            type(exc).__name__
        )
    return None


POSTGRES_SKIP = _postgres_unavailable()
BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param(
        "postgresql",
        id="postgresql",
        marks=pytest.mark.skipif(POSTGRES_SKIP is not None, reason=POSTGRES_SKIP or ""),
    ),
]


@contextmanager
def store_url(backend: str, tmp: Path) -> Iterator[str]:
    """A fresh, empty store's URL; a PostgreSQL schema of its own, dropped afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp / 'data' / 'record.sqlite3'}"
        return
    base = os.environ[POSTGRES_ENV]
    schema = f"record_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in base else "?"
    try:
        yield f"{base}{separator}options={quote(f'-csearch_path={schema}')}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@contextmanager
def fresh_store(backend: str, tmp: Path) -> Iterator[Store]:
    with store_url(backend, tmp) as url:
        store = Store(url)
        try:
            yield store
        finally:
            store.close()


# -- a small fixed ruleset --------------------------------------------------------------------
HEADER = """
ruleset:
  name: record_test
  version: "{version}"
  source: "IICSA CSE networks report I.2"
parameters:
  review_interval_days: {{value: 365, unit: days, description: how often suspects are reviewed}}
"""

CATALOGUE = """
tactics:
  cawn:
    name: Child Abduction Warning Notice
    aimed_at: person
    restrictive: true
    intrusiveness: 3
    legal_basis: ["fictional"]
  cse_flag:
    name: CSE flag
    aimed_at: person
    restrictive: false
    intrusiveness: 1
    legal_basis: ["fictional"]
  sro:
    name: Sexual Risk Order
    aimed_at: person
    restrictive: true
    intrusiveness: 6
    legal_basis: ["fictional"]
  return_interview:
    name: Return-home interview
    aimed_at: child
    restrictive: false
    intrusiveness: 0
    legal_basis: ["fictional"]
codes:
  child_target_unconfirmed: {kind: warn, title: A child whose victim status is not recorded is targeted}
  victim_targeted:
    kind: warn
    title: A restrictive tactic is aimed at a child victim
  annual_perpetrator_review:
    kind: gap
    title: A suspect's risk has not been reviewed for over a year
"""

CAWN_RULE = """
  - id: cawn-found-with-adult
    title: A child under 16 was found with an adult
    kind: recommend
    code: cawn
    severity: {severity}
    target: adult
    when:
      - fact: missing_episode
        as: episode
        where:
          - episode.child_age < 16
      - fact: person
        as: adult
        where:
          - adult.id in episode.found_with
          - adult.role in [suspect, associate]
    unless:
      - fact: action
        as: served
        where:
          - served.tactic == cawn
          - served.target == adult.id
    because: "{{episode.child}} was found with {{adult}} on {{episode.date}}"
    sources: ["¶21"]
"""

REVIEW_RULE = """
  - id: annual-review
    title: A suspect's last review is over a year old
    kind: gap
    code: annual_perpetrator_review
    severity: medium
    target: suspect
    when:
      - fact: person
        as: suspect
        where:
          - suspect.role == suspect
          - suspect.days_since_review > $review_interval_days
    because: "{suspect} was last reviewed {suspect.days_since_review} days ago"
    sources: ["¶16"]
"""

RETURN_RULE = """
  - id: return-interview
    title: Where the child had been was not established
    kind: gap
    code: return_interview
    severity: medium
    target: episode
    when:
      - fact: missing_episode
        as: episode
        where:
          - episode.asked_where == false
    because: "after the missing episode of {episode.date} no one asked where {episode.child} had been"
    sources: ["¶21"]
"""


def ruleset_files(version: str = "1", *, cawn_severity: str = "high", returns: bool = True) -> dict[str, str]:
    rules = CAWN_RULE.format(severity=cawn_severity) + REVIEW_RULE + (RETURN_RULE if returns else "")
    return {
        "ruleset.yaml": HEADER.format(version=version),
        "catalogue.yaml": CATALOGUE,
        "rules/rules.yaml": "rules:" + rules,
    }


def build_ruleset(version: str = "1", **options: Any) -> Ruleset:
    return ruleset_from_texts(ruleset_files(version, **options))


def write_ruleset(folder: Path, files: dict[str, str]) -> Path:
    for name, body in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")
    return folder


# -- cases ------------------------------------------------------------------------------------
def make_case(
    case_id: str = "CASE-R1",
    *,
    force: str = "durham",
    as_of: str = "2020-06-30",
    episodes: list[tuple[str, str, list[str]]] | None = None,
    actions: list[dict[str, Any]] | None = None,
    last_reviewed: str | None = "2018-01-10",
) -> dict[str, Any]:
    """A case: a child of 14, suspect adult-1, associate adult-2; episodes as (id, date, found_with)."""
    suspect: dict[str, Any] = {"id": "adult-1", "role": "suspect", "age": 30}
    if last_reviewed is not None:
        suspect["last_reviewed"] = last_reviewed
    episodes = [("ev-1", "2019-10-02", ["adult-1"])] if episodes is None else episodes
    return {
        "case": {"id": case_id, "force": force, "as_of": as_of},
        "people": [
            {"id": "child-a", "role": "child", "victim": True, "age": 14},
            suspect,
            {"id": "adult-2", "role": "associate", "age": 25},
        ],
        "events": [
            {
                "id": eid,
                "type": "missing_episode",
                "child": "child-a",
                "date": day,
                "found_with": found,
                "asked_where": False,
            }
            for eid, day, found in episodes
        ],
        "actions": actions or [],
    }


def answer(engine: Engine, case: dict[str, Any]) -> Answer:
    return engine.evaluate(case_from_data(case))
