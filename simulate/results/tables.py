"""Results as tidy pandas tables, and the per-payer summary with intervals.

Tables (one row per observation, long format):

* ``costs``: arm, replication, year, payer, service, eur
* ``population``: arm, replication, year, age_band, sex, state, residents (census on 1 January
  of each year, and at the end of the horizon)
* ``events``: arm, replication, year, age_band, sex, state, event, count (state at the event)
* ``hours``: arm, replication, year, kind, hours (unpaid help, never mixed into euros)
* ``series``: arm, replication, month, series, value (residents, residents per state, waiting
  list, beds, lonely residents, overburdened carers; per initiative its members, volunteers,
  volunteer hours, scale and quality)
* ``decisions``: arm, replication, month, initiative, payer, decision, benefit_cost_ratio (the
  payers' yearly reviews and initiatives' collapses)
* ``summary``: per payer, mean total over the horizon in each arm and the mean paired
  difference (scenario - counterfactual) with a 95% t-interval over replications, and the
  bootstrap interval (``boot_low_eur``, ``boot_high_eur``); the difference split into the
  ``care_effect_eur`` (care and initiative costs) and ``transfers_eur`` (money moved between
  payers by the regime; positive: the payer paid out more), which sum to it; ``p_gain``, the share
  of replications in which the payer gains (pays less in the scenario); ``interval_includes``,
  what the intervals cover (:data:`SCOPES`); ``parameter_share`` (runs that split the spread
  only): the share of the payer's spread that comes from the parameters (``spread`` below)
* ``intervals``: every total above (payers and their sum, services, hours, events), each arm
  and the paired difference, with t and bootstrap intervals (:mod:`simulate.results.intervals`)
* ``precision`` (runs with a precision target only): per headline quantity, whether it was
  reached (:func:`simulate.results.stats.precision_table`)
* ``parameters`` (runs that draw parameters only): replication, parameter, value, quantile,
  distribution, group: the parameter set each replication used (both arms)
* ``voi`` (``simulate voi`` only): the value of information per payer and parameter
  (:func:`simulate.analysis.voi.voi_table`)
* ``stopping`` (runs whose count a stopping rule chose): per payer and the total, the Monte
  Carlo error of its mean net and of ``p_gain`` against the rule's targets
  (:mod:`simulate.experiments.stopping`)
* ``spread`` (runs that drew parameters and ran replications with them fixed too): per payer
  and the total, the spread of its net and the share that comes from the parameters
  (:func:`simulate.analysis.spread.spread_table`)
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from simulate.data import AGE_BANDS
from simulate.model.financing.ledger import HOUR_KINDS, TRANSFERS
from simulate.results import stats
from simulate.scenario import EVENTS, PAYERS, STATES, Scenario, scenario_hash, to_dict
from simulate.scenario.distributions import draws_parameters

ARMS: tuple[str, ...] = ("counterfactual", "scenario")
SEXES: tuple[str, ...] = ("male", "female")
DECISION_COLUMNS = ["month", "initiative", "payer", "decision", "benefit_cost_ratio"]
TABLES: tuple[str, ...] = ("costs", "population", "events", "hours", "series", "decisions",
                           "summary", "intervals", "precision", "parameters", "voi",
                           "stopping", "spread")
#: Tables a run folder holds only when asked for (``precision``: a run with --precision;
#: ``parameters``: a run that draws its uncertain parameters; ``voi``: ``simulate voi``;
#: ``stopping``: a run whose replications a stopping rule chose; ``spread``: a run that
#: split the spread into its simulation and parameter parts).
OPTIONAL_TABLES: tuple[str, ...] = ("precision", "parameters", "voi", "stopping", "spread")
#: What an interval covers: the simulation's randomness only, or that and the uncertain
#: parameters drawn per replication (probabilistic sensitivity analysis).
SCOPES: tuple[str, ...] = ("simulation", "simulation and parameters")
#: The tables built per arm and replication (the others are summaries of them).
ARM_TABLES: tuple[str, ...] = TABLES[:6]


def t_interval(x: np.ndarray, level: float = 0.95) -> tuple[float, float, float]:
    """Mean and two-sided t-interval of independent replications (NaN bounds for n < 2)."""
    mean, low, high = stats.t_intervals(np.asarray(x, dtype=float)[None, :], level)
    return float(mean[0]), float(low[0]), float(high[0])


def _long(arr: np.ndarray, axes: list[tuple[str, Any]], value: str, keep_zero: bool
          ) -> pd.DataFrame:
    """A long table from an n-d array whose axes have the given names and labels."""
    idx = pd.MultiIndex.from_product([labels for _, labels in axes], names=[n for n, _ in axes])
    df = pd.DataFrame({value: arr.reshape(-1)}, index=idx).reset_index()
    return df if keep_zero else df[df[value] != 0].reset_index(drop=True)


long_table = _long  # the public name, for modules that build the same tables (calibration)


def require_results(obj: Any, func: str, tables: tuple[str, ...] = ()) -> None:
    """A clear TypeError when ``func`` is given something other than a :class:`Results` (a
    student's usual slip: ``wrong_pocket(results.costs)``), and a ValueError when the Results
    lacks one of the ``tables`` the function reads (e.g. a comparison run folder)."""
    if not isinstance(obj, Results):
        hint = (" (a table such as results.costs: pass results itself)"
                if isinstance(obj, pd.DataFrame) else "")
        raise TypeError(f"{func}() takes the Results of simulate.run(...) or "
                        f"simulate.load_results(folder), not a {type(obj).__name__}{hint}")
    missing = [t for t in tables if t not in obj.tables]
    if missing:
        raise ValueError(f"{func}() needs the table(s) {', '.join(missing)}, and this Results "
                         f"has only {', '.join(obj.tables) or 'none'}: pass the Results of "
                         "simulate.run(...)")


@dataclass
class Results:
    """What a run produced: tidy tables plus the metadata needed to repeat it."""
    tables: dict[str, pd.DataFrame]
    metadata: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> pd.DataFrame:
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        if name.startswith("_"):   # copy, pickle and friends probe for dunders: stay quiet
            raise AttributeError(name)
        raise AttributeError(f"this Results has no table {name!r} (tables: "
                             f"{', '.join(tables) or 'none'})")

    @classmethod
    def from_arms(cls, sc: Scenario, reps: list[dict], seed: int, jobs: int,
                  wall_seconds: float) -> Results:
        """Turn the arrays of every replication and arm into the tidy tables."""
        first = reps[0]["scenario"]
        years = first.eur.shape[0]
        cal = [sc.start_year + y for y in range(years)]
        census_years = [sc.start_year + y for y in range(first.census.shape[0])]
        services = first.services
        runs = [arms[arm] for arms in reps for arm in ARMS]   # replication by replication
        tables = {
            "costs": _stacked([a.eur for a in runs], [("year", cal), ("payer", PAYERS),
                                                       ("service", services)], "eur", False),
            "population": _stacked([a.census for a in runs], [
                ("year", census_years), ("age_band", AGE_BANDS), ("sex", SEXES),
                ("state", STATES)], "residents", False),
            "events": _stacked([a.events for a in runs], [
                ("year", cal), ("event", EVENTS), ("age_band", AGE_BANDS), ("sex", SEXES),
                ("state", STATES)], "count", False)[
                ["arm", "replication", "year", "age_band", "sex", "state", "event", "count"]],
            "hours": _stacked([a.hours for a in runs], [("year", cal), ("kind", HOUR_KINDS)],
                              "hours", True),
            "series": _all_series([a.monthly for a in runs]),
        }
        decisions = []
        for r, arms in enumerate(reps):
            for arm in ARMS:
                df = pd.DataFrame(arms[arm].decisions, columns=DECISION_COLUMNS)
                df.insert(0, "replication", r)
                df.insert(0, "arm", arm)
                decisions.append(df)
        tables["decisions"] = pd.concat(decisions, ignore_index=True)
        tables = {k: tables[k] for k in ARM_TABLES}
        from simulate.results.intervals import bootstrap_columns, interval_table
        tables["intervals"] = interval_table(reps, services, seed)
        scope = SCOPES[int(draws_parameters(sc))]
        tables["summary"] = bootstrap_columns(summarise(tables["costs"], replications=len(reps)),
                                              tables["intervals"]).assign(interval_includes=scope)
        meta = {"scenario_name": sc.name, "scenario": to_dict(sc), "interval_includes": scope,
                "scenario_hash": scenario_hash(sc), "seed": seed, "replications": len(reps),
                "jobs": jobs, "wall_seconds": round(wall_seconds, 3),
                "flows": [{arm: arms[arm].flows for arm in ARMS} for arms in reps]}
        return cls(tables=tables, metadata=meta)

    def totals(self, by: str = "payer") -> pd.DataFrame:
        """Total EUR over the horizon per replication, arm and ``by`` (payer or service)."""
        return (self.costs.groupby(["replication", "arm", by])["eur"].sum()
                .unstack("arm", fill_value=0.0).reset_index())


def _run_columns(chunk: np.ndarray) -> dict[str, Any]:
    """The arm and replication columns of rows from runs ``chunk`` (numbered replication
    by replication, each its arms in :data:`ARMS` order)."""
    return {"arm": pd.Index(list(ARMS)).take(chunk % len(ARMS)),
            "replication": (chunk // len(ARMS)).astype(np.int64)}


def _stacked(arrays: list[np.ndarray], axes: list[tuple[str, Any]], value: str,
             keep_zero: bool) -> pd.DataFrame:
    """The long tables (:func:`_long`) of every run's array, with their arm and replication,
    one under the other, built at once: the same rows, values and column types as
    concatenating each run's table."""
    flat = np.stack(arrays).reshape(-1)
    size = flat.size // len(arrays)
    pos = np.arange(flat.size) if keep_zero else np.flatnonzero(flat != 0)
    within = pos % size
    cols = _run_columns(pos // size)
    stride = size
    for name, labels in axes:
        stride //= len(labels)
        cols[name] = pd.Index(list(labels)).take(within // stride % len(labels))
    cols[value] = flat[pos]
    return pd.DataFrame(cols)


def _all_series(monthly: list[dict[str, np.ndarray]]) -> pd.DataFrame:
    """The series of every run (month, series, value: each series' months in turn), with
    their arm and replication, built at once (runs may have different series)."""
    names = [name for m in monthly for name in m]
    values = np.concatenate([v for m in monthly for v in m.values()]) if names else np.empty(0)
    months = [len(v) for m in monthly for v in m.values()]
    chunk = np.repeat(np.arange(len(monthly)), [sum(len(v) for v in m.values())
                                                for m in monthly])
    cols = _run_columns(chunk)
    cols["month"] = np.concatenate([np.arange(n) for n in months]) if names else chunk
    cols["series"] = pd.Index(names).repeat(months)
    cols["value"] = values
    return pd.DataFrame(cols)


def p_gain(net: np.ndarray) -> float:
    """The share of replications in which ``net`` (what a payer gains) is above zero: with
    parameters drawn, the probability that the payer gains (the acceptability curve of health
    economics at a willingness to pay of zero). Half a euro is zero (rounding)."""
    net = np.asarray(net, dtype=float)
    return float(np.mean(net > 0.5)) if len(net) else float("nan")


def summarise(costs: pd.DataFrame, by: str = "payer", level: float = 0.95,
              replications: int | None = None) -> pd.DataFrame:
    """Per payer (or service): mean total in each arm and the paired difference with interval,
    and ``p_gain`` (:func:`p_gain` of minus the difference).

    A replication in which a payer paid nothing has no rows in ``costs``; it counts as zero
    (``replications``, if given, is the number of replications run, so that one with no
    costs at all counts too).
    """
    cols = [by, "counterfactual_eur", "scenario_eur", "difference_eur", "ci_low_eur",
            "ci_high_eur", "replications", "p_gain"]
    if costs.empty:
        return pd.DataFrame(columns=cols)
    tot = (costs.groupby(["replication", "arm", by])["eur"].sum()
           .unstack("arm", fill_value=0.0))
    for arm in ARMS:
        if arm not in tot:
            tot[arm] = 0.0
    reps = range(replications) if replications else sorted(costs.replication.unique())
    tot = tot.reindex(pd.MultiIndex.from_product(
        [reps, tot.index.unique(level=by)], names=["replication", by]), fill_value=0.0)
    tot["difference"] = tot["scenario"] - tot["counterfactual"]
    rows = []
    for key, g in tot.groupby(level=by, sort=False):
        mean, lo, hi = t_interval(g["difference"].to_numpy(), level)
        rows.append({by: key, "counterfactual_eur": g["counterfactual"].mean(),
                     "scenario_eur": g["scenario"].mean(), "difference_eur": mean,
                     "ci_low_eur": lo, "ci_high_eur": hi, "replications": len(g),
                     "p_gain": p_gain(-g["difference"].to_numpy())})
    out = pd.DataFrame(rows)
    if by == "payer":   # the difference = care effect + transfers
        moved = costs[costs.service == TRANSFERS]
        tr = (moved.groupby(["arm", "payer"]).eur.sum().unstack("arm")
              .reindex(columns=list(ARMS), fill_value=0.0).fillna(0.0))
        n = replications or costs.replication.nunique()
        tr_diff = ((tr["scenario"] - tr["counterfactual"]) / max(n, 1)).reindex(
            out.payer).fillna(0.0).to_numpy()
        pos = out.columns.get_loc("difference_eur")
        out.insert(pos, "transfers_eur", tr_diff)
        out.insert(pos, "care_effect_eur", out["difference_eur"].to_numpy() - tr_diff)
    order = {p: i for i, p in enumerate(PAYERS)} if by == "payer" else {}
    return out.sort_values(by, key=lambda s: s.map(order) if order else s).reset_index(drop=True)
