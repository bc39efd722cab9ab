"""Dotted-key overrides (``--set population.size=5000`` or ``overrides={...}``), checked.

A key path is a dotted list of keys, read the way TOML reads a dotted key: a part that holds a
dot or another special character is quoted (``care.bed_changes."2.5"``). A value given on the
command line is read as a TOML value (``5000``, ``0.5``, ``"x"``, ``[1, 2]``, ``true``,
``{ vital = 0.5 }``) and otherwise kept as text, so that the validator names what is wrong
with it. Every malformed override becomes a :class:`Problem`, never an exception of another
kind, so a mistyped ``--set`` reads like a mistake in a scenario file.
"""
from __future__ import annotations

import tomllib
from collections.abc import Mapping
from typing import Any

from simulate.scenario.errors import Problem, ScenarioError

#: The file label of problems caused by an override rather than by the scenario file.
OVERRIDE = "override"
_HINT = 'write key paths like population.size; quote a part with a dot: care.bed_changes."2.5"'
_SENTINEL = "__simulate_override_value__"


def parse_override(text: str) -> tuple[str, Any]:
    """Split ``key.path=value``; the value is read as TOML (5000, 0.5, "x", [1, 2], true)."""
    if "=" not in text:
        raise ScenarioError([Problem("--set", text, "expected KEY=VALUE",
                                     "for example population.size=5000")])
    key, value = text.split("=", 1)
    return key.strip(), _toml_value(value.strip())


def parse_overrides(texts: tuple[str, ...] | list[str]) -> dict[str, Any]:
    """Every ``--set KEY=VALUE`` of a command as one ``{key: value}`` table."""
    return dict(parse_override(t) for t in texts)


def _toml_value(text: str) -> Any:
    """``text`` read as one TOML value, or the text itself if it is not one."""
    try:
        parsed = tomllib.loads(f"v = {text}")
    except (ValueError, RecursionError):  # TOMLDecodeError, or an integer too long
        return text
    return parsed["v"] if list(parsed) == ["v"] else text


def split_key(key: Any) -> tuple[str, ...] | None:
    """The parts of a key path, or None if ``key`` is not one.

    Unquoted paths are split at dots (every part must be non-empty); paths with quotes are
    read as a TOML dotted key.
    """
    if not isinstance(key, str) or not key.strip() or "\n" in key or "\r" in key:
        return None
    if '"' not in key and "'" not in key:
        parts = tuple(key.split("."))
        return parts if all(p and p == p.strip() for p in parts) else None
    try:
        node: Any = tomllib.loads(f'{key} = "{_SENTINEL}"')
    except (ValueError, RecursionError):
        return None
    found: list[str] = []
    while isinstance(node, dict) and len(node) == 1:
        (part, node), = node.items()
        found.append(part)
    return tuple(found) if node == _SENTINEL else None


def check_overrides(overrides: Any, label: str = OVERRIDE) -> list[Problem]:
    """Every problem with the overrides themselves (not with the values they set)."""
    if overrides is None:
        return []
    if not isinstance(overrides, Mapping):
        return [Problem(label, "", "overrides must map key paths to values, got "
                        f"{type(overrides).__name__}", 'for example {"population.size": 5000}')]
    problems = []
    for key in overrides:
        parts = split_key(key)
        shown = key if isinstance(key, str) else repr(key)
        if parts is None:
            problems.append(Problem(label, shown[:200], "not a valid key path", _HINT))
        elif parts[0] == "extends":
            problems.append(Problem(label, shown, "extends cannot be overridden",
                                    "name the scenario file to start from instead"))
    return problems


def set_dotted(data: dict, key: str, value: Any) -> dict:
    """A copy of ``data`` with ``a.b.c`` set to ``value`` (tables created as needed)."""
    parts = split_key(key)
    if parts is None:
        raise ScenarioError([Problem(OVERRIDE, str(key)[:200], "not a valid key path", _HINT)])
    out = dict(data)
    node = out
    for part in parts[:-1]:
        child = node.get(part)
        node[part] = dict(child) if isinstance(child, Mapping) else {}
        node = node[part]
    node[parts[-1]] = value
    return out


def apply_overrides(data: dict, overrides: Mapping[str, Any] | None) -> dict:
    """Apply dotted-key overrides (a dict, like ``--set``) to raw scenario data."""
    for key, value in (overrides or {}).items():
        data = set_dotted(data, key, value)
    return data


def blame_overrides(problems: list[Problem], overrides: Mapping[str, Any] | None
                    ) -> list[Problem]:
    """Label the problems at (or inside, or above) an overridden key as the override's."""
    keys = [".".join(p) for p in map(split_key, overrides or {}) if p]
    values = {".".join(k): v for k, v in zip(map(split_key, overrides or {}),
                                              (overrides or {}).values()) if k}
    out = []
    for p in problems:
        if p.file != OVERRIDE and any(_related(p.path, k) for k in keys):
            hint = p.hint or _quote_hint(p, keys, values)
            p = Problem(OVERRIDE, p.path, p.message, hint)
        out.append(p)
    return out


def _quote_hint(problem: Problem, keys: list[str], values: dict[str, Any]) -> str:
    """A key with a dot in it (``care.bed_changes.2.5``) is read as nested tables, so a value
    arrives as a table where a number belongs: suggest quoting the rest of the key."""
    if "got a table" not in problem.message:
        return ""
    table = problem.path.rpartition(".")[0]   # the table whose key was split at its dot
    for key in keys:
        if table and key.startswith(problem.path + "."):
            rest = key[len(table) + 1:]
            value = values.get(key)
            shown = (repr(value) if isinstance(value, (int, float))
                     and not isinstance(value, bool) else "VALUE")
            return f"a key with a dot in it is quoted: --set '{table}.\"{rest}\"={shown}'"
    return ""


def _related(path: str, key: str) -> bool:
    return (path == key or path.startswith(key + ".") or path.startswith(key + "[")
            or key.startswith(path + "."))
