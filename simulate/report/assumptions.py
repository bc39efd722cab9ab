"""The assumptions of a run: every value its scenario sets, where it comes from, its source.

Read from the typed scenario of the run (``metadata["scenario"]``, rebuilt with
:func:`simulate.scenario.from_dict`): the loader recorded for each value the file of the
``extends`` chain, the initiative type's default (``simulate/data/initiative_types.toml``) or
the ``--set`` override that set it, and the sources the files give next to their values
(``sources.KEY = "..."``). A run folder written before sources were data has neither: its
scenario file is loaded again with the run's overrides to find them. Values the schema
supplies by default are left out (``simulate show`` lists them too).
"""
from __future__ import annotations

from typing import Any

from simulate.report.scenario_text import Assumption, fmt_value, scenario_file
from simulate.scenario import Scenario, ScenarioError, from_dict, load_scenario
from simulate.scenario.provenance import OVERRIDE, TYPE, rows

#: Values that describe the scenario rather than assume anything about the village.
NOT_ASSUMPTIONS: tuple[str, ...] = ("name", "description")


def typed_scenario(metadata: dict) -> Scenario | None:
    """The run's scenario with its origins and sources, or None if it cannot be rebuilt."""
    info = metadata.get("scenario") or {}
    try:
        scenario = from_dict(info) if info else None
    except ScenarioError:
        scenario = None
    if scenario is not None and scenario.origins:
        return scenario
    path = scenario_file(metadata)           # an older run folder: no origins recorded
    if path is None:
        return scenario
    try:
        return load_scenario(path, metadata.get("overrides") or None)
    except ScenarioError:
        return scenario


def assumptions(metadata: dict) -> list[Assumption]:
    """Every value a file, an initiative type or an override set for the run, with the value
    used, where it comes from and its source; the run's own seed and replications."""
    scenario = typed_scenario(metadata)
    if scenario is None:
        return []
    used: dict[str, Any] = {f"run.{k}": metadata[k] for k in ("seed", "replications")
                            if k in metadata}
    out, base = [], None
    for row in rows(scenario):
        if not row.origin or row.key in NOT_ASSUMPTIONS:
            continue
        value = used.get(row.key, row.value)
        changed = row.origin == OVERRIDE or value != row.value
        shown = fmt_value(value) + ("" if value == row.value
                                    else f" (scenario: {fmt_value(row.value)})")
        if row.origin == OVERRIDE:
            base = _without_overrides(metadata) if base is None else base
            written = dict(base).get(row.key)
            if written is not None and written != row.value:
                shown += f" (file: {fmt_value(written)})"
        note = row.source.text if row.source else ""
        if row.origin.startswith(TYPE) and row.source:
            note = f"{row.origin} (initiative_types.toml): {note}"
        out.append(Assumption(row.key, shown, note, changed, row.origin_text))
    return out


def _without_overrides(metadata: dict) -> list[tuple[str, Any]]:
    """(key, value) of the run's scenario file as loaded without the run's overrides."""
    path = scenario_file(metadata)
    try:
        return [(r.key, r.value) for r in rows(load_scenario(path))] if path else []
    except ScenarioError:
        return []


__all__ = ["assumptions", "typed_scenario"]
