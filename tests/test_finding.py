"""The answer's shapes, and building them from the engine's own, already typed values."""

from __future__ import annotations

import re
from typing import Any

import pytest

from engine.finding import Finding, trusted

VALUES: dict[str, Any] = {
    "kind": "recommend",
    "code": "cawn",
    "severity": "high",
    "target": "man",
    "rule": "cawn-found-with-adult",
    "title": "A child under 16 was found with someone who is not their parent or carer",
    "because": "girl was 13 when found with man",
    "legal_basis": ["Child Abduction Act 1984 s.2"],
    "sources": ["IICSA ¶10"],
    "facts": ["ep", "man"],
    "confidence": None,
}


def test_a_trusted_finding_equals_a_validated_one_and_serialises_the_same() -> None:
    made = trusted(Finding, **VALUES)
    assert made == Finding(**VALUES)
    assert made.model_dump_json() == Finding(**VALUES).model_dump_json()
    assert made.model_fields_set == set(VALUES)


def test_a_trusted_finding_refuses_an_unexpected_field() -> None:
    with pytest.raises(TypeError, match=re.escape("unexpected ['extra']")):
        trusted(Finding, **VALUES, extra=1)


def test_a_trusted_finding_refuses_a_missing_field() -> None:
    values = {k: v for k, v in VALUES.items() if k != "because"}
    with pytest.raises(TypeError, match=re.escape("missing ['because']")):
        trusted(Finding, **values)
