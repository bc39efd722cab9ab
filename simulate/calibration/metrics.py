"""Model values of targets, computed from a run's tidy tables.

Everything here reads only the tables a run folder holds (``population.csv``, ``events.csv``,
``costs.csv``), so anyone can recompute a validation from a saved run. Values are computed per
replication over a window of years of one arm (by default the counterfactual, the status quo
that public statistics describe). Exposure is the census on 1 January of each year in the
window (residents counted once a year), so an event rate is events in the year / residents on
1 January of that year.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from simulate.calibration.targets import Target, age_bands, states_of
from simulate.results.prices import convert


def window(tables: dict[str, pd.DataFrame], first: int = 0, years: int | None = None
           ) -> list[int]:
    """Calendar years ``first`` .. ``first + years - 1`` after the run's start year."""
    start = int(tables["population"]["year"].min())
    last = int(tables["events"]["year"].max()) if len(tables["events"]) else start
    end = last if years is None else min(last, start + first + years - 1)
    return list(range(start + first, end + 1))


def _select(df: pd.DataFrame, arm: str | None, years: Sequence[int]) -> pd.DataFrame:
    keep = df["year"].isin(years)
    if arm is not None and "arm" in df.columns:
        keep &= df["arm"] == arm
    return df[keep]


def model_values(tables: dict[str, pd.DataFrame], targets: Iterable[Target],
                 years: Sequence[int], arm: str | None = "counterfactual",
                 price_year: int | None = None) -> pd.DataFrame:
    """One row per target and replication: ``id, replication, model`` (in the target's unit).

    ``price_year`` is the price level of the run's euros (the scenario's ``price_year``);
    spend targets are converted to it with the CPI before comparing.
    """
    pop = _select(tables["population"], arm, years)
    ev = _select(tables["events"], arm, years)
    costs = _select(tables["costs"], arm, years)
    reps = sorted(pop["replication"].unique())
    rows = []
    for t in targets:
        values = _metric(t, pop, ev, costs, tables["costs"], reps)
        if t.metric == "spend" and price_year is not None and t.price_year is not None:
            values = values / convert(1.0, t.price_year, price_year)  # model at target prices
        rows += [{"id": t.id, "replication": r, "model": float(v) * t.scale}
                 for r, v in zip(reps, values)]
    return pd.DataFrame(rows, columns=["id", "replication", "model"])


def _by_rep(df: pd.DataFrame, col: str, reps: list) -> np.ndarray:
    s = df.groupby("replication")[col].sum()
    return s.reindex(reps, fill_value=0).to_numpy(dtype=float)


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1), np.nan)


def _metric(t: Target, pop: pd.DataFrame, ev: pd.DataFrame, costs: pd.DataFrame,
            all_costs: pd.DataFrame, reps: list) -> np.ndarray:
    bands = age_bands(t.ages)
    in_ages = pop[pop["age_band"].isin(bands)]
    if t.metric == "prevalence":
        num, den = (states_of(p) for p in t.what.split("|"))
        return _ratio(_by_rep(in_ages[in_ages["state"].isin(num)], "residents", reps),
                      _by_rep(in_ages[in_ages["state"].isin(den)], "residents", reps))
    if t.metric == "event_rate":
        event, among = t.what.split("|")
        e = ev[(ev["event"] == event) & ev["age_band"].isin(bands)
               & ev["state"].isin(states_of(among))]
        return _ratio(_by_rep(e, "count", reps),
                      _by_rep(in_ages[in_ages["state"].isin(states_of(among))], "residents", reps))
    if t.metric == "death_place":
        d = ev[(ev["event"] == "death") & ev["age_band"].isin(bands)]
        return _ratio(_by_rep(d[d["state"].isin(states_of(t.what))], "count", reps),
                      _by_rep(d, "count", reps))
    if t.metric == "event_age_share":
        event, _, among = t.what.partition("|")
        e = ev[ev["event"] == event]
        return _ratio(_by_rep(e[e["age_band"].isin(bands)], "count", reps),
                      _by_rep(e[e["age_band"].isin(age_bands(among))], "count", reps))
    return _ratio(_by_rep(costs[costs["service"].isin(spend_services(t, all_costs))], "eur", reps),
                  _by_rep(pop, "residents", reps))


def spend_services(t: Target, costs: pd.DataFrame) -> list[str]:
    """The services a spend target sums: named ones, or every service a payer pays for."""
    kind, _, names = t.what.partition(":")
    if kind == "services":
        return names.split("+")
    return sorted(costs.loc[(costs["payer"] == names) & (costs["eur"] > 0), "service"].unique())
