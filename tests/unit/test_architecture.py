"""The package's layers: no import cycles, lower layers never import upper ones, short modules.

The layers, from the bottom: ``scenario`` and ``data``; ``model``; ``results``;
``analysis``; ``text``; then ``experiments``, ``calibration``, ``charts`` and ``report``; the
``cli`` on top (docs/architecture.md draws them). Every import counts, also one inside a
function or under ``TYPE_CHECKING``: a cycle closed lazily is still a cycle for a reader.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "simulate"
MAX_LINES = 400

#: What each layer may not import (its own layer and those below are allowed).
FORBIDDEN = {
    "simulate.scenario": ("model", "results", "analysis", "text", "experiments", "calibration",
                          "charts", "report", "cli"),
    "simulate.model": ("results", "analysis", "text", "experiments", "calibration", "charts",
                       "report", "cli"),
    "simulate.results": ("analysis", "text", "experiments", "calibration", "charts", "report",
                         "cli"),
    "simulate.analysis": ("text", "experiments", "calibration", "charts", "report", "cli"),
    "simulate.text": ("experiments", "calibration", "charts", "report", "cli"),
    "simulate.experiments": ("charts", "report", "cli"),
    "simulate.charts": ("report", "cli", "experiments", "calibration"),
    "simulate.report": ("cli",),
}


def modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def imports(path: Path, known: dict[str, Path]) -> set[str]:
    """Modules of the package that ``path`` imports, wherever the import stands."""
    found = set()

    def resolve(name: str) -> None:
        while name and name not in known:
            name = name.rpartition(".")[0]
        if name:
            found.add(name)

    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module.split(".")[0] == "simulate":
                for alias in node.names:
                    resolve(f"{node.module}.{alias.name}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "simulate":
                    resolve(alias.name)
    return found


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports(path, known) - {name} for name, path in known.items()}


def cycles(g: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in g[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in g:
        if v not in index:
            visit(v)
    return found


def test_no_import_cycles():
    assert cycles(graph()) == []


def test_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_lower_layers_never_import_upper_ones(layer):
    bad = []
    for name, targets in graph().items():
        if name == layer or name.startswith(layer + "."):
            for target in targets:
                top = target.split(".")[1] if "." in target else ""
                if top in FORBIDDEN[layer]:
                    bad.append(f"{name} -> {target}")
    assert bad == []


def test_modules_are_short():
    long = {name: n for name, path in modules().items()
            if (n := len(path.read_text().splitlines())) > MAX_LINES}
    assert long == {}


def test_few_modules_loose_at_the_top():
    loose = sorted(p.stem for p in PACKAGE.glob("*.py"))
    assert loose == ["__init__", "__main__", "version"]
