"""The policy handbook for the rules being served, so a finding's ¶ links to its paragraph.

The scenarios are read from the `features` folder beside the ruleset's repository when it is
there (a source checkout); without it the handbook shows the rules and paragraphs alone.
"""

from __future__ import annotations

from pathlib import Path

from engine.ruleset import Ruleset
from policy_handbook.gherkin import load_features
from policy_handbook.handbook import build_handbook
from policy_handbook.page import render_handbook

FEATURES = Path(__file__).resolve().parents[2] / "features"


_PAGES: dict[str, str] = {}


def served_handbook(ruleset: Ruleset) -> str:
    """The handbook page for `ruleset`, built once per ruleset served."""
    page = _PAGES.get(ruleset.sha256)
    if page is None:
        features = load_features(FEATURES) if FEATURES.is_dir() else []
        page = render_handbook(build_handbook(ruleset, features))
        _PAGES.clear()  # only the ruleset being served is asked for
        _PAGES[ruleset.sha256] = page
    return page
