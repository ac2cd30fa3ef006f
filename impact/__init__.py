"""Impact analysis for policy leads: what a ruleset edit changes across every case we hold.

A corpus (the latest recorded evaluation of every case in scope, or case files) is evaluated
under the current and a proposed ruleset, side by side, in worker processes; the findings of
the two are compared case by case and folded into one report (`impact.models.ImpactReport`):
per rule, per tactic and per force, with dead rules, the rules officers decline most, and the
exact difference between the two rulesets' parameters.

    from impact.run import analyse
    report = analyse(current, proposed, corpus, workers=2)
"""
