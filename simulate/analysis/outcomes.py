"""Outcomes beside money: life at home, admissions, deaths, loneliness, unpaid help.

Each outcome is a total over the horizon per arm and replication, compared between arms as a
paired difference with a t-interval. Hours of unpaid help are hours, never euros.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from simulate.results.tables import ARMS, Results, require_results, t_interval
from simulate.scenario import STATES

HOME_STATES = [f"state.{s}" for s in STATES[:5]]
#: Middle of each 5-year age band, for mean ages at an event.
BAND_MID = {f"{a}-{a + 4}": a + 2.5 for a in range(0, 95, 5)} | {"95+": 97.5}


def _series_total(res: Results, names: list[str] | str) -> pd.DataFrame:
    s = res.series
    pick = s[s.series.isin([names] if isinstance(names, str) else names)]
    return pick.groupby(["replication", "arm"]).value.sum().unstack("arm")


def _event_total(res: Results, event: str) -> pd.DataFrame:
    e = res.events[res.events.event == event]
    return e.groupby(["replication", "arm"])["count"].sum().unstack("arm")


def _mean_age(res: Results, event: str) -> pd.DataFrame:
    e = res.events[res.events.event == event].copy()
    e["age"] = e.age_band.map(BAND_MID) * e["count"]
    g = e.groupby(["replication", "arm"])[["age", "count"]].sum()
    return (g.age / g["count"]).unstack("arm")


def outcomes(res: Results, level: float = 0.95) -> pd.DataFrame:
    """Tidy table: outcome, unit, counterfactual, scenario, difference and its interval."""
    require_results(res, "outcomes", ("series", "events", "hours"))
    hours = res.hours.groupby(["replication", "arm", "kind"]).hours.sum().unstack("arm")
    measures = {
        ("months lived at home", "person-months"): _series_total(res, HOME_STATES),
        ("months in a nursing home", "person-months"): _series_total(res, "state.nursing_home"),
        ("months waiting for a bed", "person-months"): _series_total(res, "waiting"),
        ("nursing-home admissions", "admissions"): _event_total(res, "nursing_home_admission"),
        ("mean age at nursing-home admission", "years"): _mean_age(res, "nursing_home_admission"),
        ("Wlz indications", "indications"): _event_total(res, "wlz_indication"),
        ("deaths", "deaths"): _event_total(res, "death"),
        ("hip fractures", "fractures"): _event_total(res, "hip_fracture"),
        ("lonely person-months", "person-months"): _series_total(res, "lonely"),
        ("informal care", "hours"): hours.xs("informal_care", level="kind")
        if "informal_care" in hours.index.get_level_values("kind") else None,
        ("overburdened carer-months", "carer-months"): _series_total(res, "carers_overburdened"),
        ("volunteer hours", "hours"): hours.xs("volunteer", level="kind")
        if "volunteer" in hours.index.get_level_values("kind") else None,
        ("initiative-months running", "months"): _running_months(res),
    }
    rows = []
    for (name, unit), tab in measures.items():
        if tab is None or tab.empty:
            continue
        tab = tab.reindex(columns=list(ARMS), fill_value=0.0).fillna(0.0)
        mean, lo, hi = t_interval((tab.scenario - tab.counterfactual).to_numpy(), level)
        rows.append({"outcome": name, "unit": unit, "counterfactual": tab.counterfactual.mean(),
                     "scenario": tab.scenario.mean(), "difference": mean, "ci_low": lo,
                     "ci_high": hi})
    return pd.DataFrame(rows)


def _running_months(res: Results) -> pd.DataFrame:
    q = res.series[res.series.series.str.startswith("quality.")]
    return (q.assign(on=(q.value > 0).astype(float)).groupby(["replication", "arm"]).on.sum()
            .unstack("arm"))


def initiative_status(res: Results) -> pd.DataFrame:
    """Per initiative: share of replications where it still runs at the end, mean members,
    volunteers and scale in the last year (scenario arm)."""
    require_results(res, "initiative_status", ("series",))
    s = res.series[res.series.arm == "scenario"]
    last = s[s.month >= s.month.max() - 11]
    rows = []
    names = sorted({x.split(".", 1)[1] for x in s.series if x.startswith("members.")})
    for name in names:
        def mean_of(kind: str, name: str = name) -> float:
            v = last[last.series == f"{kind}.{name}"].value
            return float(v.mean()) if len(v) else np.nan
        alive = last[(last.series == f"quality.{name}") & (last.month == last.month.max())]
        rows.append({"initiative": name, "running_at_end": float((alive.value > 0).mean()),
                     "members": mean_of("members"), "volunteers": mean_of("volunteers"),
                     "scale": mean_of("scale"), "quality": mean_of("quality")})
    return pd.DataFrame(rows)


def informal_care_change(results: Results) -> float:
    """Relative change in mantelzorg hours over the horizon, scenario vs counterfactual."""
    h = results.hours[results.hours.kind == "informal_care"]
    tot = h.groupby("arm").hours.sum()
    cf = float(tot.get("counterfactual", 0.0))
    return float(tot.get("scenario", 0.0)) / cf - 1.0 if cf else 0.0
