"""What the `disrupt` command line and the packages below it share, owned here so that `api` and
`record` need not import the command line (which imports them).

- exit statuses: 0 ok; 1 a check found problems (`validate`); 2 bad input;
- `ruleset_dir`: the folder a `--ruleset DIR` option names, else the default ruleset;
- `optional_module`: a part of the product whose extra (`api`, `record`) may not be installed.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

from engine import default_ruleset_dir

EXIT_OK, EXIT_PROBLEMS, EXIT_BAD_INPUT = 0, 1, 2
OWN_PACKAGES = frozenset({"engine", "api", "record", "policy_handbook", "disrupt", "impact"})


def is_missing_extra(error: ModuleNotFoundError) -> bool:
    """True when the missing module is a third-party package (an extra left out of the install);
    one of our own modules missing is a fault, never a part to do without."""
    return (error.name or "").split(".")[0] not in OWN_PACKAGES


def optional_module(name: str) -> ModuleType | None:
    """The module, or None when a package it needs is not installed: a part of the product
    whose extra (`api`, `record`) was left out. One of our own modules missing is a fault."""
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if not is_missing_extra(exc):
            raise
        return None


def ruleset_dir(value: str | None) -> Path:
    return Path(value) if value else default_ruleset_dir()
