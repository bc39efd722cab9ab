"""The sensitivity analysis of a report: quick by default, the full one on request, or none.

``simulate run --report`` runs a *quick* analysis with :func:`simulate.experiments.sensitivity.sensitivity`
into ``RUN_DIR/sensitivity`` so that every report has a tornado and Sobol indices: the
scenario's ``[sensitivity.ranges]``, but at most :data:`QUICK` sizes (3 paired replications
per tornado point; a Sobol design of N = 4, 40 points for 8 ranges, 1 replication each). On
the default village on 2 cores that adds about half a minute. Sobol indices from so few
samples only rank the drivers; the report says so, with the command for the full analysis
(``--sensitivity``: the scenario's own sizes).

A scenario without ranges of its own (none, or only ranges that name something it lacks)
gets the **default set**: the ranges of the ready village scenario (``scenarios/village.toml``,
each with its reason or source), those this scenario has a value for. When none of them
applies either, there is no analysis and the report says why.
"""
from __future__ import annotations

import dataclasses
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simulate.experiments.sensitivity import SensitivityResult, sensitivity, usable_ranges
from simulate.scenario import Scenario, ScenarioError, load_scenario
from simulate.scenario.loader import SCENARIO_DIR, from_dict
from simulate.scenario.schema import FrozenDict

log = logging.getLogger(__name__)

FOLDER = "sensitivity"
MODES: tuple[str, ...] = ("quick", "full", "none")
#: The scenario whose ranges are the default set.
DEFAULT_RANGES_FILE = SCENARIO_DIR / "village.toml"


@dataclass(frozen=True)
class QuickSizes:
    """The sizes of the quick analysis; a scenario's own smaller sizes are kept."""
    samples: int = 4            # Sobol base N (a power of 2): N x (ranges + 2) points
    replications: int = 1       # per Sobol point, common random numbers across points
    oat_replications: int = 3   # paired, per tornado point (2 x ranges + 1 points)


QUICK = QuickSizes()


def default_ranges() -> dict[str, Any]:
    """The default set of ranges (the village scenario's), or {} if that file is missing."""
    if not DEFAULT_RANGES_FILE.is_file():
        return {}
    try:
        return dict(load_scenario(DEFAULT_RANGES_FILE).sensitivity.ranges)
    except ScenarioError as exc:   # a broken default file must not stop a report
        log.warning("default sensitivity ranges unreadable: %s", exc)
        return {}


def ranges_for(sc: Scenario) -> tuple[Scenario | None, str]:
    """The scenario with the ranges the analysis varies, and where they come from:
    ``"scenario"`` (its own), ``"default"`` (the default set) or ``""`` (none apply)."""
    own, _ = usable_ranges(sc)
    if own.sensitivity.ranges:
        return own, "scenario"
    defaults = default_ranges()
    if defaults:
        with_defaults = dataclasses.replace(
            sc, sensitivity=dataclasses.replace(sc.sensitivity, ranges=FrozenDict(defaults)))
        usable, _ = usable_ranges(with_defaults)
        if usable.sensitivity.ranges:
            return usable, "default"
    return None, ""


def quick_sizes(sc: Scenario) -> dict[str, int]:
    """Keyword arguments of :func:`simulate.experiments.sensitivity.sensitivity` for the quick analysis."""
    cfg = sc.sensitivity
    return {"samples": min(cfg.samples, QUICK.samples),
            "reps": min(cfg.replications, QUICK.replications),
            "oat_reps": min(cfg.oat_replications, QUICK.oat_replications)}


def run_for_report(sc: Scenario, run_dir: str | Path, mode: str = "quick",
                   seed: int | None = None, jobs: int | None = None, scheduler: Any = None,
                   progress: Any = False) -> SensitivityResult | None:
    """Run the report's sensitivity analysis into ``RUN_DIR/sensitivity`` (each table written
    atomically by :func:`simulate.experiments.sensitivity.sensitivity`); None when ``mode`` is "none" or
    no range applies."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)} (got {mode!r})")
    if mode == "none":
        return None
    scenario, source = ranges_for(sc)
    if scenario is None:
        return None
    sizes: dict[str, Any] = {} if mode == "full" else quick_sizes(scenario)
    return sensitivity(scenario, seed=seed, out=Path(run_dir) / FOLDER, jobs=jobs,
                       scheduler=scheduler, progress=progress, **sizes)


@dataclass(frozen=True)
class Analysis:
    """What a report needs to know about a saved sensitivity analysis. ``quick``: run with
    the quick sizes (at most :data:`QUICK`, below its scenario's own); ``reduced``: smaller
    than its scenario's own sizes, but not quick; ``mismatch``: how it differs from the run
    (its scenario or seed), empty when it belongs to the run."""
    folder: Path
    meta: dict[str, Any]
    source: str            # "scenario" or "default"
    quick: bool
    configured: dict[str, int]
    reduced: bool = False
    mismatch: tuple[str, ...] = ()


#: Parts of a scenario that may differ between a run and its own sensitivity analysis: the
#: ranges and sizes of the analysis (the default set replaces absent ranges), and how it is run.
NOT_COMPARED: tuple[str, ...] = ("sensitivity", "run", "name", "description")


def _differences(a: Any, b: Any, path: str = "") -> list[str]:
    """Dotted keys whose values differ between two scenario dictionaries."""
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for k in sorted(set(a) | set(b), key=str):
            key = f"{path}.{k}" if path else str(k)
            out += _differences(a.get(k), b.get(k), key) if k in a and k in b else [key]
        return out
    return [] if a == b else [path or "(scenario)"]


def mismatch(meta: dict, run_metadata: dict) -> tuple[str, ...]:
    """How a saved analysis (its ``sensitivity.json``) differs from the run it is attached to:
    the keys of the scenario that differ (its ranges and sizes aside), and the seed. Without
    a scenario in the analysis, only the scenario hash can be compared."""
    out: list[str] = []
    theirs, ours = meta.get("scenario"), run_metadata.get("scenario")
    if isinstance(theirs, dict) and isinstance(ours, dict):
        def strip(d: dict) -> dict:
            return {k: v for k, v in d.items() if k not in NOT_COMPARED}
        out += _differences(strip(theirs), strip(ours))
    elif meta.get("scenario_hash") != run_metadata.get("scenario_hash"):
        out.append(f"scenario hash {meta.get('scenario_hash', '?')} (run: "
                   f"{run_metadata.get('scenario_hash', '?')})")
    if (meta.get("seed") is not None and run_metadata.get("seed") is not None
            and int(meta["seed"]) != int(run_metadata["seed"])):
        out.append(f"seed {meta['seed']} (run: {run_metadata['seed']})")
    return tuple(out)


def read_analysis(folder: Path, run_metadata: dict) -> Analysis | None:
    """The analysis in ``folder`` (its ``sensitivity.json``), compared with the run: were the
    ranges the run's own, were the sizes smaller than the analysis's own scenario asks for
    (quick or reduced), and does it belong to the run at all (:func:`mismatch`)?"""
    path = Path(folder) / "sensitivity.json"
    if not path.is_file():
        return None
    meta = json.loads(path.read_text(encoding="utf-8"))
    run_cfg = (run_metadata.get("scenario") or {}).get("sensitivity") or {}
    own = set(run_cfg.get("ranges") or {})
    source = "scenario" if own and set(meta.get("parameters", [])) <= own else "default"
    cfg = (meta.get("scenario") or {}).get("sensitivity") or run_cfg   # sizes it was asked for
    configured = {"samples": int(cfg.get("samples", 32)),
                  "replications": int(cfg.get("replications", 1)),
                  "oat_replications": int(cfg.get("oat_replications", 16))}
    used = {"samples": meta.get("sobol", {}).get("samples", configured["samples"]),
            "replications": meta.get("sobol", {}).get("replications",
                                                      configured["replications"]),
            "oat_replications": meta.get("oat", {}).get("replications",
                                                        configured["oat_replications"])}
    smaller = any(used[k] < configured[k] for k in configured)
    quick_sized = (used["samples"] <= QUICK.samples and used["replications"] <= QUICK.replications
                   and used["oat_replications"] <= QUICK.oat_replications)
    return Analysis(Path(folder), meta, source, smaller and quick_sized, configured,
                    reduced=smaller and not quick_sized, mismatch=mismatch(meta, run_metadata))


def why_none(run_metadata: dict) -> str:
    """Why a run has no sensitivity analysis: 'no_ranges' (neither the scenario's nor the
    default ranges apply) or 'skipped' (they do: it was not run)."""
    try:
        sc = from_dict(run_metadata.get("scenario") or {})
    except (ScenarioError, TypeError, ValueError, KeyError):
        return "skipped"
    logging.disable(logging.WARNING)      # the skipped ranges are not news here
    try:
        return "skipped" if ranges_for(sc)[0] is not None else "no_ranges"
    finally:
        logging.disable(logging.NOTSET)


__all__ = ["run_for_report", "ranges_for", "default_ranges", "quick_sizes", "read_analysis",
           "why_none", "mismatch", "QUICK", "QuickSizes", "Analysis", "FOLDER", "MODES"]
