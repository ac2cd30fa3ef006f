"""The workspace's templates: one Jinja2 environment, autoescaping everything.

`offline_page` renders the case page as one self-contained HTML file (its stylesheet inline, no
forms, no script): what `disrupt evaluate --format html` writes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from engine.briefing import KIND_HEADINGS, brief, day, tactic_label, value_words
from engine.finding import Answer
from engine.ruleset import Ruleset
from policy_handbook.handbook import slug

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
SEVERITY_WORDS = {"critical": "Critical", "high": "High", "medium": "Medium", "low": "Low"}


def para_anchor(source: str) -> str:
    """The handbook's anchor for a cited paragraph ('…I.2 ¶20' → 'para-20')."""
    paragraph = source.rsplit(" ", 1)[-1]
    return f"para-{slug(paragraph)}"


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,  # every template, whatever its name: a case's text is never markup
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["day"] = day
    env.filters["para_anchor"] = para_anchor
    env.filters["zip_words"] = lambda values, attribute: [(v, value_words(attribute, v)) for v in values]
    env.globals["tactics"] = lambda ruleset: sorted(
        ((code, f"{t.name} ({code})") for code, t in ruleset.tactics.items()), key=lambda pair: pair[1]
    )
    env.globals.update(
        KIND_HEADINGS=KIND_HEADINGS, SEVERITY_WORDS=SEVERITY_WORDS, value_words=value_words,
        tactic_label=tactic_label,
    )
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


def stylesheet() -> str:
    return (STATIC / "workspace.css").read_text(encoding="utf-8")


def offline_page(answers: Sequence[Answer], ruleset: Ruleset, cases: Sequence[Mapping[str, Any]]) -> str:
    """The case page for each answer, as one file that needs nothing else to open or print."""
    briefings = [brief(a, ruleset, c) for a, c in zip(answers, cases, strict=True)]
    return render(
        "offline.html", you=None, briefings=briefings, css=stylesheet(), handbook="handbook/index.html",
        ruleset=ruleset,
    )
