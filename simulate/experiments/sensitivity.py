"""Sensitivity: which uncertain parameters drive who gains, per koker.

The parameters and their plausible ranges come from the scenario's ``[sensitivity.ranges]``
table (each with a reason or source). Two analyses, both on each payer's **net** result,
``counterfactual - scenario`` over the horizon (positive: the payer gains), and on its
present value (``npv``, at the scenario's discount rate):

* **one at a time** (tornado): the base point, then each parameter at its low and at its high
  value with the others at base, ``oat_replications`` paired replications each. ``swing`` is
  net at high minus net at low, with a t-interval over the paired replications (every point
  shares random numbers, so the swing is precise even when the net itself is noisy).
* **global** (Sobol indices, SALib): ``samples x (parameters + 2)`` points of a Saltelli/Sobol
  design over all ranges at once, ``replications`` each, with common random numbers across
  points. ``S1`` is the share of the net's variance due to a parameter alone, ``ST`` its
  share including interactions; ``*_conf`` are SALib's bootstrap 95% half-widths. Sample sizes
  this small give rough indices (half-widths of 0.1-0.2): enough to rank the drivers, not to
  quote the second digit.

Whole-number parameters are rounded at each point. With ``out``, the points are saved as they
finish (``oat/`` and ``sobol/``, :mod:`simulate.experiments.pointstore`) and an interrupted analysis
resumes when run again with the same folder.
"""
from __future__ import annotations

import dataclasses
import json
import logging
import sys
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from simulate.experiments.drivers import NOISE_LIMIT, drivers_table
from simulate.experiments.executors import Executor, make_executor
from simulate.experiments.points import build_points, initiative_axis, run_points
from simulate.experiments.pointstore import PointStore, write_atomic
from simulate.experiments.progress import ProgressArg
from simulate.results import stats
from simulate.results.store import OutputError, check_writable, environment
from simulate.scenario import PAYERS, Problem, Scenario, ScenarioError, scenario_hash, to_dict
from simulate.scenario.paths import PathError, resolve
from simulate.scenario.validate import FrozenDict

log = logging.getLogger(__name__)
METHODS = ("oat", "sobol", "both")
_SOBOL_KEY = 0x736F626F  # "sobo": keeps the design's random numbers apart from the model's
PAYERS_TOTAL = list(PAYERS) + ["total"]


@dataclass
class SensitivityResult:
    """``tornado``, ``sobol`` and ``drivers`` tables (empty when that method was not run)."""
    tornado: pd.DataFrame
    sobol: pd.DataFrame
    drivers: pd.DataFrame
    folder: Path | None = None
    metadata: dict[str, Any] = field(default_factory=dict)


def sensitivity(scenario: Scenario, method: str = "both", samples: int | None = None,
                reps: int | None = None, oat_reps: int | None = None, seed: int | None = None,
                out: str | Path | None = None, jobs: int | None = 1, scheduler: Any = None,
                executor: Executor | None = None,
                progress: ProgressArg = False, batch: int | None = None) -> SensitivityResult:
    """Tornado and Sobol analyses over the scenario's ``[sensitivity.ranges]``.

    ``samples`` (Sobol base N), ``reps`` (per Sobol point) and ``oat_reps`` (per tornado point)
    default to the ``[sensitivity]`` table. Where it runs: as in :func:`simulate.run`;
    ``batch``: arms one worker advances together, several points and replications as groups
    of one batch (:func:`~simulate.experiments.points.run_points`; same numbers).
    """
    scenario, skipped = usable_ranges(scenario)
    cfg = scenario.sensitivity
    _check_arguments(scenario, method, skipped)
    seed = scenario.run.seed if seed is None else int(seed)
    n = cfg.samples if samples is None else int(samples)
    if n < 2 or n & (n - 1):
        raise ValueError(f"samples must be a power of 2 (Sobol designs need one), got {n}")
    reps = cfg.replications if reps is None else int(reps)
    oat_reps = cfg.oat_replications if oat_reps is None else int(oat_reps)
    folder = Path(out) if out is not None else None
    if folder is not None:
        _check_folder(folder)
    own = executor is None
    ex = executor or make_executor(jobs, scheduler)
    meta: dict[str, Any] = {"kind": "sensitivity", "scenario_hash": scenario_hash(scenario),
                            "seed": seed, "parameters": list(cfg.ranges),
                            "skipped": skipped}
    with (ex if own else nullcontext(ex)):
        tornado = sobol = pd.DataFrame()
        base = None
        if method in ("oat", "both"):
            points = oat_points(scenario)
            running: dict[int, np.ndarray] = {}
            tot = _run(scenario, "oat", points, oat_reps, seed, ex, progress, folder, running,
                       batch)
            tornado = tornado_table(scenario, points, tot, _rate(scenario),
                                    [running[i] for i in range(len(points))])
            base = net_by_point(tot[:1], _rate(scenario))[0]   # [rep, measure, payer]
            meta["oat"] = {"points": len(points), "replications": oat_reps,
                           "initiatives": initiative_axis(scenario)}
        if method in ("sobol", "both"):
            points, x = sobol_points(scenario, n, seed)
            tot = _run(scenario, "sobol", points, reps, seed, ex, progress, folder, batch=batch)
            sobol = sobol_table(scenario, x, tot, _rate(scenario), seed, base)
            meta["sobol"] = {"samples": n, "points": len(points), "replications": reps}
        meta.update(executor=ex.name, workers=ex.workers)
    meta["noise_limit"] = NOISE_LIMIT
    result = SensitivityResult(tornado, sobol, drivers_table(tornado, sobol), folder, meta)
    if folder is not None:
        _write(result, scenario)
    return result


def usable_ranges(sc: Scenario) -> tuple[Scenario, dict[str, str]]:
    """The scenario with only the ranges it can vary, and why the others were skipped (an
    initiative or a value this scenario does not have). The scenario is copied, not changed."""
    data, keep, skipped = to_dict(sc), {}, {}
    for key, rng in sc.sensitivity.ranges.items():
        try:
            par = resolve(data, key)
        except PathError as exc:
            skipped[key] = exc.message
            continue
        if par.present:
            keep[key] = rng
        else:
            skipped[key] = "has no value in this scenario"
    for key, why in skipped.items():
        log.warning("sensitivity: skipping %s (%s)", key, why)
    if not skipped:
        return sc, skipped
    cfg = dataclasses.replace(sc.sensitivity, ranges=FrozenDict(keep))
    return dataclasses.replace(sc, sensitivity=cfg), skipped


def _check_arguments(scenario: Scenario, method: str, skipped: dict[str, str]) -> None:
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}")
    if not scenario.sensitivity.ranges:
        hint = ("every range names something this scenario lacks: " + ", ".join(skipped)
                if skipped else 'add [sensitivity.ranges."dotted.key"] with low, high and '
                "reason")
        raise ScenarioError([Problem(scenario.name, "sensitivity.ranges",
                                     "no ranges this scenario can vary", hint)])


def _write(res: SensitivityResult, scenario: Scenario) -> None:
    """The final tables and what was run, each written atomically."""
    assert res.folder is not None  # only a run with an output folder is written
    for name in ("tornado", "sobol", "drivers"):
        df = getattr(res, name)
        if len(df):
            write_atomic(res.folder / f"{name}.csv", df.to_csv(index=False))
    write_atomic(res.folder / "sensitivity.json", json.dumps(
        {**res.metadata, "scenario": to_dict(scenario), "environment": environment(),
         "command": " ".join(sys.argv)}, indent=1, default=str))


_OURS = {"oat", "sobol", "tornado.csv", "sobol.csv", "drivers.csv", "sensitivity.json"}


def _check_folder(folder: Path) -> None:
    """A new folder, or one that only holds an earlier part of this kind of analysis."""
    if not folder.exists():
        check_writable(folder)
        return
    foreign = [p.name for p in folder.iterdir() if p.name not in _OURS
               and not p.name.startswith(".")]
    if foreign:
        raise OutputError(f"{folder} exists and is not a sensitivity folder ({foreign[0]}); "
                          "choose a new --out")


def _rate(sc: Scenario) -> float:
    return sc.financing.discount_rate


def _run(base: Scenario, part: str, points: list[dict], reps: int, seed: int, ex: Executor,
         progress: ProgressArg, folder: Path | None,
         running: dict[int, np.ndarray] | None = None,
         batch: int | None = None) -> list[np.ndarray]:
    """Totals per point; with ``running`` also whether each initiative runs at the end."""
    pairs = build_points(base, points)
    if folder is None:
        return run_points(base, points, reps, seed, ex, progress, pairs=pairs, running=running,
                          batch=batch)
    identity = {"kind": f"sensitivity.{part}", "scenario_hash": scenario_hash(base),
                "scenario": to_dict(base), "points": points, "reps": reps, "seed": seed,
                "running": running is not None}
    with PointStore(folder / part, identity) as store:
        return run_points(base, points, reps, seed, ex, progress, store, pairs=pairs,
                          running=running, batch=batch)


# -- designs ------------------------------------------------------------------------
def _parameters(sc: Scenario):
    data = to_dict(sc)
    return {k: resolve(data, k) for k in sc.sensitivity.ranges}


def oat_points(sc: Scenario) -> list[dict[str, Any]]:
    """The base point (no change), then each parameter at its low and its high value."""
    pars = _parameters(sc)
    points: list[dict[str, Any]] = [{}]
    for k, r in sc.sensitivity.ranges.items():
        points += [{k: pars[k].coerce(r.low)}, {k: pars[k].coerce(r.high)}]
    return points


def sobol_problem(sc: Scenario) -> dict[str, Any]:
    """The SALib problem: the parameters and their ranges."""
    rng = sc.sensitivity.ranges
    return {"num_vars": len(rng), "names": list(rng),
            "bounds": [[r.low, r.high] for r in rng.values()]}


def sobol_points(sc: Scenario, samples: int, seed: int) -> tuple[list[dict], np.ndarray]:
    """The Sobol design (first and total order): the points and the sample matrix."""
    from SALib.sample import sobol as sobol_sample
    problem = sobol_problem(sc)
    x = sobol_sample.sample(problem, samples, calc_second_order=False,
                            seed=(int(seed) ^ _SOBOL_KEY) % 2**32)
    pars = _parameters(sc)
    points = [{k: pars[k].coerce(float(v)) for k, v in zip(problem["names"], row)} for row in x]
    return points, x


# -- analyses -----------------------------------------------------------------------
def net_by_point(totals: list[np.ndarray], rate: float) -> np.ndarray:
    """Net result per point, replication, measure and payer (+ total), ``[point, rep, 2, P]``:
    counterfactual - scenario EUR over the horizon (measure 0) and its present value (1)."""
    out = []
    for t in totals:
        t = np.concatenate([t, t.sum(axis=3, keepdims=True)], axis=3)   # [rep, arm, year, P]
        net = t[:, 0] - t[:, 1]                                          # [rep, year, P]
        pv = (net * stats.discount_factors(net.shape[1], rate)[None, :, None]).sum(axis=1)
        out.append(np.stack([net.sum(axis=1), pv], axis=1))
    return np.stack(out)


def label(path: str) -> str:
    """A short readable name of a parameter: its last two keys."""
    return ".".join(path.split(".")[-2:])


def tornado_table(sc: Scenario, points: list[dict], totals: list[np.ndarray],
                  rate: float, running: list[np.ndarray] | None = None) -> pd.DataFrame:
    """One row per payer, measure and parameter, ranked by the size of the swing.

    Columns (the contract with :mod:`simulate.charts.sensitivity`): payer, measure,
    parameter, label, base_input / low_input / high_input (the parameter's values), base /
    low_value / high_value (mean net EUR with every parameter at base, and with this one at
    its low or high value), swing_eur = high_value - low_value with its t-interval over the
    paired replications (swing_ci_low_eur, swing_ci_high_eur), rank, reason; and the
    t-interval over replications of the net itself at each point (base_ci_low_eur,
    base_ci_high_eur, low_ci_low_eur, ..., high_ci_high_eur), which says whether the sign of
    the net there is within the noise (:mod:`simulate.analysis.flips`). With ``running``
    (per point, ``[replication, initiative]``: 1 if the initiative still runs at the end),
    per initiative NAME the share of replications in which it still runs at base, low and
    high (``running.base.NAME``, ``running.low.NAME``, ``running.high.NAME``) and the
    t-interval of the paired change high - low (``running.ci_low.NAME``,
    ``running.ci_high.NAME``), the same for every payer of a parameter.
    """
    net = net_by_point(totals, rate)                     # [point, rep, measure, payer]
    pars = _parameters(sc)
    rows = []
    for j, (k, r) in enumerate(sc.sensitivity.ranges.items()):
        lo, hi = net[1 + 2 * j], net[2 + 2 * j]
        swing = hi - lo                                  # paired per replication
        for m, measure in enumerate(("net", "npv")):
            mean, slo, shi = stats.t_intervals(swing[:, m, :].T)
            ci = {end: stats.t_intervals(x[:, m, :].T)[1:]
                  for end, x in (("base", net[0]), ("low", lo), ("high", hi))}
            for p, payer in enumerate(PAYERS_TOTAL):
                rows.append({"payer": payer, "measure": measure, "parameter": k,
                             "label": label(k), "base_input": pars[k].value,
                             "low_input": r.low, "high_input": r.high,
                             "base": net[0, :, m, p].mean(), "low_value": lo[:, m, p].mean(),
                             "high_value": hi[:, m, p].mean(), "swing_eur": mean[p],
                             "swing_ci_low_eur": slo[p], "swing_ci_high_eur": shi[p],
                             **{f"{end}_ci_{side}_eur": ci[end][i][p] for end in ci
                                for i, side in enumerate(("low", "high"))},
                             **_running_columns(sc, running, j),
                             "reason": r.reason})
    df = pd.DataFrame(rows)
    df["rank"] = (df.swing_eur.abs().groupby([df.payer, df.measure])
                  .rank(ascending=False, method="first").astype(int))
    return _order(df, "rank")


def _running_columns(sc: Scenario, running: list[np.ndarray] | None, j: int
                     ) -> dict[str, float]:
    """The running-at-the-end columns of parameter ``j`` (see :func:`tornado_table`)."""
    if running is None:
        return {}
    base, lo, hi = running[0], running[1 + 2 * j], running[2 + 2 * j]
    if not base.size:
        return {}
    _, clo, chi = stats.t_intervals((hi - lo).T)
    out = {}
    for q, name in enumerate(initiative_axis(sc)):
        out.update({f"running.base.{name}": base[:, q].mean(),
                    f"running.low.{name}": lo[:, q].mean(),
                    f"running.high.{name}": hi[:, q].mean(),
                    f"running.ci_low.{name}": clo[q], f"running.ci_high.{name}": chi[q]})
    return out


def sobol_table(sc: Scenario, x: np.ndarray, totals: list[np.ndarray], rate: float,
                seed: int, base: np.ndarray | None = None) -> pd.DataFrame:
    """S1 and ST with the half-widths of their 95% intervals (S1_conf, ST_conf), per payer and
    measure whose net varies at all; ranked by ST.

    With ``base`` (the net of each replication at the base point, ``[rep, measure, payer]``)
    a ``noise_share`` column estimates how much of the variance the indices divide is the
    village's own randomness rather than the parameters: the base point's variance over
    replications, divided by the replications per Sobol point, over the variance of the
    Sobol points' nets. It is an upper bound (the Sobol points share random numbers, so
    their noise is smaller than between independent replications); near 1 the indices may
    mostly share out noise.
    """
    from SALib.analyze import sobol as sobol_analyze
    problem = sobol_problem(sc)
    net = net_by_point(totals, rate)                     # [point, rep, measure, payer]
    y = net.mean(axis=1)                                 # [point, measure, payer]
    noise = (base.var(axis=0, ddof=1) / net.shape[1] if base is not None and len(base) > 1
             else np.full(y.shape[1:], np.nan))
    rows = []
    for m, measure in enumerate(("net", "npv")):
        for p, payer in enumerate(PAYERS_TOTAL):
            yp = y[:, m, p]
            if np.ptp(yp) == 0:
                continue  # this payer's net does not depend on any parameter
            s = sobol_analyze.analyze(problem, yp, calc_second_order=False, conf_level=0.95,
                                      seed=(int(seed) ^ _SOBOL_KEY) % 2**32)
            for j, k in enumerate(problem["names"]):
                rows.append({"payer": payer, "measure": measure, "parameter": k,
                             "label": label(k), "S1": s["S1"][j], "S1_conf": s["S1_conf"][j],
                             "ST": s["ST"][j], "ST_conf": s["ST_conf"][j],
                             "net_mean_eur": yp.mean(), "net_sd_eur": yp.std(ddof=1),
                             "noise_share": min(1.0, noise[m, p] / yp.var(ddof=1))})
    df = pd.DataFrame(rows)
    if df.empty:
        return df
    df["rank"] = df.groupby(["payer", "measure"]).ST.rank(ascending=False,
                                                          method="first").astype(int)
    return _order(df, "rank")


def _order(df: pd.DataFrame, rank: str) -> pd.DataFrame:
    order = {p: i for i, p in enumerate(PAYERS_TOTAL)}
    return (df.assign(_p=df.payer.map(order)).sort_values(["measure", "_p", rank])
            .drop(columns="_p").reset_index(drop=True))


__all__ = ["sensitivity", "SensitivityResult", "oat_points", "sobol_points",
           "tornado_table", "sobol_table", "drivers_table", "net_by_point", "usable_ranges"]
