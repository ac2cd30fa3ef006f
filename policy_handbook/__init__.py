"""The policy handbook: the ruleset beside the scenarios that document it, as one offline page."""
