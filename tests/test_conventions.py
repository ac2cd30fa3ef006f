"""What the command line and the packages below it share (engine/conventions.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from engine import default_ruleset_dir
from engine.conventions import is_missing_extra, optional_module, ruleset_dir


def test_a_part_whose_third_party_package_is_missing_is_left_out(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "sqlalchemy", None)  # as if installed without the `record` extra
    monkeypatch.delitem(sys.modules, "record.store", raising=False)
    assert optional_module("record.store") is None


def test_one_of_our_own_modules_missing_is_a_fault_not_a_missing_extra() -> None:
    with pytest.raises(ModuleNotFoundError):
        optional_module("record.no_such_module")
    assert not is_missing_extra(ModuleNotFoundError(name="policy_handbook.nothing"))
    assert is_missing_extra(ModuleNotFoundError(name="fastapi.routing"))


def test_the_ruleset_option_names_a_folder_or_falls_back_to_the_default() -> None:
    assert ruleset_dir("rulesets/other") == Path("rulesets/other")
    assert ruleset_dir(None) == default_ruleset_dir()
