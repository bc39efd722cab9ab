"""Where costs and benefits land: investment, savings and net result per koker.

Definitions, per payer (koker), year and replication, scenario arm minus counterfactual arm:

* **investment**: extra spending on initiatives (the services that are initiatives);
* **savings**: avoided cost on all other services, ``counterfactual - scenario`` (negative when
  the scenario costs that payer more care);
* **transfers**: money received from other payers under a financing regime (capitation,
  shared savings, repayments), scenario minus counterfactual; negative when it paid out;
* **care effect**: ``savings - investment``, what the care and the initiatives themselves did
  to the payer, whoever then moved money;
* **net**: ``care effect + transfers``; positive means the payer gains;
* **NPV**: net discounted to the first year at the scenario's discount rate;
* **ROI**: ``(PV savings - PV investment) / PV investment`` (undefined without investment);
* **payback year**: the first calendar year from which the *mean over replications* of the
  cumulative net stays >= 0; none (NaN, shown as "–") when the payer invests nothing (at most
  :data:`INVESTED_EUR` over the horizon) or when that mean never stays >= 0. The table, the
  CLI, the cumulative-net chart and the findings all use this one definition;
  ``share_paid_back``, the share of replications whose own cumulative net pays back, says how
  sure that year is.

Intervals are t-intervals over the paired replications.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from simulate.analysis.bands import mean_band, replications
from simulate.analysis.questions import active as active_rows
from simulate.model.financing.ledger import TRANSFERS
from simulate.results import stats
from simulate.results.tables import Results, p_gain, require_results, t_interval
from simulate.scenario import PAYERS


def initiative_names(results: Results) -> list[str]:
    """The services of a run that are initiatives (their cost is an investment)."""
    return list(results.metadata.get("scenario", {}).get("initiatives", {}))


def koker_years(results: Results) -> pd.DataFrame:
    """Per replication, payer and year: investment, savings, net and cumulative net (EUR)."""
    require_results(results, "koker_years", ("costs",))
    c = results.costs
    inits = set(initiative_names(results))
    kind = np.select([c.service.isin(inits), c.service == TRANSFERS], ["investment", "transfers"],
                     "care")
    wide = (c.assign(kind=kind).groupby(["replication", "payer", "year", "kind", "arm"])["eur"]
            .sum().unstack("arm", fill_value=0.0))
    for arm in ("counterfactual", "scenario"):
        if arm not in wide:
            wide[arm] = 0.0
    delta = (wide["scenario"] - wide["counterfactual"]).unstack("kind", fill_value=0.0)
    for k in ("investment", "care", "transfers"):
        if k not in delta:
            delta[k] = 0.0
    out = pd.DataFrame({"investment": delta["investment"], "savings": -delta["care"],
                        "transfers": -delta["transfers"]})
    out = _complete(out.reset_index(), results)
    out["net"] = out.savings - out.investment + out.transfers
    out["cumulative_net"] = out.groupby(["replication", "payer"]).net.cumsum()
    return out


def _complete(df: pd.DataFrame, results: Results) -> pd.DataFrame:
    """Every (replication, payer, year) present, zeros where nothing was booked."""
    reps = sorted(results.costs.replication.unique())
    years = sorted(results.costs.year.unique())
    payers = [p for p in PAYERS if p in set(df.payer)]
    idx = pd.MultiIndex.from_product([reps, payers, years], names=["replication", "payer", "year"])
    return (df.set_index(["replication", "payer", "year"]).reindex(idx, fill_value=0.0)
            .reset_index())


def discount_factors(years: np.ndarray, rate: float) -> np.ndarray:
    """1 / (1 + rate)^t with t = 0 for the first of ``years``."""
    t = np.asarray(years) - np.min(years)
    return stats.discount_factor(t, rate)


def payback_year(years: np.ndarray, cumulative: np.ndarray) -> float:
    """First year from which the cumulative net stays >= 0 (NaN if it never does)."""
    ok = np.asarray(cumulative) >= -1e-9
    if not ok[-1]:
        return float("nan")
    last_bad = np.flatnonzero(~ok)
    return float(years[last_bad[-1] + 1] if len(last_bad) else years[0])


#: A payer that invests at most this (EUR over the horizon, mean over replications) invests
#: nothing: it has no payback year.
INVESTED_EUR = 1.0


def mean_payback(cumulative: pd.DataFrame, investment: float) -> tuple[float, float]:
    """Payback of one payer (or of all together) from its ``cumulative`` net (columns
    replication, year, cumulative_net): the payback year of the mean curve over replications
    and the share of replications whose own curve pays back; both NaN when ``investment``
    (EUR over the horizon, mean over replications) is at most :data:`INVESTED_EUR`."""
    if not investment > INVESTED_EUR or cumulative.empty:
        return float("nan"), float("nan")
    wide = cumulative.pivot_table(index="year", columns="replication", values="cumulative_net",
                                  aggfunc="sum", fill_value=0.0).sort_index()
    years = wide.index.to_numpy()
    year = payback_year(years, wide.mean(axis=1).to_numpy())
    each = [payback_year(years, wide[c].to_numpy()) for c in wide.columns]
    return year, float(np.mean(~np.isnan(each)))


def total_years(ky: pd.DataFrame) -> pd.DataFrame:
    """All payers together, from :func:`koker_years`: per replication and year the net and
    cumulative net, and the investment (payer 'total')."""
    tot = ky.groupby(["replication", "year"], as_index=False)[["investment", "net"]].sum()
    tot["cumulative_net"] = tot.groupby("replication").net.cumsum()
    return tot.assign(payer="total")


def total_payback(results: Results) -> tuple[float, float]:
    """:func:`mean_payback` of all kokers together: (payback year, share paid back)."""
    tot = total_years(koker_years(results))
    invest = float(tot.investment.sum()) / max(tot.replication.nunique(), 1)
    return mean_payback(tot, invest)


def koker_replications(results: Results, discount_rate: float | None = None,
                       ky: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per payer and replication: investment, savings, transfers, net, NPV and ROI over the
    horizon (the rows :func:`koker_summary` averages; summed over payers they give the total
    of one replication, e.g. to tell scenarios apart from the noise); ``ky``: the
    :func:`koker_years` of ``results`` if already computed."""
    rate = (results.metadata.get("scenario", {}).get("financing", {}).get("discount_rate", 0.03)
            if discount_rate is None else discount_rate)
    ky = koker_years(results) if ky is None else ky
    rows = []
    for (payer, rep), g in ky.groupby(["payer", "replication"], sort=False):
        g = g.sort_values("year")
        f = discount_factors(g.year.to_numpy(), rate)
        pv_inv, pv_sav = float((g.investment * f).sum()), float((g.savings * f).sum())
        pv_tr = float((g.transfers * f).sum())
        rows.append({"payer": payer, "replication": rep, "investment": g.investment.sum(),
                     "savings": g.savings.sum(),
                     "care_effect": g.savings.sum() - g.investment.sum(),
                     "transfers": g.transfers.sum(),
                     "net": g.net.sum(), "npv": pv_sav - pv_inv + pv_tr,
                     "roi": (pv_sav - pv_inv) / pv_inv if pv_inv > 0 else np.nan})
    return pd.DataFrame(rows)


def koker_summary(results: Results, discount_rate: float | None = None,
                  level: float = 0.95) -> pd.DataFrame:
    """Per payer: investment, savings, care effect, transfers, net, NPV and ROI over the
    horizon (care effect + transfers = net), each as the mean over
    replications with a t-interval (columns ``*_low``, ``*_high``); the payback year of the
    mean cumulative net and the share of replications that pay back (:func:`mean_payback`);
    ``p_gain``, the share of replications in which the payer's net is positive."""
    require_results(results, "koker_summary", ("costs",))
    ky = koker_years(results)
    per_rep = koker_replications(results, discount_rate, ky)
    out = []
    for payer, g in per_rep.groupby("payer", sort=False):
        row: dict = {"payer": payer}
        for col in ("investment", "savings", "care_effect", "transfers", "net", "npv", "roi"):
            vals = g[col].dropna().to_numpy()
            mean, lo, hi = t_interval(vals, level) if len(vals) else (np.nan,) * 3
            row.update({col: mean, f"{col}_low": lo, f"{col}_high": hi})
        row["p_gain"] = p_gain(g["net"].to_numpy())
        row["payback_year"], row["share_paid_back"] = mean_payback(
            ky[ky.payer == payer], float(g.investment.mean()))
        out.append(row)
    order = {p: i for i, p in enumerate(PAYERS)}
    return pd.DataFrame(out).sort_values("payer", key=lambda s: s.map(order)).reset_index(drop=True)


def wrong_pocket(results: Results) -> pd.DataFrame:
    """Who invests (rows) x who saves (columns), in EUR over the horizon (mean of replications).

    Each investor is credited with the savings of every payer in proportion to its share of
    the total investment: ``M[i, j] = investment_i / total investment * savings_j``. Row sums
    are the savings each investor's money produced; column sums are each payer's savings; the
    diagonal is what comes back to the payer that invested.
    """
    require_results(results, "wrong_pocket", ("costs",))
    ky = koker_years(results)
    tot = ky.groupby("payer")[["investment", "savings"]].sum() / ky.replication.nunique()
    invest = tot.investment.clip(lower=0)
    if invest.sum() <= 0:
        return pd.DataFrame(0.0, index=tot.index, columns=tot.index)
    m = np.outer(invest / invest.sum(), tot.savings)
    out = pd.DataFrame(m, index=tot.index, columns=tot.index)
    out.index.name, out.columns.name = "invests", "saves"
    keep = [p for p in PAYERS if p in out.index]
    return out.loc[keep, keep]


def fair_share(results: Results) -> pd.DataFrame:
    """The share of the investment each payer would fund if it paid in proportion to its
    benefit (positive savings), next to the share it funds now."""
    require_results(results, "fair_share", ("costs",))
    s = koker_summary(results).set_index("payer")
    benefit = s.savings.clip(lower=0)
    inv = s.investment.clip(lower=0)
    return pd.DataFrame({
        "savings_eur": s.savings,
        "fair_share": benefit / benefit.sum() if benefit.sum() > 0 else 0.0,
        "current_share": inv / inv.sum() if inv.sum() > 0 else 0.0,
        "fair_contribution_eur": (benefit / benefit.sum() * inv.sum()) if benefit.sum() > 0 else 0.0,
    }).reset_index()


def cumulative_net_data(results: Results) -> pd.DataFrame:
    """Per payer (and 'total') and year: mean cumulative net over replications with its
    interval, the payback year (:func:`~simulate.analysis.kokers.mean_payback`: of the mean
    curve, none for a payer that invests nothing) and the share of replications that pay back."""
    ky = koker_years(results)
    reps = replications(results)
    total = total_years(ky)
    both = pd.concat([ky[["replication", "payer", "year", "cumulative_net"]],
                      total[["replication", "payer", "year", "cumulative_net"]]])
    band = mean_band(both, ["payer", "year"], "cumulative_net", reps)
    summary = koker_summary(results)
    active = set(summary.payer[active_rows(summary)]) | {"total"}
    band = band[band.payer.isin(active)]
    pay = dict(zip(summary.payer, zip(summary.payback_year, summary.share_paid_back)))
    pay["total"] = total_payback(results)
    nan2 = (float("nan"), float("nan"))
    return band.assign(payback_year=band.payer.map(lambda p: pay.get(p, nan2)[0]),
                       share_paid_back=band.payer.map(lambda p: pay.get(p, nan2)[1])
                       ).reset_index(drop=True)
