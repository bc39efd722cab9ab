"""The assumptions a run takes from the catalogue of initiative types.

A scenario's initiative names its ``type`` and sets only what differs from that type's
defaults in ``simulate/data/initiative_types.toml`` (effect sizes, cost per FTE, detection
rates, ...): the central assumptions of a run. This module lists, per initiative of the run,
every default it took from its type, with the value used in the run and the comment that
names its source in the catalogue (or, as the catalogue's header says, marks it an
assumption), so that the report's assumptions table shows them beside the scenario file's own.
"""
from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path

from simulate.report.scenario_text import (
    Assumption,
    differs,
    file_assumptions,
    fmt_value,
    lookup,
    scenario_file,
)

#: What an uncommented default of the catalogue is, in the catalogue's own words (its header).
NO_SOURCE = ("assumption (initiative_types.toml: every number there is an assumption unless a "
             "source is given)")


def catalogue_file() -> Path:
    """The catalogue of initiative types shipped with the package."""
    return Path(str(resources.files("simulate.data").joinpath("initiative_types.toml")))


def type_assumptions(metadata: dict, in_file: frozenset[str] | set[str] = frozenset()
                     ) -> list[Assumption]:
    """Per initiative of the run (its resolved scenario in ``metadata``), the defaults it
    takes from its type: key ``initiatives.NAME.KEY``, the value used, the catalogue's comment.
    Keys in ``in_file`` (set by the scenario file itself) are left to the file's own row."""
    catalogue = file_assumptions(catalogue_file())
    info = metadata.get("scenario") or {}
    out = []
    for name, ini in (info.get("initiatives") or {}).items():
        kind = ini.get("type") if isinstance(ini, dict) else None
        if not kind:
            continue
        prefix = f"{kind}."
        for key, (written, note) in catalogue.items():
            if not key.startswith(prefix):
                continue
            rest = key[len(prefix):]
            full = f"initiatives.{name}.{rest}"
            if full in in_file:
                continue
            used = lookup(info, full)
            default = _parse(written)
            changed = used is not None and differs(used, default)
            shown = fmt_value(default if used is None else used)
            if changed:
                shown += f" (type default: {fmt_value(default)})"
            source = note or NO_SOURCE
            out.append(Assumption(full, shown, f"type {kind} (initiative_types.toml): {source}",
                                  changed))
    return out


def _parse(written: str):
    import tomllib
    try:
        return tomllib.loads(f"x = {written}")["x"]
    except tomllib.TOMLDecodeError:
        return written


__all__ = ["type_assumptions", "catalogue_file", "NO_SOURCE"]


def assumptions(metadata: dict) -> list[Assumption]:
    """Every commented value of the run's scenario file, with the value used in this run."""
    path = scenario_file(metadata)
    if path is None:
        return []
    info = dict(metadata.get("scenario", {}))
    info["run"] = {**info.get("run", {}), **{k: metadata[k] for k in ("seed", "replications")
                                              if k in metadata}}
    out = []
    own = file_assumptions(path)
    for key, (written, note) in own.items():
        used = lookup(info, key)
        try:
            in_file = tomllib.loads(f"x = {written}")["x"]
        except tomllib.TOMLDecodeError:
            in_file = written
        changed = used is not None and differs(used, in_file)
        shown = (fmt_value(in_file) if used is None or not changed
                 else f"{fmt_value(used)} (file: {fmt_value(in_file)})")
        if key.endswith(".source") or key in ("name", "description"):
            continue
        out.append(Assumption(key, shown, note, changed))
    return out + type_assumptions(metadata, set(own))
