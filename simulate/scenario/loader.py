"""Load scenario files: TOML, ``extends`` chains, dotted ``--set`` overrides."""
from __future__ import annotations

import dataclasses
import hashlib
import json
import tomllib
from pathlib import Path
from typing import Any, Mapping

from .errors import Problem, ScenarioError
from .schema import Scenario
from .validate import build_scenario

#: Folder of the ready scenarios that ship with the project.
SCENARIO_DIR = Path(__file__).resolve().parents[2] / "scenarios"
DEFAULT_SCENARIO = "village"


def find_scenario(name_or_path: str | Path | None) -> Path:
    """Resolve a scenario name ('village') or a path to an existing file."""
    if name_or_path is None:
        name_or_path = DEFAULT_SCENARIO
    path = Path(name_or_path)
    if path.exists():
        return path
    for candidate in (Path("scenarios") / path, SCENARIO_DIR / path):
        for p in (candidate, candidate.with_suffix(".toml")):
            if p.exists():
                return p
    known = sorted(p.stem for p in SCENARIO_DIR.glob("*.toml"))
    raise ScenarioError([Problem(str(path), "", "no such scenario file",
                                 "ready scenarios: " + ", ".join(known))])


def read_toml(path: Path, chain: tuple[Path, ...] = ()) -> tuple[dict, list[Problem]]:
    """Read one file and everything it ``extends``, merged; problems instead of exceptions."""
    path = path.resolve()
    if path in chain:
        loop = " -> ".join(p.name for p in (*chain, path))
        return {}, [Problem(str(chain[-1]), "extends", f"cyclic extends: {loop}")]
    try:
        raw = path.read_bytes()
        data = tomllib.loads(raw.decode("utf-8"))
    except FileNotFoundError:
        where = str(chain[-1]) if chain else str(path)
        return {}, [Problem(where, "extends" if chain else "", f"file not found: {path}")]
    except UnicodeDecodeError as exc:
        return {}, [Problem(str(path), "", f"not UTF-8 text (byte {exc.start})",
                            "save the file as UTF-8")]
    except tomllib.TOMLDecodeError as exc:
        return {}, [Problem(str(path), "", f"invalid TOML: {exc}")]
    except OSError as exc:
        return {}, [Problem(str(path), "", f"cannot read the file: {exc.strerror}")]
    parent = data.pop("extends", None)
    if parent is None:
        return data, []
    if not isinstance(parent, str):
        return data, [Problem(str(path), "extends", "expected a file name as text")]
    base_path = (path.parent / parent)
    if not base_path.exists() and not parent.endswith(".toml"):
        base_path = base_path.with_suffix(".toml")
    base, problems = read_toml(base_path, (*chain, path))
    return deep_merge(base, data), problems


def deep_merge(base: dict, top: Mapping) -> dict:
    """Tables merge key by key; any other value in ``top`` replaces the one in ``base``."""
    out = dict(base)
    for key, value in top.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = value
    return out


def parse_override(text: str) -> tuple[str, Any]:
    """Split ``key.path=value``; the value is read as TOML (5000, 0.5, "x", [1, 2], true)."""
    if "=" not in text:
        raise ScenarioError([Problem("--set", text, "expected KEY=VALUE",
                                     "for example population.size=5000")])
    key, value = text.split("=", 1)
    try:
        parsed = tomllib.loads(f"v = {value.strip()}")["v"]
    except tomllib.TOMLDecodeError:
        parsed = value.strip()
    return key.strip(), parsed


def set_dotted(data: dict, key: str, value: Any) -> dict:
    """A copy of ``data`` with ``a.b.c`` set to ``value`` (tables created as needed)."""
    parts = key.split(".")
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


def load_scenario(path: str | Path | None = None,
                  overrides: Mapping[str, Any] | None = None) -> Scenario:
    """Load, merge and validate a scenario; raise :class:`ScenarioError` with every problem.

    ``overrides`` maps dotted keys to values, the same as ``--set`` on the command line,
    e.g. ``{"population.size": 5000}``.
    """
    file = find_scenario(path)
    data, problems = read_toml(file)
    if problems:
        raise ScenarioError(problems)
    data = apply_overrides(data, overrides)
    scenario, problems = build_scenario(data, str(file))
    problems += _check_counterfactual(data, str(file)) if scenario else []
    if problems:
        raise ScenarioError(problems)
    return scenario


def _check_counterfactual(data: dict, file: str) -> list[Problem]:
    over = data.get("counterfactual", {}).get("overrides", {})
    if not over:
        return []
    _, problems = build_scenario(apply_overrides(data, over), file)
    return [dataclasses.replace(p, path=f"counterfactual.overrides -> {p.path}")
            for p in problems]


def to_dict(obj: Any) -> Any:
    """Plain data (dicts, lists, numbers, text) of a scenario, for metadata and hashing."""
    if dataclasses.is_dataclass(obj):
        return {f.name: to_dict(getattr(obj, f.name)) for f in dataclasses.fields(obj)
                if getattr(obj, f.name) is not None}
    if isinstance(obj, Mapping):
        return {str(k): to_dict(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [to_dict(v) for v in obj]
    return obj


def from_dict(data: dict, file: str = "<resolved scenario>") -> Scenario:
    """Rebuild a scenario from :func:`to_dict` output (metadata.json, worker processes)."""
    scenario, problems = build_scenario(data, file)
    if problems:
        raise ScenarioError(problems)
    return scenario


def scenario_hash(scenario: Scenario) -> str:
    """A stable short hash of the resolved scenario (order of keys does not matter)."""
    text = json.dumps(to_dict(scenario), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def counterfactual_of(scenario: Scenario) -> Scenario:
    """The status-quo arm: the scenario without its initiatives (bar those kept), plus the
    counterfactual's own overrides."""
    cf = scenario.counterfactual
    data = to_dict(scenario)
    data.pop("sensitivity", None)  # ranges may name initiatives the counterfactual lacks
    data["initiatives"] = {k: v for k, v in data["initiatives"].items()
                           if k in cf.keep_initiatives}
    return from_dict(apply_overrides(data, dict(cf.overrides)))
