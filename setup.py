"""Builds durable-rules' C extension from its published source (see third_party/durable_rules.py).

Everything else about the package is declared in pyproject.toml.
"""

import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from third_party import durable_rules  # noqa: E402


class BuildDurableRules(build_ext):
    """Fetches, verifies and patches durable-rules' source before compiling it."""

    def run(self) -> None:
        for extension in self.extensions:
            if extension.name == "durable_rules_engine":
                try:
                    source = durable_rules.prepare(HERE / "build" / "durable-rules")
                except durable_rules.BuildError as error:
                    sys.exit(f"error: {error}")
                extension.sources = source.sources
                extension.include_dirs = source.include_dirs
                extension.extra_compile_args = source.compile_args
        super().run()


setup(
    ext_modules=[Extension("durable_rules_engine", sources=[])],
    cmdclass={"build_ext": BuildDurableRules},
)
