"""Shared helpers for the API tests: a served app with one key per role, and case builders."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.app import create_app
from api.keys import ROLES, KeyStore
from api.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
RULESET_DIR = ROOT / "rulesets" / "disruption"


@dataclass
class Served:
    app: FastAPI
    client: TestClient
    keys: dict[str, str]
    ruleset_dir: Path
    data_dir: Path

    def auth(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.keys[role]}"}


@contextmanager
def served(tmp: Path, **settings: Any) -> Iterator[Served]:
    """The app, started (workers and all), with a copy of the shipped ruleset and a key per role."""
    ruleset_dir = tmp / "ruleset"
    shutil.copytree(RULESET_DIR, ruleset_dir)
    data_dir = tmp / "data"
    store = KeyStore.in_data_dir(data_dir)
    keys = {role: store.add(f"test-{role}", role, all_forces=True) for role in ROLES}
    options: dict[str, Any] = {"workers": 2, "eval_timeout": 20.0, **settings}
    app = create_app(Settings(data_dir=data_dir, ruleset_dir=ruleset_dir, **options))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield Served(app, client, keys, ruleset_dir, data_dir)


def case_json(case_id: str = "CASE-T", prefix: str = "", *, tactic: str | None = None) -> dict[str, Any]:
    """A small valid case whose every id starts with `prefix`."""
    p = prefix
    data: dict[str, Any] = {
        "case": {"id": case_id, "force": "durham", "as_of": "2020-06-30"},
        "people": [
            {"id": f"{p}child-a", "role": "child", "victim": True, "age": 13, "legal_status": "care_order"},
            {"id": f"{p}adult-1", "role": "suspect", "age": 24, "flags": ["cse_flag"]},
        ],
        "locations": [{"id": f"{p}loc-1", "kind": "hotel", "linked_people": [f"{p}adult-1"]}],
        "events": [
            {
                "id": f"{p}ev-1",
                "type": "missing_episode",
                "child": f"{p}child-a",
                "date": "2020-03-02",
                "found_with": [f"{p}adult-1"],
                "found_at": f"{p}loc-1",
                "asked_where": False,
                "asked_with_whom": False,
            },
            {
                "id": f"{p}ev-2",
                "type": "sexual_offence",
                "victim": f"{p}child-a",
                "suspect": f"{p}adult-1",
                "date": "2020-02-20",
                "penetrative": True,
                "investigation": "closed_evidential_difficulties",
            },
        ],
        "actions": [],
    }
    if tactic is not None:
        data["actions"] = [
            {"id": f"{p}act-1", "tactic": tactic, "target": f"{p}adult-1", "status": "proposed"}
        ]
    return data
