"""The packages' layers, read from their source (every import, also inside functions and under
TYPE_CHECKING): the engine is a library under everything else, the decision record never reaches
into the API, only the command line sees every part, and no module imports itself back."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("engine", "api", "record", "policy_handbook", "disrupt", "impact")

# What each package must not import (the command line, `disrupt`, may import them all).
FORBIDDEN = {
    "engine": {"api", "record", "policy_handbook", "disrupt", "impact"},
    "record": {"api", "policy_handbook", "disrupt", "impact"},
    "api": {"disrupt"},  # the workspace serves the policy handbook; policy leads run impact analyses
    "policy_handbook": {"api", "record", "disrupt", "impact"},
    "impact": {"api", "policy_handbook", "disrupt"},  # it reads the record and runs the engine
}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for package in PACKAGES for p in sorted((ROOT / package).rglob("*.py"))}


def imported(path: Path, name: str, known: set[str]) -> Iterator[tuple[str, int]]:
    """The project modules `path` imports, each with the line of its import statement."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from .x import y
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                yield (submodule if submodule in known else base), node.lineno


def graph() -> dict[str, set[str]]:
    found = modules()
    known = set(found)
    return {
        name: {target for target, _ in imported(path, name, known) if target.split(".")[0] in PACKAGES}
        for name, path in found.items()
    }


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_a_package_imports_nothing_from_the_layers_above_it(package: str) -> None:
    found = modules()
    known = set(found)
    breaches = [
        f"{path.relative_to(ROOT)}:{line} imports {target}"
        for name, path in found.items()
        if name.split(".")[0] == package
        for target, line in imported(path, name, known)
        if target.split(".")[0] in FORBIDDEN[package]
    ]
    assert not breaches, "\n".join(breaches)


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan), and self-imports."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group: list[str] = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1 or node in edges.get(node, ()):
                groups.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return groups


def test_no_module_imports_itself_back() -> None:
    assert cycles(graph()) == []


def test_the_cycle_finder_finds_a_cycle_and_a_self_import() -> None:
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"d"}, "e": {"a"}}
    assert sorted(cycles(edges)) == [["a", "b", "c"], ["d"]]


def test_the_reader_sees_imports_inside_functions_and_type_checking(tmp_path: Path) -> None:
    source = tmp_path / "sample.py"
    source.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from api.app import create_app\n"
        "def f() -> None:\n    import record.store\n"
        "from policy_handbook import page\n"
    )
    found = sorted(imported(source, "engine.sample", {"policy_handbook.page"}))
    assert found == [("api.app", 3), ("policy_handbook.page", 6), ("record.store", 5), ("typing", 1)]
