"""Sweeps: the scenario at every point of a grid or a Latin hypercube, per-koker results.

Every point runs ``reps`` paired replications with the same seed (common random numbers
across points, so the differences between points are effects of the parameters). Tables:

* ``sweep`` (one row per point): ``point``, the varied parameters, ``replications``, and per
  payer and for the ``total``: ``<payer>_difference_eur`` (scenario - counterfactual over the
  horizon, negative = the payer saves) with ``<payer>_ci_low_eur`` / ``<payer>_ci_high_eur``
  (95% t-interval over paired replications) and ``<payer>_pv_difference_eur`` (the same
  difference discounted to the first year at the point's ``financing.discount_rate``);
* ``sweep_long`` (tidy): point, the parameters, payer, measure (``total`` or
  ``present_value``), each arm's mean, the difference, its t- and bootstrap intervals.

With ``out`` the sweep is written to a resumable folder (:mod:`simulate.experiments.pointstore`): run
the same sweep with the same ``out`` after an interruption and only the missing points run;
the final tables are the same as those of an uninterrupted sweep.
"""
from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from simulate.experiments.design import Dimension, as_dimensions, grid, latin_hypercube
from simulate.experiments.executors import Executor, make_executor
from simulate.experiments.points import build_points, run_points
from simulate.experiments.pointstore import PointStore
from simulate.experiments.progress import ProgressArg
from simulate.results import stats
from simulate.results.store import environment
from simulate.scenario import PAYERS, Scenario, scenario_hash, to_dict

MEASURES = ("total", "present_value")


@dataclass
class SweepResult:
    """The tables of a sweep and where they were written (``folder`` None: in memory)."""
    table: pd.DataFrame
    long: pd.DataFrame
    points: list[dict[str, Any]]
    folder: Path | None = None
    metadata: dict[str, Any] = field(default_factory=dict)


def design_points(scenario: Scenario, vary: Iterable[str | Dimension] | Mapping[str, Any],
                  samples: int | None = None, seed: int | None = None
                  ) -> tuple[list[Dimension], list[dict[str, Any]]]:
    """The dimensions and the points of a sweep (a grid, or a Latin hypercube of
    ``samples`` points seeded by ``seed``)."""
    dims = as_dimensions(vary)
    seed = scenario.run.seed if seed is None else int(seed)
    points = (grid(scenario, dims) if samples is None
              else latin_hypercube(scenario, dims, int(samples), seed))
    return dims, points


def sweep(scenario: Scenario, vary: Iterable[str | Dimension] | Mapping[str, Any],
          samples: int | None = None, reps: int | None = None, seed: int | None = None,
          out: str | Path | None = None, jobs: int | None = 1, scheduler: Any = None,
          executor: Executor | None = None, progress: ProgressArg = False,
          batch: int | None = None) -> SweepResult:
    """Run ``scenario`` at every point of a grid (or of a Latin hypercube of ``samples``).

    ``vary``: ``["initiatives.dorpsondersteuner.fte=0.5,1,2", ...]`` or
    ``{"initiatives.dorpsondersteuner.fte": [0.5, 1, 2], "financing.discount_rate":
    "0:0.06:4"}``. ``reps`` (default: the scenario's) paired replications per point. Where it
    runs: as in :func:`simulate.run`. ``out``: a folder to write and to resume. ``batch``:
    arms one worker advances together (:func:`~simulate.experiments.points.run_points`).
    """
    reps = scenario.run.replications if reps is None else int(reps)
    seed = scenario.run.seed if seed is None else int(seed)
    dims, points = design_points(scenario, vary, samples, seed)
    pairs = build_points(scenario, points)  # all points valid before anything runs
    identity = {"kind": "sweep", "scenario_hash": scenario_hash(scenario),
                "scenario": to_dict(scenario), "points": points, "reps": reps, "seed": seed}
    meta = {"design": {"vary": [d.as_dict() for d in dims], "samples": samples},
            "environment": environment(), "command": " ".join(sys.argv)}
    store = PointStore(out, identity, meta) if out is not None else None
    own = executor is None
    ex = executor or make_executor(jobs, scheduler)
    with (store or nullcontext()), (ex if own else nullcontext(ex)):
        totals = run_points(scenario, points, reps, seed, ex, progress, store, pairs=pairs,
                            batch=batch)
        long = point_table(points, totals, [sc.financing.discount_rate for sc, _ in pairs],
                           seed)
        table = wide_table(long, [d.path for d in dims])
        if store is not None:
            store.write_table("sweep_long", long)
            store.write_table("sweep", table)
        meta.update(executor=ex.name, workers=ex.workers,
                    resumed=bool(store and store.resumed))
    return SweepResult(table, long, points, Path(out) if out is not None else None,
                       {**identity, **meta})


def point_table(points: Sequence[Mapping[str, Any]], totals: Sequence[np.ndarray],
                rates: Sequence[float], seed: int, level: float = stats.LEVEL) -> pd.DataFrame:
    """The tidy per-point, per-payer table from the totals ``[rep, arm, year, payer]`` and
    each point's discount rate."""
    frames = []
    for i, (over, tot, rate) in enumerate(zip(points, totals, rates)):
        df = point_summary(tot, rate, level, seed=(int(seed) * 100_003 + i) & (2**62 - 1))
        for k, (path, value) in enumerate(over.items()):
            df.insert(k, path, value)
        df.insert(0, "point", i)
        frames.append(df)
    return pd.concat(frames, ignore_index=True)


def point_summary(totals: np.ndarray, discount_rate: float, level: float = stats.LEVEL,
                  seed: int = 0) -> pd.DataFrame:
    """Per payer (and the total) and measure: arm means, the paired difference and its
    intervals, from one point's ``[rep, arm, year, payer]`` EUR."""
    t = np.asarray(totals, dtype=float)
    t = np.concatenate([t, t.sum(axis=3, keepdims=True)], axis=3)  # + total over payers
    pv = (t * stats.discount_factors(t.shape[2], discount_rate)[None, None, :, None]).sum(2)
    tot = t.sum(axis=2)                                              # [rep, arm, payer]
    payers = list(PAYERS) + ["total"]
    labels = pd.DataFrame({"payer": payers * 2, "measure": np.repeat(MEASURES, len(payers))})
    cf = np.vstack([tot[:, 0].T, pv[:, 0].T])
    sc = np.vstack([tot[:, 1].T, pv[:, 1].T])
    rows = stats.paired_table(labels, cf, sc, level=level, seed=seed)
    means = rows["mean"].to_numpy().reshape(-1, 3)  # counterfactual, scenario, difference
    diff = rows[rows.statistic == "difference"].reset_index(drop=True)
    return pd.DataFrame({
        "payer": diff.payer, "measure": diff.measure,
        "counterfactual_eur": means[:, 0], "scenario_eur": means[:, 1],
        "difference_eur": diff["mean"], "ci_low_eur": diff.t_low, "ci_high_eur": diff.t_high,
        "boot_low_eur": diff.boot_low, "boot_high_eur": diff.boot_high,
        "replications": diff.replications})


def wide_table(long: pd.DataFrame, params: list[str]) -> pd.DataFrame:
    """One row per point: the parameters, then per payer the difference and its interval
    (and the present value of the difference)."""
    first = long.drop_duplicates("point").set_index("point")
    out = first[params].copy()
    out.insert(len(params), "replications", first.replications)
    tot = long[long.measure == "total"].set_index(["point", "payer"])
    pv = long[long.measure == "present_value"].set_index(["point", "payer"])
    for p in list(PAYERS) + ["total"]:
        out[f"{p}_difference_eur"] = tot.xs(p, level="payer").difference_eur
        out[f"{p}_ci_low_eur"] = tot.xs(p, level="payer").ci_low_eur
        out[f"{p}_ci_high_eur"] = tot.xs(p, level="payer").ci_high_eur
        out[f"{p}_pv_difference_eur"] = pv.xs(p, level="payer").difference_eur
    return out.reset_index()


__all__ = ["sweep", "SweepResult", "design_points", "point_table", "point_summary",
           "wide_table"]
