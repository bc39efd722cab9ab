"""One village under several financing regimes, side by side (pure functions of the runs).

Every regime's run has the same seed and replications, so all arms share their random numbers
(common random numbers): the counterfactual arms are identical, and the differences between
regimes are the regimes' doing, not noise of different draws. Per regime:

* **running**: per initiative and year, the share of replications in which it still runs at
  the end of the year, with a Wilson interval (a share of few replications);
* **care**: the total cost of care and initiatives over all payers, *without* transfers (money
  moved between payers is no cost to the village), scenario minus counterfactual, with a
  t-interval over the paired replications;
* **net**: per payer the care effect (savings - investment), the transfers and the net (care
  effect + transfers), with the net's interval (:func:`~simulate.analysis.koker_summary`);
* **outcomes**: months lived at home, nursing-home admissions and the mean number of lonely
  residents, scenario minus counterfactual, with t-intervals;
* **gain**: per initiative the probability that it survives (still runs with funding in the
  last month) and that the total care cost of all kokers falls, by the rule of
  :func:`simulate.analysis.voi.acceptability`, with Wilson intervals. With parameters drawn
  (the default) these are probabilities given what we know: the acceptability view of health
  economics, per regime.
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from simulate.analysis.kokers import koker_summary
from simulate.analysis.voi import acceptability
from simulate.model.financing.ledger import TRANSFERS
from simulate.results.tables import ARMS, Results, require_results, t_interval
from simulate.scenario import STATES

#: The outcomes shown per regime: (name, unit).
OUTCOMES: tuple[tuple[str, str], ...] = (
    ("months lived at home", "person-months"),
    ("nursing-home admissions", "admissions"),
    ("lonely residents", "residents (mean over the months)"),
)
TABLE_NAMES: tuple[str, ...] = ("running", "care", "net", "outcomes", "gain")
GAIN_COLUMNS: list[str] = ["regime", "initiative", "p_survives", "survives_low",
                           "survives_high", "p_total_cost_falls", "falls_low", "falls_high",
                           "replications"]


def wilson(successes: float, n: int, level: float = 0.95) -> tuple[float, float]:
    """Wilson score interval of a share ``successes / n`` (NaN for n = 0)."""
    if n <= 0:
        return math.nan, math.nan
    from statistics import NormalDist
    z = NormalDist().inv_cdf(0.5 + level / 2)
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass
class RegimeComparison:
    """The four tables of a comparison (see the module), and what was run."""
    running: pd.DataFrame
    care: pd.DataFrame
    net: pd.DataFrame
    outcomes: pd.DataFrame
    metadata: dict = field(default_factory=dict)
    gain: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=GAIN_COLUMNS))

    @property
    def regimes(self) -> list[str]:
        return list(self.metadata.get("regimes", self.care.regime.tolist()))

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables by name, prefixed ``regime_`` (as saved in a run folder)."""
        return {f"regime_{k}": getattr(self, k) for k in TABLE_NAMES}

    @classmethod
    def from_results(cls, results: Results) -> RegimeComparison:
        """Read back a comparison saved as a run folder (:meth:`tables`)."""
        t = results.tables
        return cls(t["regime_running"], t["regime_care"], t["regime_net"], t["regime_outcomes"],
                   metadata=dict(results.metadata),
                   gain=t.get("regime_gain", pd.DataFrame(columns=GAIN_COLUMNS)))


def running_by_year(results: Results, level: float = 0.95) -> pd.DataFrame:
    """Per initiative and calendar year: share of replications in which it runs at the end
    of the year (scenario arm), with its Wilson interval."""
    require_results(results, "running_by_year", ("series",))
    s = results.series
    q = s[(s.arm == "scenario") & s.series.str.startswith("quality.") & (s.month % 12 == 11)]
    start = int(results.metadata.get("scenario", {}).get("start_year", 0))
    n = int(results.metadata.get("replications", s.replication.nunique()))
    rows = []
    for (name, month), g in q.groupby(["series", "month"], sort=True):
        k = float((g.value > 0).sum())
        low, high = wilson(k, n, level)
        rows.append({"initiative": name.split(".", 1)[1], "year": start + month // 12,
                     "share": k / n if n else math.nan, "low": low, "high": high,
                     "replications": n})
    return pd.DataFrame(rows, columns=["initiative", "year", "share", "low", "high",
                                       "replications"])


def care_cost(results: Results, level: float = 0.95) -> dict[str, float]:
    """Total cost of care and initiatives over all payers, transfers left out: mean per arm
    and the paired difference with its t-interval."""
    require_results(results, "care_cost", ("costs",))
    c = results.costs[results.costs.service != TRANSFERS]
    tot = (c.groupby(["replication", "arm"]).eur.sum().unstack("arm")
           .reindex(columns=list(ARMS), fill_value=0.0).fillna(0.0))
    mean, low, high = t_interval((tot.scenario - tot.counterfactual).to_numpy(), level)
    return {"counterfactual_eur": float(tot.counterfactual.mean()),
            "scenario_eur": float(tot.scenario.mean()), "difference_eur": mean,
            "low_eur": low, "high_eur": high}


def _per_rep(results: Results, name: str) -> pd.DataFrame:
    """One outcome per replication and arm."""
    if name == "months lived at home":
        s = results.series
        pick = s[s.series.isin([f"state.{x}" for x in STATES[:5]])]
        return pick.groupby(["replication", "arm"]).value.sum().unstack("arm")
    if name == "nursing-home admissions":
        e = results.events[results.events.event == "nursing_home_admission"]
        return e.groupby(["replication", "arm"])["count"].sum().unstack("arm")
    s = results.series[results.series.series == "lonely"]
    return s.groupby(["replication", "arm"]).value.mean().unstack("arm")


def gain_rows(results: Results, level: float = 0.95) -> list[dict]:
    """Per initiative: the probability that it survives and that the total care cost of all
    kokers falls (:func:`~simulate.analysis.voi.acceptability`), with Wilson intervals."""
    rows = []
    for a in acceptability(results).itertuples():
        n = int(a.replications)
        s_lo, s_hi = wilson(a.p_survives * n, n, level)
        f_lo, f_hi = wilson(a.p_total_cost_falls * n, n, level)
        rows.append({"initiative": a.initiative, "p_survives": a.p_survives,
                     "survives_low": s_lo, "survives_high": s_hi,
                     "p_total_cost_falls": a.p_total_cost_falls, "falls_low": f_lo,
                     "falls_high": f_hi, "replications": n})
    return rows


def outcome_rows(results: Results, level: float = 0.95) -> list[dict]:
    """:data:`OUTCOMES`, scenario minus counterfactual with t-intervals."""
    rows = []
    for name, unit in OUTCOMES:
        tab = _per_rep(results, name).reindex(columns=list(ARMS), fill_value=0.0).fillna(0.0)
        mean, low, high = t_interval((tab.scenario - tab.counterfactual).to_numpy(), level)
        rows.append({"outcome": name, "unit": unit, "scenario": float(tab.scenario.mean()),
                     "difference": mean, "low": low, "high": high})
    return rows


def regime_tables(runs: Mapping[str, Results], level: float = 0.95,
                  metadata: dict | None = None) -> RegimeComparison:
    """The comparison of runs of one village, one per regime (name -> results)."""
    running, care, net, outs, gain = [], [], [], [], []
    for regime, res in runs.items():
        running.append(running_by_year(res, level).assign(regime=regime))
        care.append({"regime": regime, **care_cost(res, level)})
        k = koker_summary(res, level=level)
        net.append(pd.DataFrame({"regime": regime, "payer": k.payer,
                                 "care_effect": k.care_effect, "transfers": k.transfers,
                                 "net": k.net, "net_low": k.net_low, "net_high": k.net_high}))
        outs += [{"regime": regime, **r} for r in outcome_rows(res, level)]
        gain += [{"regime": regime, **r} for r in gain_rows(res, level)]
    first = next(iter(runs.values()), None)
    meta = {"regimes": list(runs), **(metadata or {})}
    if first is not None:
        meta.setdefault("scenario_name", first.metadata.get("scenario_name"))
        meta.setdefault("seed", first.metadata.get("seed"))
        meta.setdefault("replications", first.metadata.get("replications"))
        meta.setdefault("scenario", first.metadata.get("scenario"))
    run_cols = ["regime", "initiative", "year", "share", "low", "high", "replications"]
    return RegimeComparison(
        running=(pd.concat(running, ignore_index=True)[run_cols] if running
                 else pd.DataFrame(columns=run_cols)),
        care=pd.DataFrame(care), net=pd.concat(net, ignore_index=True) if net else pd.DataFrame(),
        outcomes=pd.DataFrame(outs), metadata=meta,
        gain=pd.DataFrame(gain, columns=GAIN_COLUMNS))


def share_running_at(cmp: RegimeComparison, year_index: int = -1) -> pd.DataFrame:
    """Per regime and initiative: the share running in one year (default the last), with
    its interval (the headline of a comparison)."""
    r = cmp.running
    if r.empty:
        return r
    years = sorted(r.year.unique())
    year = years[year_index]
    return r[r.year == year].reset_index(drop=True)


__all__ = ["RegimeComparison", "regime_tables", "running_by_year", "care_cost", "wilson",
           "share_running_at", "gain_rows", "OUTCOMES", "GAIN_COLUMNS"]
