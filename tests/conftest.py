"""Shared fixtures: the shipped ruleset, one engine per test session, and a case builder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from engine import Engine, load_ruleset
from engine.ruleset import Ruleset

ROOT = Path(__file__).resolve().parent.parent
RULESET_DIR = ROOT / "rulesets" / "disruption"
EXAMPLES_DIR = ROOT / "examples"


@pytest.fixture(scope="session")
def ruleset() -> Ruleset:
    return load_ruleset(RULESET_DIR)


@pytest.fixture(scope="session")
def engine(ruleset: Ruleset) -> Iterator[Engine]:
    eng = Engine(ruleset)
    yield eng
    eng.close()


def case_data(
    *,
    people: list[dict[str, Any]] | None = None,
    events: list[dict[str, Any]] | None = None,
    actions: list[dict[str, Any]] | None = None,
    locations: list[dict[str, Any]] | None = None,
    as_of: str = "2020-06-30",
    case_id: str = "CASE-T",
) -> dict[str, Any]:
    """A case as an officer's system would send it (JSON-shaped data)."""
    return {
        "case": {"id": case_id, "force": "durham", "as_of": as_of},
        "people": people or [],
        "locations": locations or [],
        "events": events or [],
        "actions": actions or [],
    }


HEADER = """
ruleset:
  name: test
  version: "1"
  source: "Inquiry"
parameters:
  limit: {value: 16, description: an age limit}
  delay: {value: 7, unit: days, description: a delay}
  start: {value: 2004-05-01, description: a date}
  # read by the shipped catalogue's statutory tests (an SRO, a closure order, a hotel notice):
  sro_similar_allegations: {value: 2, description: similar allegations that make an SRO candidate}
  soa_2003_commencement: {value: 2004-05-01, description: the Sexual Offences Act 2003 in force}
  closure_use_months: {value: 3, description: months of recent use for a closure order}
  s49_time_limit_months: {value: 6, description: months to start a summary-only s.49 prosecution}
"""


def ruleset_texts(rules_yaml: str, header: str = HEADER) -> dict[str, str]:
    """A ruleset folder's files: a header, the shipped catalogue, and the given rules."""
    catalogue = (RULESET_DIR / "catalogue.yaml").read_text(encoding="utf-8")
    return {"ruleset.yaml": header, "catalogue.yaml": catalogue, "rules.yaml": rules_yaml}
