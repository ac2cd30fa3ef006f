"""The impact report as text (for a terminal or a pull request), JSON (the model's own), CSV
(one line per rule that changed) or one self-contained HTML page (no scripts, no network)."""

from __future__ import annotations

import csv
import html
import io
import json

from impact.models import Example, ImpactReport, KindCounts, RuleImpact

FORMATS = ("text", "json", "csv", "html")


def _short(sha256: str) -> str:
    return sha256[:12]


def _value(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def _counts(counts: list[KindCounts]) -> str:
    return ", ".join(f"{c.kind} {c.current}→{c.proposed} ({c.difference:+d})" for c in counts) or "none"


def _example_line(change: str, e: Example) -> str:
    where = f"{e.case_id}" + (f" ({e.force})" if e.force else "")
    if change == "changed" and e.before is not None:
        parts = []
        if "severity" in e.fields:
            parts.append(f"severity {e.before.severity}→{e.severity}")
        if "target" in e.fields:
            parts.append(f"target {e.before.target}→{e.target}")
        if "because" in e.fields:
            parts.append(f"because: was “{e.before.because}”, now “{e.because}”")
        return f"      ~ {where} {e.target}: " + "; ".join(parts)
    sign = "+" if change == "added" else "-"
    return f"      {sign} {where} {e.target} [{e.severity}]: {e.because}"


def rule_lines(rule: RuleImpact) -> list[str]:
    status = (
        ""
        if rule.in_current and rule.in_proposed
        else (" (new rule)" if rule.in_proposed else " (rule removed)")
    )
    lines = [
        f"  {rule.rule}{status} [{rule.kind} {rule.code}]: +{rule.added} added, -{rule.removed} removed, "
        f"~{rule.changed} changed ({rule.current_findings}→{rule.proposed_findings} findings)"
    ]
    for change, examples in (
        ("added", rule.added_examples),
        ("removed", rule.removed_examples),
        ("changed", rule.changed_examples),
    ):
        lines += [_example_line(change, e) for e in examples]
    return lines


def as_text(report: ImpactReport) -> str:
    cur, prop = report.current.ruleset, report.proposed.ruleset
    scope = report.scope
    lines = [
        f"Impact of ruleset {prop.name} {prop.version} (sha256 {_short(prop.sha256)}) against "
        f"{cur.name} {cur.version} (sha256 {_short(cur.sha256)})",
        f"Corpus: {report.cases} case(s) from "
        + ("the decision record" if scope.against == "record" else f"{scope.files} case file(s)")
        + (f", force {scope.force}" if scope.force else "")
        + (f", evaluated since {scope.since}" if scope.since else ""),
    ]
    if report.parameters:
        lines.append("\nParameters")
        for p in report.parameters:
            lines.append(f"  {p.name}: {p.change} {_value(p.before)} → {_value(p.after)}")
    if report.unchanged:
        lines.append("\nNo change: every case gives the same findings under both rulesets.")
    else:
        lines.append(f"\n{report.cases_changed} of {report.cases} case(s) change. Per rule:")
        for rule in report.rules:
            lines += rule_lines(rule)
    if report.tactics:
        lines.append("\nPer tactic or code")
        lines += [f"  {t.code}: {_counts(t.counts)}" for t in report.tactics]
    if report.forces and not report.unchanged:
        lines.append("\nPer force")
        lines += [f"  {f.force or '(none)'} ({f.cases} cases): {_counts(f.counts)}" for f in report.forces]
    if report.unevaluable_cases:
        lines.append(f"\nCases a ruleset refused ({report.unevaluable_cases}; not compared)")
        lines += [f"  {u.case_id} ({u.side}): {u.problem}" for u in report.unevaluable]
    if report.dead_rules:
        lines.append(
            f"\nRules that produced no finding on any case under either ruleset ({len(report.dead_rules)})"
        )
        lines.append("  " + ", ".join(report.dead_rules))
    if report.declined:
        lines.append("\nRules officers declined most")
        for d in report.declined:
            share = f"{d.declined_share:.0%}" if d.declined_share is not None else "n/a"
            reasons = f"; reasons: {'; '.join(d.decline_reasons)}" if d.decline_reasons else ""
            lines.append(f"  {d.rule}: {d.declined} of {d.answered} answered declined ({share}){reasons}")
    return "\n".join(lines) + "\n"


CSV_FIELDS = (
    "rule",
    "kind",
    "code",
    "in_current",
    "in_proposed",
    "current_findings",
    "proposed_findings",
    "added",
    "removed",
    "changed",
)


def as_csv(report: ImpactReport) -> str:
    """One line per rule with any change (the per-rule table of the JSON report)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for rule in report.rules:
        data = rule.model_dump(mode="json")
        writer.writerow(data[f] for f in CSV_FIELDS)
    return out.getvalue()


def as_json(report: ImpactReport) -> str:
    return report.model_dump_json(indent=2) + "\n"


_CSS = (
    "body{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:70em;padding:0 1em}"
    "table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #bbb;padding:.25em .5em;"
    "text-align:left;vertical-align:top}.add{color:#075}.rem{color:#a10}code{font-size:90%}"
)


def as_html(report: ImpactReport) -> str:
    e = html.escape
    cur, prop = report.current.ruleset, report.proposed.ruleset
    parts = [
        "<!doctype html><html lang=en><meta charset=utf-8>",
        f"<title>Impact of ruleset {e(prop.version)}</title><style>{_CSS}</style>",
        f"<h1>Impact of ruleset {e(prop.name)} {e(prop.version)}</h1>",
        f"<p>Proposed sha256 <code>{e(prop.sha256)}</code>; current {e(cur.version)} sha256 "
        f"<code>{e(cur.sha256)}</code>. {report.cases_changed} of {report.cases} case(s) change.</p>",
    ]
    if report.parameters:
        parts.append("<h2>Parameters</h2><table><tr><th>name<th>change<th>current<th>proposed")
        parts += [
            f"<tr><td>{e(p.name)}<td>{p.change}<td>{e(_value(p.before))}<td>{e(_value(p.after))}"
            for p in report.parameters
        ]
        parts.append("</table>")
    parts.append("<h2>Per rule</h2>")
    if not report.rules:
        parts.append("<p>No change.</p>")
    for rule in report.rules:
        parts.append(
            f"<h3>{e(rule.rule)} <small>{rule.kind} {e(rule.code)}</small></h3>"
            f"<p><span class=add>+{rule.added}</span> <span class=rem>-{rule.removed}</span> "
            f"~{rule.changed}; findings {rule.current_findings} → {rule.proposed_findings}</p><ul>"
        )
        for change, examples in (
            ("added", rule.added_examples),
            ("removed", rule.removed_examples),
            ("changed", rule.changed_examples),
        ):
            parts += [f"<li>{e(_example_line(change, x).strip())}" for x in examples]
        parts.append("</ul>")
    for title, rows in (
        ("Per tactic or code", [(t.code, t.counts) for t in report.tactics]),
        ("Per force", [(f.force or "(none)", f.counts) for f in report.forces]),
    ):
        parts.append(f"<h2>{title}</h2><table><tr><th><th>kind<th>current<th>proposed<th>difference")
        for name, counts in rows:
            parts += [
                f"<tr><td>{e(name)}<td>{c.kind}<td>{c.current}<td>{c.proposed}<td>{c.difference:+d}"
                for c in counts
            ]
        parts.append("</table>")
    parts.append(
        f"<h2>Dead rules ({len(report.dead_rules)})</h2><p>"
        + e(", ".join(report.dead_rules) or "none")
        + "</p>"
    )
    if report.declined:
        parts.append("<h2>Declined most</h2><table><tr><th>rule<th>declined<th>answered<th>reasons")
        parts += [
            f"<tr><td>{e(d.rule)}<td>{d.declined}<td>{d.answered}<td>{e('; '.join(d.decline_reasons))}"
            for d in report.declined
        ]
        parts.append("</table>")
    return "\n".join(parts) + "\n</html>\n"


RENDER = {"text": as_text, "json": as_json, "csv": as_csv, "html": as_html}
