"""The `disrupt` command line: the shell over the engine, the API, the decision record and the handbook."""
