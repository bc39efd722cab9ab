"""How to repeat a run: the command, with the ``--set`` overrides that turn today's scenario
file into the scenario the run used, verified against the run's scenario hash.

The run's metadata holds the scenario as resolved. Loading the scenario file again and
comparing the two, leaf by leaf, gives the overrides; if loading the file with them gives the
same hash as the run, the command is known to reproduce the run (same seed and replications
then give the same numbers).
"""
from __future__ import annotations

import json
import shlex
from dataclasses import dataclass
from typing import Any

from simulate.report.scenario_text import scenario_file
from simulate.scenario import ScenarioError, load_scenario, scenario_hash, to_dict


@dataclass(frozen=True)
class Recipe:
    """The command that repeats a run, and whether it was checked against the hash."""
    command: str
    python: str
    verified: bool


def flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    """Leaves of nested dicts by dotted key; lists and empty dicts are leaves."""
    if isinstance(data, dict) and data:
        out: dict[str, Any] = {}
        for k, v in data.items():
            out.update(flatten(v, f"{prefix}{k}."))
        return out
    return {prefix.rstrip("."): data}


def toml_value(v: Any) -> str:
    """A value as TOML text for ``--set`` (numbers, text, booleans, arrays)."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k} = {toml_value(x)}" for k, x in v.items()) + "}"
    return json.dumps(str(v))


def _values(scenario: dict) -> dict:
    return {k: v for k, v in scenario.items() if k not in ("sources", "origins")}


def recipe(metadata: dict) -> Recipe:
    """The ``simulate run`` command (and the Python call) that repeats the run."""
    path = scenario_file(metadata)
    seed, reps = metadata.get("seed"), metadata.get("replications")
    name = str(path) if path else str(metadata.get("scenario_name", "village"))
    sets: dict[str, Any] = {}
    verified = False
    if path is not None and metadata.get("scenario"):
        try:
            # where values come from (sources, origins) is not a setting to repeat
            now = flatten(_values(to_dict(load_scenario(path))))
            used = flatten(_values(metadata["scenario"]))
            sets = {k: v for k, v in used.items() if now.get(k) != v and v is not None}
            verified = scenario_hash(load_scenario(path, sets)) == metadata.get("scenario_hash")
        except ScenarioError:
            verified = False
    parts = ["simulate", "run", name] + [f"--set {shlex.quote(f'{k}={toml_value(v)}')}"
                                          for k, v in sets.items()]
    parts += [f"--seed {seed}", f"--reps {reps}"]
    shown = metadata.get("price_year")  # euros shown at another price level (--price-year)
    if shown is not None:
        parts.append(f"--price-year {int(shown)}")
    over = ", ".join(f"{k!r}: {v!r}" for k, v in sets.items())
    python = (f"import simulate\nsc = simulate.load_scenario({name!r}, overrides={{{over}}})\n"
              f"res = simulate.run(sc, reps={reps}, seed={seed})")
    if shown is not None:
        python += f"\nfrom simulate.prices import reprice\nres = reprice(res, {int(shown)})"
    return Recipe(" ".join(parts), python, verified)
