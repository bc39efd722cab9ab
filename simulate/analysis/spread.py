"""How much of the spread of a payer's net comes from the parameters, how much from chance.

In a probabilistic sensitivity analysis with one history of the village per parameter set,
the variance of a payer's net over replications is the sum of two parts (the law of total
variance; O'Hagan, Stevenson and Madan 2007, Health Econ 16:1009, on two-level Monte Carlo):

    Var(net) = Var_theta(E[net | theta])  +  E_theta(Var(net | theta))
               parameter part                simulation part

The simulation part is estimated by replications with the parameters fixed at their values
(the same replication numbers, so the same histories of the village), the total by the PSA
replications; the parameter part is their difference, and its share
``1 - s_sim^2 / s_total^2``. The variance of the simulation at the parameters' values stands
in for its average over the parameters (it is the only one we can estimate without running
several histories per parameter set); when the parameters change the model's own noise a
lot, read the share as rough.

The 95% interval of the share comes from the F distribution of a ratio of two sample
variances (normal outcomes, independent samples). The two samples share their random
numbers, which makes the ratio more precise than that, so the interval errs on the wide side.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

COLUMNS = ["quantity", "sd_total_eur", "sd_simulation_eur", "parameter_share", "share_low",
           "share_high", "replications", "simulation_replications"]


def spread_table(names: list[str], total: np.ndarray, simulation: np.ndarray,
                 level: float = 0.95) -> pd.DataFrame:
    """Per quantity: the standard deviation of its net over the PSA replications (``total``,
    [quantity, n]) and over replications with the parameters fixed (``simulation``,
    [quantity, m]), and the share of the variance that comes from the parameters with its
    interval (clipped to 0..1; NaN when the net does not vary at all)."""
    total = np.atleast_2d(np.asarray(total, dtype=float))
    simulation = np.atleast_2d(np.asarray(simulation, dtype=float))
    n, m = total.shape[1], simulation.shape[1]
    v_tot = total.var(axis=1, ddof=1)
    v_sim = simulation.var(axis=1, ddof=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(v_tot > 0, v_sim / v_tot, np.nan)
    a = (1 - level) / 2
    f_hi, f_lo = stats.f.ppf(1 - a, m - 1, n - 1), stats.f.ppf(a, m - 1, n - 1)
    share = np.clip(1 - ratio, 0, 1)
    low = np.clip(1 - ratio / f_lo, 0, 1)       # the largest plausible simulation part
    high = np.clip(1 - ratio / f_hi, 0, 1)
    return pd.DataFrame({"quantity": names, "sd_total_eur": np.sqrt(v_tot),
                         "sd_simulation_eur": np.sqrt(v_sim), "parameter_share": share,
                         "share_low": low, "share_high": high, "replications": n,
                         "simulation_replications": m}, columns=COLUMNS)


def parameter_share(spread: pd.DataFrame, quantity: str) -> tuple[float, float, float] | None:
    """(share, low, high) of one payer (or ``total``), or None when not decomposed."""
    row = spread[spread.quantity == quantity]
    if row.empty or not np.isfinite(row.parameter_share.iloc[0]):
        return None
    r = row.iloc[0]
    return float(r.parameter_share), float(r.share_low), float(r.share_high)


__all__ = ["spread_table", "parameter_share", "COLUMNS"]
