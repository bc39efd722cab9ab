"""Means and 95% bands over replications (what charts draw and the report quotes), computed from a :class:`~simulate.results.Results`: means over
replications with 95% t-intervals, per key.

The tidy tables leave out rows whose value is zero (costs, census, events), so every mean here
first completes the table with zeros for each replication; otherwise a replication without,
say, any hip fracture in a year would silently drop out of that year's mean.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from simulate.analysis.questions import within_noise  # noqa: F401  (charts import it here)
from simulate.results.stats import t_intervals
from simulate.results.tables import Results


def replications(results: Results) -> list[int]:
    """The replication numbers of a run."""
    for name in ("costs", "series", "population"):
        if name in results.tables and len(results.tables[name]):
            return sorted(int(r) for r in results.tables[name].replication.unique())
    return list(range(int(results.metadata.get("replications", 1))))


def scenario_info(results: Results) -> dict:
    """The scenario as resolved (a plain dict), from the run's metadata."""
    return results.metadata.get("scenario", {}) or {}


def price_year(results: Results) -> int:
    """The price level of the euros in a run: the level it was shown at
    (``simulate run --price-year``, recorded once in the metadata), else its scenario's."""
    from simulate.results.prices import run_price_year
    return run_price_year(results.metadata)


def horizon_years(results: Results) -> float:
    """Length of the run in years."""
    info = scenario_info(results)
    if "horizon_years" in info:
        return float(info["horizon_years"])
    return float(results.costs.year.nunique()) if "costs" in results.tables else float("nan")


def mean_band(df: pd.DataFrame, keys: list[str], value: str, reps: list[int],
              level: float = 0.95) -> pd.DataFrame:
    """Per ``keys``: mean over ``reps`` replications of the summed ``value`` (missing rows
    count as zero), with a two-sided t-interval (columns mean, low, high)."""
    df = df.assign(**{value: df[value].astype(float)})
    wide = df.pivot_table(index=keys, columns="replication", values=value, aggfunc="sum",
                          fill_value=0.0)
    wide = wide.reindex(columns=reps, fill_value=0.0).astype(float)
    mean, low, high = t_intervals(wide.to_numpy(), level)
    out = pd.DataFrame({"mean": mean, "low": low, "high": high}, index=wide.index)
    return out.reset_index()


def arm_band(results: Results, table: str, keys: list[str], value: str,
             where: dict | None = None) -> pd.DataFrame:
    """:func:`mean_band` per arm: columns arm, ``keys``, mean, low, high."""
    df = results.tables[table]
    for col, val in (where or {}).items():
        df = df[df[col].isin(val if isinstance(val, (list, tuple, set)) else [val])]
    reps = replications(results)
    frames = []
    for arm in ("counterfactual", "scenario"):
        part = df[df.arm == arm]
        if len(part):
            frames.append(mean_band(part, keys, value, reps).assign(arm=arm))
    if not frames:
        return pd.DataFrame(columns=["arm", *keys, "mean", "low", "high"])
    out = pd.concat(frames, ignore_index=True)
    return out[["arm", *keys, "mean", "low", "high"]]


def paired_difference(results: Results, table: str, keys: list[str], value: str,
                      where: dict | None = None) -> pd.DataFrame:
    """Scenario minus counterfactual per replication and ``keys``, then :func:`mean_band`."""
    df = results.tables[table]
    for col, val in (where or {}).items():
        df = df[df[col].isin(val if isinstance(val, (list, tuple, set)) else [val])]
    signed = df[value].where(df.arm == "scenario", -df[value])
    return mean_band(df.assign(**{value: signed}), keys, value, replications(results))


def paired_total(results: Results, table: str, value: str,
                 where: dict | None = None) -> tuple[float, float, float]:
    """Scenario minus counterfactual of ``value`` summed over the rows ``where`` selects, per
    replication (missing rows count as zero): mean and 95% t-interval (NaN bounds for one
    replication). Titles use it to say when a change is within the noise."""
    from simulate.results.tables import t_interval
    df = results.tables[table]
    for col, val in (where or {}).items():
        df = df[df[col].isin(val if isinstance(val, (list, tuple, set)) else [val])]
    tot = (df.groupby(["replication", "arm"])[value].sum().unstack("arm", fill_value=0.0)
           .reindex(index=replications(results), columns=["counterfactual", "scenario"],
                    fill_value=0.0))
    return t_interval((tot["scenario"] - tot["counterfactual"]).to_numpy(dtype=float))


def month_to_year(results: Results, month: np.ndarray) -> np.ndarray:
    """Calendar time (decimal years) of a month index, for time axes."""
    return int(scenario_info(results).get("start_year", 0)) + np.asarray(month) / 12.0
