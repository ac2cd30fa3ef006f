"""Small, stable inputs for the handbook's tests: a ruleset, a feature file and a test run's results.

The shipped ruleset and features change as policy leads work; these do not, so tests of wording,
matching and status can name exact values.
"""

from __future__ import annotations

import json
from typing import Any

RULESET_YAML = """\
ruleset:
  name: sample
  version: 1.0.0
  source: "Sample report"
  description: A ruleset for the handbook's tests.
parameters:
  max_age:
    value: 16
    description: The age under which a CAWN is open through the s.2 route.
    sources: ["¶1"]
  unused_setting:
    value: 3
    unit: days
    description: A setting no rule uses yet.
paragraphs:
  "¶1": {summary: "Children found with adults were not protected."}
  "¶2": {summary: "Reports about children went without action."}
"""

CATALOGUE_YAML = """\
tactics:
  cawn:
    name: Child Abduction Warning Notice
    aimed_at: person
    restrictive: true
    intrusiveness: 3
    legal_basis: ["Child Abduction Act 1984 s.2"]
    confidence: "◐ The route for older children is from secondary sources."
    sources: ["¶1"]
  return_interview:
    name: Return-home interview
    aimed_at: child
    restrictive: false
    intrusiveness: 0
    legal_basis: ["Statutory guidance"]
    sources: ["¶1"]
codes:
  child_target_unconfirmed: {kind: warn, title: A child whose victim status is not recorded is targeted}
  victim_targeted:
    kind: warn
    title: A restrictive tactic is aimed at a child victim
    legal_basis: ["Inquiry finding"]
    sources: ["¶1"]
  report_not_actioned:
    kind: gap
    title: A report about the child has no recorded police action
    sources: ["¶2"]
"""

RULES_YAML = """\
rules:
  - id: cawn-found-with-adult
    theme: CAWNs
    title: A child under 16 was found with an adult who is not their parent
    kind: recommend
    code: cawn
    severity: high
    target: adult
    when:
      - fact: missing_episode
        as: episode
        where:
          - episode.child_age < $max_age
      - fact: person
        as: adult
        where:
          - adult.id in episode.found_with
          - adult.role in [suspect, associate]
          - episode.child not in adult.connected_to
    unless:
      - fact: action
        as: served
        where:
          - served.tactic == cawn
          - served.target == adult.id
    because: >-
      {episode.child} was {episode.child_age} when found with {adult} (under {$max_age})
    legal_basis: ["Child Abduction Act 1984 s.2"]
    sources: ["¶1"]

  - id: report-not-actioned
    title: A report about the child has no recorded police action
    kind: gap
    code: report_not_actioned
    severity: medium
    target: report
    when:
      - fact: report
        where:
          - any:
              - report.police_action == false
              - report.police_action is missing
    because: "the report of {report.date} has no recorded police action"
    sources: ["¶2"]
"""


def ruleset_texts(rules: str = RULES_YAML) -> dict[str, str]:
    """The sample ruleset's files, by path relative to its folder."""
    return {"ruleset.yaml": RULESET_YAML, "catalogue.yaml": CATALOGUE_YAML, "rules/sample.yaml": rules}


FEATURE = """\
# A sample feature file, as the scenario writers write them.
@cawns
Feature: Child Abduction Warning Notices
  CAWNs are aimed at the adults a child is found with.

  Background:
    Given the sample ruleset
    And a case assessed on 2020-06-30

  Rule: A CAWN is recommended when a child under 16 is found with an adult

    @rule:cawn-found-with-adult
    Scenario: A 14-year-old found with an unrelated adult
      Given a child "child-a" aged 14
      And "child-a" was found with "adult-1" on 2020-05-02
      When the case is evaluated
      Then the advisor recommends "cawn" against "adult-1"

    @rule:cawn-found-with-adult
    Scenario Outline: No CAWN at <age> against a parent
      Given a child "child-a" aged <age>
      And "parent-1" is the parent of "child-a"
      When the case is evaluated
      Then the advisor does not recommend "cawn" against "parent-1"

      Examples:
        | age |
        | 13  |
        | 15  |

  @rule:report-not-actioned
  Rule: Reports about a child are acted on

    Scenario: A carer's report with no police action
      Given a report about "child-b" with no police action
      When the case is evaluated
      Then the advisor reports the gap "report_not_actioned"

    Scenario: A report never run
      Given a report about "child-c"
      Then nothing is checked yet

  Rule: The victim guard

    @rule:victim-guard
    Scenario: A CAWN proposed against a child victim
      Given a child victim "child-d" aged 13
      And a CAWN proposed against "child-d"
      When the case is evaluated
      Then the advisor warns "victim_targeted"
      And the warning reads:
        \"\"\"
        critical: <never> aimed at a child victim
        \"\"\"

    @rule:a-removed-rule
    Scenario: A scenario naming a rule that was removed
      Given nothing
"""

FEATURE_NAME = "Child Abduction Warning Notices"


def _result(name: str, line: int, status: str, keyword: str = "Scenario") -> dict[str, Any]:
    return {
        "keyword": keyword,
        "id": f"test_{line}",
        "name": name,
        "line": line,
        "description": "",
        "tags": [],
        "type": "scenario",
        "steps": [
            {"keyword": "Given", "name": "a step", "line": line + 1, "match": {"location": ""},
             "result": {"status": "passed", "duration": 1000}},
            {"keyword": "Then", "name": "a check", "line": line + 2, "match": {"location": ""},
             "result": {"status": status, "duration": 1000}},
        ],
    }


def results_json() -> str:
    """pytest-bdd's cucumber JSON for FEATURE: one pass, one outline with a failing example,
    one pass under a tagged Rule, the victim guard passing; 'A report never run' is absent."""
    elements = [
        _result("A 14-year-old found with an unrelated adult", 13, "passed"),
        _result("No CAWN at 13 against a parent", 20, "passed", "Scenario Outline"),
        _result("No CAWN at 15 against a parent", 20, "failed", "Scenario Outline"),
        _result("A carer's report with no police action", 34, "passed"),
        _result("A CAWN proposed against a child victim", 46, "passed"),
    ]
    feature = {
        "keyword": "Feature",
        "uri": "features/sample.feature",
        "name": FEATURE_NAME,
        "id": "features/sample.feature",
        "line": 3,
        "description": "",
        "language": "en",
        "tags": [],
        "elements": elements,
    }
    return json.dumps([feature])
