"""Disruption Advisor's HTTP API: a small FastAPI service over the engine.

`create_app(settings)` in `api.app`; `disrupt serve` and `disrupt keys` in `api.commands`.
"""
