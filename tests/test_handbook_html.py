"""The handbook page: everything a policy lead needs per rule, escaped, offline, with scenario results."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from handbook_samples import FEATURE, RULES_YAML, results_json, ruleset_texts

from engine.ruleset import ruleset_from_texts
from policy_handbook.cucumber import read_results
from policy_handbook.gherkin import parse_feature
from policy_handbook.handbook import build_handbook
from policy_handbook.page import render_handbook


class Page(HTMLParser):
    """The page's elements by id, its links and its external references."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.srcs: list[str] = []
        self.tags: set[str] = set()
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            if name == "href" and value is not None:
                self.hrefs.append(value)
            if name == "src" and value is not None:
                self.srcs.append(value)


def render(rules: str = RULES_YAML, with_results: bool = True, tmp_path: Path | None = None) -> str:
    ruleset = ruleset_from_texts(ruleset_texts(rules))
    feature = parse_feature(FEATURE, "features/sample.feature")
    run = None
    if with_results:
        assert tmp_path is not None
        path = tmp_path / "cucumber.json"
        path.write_text(results_json(), encoding="utf-8")
        run = read_results(path)
    return render_handbook(build_handbook(ruleset, [feature], run))


@pytest.fixture
def html(tmp_path: Path) -> str:
    return render(tmp_path=tmp_path)


def scenario_blocks(html: str) -> list[str]:
    return re.split(r'<div class="scenario(?: [a-z-]+)?">', html)[1:]


def scenario_block(html: str, name: str) -> str:
    """The HTML of the first scenario box showing `name`."""
    for block in scenario_blocks(html):
        if f'<span class="scenario-name">{name}</span>' in block:
            return block
    raise AssertionError(f"no scenario box for {name!r}")


def test_header_names_ruleset_version_fingerprint_and_source(html: str) -> None:
    ruleset = ruleset_from_texts(ruleset_texts())
    assert "sample, version 1.0.0" in html
    assert ruleset.sha256 in html
    assert "Sample report" in html


def test_every_rule_has_its_section_under_its_theme(html: str) -> None:
    page = Page(html)
    assert {"rule-cawn-found-with-adult", "rule-report-not-actioned", "rule-victim-guard"} <= page.ids
    assert {"theme-cawns", "theme-other"} <= page.ids  # a rule without a theme goes under Other
    assert html.index('id="theme-cawns"') < html.index('id="rule-cawn-found-with-adult"')
    assert html.index('id="theme-other"') < html.index('id="rule-report-not-actioned"')


def test_a_rule_shows_its_words_lines_explanation_basis_sources_and_settings(html: str) -> None:
    card = html[html.index('id="rule-cawn-found-with-adult"') : html.index('id="theme-other"')]
    assert "Recommends considering a Child Abduction Warning Notice for the adult" in card
    assert "the adult&#x27;s role is suspect or associate" in card
    assert '<code class="raw">adult.role in [suspect, associate]</code>' in card
    assert '<span class="slot">episode.child_age</span>' in card
    assert "Child Abduction Act 1984 s.2" in card
    assert "Children found with adults were not protected." in card  # the ¶1 summary
    assert 'href="#para-1"' in card
    assert 'href="#param-max_age"' in card and "The age under which a CAWN is open" in card
    assert "rules/sample.yaml</code>, line 2" in card


def test_confidence_notes_of_the_tactic_are_highlighted(html: str) -> None:
    card = html[html.index('id="rule-cawn-found-with-adult"') : html.index('id="theme-other"')]
    assert '<aside class="confidence"' in card
    assert "The route for older children is from secondary sources." in card


def test_legal_basis_falls_back_to_the_catalogue(tmp_path: Path) -> None:
    without = RULES_YAML.replace('    legal_basis: ["Child Abduction Act 1984 s.2"]\n', "")
    html = render(without, tmp_path=tmp_path)
    card = html[html.index('id="rule-cawn-found-with-adult"') : html.index('id="theme-other"')]
    assert "From the catalogue entry for <code>cawn</code>" in card


def test_scenarios_show_under_each_rule_they_document_with_their_status(html: str) -> None:
    cawn = html[html.index('id="rule-cawn-found-with-adult"') : html.index('id="theme-other"')]
    assert "A 14-year-old found with an unrelated adult" in cawn
    assert "No CAWN at &lt;age&gt; against a parent" in cawn
    assert "✓ Passed" in scenario_block(html, "A 14-year-old found with an unrelated adult")
    outline = scenario_block(html, "No CAWN at &lt;age&gt; against a parent")
    assert "✗ Failed" in outline and "1 of 2 examples failed" in outline
    assert "<var>&lt;age&gt;</var>" in outline  # outline placeholders stand out in the steps
    assert "○ Not run" in scenario_block(html, "A report never run")
    guard = scenario_block(html, "A CAWN proposed against a child victim")
    assert "✓ Passed" in guard
    assert "<pre>critical: &lt;never&gt; aimed at a child victim</pre>" in guard


def test_each_themes_list_says_how_its_rules_scenarios_fared(html: str) -> None:
    def entry(rule_id: str) -> str:
        start = html.index(f'<li><a href="#rule-{rule_id}">')
        return html[start : html.index("</li>", start)]

    assert "✗ failing" in entry("cawn-found-with-adult")  # one example of its outline failed
    assert "◐ not all run" in entry("report-not-actioned")  # one passed, one never ran


def test_without_results_every_scenario_is_marked_not_run(tmp_path: Path) -> None:
    html = render(with_results=False)
    blocks = scenario_blocks(html)
    assert len(blocks) == 5  # the scenario tagged with an unknown rule shows only under coverage
    assert all("○ Not run" in b and "Passed" not in b and "Failed" not in b for b in blocks)
    assert "No test results found" in html


def test_victim_guard_section_lists_the_tactics_it_guards(html: str) -> None:
    guard = html[html.index('id="victim-guard"') : html.index('id="theme-cawns"')]
    assert "victim_targeted" in guard
    assert "<li>Child Abduction Warning Notice</li>" in guard
    assert "Return-home interview" not in guard  # a protective measure for the child is not guarded


def test_reference_sections_cross_link_rules(html: str) -> None:
    page = Page(html)
    wanted = {"param-max_age", "param-unused_setting", "tactic-cawn", "code-report_not_actioned", "para-1"}
    assert wanted <= page.ids
    params = html[html.index('id="parameters"') : html.index('id="catalogue"')]
    assert "not used by any rule yet" in params
    paragraphs = html[html.index('id="paragraphs"') : html.index('id="coverage"')]
    assert 'href="#rule-report-not-actioned"' in paragraphs


def test_coverage_names_undocumented_rules_and_unknown_rule_tags(tmp_path: Path) -> None:
    html = render(tmp_path=tmp_path)
    coverage = html[html.index('id="coverage"') :]
    assert "a-removed-rule" in coverage
    assert "A scenario naming a rule that was removed" in coverage
    assert "Every rule is documented by at least one scenario." in coverage


def test_every_internal_link_has_a_target(html: str) -> None:
    page = Page(html)
    missing = {h for h in page.hrefs if h.startswith("#") and h[1:] not in page.ids}
    assert not missing


def test_the_page_needs_nothing_from_the_network(html: str) -> None:
    page = Page(html)
    assert all(h.startswith("#") for h in page.hrefs)
    assert not page.srcs
    assert not {"script", "link", "img", "iframe"} & page.tags
    assert not re.search(r"https?://|url\(|@import", html)


def test_all_text_from_the_rules_is_escaped(tmp_path: Path) -> None:
    evil = '<script>alert("x")</script> & <b>bold</b>'
    rules = RULES_YAML.replace(
        "title: A child under 16 was found with an adult who is not their parent",
        f"title: '{evil}'",
    ).replace("theme: CAWNs", "theme: '<i>CAWNs</i>'")
    html = render(rules, tmp_path=tmp_path)
    assert "<script>" not in html and "<b>bold</b>" not in html and "<i>CAWNs</i>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in html
    assert "&lt;i&gt;CAWNs&lt;/i&gt;" in html


def test_the_page_is_printable_and_readable(html: str) -> None:
    assert '<html lang="en-GB">' in html
    assert "@media print" in html
    assert '<main id="main">' in html and '<nav class="toc" aria-label="Contents">' in html
