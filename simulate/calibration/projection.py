"""Projection validation: the status quo's 20-year trajectory against published Dutch forecasts.

The 5-year validation (:mod:`simulate.calibration.validation`) checks levels; this module checks
the *trajectory*: population and its 65+ and 80+ parts, life expectancy at 65 and its trend, Wlz
clients and spending growth, against ``data/projection_targets.csv``. Those figures come from
forecasts (CBS, PBL/CBS, TNO, RIVM) that no fit uses, so a pass is evidence, not an echo of the
calibration. Every figure but life expectancy is read from a run's tidy tables (counterfactual
arm, per replication); life expectancy is the period life expectancy of the scenario's death
rates in that calendar year (:func:`simulate.model.population.rates.period_life_expectancy`).

A target whose ``run`` names a variant (``data/projection_variants.csv``, e.g. ``national``: the
Netherlands' pyramid and migration) is compared with a run of that variant of the scenario, so
that a national forecast meets a population that ages like the nation. A ``spend_growth_std``
target has no published value: its target is the growth that the run's own age mix implies at
constant spending per resident of each age (:mod:`simulate.calibration.standardise`).
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field, replace
from importlib import resources
from typing import Any

import numpy as np
import pandas as pd

from simulate.calibration.standardise import expected_growth
from simulate.calibration.targets import age_bands, states_of
from simulate.model.population.rates import period_life_expectancy
from simulate.results.tables import Results, t_interval
from simulate.scenario import Scenario

METRICS = ("population_change", "share", "share_change", "ratio", "life_expectancy",
           "spend_growth", "spend_growth_std")
COLUMNS = ["id", "run", "unit", "model", "ci_low", "ci_high", "target", "tolerance", "within",
           "year", "tag", "source"]
#: The scenario itself, in the ``run`` column of the targets.
OWN = ""
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
    df["run"] = df["run"].fillna(OWN).astype(str) if "run" in df else OWN
    return df


def load_variants() -> dict[str, dict[str, Any]]:
    """The scenario variants of ``data/projection_variants.csv``: name -> {key: (value, source)}."""
    from simulate.scenario.overrides import parse_override
    text = resources.files("simulate.data").joinpath("projection_variants.csv").read_text(
        encoding="utf-8")
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    out: dict[str, dict[str, Any]] = {}
    for _, r in pd.read_csv(io.StringIO(body), dtype=str).iterrows():
        key, value = parse_override(f"{r.key}={r.value}")
        out.setdefault(r.variant, {})[key] = (value, r.source)
    return out


def variant_of(sc: Scenario, name: str) -> Scenario:
    """``sc`` with the keys of variant ``name`` set (and their sources beside them)."""
    from simulate.scenario.loader import from_dict, to_dict
    from simulate.scenario.overrides import apply_overrides
    variants = load_variants()
    if name not in variants:
        raise ValueError(f"projection target names run {name!r}; data/projection_variants.csv "
                         f"has {', '.join(sorted(variants)) or 'none'}")
    sets = variants[name]
    data = apply_overrides(to_dict(sc), {k: v for k, (v, _) in sets.items()})
    data["sources"] = {**data.get("sources", {}), **{
        k: {"text": src, "file": "data/projection_variants.csv"} for k, (_, src) in sets.items()}}
    data["name"] = f"{sc.name} ({name})"
    return from_dict(data, f"data/projection_variants.csv ({name})")


@dataclass
class ProjectionReport:
    """The projection checks of one run (and of the variants its targets name)."""
    table: pd.DataFrame
    results: Results
    variants: dict[str, Results] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return bool(self.table["within"].all())

    def __str__(self) -> str:
        m = self.results.metadata
        rows = [f"{m.get('scenario_name', 'run')}: counterfactual arm, "
                f"{m.get('replications', '?')} replications, seed {m.get('seed', '?')}; "
                "projection checks (model mean [95% interval])",
                f"{'check':<24} {'model [95% interval]':<28} {'target':>8} {'tol':>6}  ok"]
        for _, r in self.table.iterrows():
            ci = "" if np.isnan(r.ci_low) else f" [{r.ci_low:.3g}, {r.ci_high:.3g}]"
            rows.append(f"{r.id:<24} {f'{r.model:.3g}{ci}':<28} {r.target:>8.3g} "
                        f"{r.tolerance:>6.3g}  {'yes' if r.within else 'NO'}")
        for name in sorted(self.variants):
            ids = ", ".join(self.table.loc[self.table["run"] == name, "id"])
            rows.append(f"measured on a run of the {name} variant "
                        f"(data/projection_variants.csv): {ids}")
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
    if t.metric in ("spend_growth", "spend_growth_std"):
        costs = care_costs(tables)
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


def care_costs(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The counterfactual arm's care costs: payers other than residents, no transfers."""
    costs = tables["costs"]
    return costs[(costs["arm"] == "counterfactual") & (costs["payer"] != "residents")
                 & (costs["service"] != "transfers")]


def expected_values(sc: Scenario, tables: dict[str, pd.DataFrame], t: pd.Series) -> np.ndarray:
    """The target of a ``spend_growth_std`` row, per replication: the growth of spending per
    resident that the run's own age mix implies (:func:`standardise.expected_growth`)."""
    pop = tables["population"]
    pop = pop[pop["arm"] == "counterfactual"]
    reps = sorted(pop["replication"].unique())
    return expected_growth(pop, care_costs(tables), sc.start_year + int(t.from_year),
                           sc.start_year + int(t.to_year), reps, str(t.what))


def projection_table(sc: Scenario, results: Results, targets: pd.DataFrame | None = None,
                     variants: dict[str, tuple[Scenario, Results]] | None = None
                     ) -> pd.DataFrame:
    """One row per projection target: model mean and 95% interval, target, within.
    ``variants``: the runs of the variants the targets name (``run`` column)."""
    targets = load_projection_targets() if targets is None else targets
    runs = {OWN: (sc, results), **(variants or {})}
    rows = []
    for _, t in targets.iterrows():
        if t.run not in runs:
            raise ValueError(f"projection target {t.id} needs a run of the {t.run!r} variant")
        vsc, res = runs[t.run]
        last = int(res.tables["population"]["year"].max()) - vsc.start_year
        if int(t.to_year) > last:
            raise ValueError(f"projection target {t.id} needs {int(t.to_year)} years; the run "
                             f"has {last} (run {PROJECTION_YEARS} years: horizon_years)")
        x = model_values(vsc, res.tables, t)
        target = float(t.value)
        if t.metric == "spend_growth_std":   # the run's own expectation, replication by rep.
            e = expected_values(vsc, res.tables, t)
            ok = np.isfinite(x) & np.isfinite(e)
            x, target = x[ok], float(e[ok].mean())
        x = x[np.isfinite(x)]
        mean, lo, hi = t_interval(x) if len(x) > 1 else (float(x.mean()), np.nan, np.nan)
        rows.append({"id": t.id, "run": t.run, "unit": t.unit, "model": mean, "ci_low": lo,
                     "ci_high": hi, "target": target, "tolerance": t.tolerance,
                     "within": bool(abs(mean - target) <= t.tolerance),
                     "year": t.year, "tag": t.tag, "source": t.source})
    return pd.DataFrame(rows, columns=COLUMNS)


def validate_projection(scenario: Scenario, reps: int | None = None, seed: int | None = None,
                        jobs: int = 1, results: Results | None = None) -> ProjectionReport:
    """Run ``scenario`` over at least 20 years (or take its ``results``) and compare the status
    quo's trajectory with the projection targets; run the variants they name (as many
    replications and the same seed as the scenario's run)."""
    from simulate.experiments.runner import run
    if scenario.horizon_years < PROJECTION_YEARS:
        scenario = replace(scenario, horizon_years=float(PROJECTION_YEARS))
    if results is None:
        results = run(scenario, reps=reps, seed=seed, jobs=jobs)
    targets = load_projection_targets()
    meta = results.metadata
    vreps = reps or int(meta.get("replications", 0)) or None
    vseed = seed if seed is not None else meta.get("seed")
    variants = {}
    for name in sorted(set(targets["run"]) - {OWN}):
        vsc = variant_of(scenario, name)
        variants[name] = (vsc, run(vsc, reps=vreps, seed=vseed, jobs=jobs))
    table = projection_table(scenario, results, targets, variants)
    return ProjectionReport(table, results, {k: v[1] for k, v in variants.items()})
