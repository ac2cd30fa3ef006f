"""Every scenario in features/*.feature, run as a test (the steps are in features/conftest.py)."""

from pytest_bdd import scenarios

scenarios(".")
