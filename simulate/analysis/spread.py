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
variances (normal outcomes, independent samples). The two samples share their replication
numbers, but a change of parameters sends the village down another path (the nets of the
same replication with and without drawn parameters correlate by only 0.2-0.4 in the default
village), so they are close to independent and the interval is about right.

A cross-check that needs no second set of replications: ``fit_share``, the adjusted R^2 of a
linear regression of the net on the drawn parameters (a linear metamodel). It counts only the
part of the parameters' effect that is linear and additive, so it is rather a lower bound;
it agreeing with the variance ratio says the split is not an accident of the samples.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

COLUMNS = ["quantity", "sd_total_eur", "sd_simulation_eur", "parameter_share", "share_low",
           "share_high", "fit_share", "replications", "simulation_replications"]


def fit_share(net: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Per row of ``net`` [quantity, n]: the adjusted R^2 of a least-squares fit on the
    columns of ``x`` [n, parameters] (clipped to 0..1); NaN with too few replications for
    the fit (n <= parameters + 2) or a net that does not vary."""
    net = np.atleast_2d(np.asarray(net, dtype=float))
    x = np.asarray(x, dtype=float).reshape(net.shape[1], -1)
    x = x[:, x.std(axis=0) > 0]
    n, k = x.shape
    out = np.full(len(net), np.nan)
    if n <= k + 2:
        return out
    basis = np.column_stack([np.ones(n), (x - x.mean(axis=0)) / x.std(axis=0)])
    for i, y in enumerate(net):
        tss = float(((y - y.mean()) ** 2).sum())
        if tss <= 0:
            continue
        coef, *_ = np.linalg.lstsq(basis, y, rcond=None)
        rss = float(((y - basis @ coef) ** 2).sum())
        out[i] = min(max(1 - (rss / (n - k - 1)) / (tss / (n - 1)), 0.0), 1.0)
    return out


def spread_table(names: list[str], total: np.ndarray, simulation: np.ndarray,
                 level: float = 0.95, parameters: np.ndarray | None = None) -> pd.DataFrame:
    """Per quantity: the standard deviation of its net over the PSA replications (``total``,
    [quantity, n]) and over replications with the parameters fixed (``simulation``,
    [quantity, m]), and the share of the variance that comes from the parameters with its
    interval (clipped to 0..1; NaN when the net does not vary at all); with ``parameters``
    (the values drawn, [n, parameters]) also :func:`fit_share`."""
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
    fit = (fit_share(total, parameters) if parameters is not None
           else np.full(len(total), np.nan))
    return pd.DataFrame({"quantity": names, "sd_total_eur": np.sqrt(v_tot),
                         "sd_simulation_eur": np.sqrt(v_sim), "parameter_share": share,
                         "share_low": low, "share_high": high, "fit_share": fit,
                         "replications": n,
                         "simulation_replications": m}, columns=COLUMNS)


def parameter_share(spread: pd.DataFrame, quantity: str) -> tuple[float, float, float] | None:
    """(share, low, high) of one payer (or ``total``), or None when not decomposed."""
    row = spread[spread.quantity == quantity]
    if row.empty or not np.isfinite(row.parameter_share.iloc[0]):
        return None
    r = row.iloc[0]
    return float(r.parameter_share), float(r.share_low), float(r.share_high)


__all__ = ["spread_table", "parameter_share", "fit_share", "COLUMNS"]
