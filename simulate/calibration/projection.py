"""Projection validation: the status quo's 20-year trajectory against published Dutch forecasts.

The 5-year validation (:mod:`simulate.calibration.validation`) checks levels; this module checks
the *trajectory*: population and its 65+ and 80+ parts, life expectancy at 65 and its trend, Wlz
clients and spending growth, against ``data/projection_targets.csv``. Those figures come from
forecasts (CBS, PBL/CBS, TNO, RIVM) that no fit uses, so a pass is evidence, not an echo of the
calibration. Every figure but life expectancy is read from a run's tidy tables (counterfactual
arm, per replication); life expectancy is the period life expectancy of the scenario's death
rates in that calendar year (:func:`simulate.model.population.rates.period_life_expectancy`).
"""
from __future__ import annotations

import io
from dataclasses import dataclass, replace
from importlib import resources

import numpy as np
import pandas as pd

from simulate.calibration.targets import age_bands, states_of
from simulate.model.population.rates import period_life_expectancy
from simulate.results.tables import Results, t_interval
from simulate.scenario import Scenario

METRICS = ("population_change", "share", "share_change", "ratio", "life_expectancy",
           "spend_growth")
COLUMNS = ["id", "unit", "model", "ci_low", "ci_high", "target", "tolerance", "within",
           "year", "tag", "source"]
#: Years that a projection check needs: the default village runs 20.
PROJECTION_YEARS = 20


def load_projection_targets() -> pd.DataFrame:
    """The packaged projection targets (comment lines start with '#')."""
    text = resources.files("simulate.data").joinpath("projection_targets.csv").read_text(
        encoding="utf-8")
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    df = pd.read_csv(io.StringIO(body))
    bad = sorted(set(df["metric"]) - set(METRICS))
    if bad:
        raise ValueError(f"simulate/data/projection_targets.csv: unknown metric {bad}; "
                         f"expected one of {', '.join(METRICS)}")
    return df


@dataclass
class ProjectionReport:
    """The projection checks of one run."""
    table: pd.DataFrame
    results: Results

    @property
    def passed(self) -> bool:
        return bool(self.table["within"].all())

    def __str__(self) -> str:
        m = self.results.metadata
        rows = [f"{m.get('scenario_name', 'run')}: counterfactual arm, "
                f"{m.get('replications', '?')} replications, seed {m.get('seed', '?')}; "
                "projection checks (model mean [95% interval])",
                f"{'check':<20} {'model [95% interval]':<28} {'target':>8} {'tol':>6}  ok"]
        for _, r in self.table.iterrows():
            ci = "" if np.isnan(r.ci_low) else f" [{r.ci_low:.3g}, {r.ci_high:.3g}]"
            rows.append(f"{r.id:<20} {f'{r.model:.3g}{ci}':<28} {r.target:>8.3g} "
                        f"{r.tolerance:>6.3g}  {'yes' if r.within else 'NO'}")
        ok = int(self.table["within"].sum())
        rows.append(f"\n{ok} of {len(self.table)} within tolerance "
                    "(sources and reasons: docs/validation.md, projection validation)")
        return "\n".join(rows)


def _per_rep(df: pd.DataFrame, year: int, reps: list, col: str) -> np.ndarray:
    s = df[df["year"] == year].groupby("replication")[col].sum()
    return s.reindex(reps, fill_value=0).to_numpy(dtype=float)


def model_values(sc: Scenario, tables: dict[str, pd.DataFrame], t: pd.Series) -> np.ndarray:
    """The model's value of one projection target, per replication (one value for
    life expectancy, which does not depend on chance)."""
    start = sc.start_year
    y0, y1 = start + int(t.from_year), start + int(t.to_year)
    if t.metric == "life_expectancy":
        le = period_life_expectancy(sc, y1, int(t.ages))
        return np.array([{"men": le[0], "women": le[1]}.get(t.what, le.mean())])
    pop = tables["population"]
    pop = pop[pop["arm"] == "counterfactual"]
    reps = sorted(pop["replication"].unique())
    if t.metric == "spend_growth":
        costs = tables["costs"]
        costs = costs[(costs["arm"] == "counterfactual") & (costs["payer"] != "residents")
                      & (costs["service"] != "transfers")]
        if t.what != "all":
            costs = costs[costs["payer"] == t.what]
        per_res = [_per_rep(costs, y, reps, "eur") / _per_rep(pop, y, reps, "residents")
                   for y in (y0, y1)]
        return (per_res[1] / per_res[0]) ** (1 / (y1 - y0)) - 1
    sel = pop[pop["age_band"].isin(age_bands(t.ages)) & pop["state"].isin(states_of(t.what))]
    part = [_per_rep(sel, y, reps, "residents") for y in (y0, y1)]
    whole = [_per_rep(pop, y, reps, "residents") for y in (y0, y1)]
    if t.metric == "population_change":
        return whole[1] / whole[0] - 1
    if t.metric == "share":
        return part[1] / whole[1]
    if t.metric == "share_change":
        return part[1] / whole[1] - part[0] / whole[0]
    return part[1] / part[0]   # ratio


def projection_table(sc: Scenario, results: Results,
                     targets: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per projection target: model mean and 95% interval, target, within."""
    targets = load_projection_targets() if targets is None else targets
    last = int(results.tables["population"]["year"].max()) - sc.start_year
    rows = []
    for _, t in targets.iterrows():
        if int(t.to_year) > last:
            raise ValueError(f"projection target {t.id} needs {int(t.to_year)} years; the run "
                             f"has {last} (run {PROJECTION_YEARS} years: horizon_years)")
        x = model_values(sc, results.tables, t)
        x = x[np.isfinite(x)]
        mean, lo, hi = t_interval(x) if len(x) > 1 else (float(x.mean()), np.nan, np.nan)
        rows.append({"id": t.id, "unit": t.unit, "model": mean, "ci_low": lo, "ci_high": hi,
                     "target": t.value, "tolerance": t.tolerance,
                     "within": bool(abs(mean - t.value) <= t.tolerance),
                     "year": t.year, "tag": t.tag, "source": t.source})
    return pd.DataFrame(rows, columns=COLUMNS)


def validate_projection(scenario: Scenario, reps: int | None = None, seed: int | None = None,
                        jobs: int = 1, results: Results | None = None) -> ProjectionReport:
    """Run ``scenario`` over at least 20 years (or take its ``results``) and compare the status
    quo's trajectory with the projection targets."""
    if results is None:
        from simulate.experiments.runner import run
        if scenario.horizon_years < PROJECTION_YEARS:
            scenario = replace(scenario, horizon_years=float(PROJECTION_YEARS))
        results = run(scenario, reps=reps, seed=seed, jobs=jobs)
    return ProjectionReport(projection_table(scenario, results), results)
