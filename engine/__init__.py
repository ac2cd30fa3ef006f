"""Disruption Advisor's engine: case model, rule language, evaluation with explanations."""

from __future__ import annotations

import os
from pathlib import Path

from engine.case import Case, case_from_data, case_from_text, load_case
from engine.errors import (
    CaseError,
    DisruptionError,
    EvaluationError,
    InputError,
    Problem,
    RulesetError,
)
from engine.evaluate import Engine
from engine.finding import Answer, Finding, RulesetRef, Unknown
from engine.ruleset import Ruleset, load_ruleset, ruleset_from_texts

__all__ = [
    "Answer",
    "Case",
    "CaseError",
    "DisruptionError",
    "Engine",
    "EvaluationError",
    "Finding",
    "InputError",
    "Problem",
    "Ruleset",
    "RulesetError",
    "RulesetRef",
    "Unknown",
    "case_from_data",
    "case_from_text",
    "default_ruleset_dir",
    "load_case",
    "load_engine",
    "load_ruleset",
    "ruleset_from_texts",
]

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def default_ruleset_dir() -> Path:
    """$DISRUPT_RULESET, else ./rulesets/disruption, else the one shipped beside the engine."""
    configured = os.environ.get("DISRUPT_RULESET")
    if configured:
        return Path(configured)
    local = Path("rulesets/disruption")
    if local.is_dir():
        return local
    return PROJECT_ROOT / "rulesets" / "disruption"


def load_engine(folder: Path | None = None) -> Engine:
    return Engine(load_ruleset(folder or default_ruleset_dir()))
