"""Drawing the policy handbook as one self-contained HTML page (inline CSS, no scripts, no links out).

Every piece of text from the ruleset or the feature files passes through `esc`; the only
markup is written here. The style sheet is handbook.css beside this module, inlined into the page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import escape
from importlib import resources
from pathlib import Path

from engine.guard import CODE as GUARD_CODE
from engine.guard import GUARD_RULE, aimed_at_people
from engine.typecheck import CheckedRule
from policy_handbook.cucumber import STATUS_LABELS, ScenarioStatus
from policy_handbook.gherkin import Step
from policy_handbook.handbook import DocumentedScenario, Handbook, slug
from policy_handbook.rule_words import Clause, Line, RuleReader, parameters_used

KIND_LABELS = {"recommend": "Recommend", "warn": "Warning", "gap": "Gap", "guard": "Engine safeguard"}
KIND_MEANING = {
    "recommend": "a tactic to consider against an adult who poses a risk, or a place they use, "
    "or a measure that protects the child",
    "warn": "an action in the case that is harmful or misapplied",
    "gap": "a missed opportunity or a duty not met",
}
STATUS_ICONS = {"passed": "✓", "failed": "✗", "skipped": "–", "partly run": "◐", "not run": "○"}
STATUS_MEANING = {
    "passed": "the scenario ran in the latest test run and the engine behaved as it describes",
    "failed": "the scenario ran and the engine did not behave as it describes: the rule or the "
    "scenario needs attention",
    "partly run": "some of its examples ran and passed; the others did not run",
    "skipped": "the scenario was found but skipped",
    "not run": "no result for it in the latest test run (run the scenarios, then rebuild the handbook)",
}
CONFIDENCE_KEY = "◐ from secondary sources: confirm with legal services · ✘ not verified"
NONE_STATED = '<span class="none">none stated</span>'
UNUSED = '<span class="none">not used by any rule yet</span>'
NO_RULE_YET = '<span class="none">no rule yet</span>'
AIMED_AT = {"person": "an adult who poses a risk", "location": "a place", "child": "the child (protective)"}


def esc(value: object) -> str:
    return escape(str(value), quote=True)


def theme_anchor(theme: str) -> str:
    return "theme-" + slug(theme)


def stylesheet() -> str:
    return resources.files("policy_handbook").joinpath("handbook.css").read_text(encoding="utf-8")


def ident(name: str) -> str:
    """An identifier in code type, allowed to break after _ and - rather than mid-word."""
    return "<code>" + re.sub(r"([_-])", r"\1<wbr>", esc(name)) + "</code>"


def badge(text: str, css: str) -> str:
    return f'<span class="badge {css}">{esc(text)}</span>'


def kind_badge(kind: str) -> str:
    return badge(KIND_LABELS[kind], f"kind-badge-{kind}")


def severity_badge(severity: str) -> str:
    return badge(f"{severity} severity", f"sev-{severity}")


def status_badge(status: ScenarioStatus) -> str:
    icon = STATUS_ICONS[status.status]
    css = f"status status-{slug(status.status)}"
    return f'<span class="badge {css}">{icon} {esc(status.label)}</span>'


def status_label(status: str, count: int | None = None) -> str:
    """A status badge for the key or a summary: '✓ Passed', '✓ 3 passed'."""
    label = STATUS_LABELS[status] if count is None else f"{count} {STATUS_LABELS[status].lower()}"
    return f'<span class="badge status status-{slug(status)}">{STATUS_ICONS[status]} {esc(label)}</span>'


def rule_link(rule_id: str) -> str:
    return f'<a href="#rule-{esc(rule_id)}">{ident(rule_id)}</a>'


def para_link(source: str, known: Iterable[str]) -> str:
    if source in known:
        return f'<a class="para" href="#para-{esc(slug(source))}">{esc(source)}</a>'
    return f'<span class="para">{esc(source)}</span>'


def join(items: Iterable[str], empty: str = '<span class="none">none</span>') -> str:
    items = list(items)
    return ", ".join(items) if items else empty


class HandbookPage:
    def __init__(self, handbook: Handbook) -> None:
        self.hb = handbook
        self.rs = handbook.ruleset
        self.reader = RuleReader(self.rs)

    # -- the page -----------------------------------------------------------------------
    def render(self) -> str:
        title = f"Policy handbook: {self.rs.name} {self.rs.version}"
        return "\n".join(
            [
                "<!DOCTYPE html>",
                '<html lang="en-GB">',
                "<head>",
                '<meta charset="utf-8">',
                '<meta name="viewport" content="width=device-width, initial-scale=1">',
                f'<meta name="generator" content="disrupt docs; ruleset sha256 {esc(self.rs.sha256)}">',
                f"<title>{esc(title)}</title>",
                f"<style>\n{stylesheet()}\n</style>",
                "</head>",
                "<body>",
                '<a class="skip" href="#main">Skip to the handbook</a>',
                self.masthead(),
                '<div class="layout">',
                self.contents(),
                '<main id="main">',
                self.how_to_read(),
                self.guard_section(),
                *(self.theme_section(theme, rules) for theme, rules in self.hb.themes().items()),
                self.parameters_section(),
                self.catalogue_section(),
                self.paragraphs_section(),
                self.coverage_section(),
                self.footer(),
                "</main>",
                "</div>",
                "</body>",
                "</html>",
                "",
            ]
        )

    def masthead(self) -> str:
        h = self.rs.header
        counts = self.hb.status_counts()
        total = len(self.hb.scenarios)
        if self.hb.run.source is None:
            run = "No test results found: every scenario shows as not run."
        else:
            when = f", written {self.hb.run_time:%d %B %Y %H:%M} UTC" if self.hb.run_time else ""
            run = (
                f"{counts.get('passed', 0)} of {total} scenarios passed, {counts.get('failed', 0)} failed "
                f"(from <code>{esc(self.hb.run.source)}</code>{esc(when)})"
            )
        description = f'<p class="intro">{esc(h.description)}</p>' if h.description else ""
        return f"""<header class="masthead">
<div class="masthead-inner">
<p class="kicker">Disruption Advisor · policy handbook</p>
<h1>How the {esc(h.name)} ruleset advises</h1>
{description}
<dl>
<div><dt>Ruleset</dt><dd>{esc(h.name)}, version {esc(h.version)}</dd></div>
<div><dt>Source document</dt><dd>{esc(h.source)}</dd></div>
<div><dt>Contents</dt><dd>{len(self.rs.rules)} rules, {len(self.rs.tactics)} tactics,
{len(self.rs.parameters)} settings, {total} scenarios</dd></div>
<div><dt>Latest test run</dt><dd>{run}</dd></div>
<div class="wide"><dt>Fingerprint (sha256) of the rule files</dt>
<dd><code>{esc(self.rs.sha256)}</code></dd></div>
</dl>
</div>
</header>"""

    def contents(self) -> str:
        themes = "".join(
            f'<li><a href="#{theme_anchor(theme)}">{esc(theme)} '
            f'<span class="count">{len(rules)}</span></a></li>'
            for theme, rules in self.hb.themes().items()
        )
        return f"""<nav class="toc" aria-label="Contents">
<h2>Contents</h2>
<ol>
<li><a href="#how-to-read">How to read this handbook</a></li>
<li><a href="#victim-guard">Built into the engine: the victim guard</a></li>
<li><span class="toc-group">Rules by theme</span><ol>{themes}</ol></li>
<li><a href="#parameters">Settings (parameters)</a></li>
<li><a href="#catalogue">Tactics and finding codes</a></li>
<li><a href="#paragraphs">Paragraphs of the inquiry</a></li>
<li><a href="#coverage">What the scenarios do not yet cover</a></li>
</ol>
</nav>"""

    def how_to_read(self) -> str:
        kinds = "".join(
            f"<dt>{kind_badge(k)}</dt><dd>{esc(v.capitalize())}.</dd>" for k, v in KIND_MEANING.items()
        )
        statuses = "".join(
            f"<dt>{status_label(s)}</dt><dd>{esc(m.capitalize())}.</dd>" for s, m in STATUS_MEANING.items()
        )
        return f"""<section class="section" id="how-to-read" aria-labelledby="how-to-read-h">
<h2 id="how-to-read-h">How to read this handbook</h2>
<div class="card">
<p>The advisor checks a case against the rules below. Each rule is written in plain YAML by a
policy lead and cites the paragraphs of the inquiry it comes from. For every rule this handbook shows
what it looks for, what the officer is told, its legal basis and sources, the settings it uses, what
still needs confirming, and the scenarios that show it working, with their result in the latest test
run. The advisor supports the officer's judgement; it does not decide.</p>
<h4>Three kinds of finding</h4>
<dl class="key">{kinds}</dl>
<h4>Scenario results</h4>
<dl class="key">{statuses}</dl>
<h4>To change a rule</h4>
<ol class="steps-to-change">
<li>Edit the rule in its YAML file (each rule below says which file and line).</li>
<li>Run <code>disrupt validate</code>: it names every problem with its file, line and column.</li>
<li>Run the scenarios: <code>pytest --cucumberjson=.reports/cucumber.json</code>.</li>
<li>Rebuild this handbook with <code>disrupt docs handbook/</code> and read the rule again.</li>
</ol>
</div>
</section>"""

    # -- the victim guard ---------------------------------------------------------------
    def guard_section(self) -> str:
        code = self.rs.codes.get(GUARD_CODE)
        guarded = [t for t in self.rs.tactics if aimed_at_people(self.rs, t)]
        tactics = (
            '<ul class="plain columns">'
            + "".join(f"<li>{esc(self.rs.tactics[t].name)}</li>" for t in guarded)
            + "</ul>"
        )
        legal = self.list_items(code.legal_basis if code else [])
        sources = self.sources(code.sources if code else [])
        title = code.title if code else "A restrictive tactic is aimed at a child victim"
        return f"""<section class="section" id="victim-guard" aria-labelledby="victim-guard-h">
<h2 id="victim-guard-h">Built into the engine: the victim guard</h2>
<p class="section-intro">This safeguard is part of the engine itself. No rule can switch it off, and
editing the YAML cannot change it.</p>
<article class="card rule guard" id="rule-{esc(GUARD_RULE)}">
<p class="eyebrow">{kind_badge("guard")} {badge("Warning", "kind-badge-warn")} {severity_badge("critical")}
<code>{esc(GUARD_RULE)}</code></p>
<h3>Disruption tactics are never aimed at a child victim</h3>
<dl class="facts"><dt>Finding code</dt><dd><code>{esc(GUARD_CODE)}</code>: {esc(title)}</dd></dl>
<h4>What it does</h4>
<ul class="plain">
<li>If a rule would recommend a tactic aimed at a person, or any restrictive tactic, against a child who
is a victim, the recommendation is turned into a <strong>critical warning</strong> instead.</li>
<li>If such a tactic is proposed or recorded in the case against a child victim (and not withdrawn),
the advisor raises a critical <code>{esc(GUARD_CODE)}</code> warning.</li>
<li>A child who is themselves a perpetrator is not treated as a child victim by this safeguard (¶25):
restrictive measures may suit younger perpetrators, never victims.</li>
</ul>
<h4>Tactics it guards (aimed at a person, or restrictive)</h4>
{tactics}
<div class="two">
<div><h4>Legal basis</h4>{legal}</div>
<div><h4>Sources</h4>{sources}</div>
</div>
{self.scenarios_block(GUARD_RULE)}
</article>
</section>"""

    # -- themes and rules ---------------------------------------------------------------
    def theme_section(self, theme: str, rules: list[CheckedRule]) -> str:
        anchor = theme_anchor(theme)
        kinds = {k: sum(1 for r in rules if r.rule.kind == k) for k in KIND_LABELS}
        summary = ", ".join(
            f"{n} {KIND_LABELS[k].lower()}{'s' if n != 1 else ''}" for k, n in kinds.items() if n
        )
        cards = "\n".join(self.rule_card(r) for r in rules)
        index = "".join(
            f'<li><a href="#rule-{esc(r.id)}">'
            f'<span class="dot dot-{esc(r.rule.kind)}" aria-hidden="true"></span>{esc(r.rule.title)}</a> '
            f'<span class="kind-word">{esc(KIND_LABELS[r.rule.kind])}</span>{self.tested(r.id)}</li>'
            for r in rules
        )
        return f"""<section class="section" id="{anchor}" aria-labelledby="{anchor}-h">
<h2 id="{anchor}-h">{esc(theme)}</h2>
<p class="section-intro">{len(rules)} rule{"s" if len(rules) != 1 else ""}: {esc(summary)}.</p>
<nav class="card theme-index" aria-label="Rules in {esc(theme)}"><ol>{index}</ol></nav>
{cards}
</section>"""

    def tested(self, rule_id: str) -> str:
        """How a rule's scenarios fared, in a word: for scanning a theme's list."""
        statuses = {d.status.status for d in self.hb.documenting(rule_id)}
        if not statuses:
            return '<span class="tested tested-none">no scenario yet</span>'
        if "failed" in statuses:
            return '<span class="tested tested-failed">✗ failing</span>'
        if statuses == {"passed"}:
            return '<span class="tested tested-passed">✓ passing</span>'
        if statuses == {"not run"}:
            return '<span class="tested tested-none">○ not run</span>'
        return '<span class="tested tested-none">◐ not all run</span>'

    def rule_card(self, checked: CheckedRule) -> str:
        rule = checked.rule
        tactic = self.rs.tactics.get(rule.code)
        code = self.rs.codes.get(rule.code)
        facts = []
        if tactic is not None:
            facts.append(
                f"<dt>Tactic</dt><dd>{esc(tactic.name)} (<code>{esc(rule.code)}</code>), aimed at "
                f"{esc(AIMED_AT[tactic.aimed_at])}</dd>"
            )
        if code is not None:
            facts.append(f"<dt>Finding code</dt><dd><code>{esc(rule.code)}</code>: {esc(code.title)}</dd>")
        facts.append(f"<dt>The finding is about</dt><dd>the {esc(rule.target)}</dd>")
        where = self.hb.location(rule.id)
        if where is not None:
            facts.append(f"<dt>Edit it in</dt><dd><code>{esc(where.file)}</code>, line {where.line}</dd>")
        anchor = f"rule-{esc(rule.id)}"
        css = f"card rule kind-{esc(rule.kind)}"
        return f"""<article class="{css}" id="{anchor}" aria-labelledby="{anchor}-h">
<p class="eyebrow">{kind_badge(rule.kind)} {severity_badge(rule.severity)} <code>{esc(rule.id)}</code></p>
<h3 id="{anchor}-h">{esc(rule.title)}</h3>
<p class="lead">{esc(self.reader.lead(checked))}</p>
<dl class="facts">{"".join(facts)}</dl>
<h4>When it applies</h4>
<p class="hint">In words on the left; as written in the YAML on the right.</p>
{"".join(self.clause(c) for c in self.reader.clauses(checked))}
<h4>What the officer is told</h4>
<blockquote class="because">{self.because(checked)}</blockquote>
<p class="hint">Highlighted names are filled in from the case.</p>
<div class="two">
<div><h4>Legal basis</h4>{self.legal_basis(checked)}</div>
<div><h4>Sources</h4>{self.sources(rule.sources)}</div>
</div>
{self.rule_parameters(checked)}
{self.confidence(checked)}
{self.scenarios_block(rule.id)}
</article>"""

    def clause(self, clause: Clause) -> str:
        css = "clause unless" if clause.section == "unless" else "clause"
        lines = self.lines(clause.lines) if clause.lines else ""
        return f'<p class="{css}">{esc(clause.heading)}</p>{lines}'

    def lines(self, lines: tuple[Line, ...]) -> str:
        items = []
        for line in lines:
            raw = "" if line.parts else f'<code class="raw">{esc(line.raw)}</code>'
            nested = self.lines(line.parts) if line.parts else ""
            items.append(f"<li><span>{esc(line.words)}</span>{raw}{nested}</li>")
        return f'<ul class="conditions">{"".join(items)}</ul>'

    def because(self, checked: CheckedRule) -> str:
        parts = []
        for slot in self.reader.because(checked):
            if slot.filled_from is None:
                parts.append(esc(slot.text))
            elif slot.filled_from.startswith("$"):
                setting = esc(slot.filled_from)
                parts.append(f'<span class="slot" title="setting {setting}">{esc(slot.text)}</span>')
            else:
                parts.append(f'<span class="slot">{esc(slot.text)}</span>')
        text = "".join(parts).strip()
        return f"Because {text}."

    def legal_basis(self, checked: CheckedRule) -> str:
        rule = checked.rule
        if rule.legal_basis:
            return self.list_items(rule.legal_basis)
        entry = self.rs.tactics.get(rule.code) or self.rs.codes.get(rule.code)
        inherited = list(entry.legal_basis) if entry else []
        if not inherited:
            return '<p class="none">None stated.</p>'
        note = f'<p class="hint">From the catalogue entry for <code>{esc(rule.code)}</code>.</p>'
        return self.list_items(inherited) + note

    def list_items(self, items: Iterable[str]) -> str:
        items = list(items)
        if not items:
            return '<p class="none">None stated.</p>'
        return '<ul class="plain">' + "".join(f"<li>{esc(i)}</li>" for i in items) + "</ul>"

    def sources(self, sources: Iterable[str]) -> str:
        items = []
        for source in sources:
            paragraph = self.rs.paragraphs.get(source)
            summary = f": {esc(paragraph.summary)}" if paragraph else ""
            items.append(f"<li>{para_link(source, self.rs.paragraphs)}{summary}</li>")
        if not items:
            return '<p class="none">None stated.</p>'
        return '<ul class="plain">' + "".join(items) + "</ul>"

    def rule_parameters(self, checked: CheckedRule) -> str:
        names = parameters_used(checked)
        if not names:
            return ""
        rows = []
        for name in names:
            p = self.rs.parameters.get(name)
            if p is None:
                continue
            rows.append(
                f'<tr><td><a href="#param-{esc(name)}">{ident(name)}</a></td>'
                f"<td>{esc(self.reader.value(p.value))}{esc(' ' + p.unit) if p.unit else ''}</td>"
                f"<td>{esc(p.description)}</td></tr>"
            )
        return (
            "<h4>Settings it uses</h4>"
            '<div class="table-wrap"><table><thead><tr><th scope="col">Setting</th><th scope="col">Value</th>'
            f'<th scope="col">What it means</th></tr></thead><tbody>{"".join(rows)}</tbody></table></div>'
        )

    def confidence(self, checked: CheckedRule) -> str:
        notes = []
        if checked.rule.confidence:
            notes.append(f"<p>{esc(checked.rule.confidence)}</p>")
        tactic = self.rs.tactics.get(checked.rule.code)
        if tactic is not None and tactic.confidence:
            notes.append(f"<p><strong>About the {esc(tactic.name)}:</strong> {esc(tactic.confidence)}</p>")
        if not notes:
            return ""
        return (
            '<aside class="confidence" aria-label="To confirm"><h4>To confirm before relying on it</h4>'
            + "".join(notes)
            + f'<p class="hint">{esc(CONFIDENCE_KEY)}</p></aside>'
        )

    # -- scenarios ----------------------------------------------------------------------
    def scenarios_block(self, rule_id: str) -> str:
        documented = self.hb.documenting(rule_id)
        if not documented:
            return (
                '<h4>Scenarios that document it</h4><p class="none">No scenario documents this rule yet.</p>'
            )
        counts = {s: sum(1 for d in documented if d.status.status == s) for s in STATUS_LABELS}
        summary = " ".join(status_label(s, n) for s, n in counts.items() if n)
        return (
            f"<h4>Scenarios that document it ({len(documented)})</h4>"
            f'<p class="summary-line">{summary}</p>' + "".join(self.scenario(d, rule_id) for d in documented)
        )

    def scenario(self, documented: DocumentedScenario, rule_id: str) -> str:
        scenario, feature, status = documented.scenario, documented.feature, documented.status
        where = f"{feature.name} · {feature.file}, line {scenario.line}"
        if scenario.rule:
            where += f" · Rule: {scenario.rule}"
        others = [i for i in scenario.rule_ids if i != rule_id]
        also = f'<p class="hint">Also documents {join(rule_link(i) for i in others)}.</p>' if others else ""
        detail = f'<span class="hint">{esc(status.detail)}</span>' if status.detail else ""
        steps = [self.step(s, background=True) for s in scenario.background]
        steps += [self.step(s, background=False) for s in scenario.steps]
        box = " status-failed-box" if status.status == "failed" else ""
        return f"""<div class="scenario{box}">
<div class="scenario-head">{status_badge(status)}
<span class="scenario-name">{esc(scenario.name)}</span> {detail}
<span class="scenario-where">{esc(where)}</span></div>
<ol class="steps">{"".join(steps)}</ol>
{self.examples(documented)}{also}
</div>"""

    def step(self, step: Step, background: bool) -> str:
        text = re.sub(r"&lt;([^&<>]+)&gt;", r"<var>&lt;\1&gt;</var>", esc(step.text))
        extra = ""
        if step.doc_string is not None:
            extra += f"<pre>{esc(step.doc_string)}</pre>"
        if step.table:
            extra += self.table(step.table[0], step.table[1:])
        css = ' class="background"' if background else ""
        return f'<li{css}><span class="kw">{esc(step.keyword)}</span> {text}{extra}</li>'

    def examples(self, documented: DocumentedScenario) -> str:
        blocks = []
        for examples in documented.scenario.examples:
            name = f"<h5>Examples{': ' + esc(examples.name) if examples.name else ''}</h5>"
            blocks.append(f'<div class="examples">{name}{self.table(examples.header, examples.rows)}</div>')
        return "".join(blocks)

    @staticmethod
    def table(header: tuple[str, ...], rows: Iterable[tuple[str, ...]]) -> str:
        head = "".join(f'<th scope="col">{esc(c)}</th>' for c in header)
        body = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>" for row in rows)
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    # -- reference sections -------------------------------------------------------------
    def parameters_section(self) -> str:
        rows = []
        for name, p in self.rs.parameters.items():
            users = [r for r in self.rs.rules if name in parameters_used(r)]
            used = join((rule_link(r.id) for r in users), UNUSED)
            value = esc(self.reader.value(p.value)) + (esc(" " + p.unit) if p.unit else "")
            rows.append(
                f'<tr id="param-{esc(name)}"><td>{ident(name)}</td><td><strong>{value}</strong></td>'
                f'<td>{esc(p.description)}<span class="sub">Sources: '
                f"{join((para_link(s, self.rs.paragraphs) for s in p.sources), 'none stated')}</span></td>"
                f"<td>{used}</td></tr>"
            )
        return f"""<section class="section" id="parameters" aria-labelledby="parameters-h">
<h2 id="parameters-h">Settings (parameters)</h2>
<p class="section-intro">Thresholds the rules share. Change a value in <code>ruleset.yaml</code>
and every rule that uses it follows.</p>
<div class="table-wrap"><table>
<thead><tr><th scope="col">Setting</th><th scope="col">Value</th><th scope="col">What it means</th>
<th scope="col">Used by</th></tr></thead>
<tbody>{"".join(rows)}</tbody></table></div>
</section>"""

    def catalogue_section(self) -> str:
        tactic_rows = []
        for tactic_id, t in self.rs.tactics.items():
            users = join(rule_link(r.id) for r in self.hb.rules_using_code(tactic_id))
            restrictive = "restrictive" if t.restrictive else "not restrictive"
            note = f'<span class="sub">To confirm: {esc(t.confidence)}</span>' if t.confidence else ""
            tactic_rows.append(
                f'<tr id="tactic-{esc(tactic_id)}"><td><strong>{esc(t.name)}</strong>'
                f'<span class="sub">{ident(tactic_id)}</span>'
                f'<span class="sub">Aimed at {esc(AIMED_AT[t.aimed_at])}; {restrictive}; '
                f"intrusiveness {t.intrusiveness} of 10</span></td>"
                f"<td>{'<br>'.join(esc(b) for b in t.legal_basis)}{note}</td>"
                f"<td>{join(para_link(s, self.rs.paragraphs) for s in t.sources)}</td><td>{users}</td></tr>"
            )
        code_rows = []
        for code_id, c in self.rs.codes.items():
            rules = [rule_link(r.id) for r in self.hb.rules_using_code(code_id)]
            if code_id == GUARD_CODE:
                rules.insert(0, rule_link(GUARD_RULE))
            code_rows.append(
                f'<tr id="code-{esc(code_id)}"><td>{kind_badge(c.kind)}'
                f'<span class="sub">{ident(code_id)}</span></td><td>{esc(c.title)}</td>'
                f"<td>{'<br>'.join(esc(b) for b in c.legal_basis) or NONE_STATED}</td>"
                f"<td>{join(para_link(s, self.rs.paragraphs) for s in c.sources)}</td>"
                f"<td>{join(rules)}</td></tr>"
            )
        return f"""<section class="section" id="catalogue" aria-labelledby="catalogue-h">
<h2 id="catalogue-h">Tactics and finding codes</h2>
<p class="section-intro">The catalogue in <code>catalogue.yaml</code>: every tactic a rule may recommend,
ordered as written, and the codes of warnings and gaps that are not tactics. Intrusiveness runs from 0
(least) to 10 and orders the findings.</p>
<h3>Tactics</h3>
<div class="table-wrap"><table>
<thead><tr><th scope="col">Tactic</th><th scope="col">Legal basis</th><th scope="col">Sources</th>
<th scope="col">Rules</th></tr></thead>
<tbody>{"".join(tactic_rows)}</tbody></table></div>
<h3>Warning and gap codes</h3>
<div class="table-wrap"><table>
<thead><tr><th scope="col">Code</th><th scope="col">Meaning</th><th scope="col">Legal basis</th>
<th scope="col">Sources</th><th scope="col">Rules</th></tr></thead>
<tbody>{"".join(code_rows)}</tbody></table></div>
</section>"""

    def paragraphs_section(self) -> str:
        rows = []
        for source, paragraph in self.rs.paragraphs.items():
            rules = join((rule_link(r.id) for r in self.hb.rules_citing(source)), NO_RULE_YET)
            tactics = [
                f'<a href="#tactic-{esc(t)}">{esc(v.name)}</a>'
                for t, v in self.rs.tactics.items()
                if source in v.sources
            ]
            codes = [
                f'<a href="#code-{esc(c)}">{ident(c)}</a>'
                for c, v in self.rs.codes.items()
                if source in v.sources
            ]
            listed = join([*tactics, *codes])
            also = f'<span class="sub">In the catalogue: {listed}</span>' if tactics or codes else ""
            rows.append(
                f'<tr id="para-{esc(slug(source))}"><th scope="row">{esc(source)}</th>'
                f"<td>{esc(paragraph.summary)}{also}</td><td>{rules}</td></tr>"
            )
        return f"""<section class="section" id="paragraphs" aria-labelledby="paragraphs-h">
<h2 id="paragraphs-h">Paragraphs of the inquiry</h2>
<p class="section-intro">What each paragraph of {esc(self.rs.header.source)} found, in our own words,
and the rules that cite it.</p>
<div class="table-wrap"><table>
<thead><tr><th scope="col">¶</th><th scope="col">What it found</th>
<th scope="col">Cited by rules</th></tr></thead>
<tbody>{"".join(rows)}</tbody></table></div>
</section>"""

    def coverage_section(self) -> str:
        undocumented = self.hb.undocumented_rules()
        parts = ["<h4>Rules no scenario documents yet</h4>"]
        parts.append(
            f"<p>{join(rule_link(i) for i in undocumented)}</p>"
            if undocumented
            else "<p>Every rule is documented by at least one scenario.</p>"
        )
        unknown = self.hb.unknown_rule_tags()
        if unknown:
            items = "".join(
                f"<li>{esc(d.scenario.name)} ({esc(d.feature.file)}, line {d.scenario.line}) names "
                f"{esc(', '.join(ids))}</li>"
                for d, ids in unknown
            )
            parts.append(
                "<h4>Scenarios naming a rule the ruleset does not have</h4>"
                '<p class="hint">A rule was renamed or removed: '
                "update the scenario's <code>@rule:</code> tag.</p>"
                f'<ul class="plain">{items}</ul>'
            )
        untagged = self.hb.untagged()
        if untagged:
            items = "".join(
                f"<li>{status_badge(d.status)} {esc(d.scenario.name)} "
                f'<span class="hint">({esc(d.feature.file)}, line {d.scenario.line})</span></li>'
                for d in untagged
            )
            parts.append(
                "<h4>Scenarios not tied to a rule</h4>"
                '<p class="hint">They test the advisor as a whole rather than one rule.</p>'
                f'<ul class="plain">{items}</ul>'
            )
        return f"""<section class="section" id="coverage" aria-labelledby="coverage-h">
<h2 id="coverage-h">What the scenarios do not yet cover</h2>
<div class="card">{"".join(parts)}</div>
</section>"""

    def footer(self) -> str:
        return (
            f"<footer><p>Written by <code>disrupt docs</code> from ruleset {esc(self.rs.name)} "
            f"{esc(self.rs.version)} (sha256 <code>{esc(self.rs.sha256[:16])}…</code>) and "
            f"{len(self.hb.features)} feature files. "
            "All case material in the scenarios is fictional.</p></footer>"
        )


def render_handbook(handbook: Handbook) -> str:
    return HandbookPage(handbook).render()


def write_handbook(handbook: Handbook, out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    page = out_dir / "index.html"
    page.write_text(render_handbook(handbook), encoding="utf-8")
    return page
