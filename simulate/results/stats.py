"""Statistics over paired replications: t and bootstrap intervals, precision, present value.

Every quantity is estimated from independent replications, and a difference between arms is
estimated from the *paired* differences of each replication (both arms share random numbers,
so most noise cancels). Two intervals are given for each mean:

* the **t-interval**, ``mean +- t(level, n-1) * sd / sqrt(n)``;
* the **bootstrap** interval (bias-corrected and accelerated, ``scipy.stats.bootstrap``),
  seeded from the run's seed so the same run gives the same interval; it needs at least three
  replications and is only as good as the replications are many (prefer n >= 20).

The **precision** of a headline quantity is the half-width of its t-interval relative to its
mean. A mean near zero can never reach a relative precision, so the target has a floor: the
half-width must be at most ``precision * max(|mean|, materiality * counterfactual spend)``.
For a payer whose difference is material (at least 1% of what it spends without the
scenario, by default) that is the plain relative precision; for one whose difference is
smaller, it means "we know the difference is immaterial, to within ``precision`` of 1% of its
spend". A payer with no spending and no difference in any replication is exact.
"""
from __future__ import annotations

import inspect
import math
import warnings

import numpy as np
import pandas as pd
from scipy import stats

LEVEL = 0.95
#: Bootstrap resamples per interval: enough for 95% BCa intervals to two significant digits.
N_RESAMPLES = 2000
#: A difference below this share of the payer's counterfactual spend is immaterial.
MATERIALITY = 0.01
_BOOT_KEY = 0x626F6F74  # "boot": keeps the bootstrap's random numbers apart from the model's


def t_intervals(x: np.ndarray, level: float = LEVEL) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mean, low and high of the t-interval of each row of ``x`` [rows, replications].

    The bounds are NaN with fewer than two replications and equal the mean when a row is
    constant (an exact quantity).
    """
    x = np.atleast_2d(np.asarray(x, dtype=float))
    n = x.shape[1]
    mean = x.mean(axis=1) if n else np.full(x.shape[0], np.nan)
    if n < 2:
        nan = np.full(x.shape[0], np.nan)
        return mean, nan, nan.copy()
    half = stats.t.ppf(0.5 + level / 2, n - 1) * x.std(axis=1, ddof=1) / math.sqrt(n)
    return mean, mean - half, mean + half


def bootstrap_intervals(x: np.ndarray, level: float = LEVEL, seed: int = 0,
                        n_resamples: int = N_RESAMPLES) -> tuple[np.ndarray, np.ndarray]:
    """BCa bootstrap interval of the mean of each row of ``x`` [rows, replications].

    Seeded by ``seed``, so the same data give the same interval. Constant rows get the exact
    value; rows where BCa is undefined fall back to the percentile method; fewer than three
    replications give NaN.
    """
    x = np.atleast_2d(np.asarray(x, dtype=float))
    rows, n = x.shape
    low, high = np.full(rows, np.nan), np.full(rows, np.nan)
    if n < 3:
        return low, high
    const = np.ptp(x, axis=1) == 0
    low[const] = high[const] = x[const, 0]
    todo = np.flatnonzero(~const)
    rng = np.random.default_rng([int(seed) & (2**63 - 1), _BOOT_KEY])
    chunk = max(1, int(2e7 // (n * n)))  # BCa's jackknife holds rows x n x (n-1) numbers
    for start in range(0, len(todo), chunk):
        idx = todo[start:start + chunk]
        low[idx], high[idx] = _bootstrap(x[idx], level, rng, n_resamples, "BCa")
        bad = idx[~np.isfinite(low[idx]) | ~np.isfinite(high[idx])]
        if len(bad):
            low[bad], high[bad] = _bootstrap(x[bad], level, rng, n_resamples, "percentile")
    return low, high


def _bootstrap(x: np.ndarray, level: float, rng: np.random.Generator, n_resamples: int,
               method: str) -> tuple[np.ndarray, np.ndarray]:
    batch = max(1, int(4e6 // x.size))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = stats.bootstrap((x,), np.mean, n_resamples=n_resamples, batch=batch,
                              vectorized=True, axis=-1, confidence_level=level,
                              method=method, **{_RNG_KEYWORD: rng})
    return (np.asarray(res.confidence_interval.low, dtype=float),
            np.asarray(res.confidence_interval.high, dtype=float))


# scipy >= 1.15 calls the generator ``rng``; older versions ``random_state``.
_RNG_KEYWORD = "rng" if "rng" in inspect.signature(stats.bootstrap).parameters else "random_state"


def paired_table(labels: pd.DataFrame, counterfactual: np.ndarray, scenario: np.ndarray,
                 level: float = LEVEL, seed: int = 0, bootstrap: bool = True) -> pd.DataFrame:
    """Means and intervals of each arm and of the paired difference, one row per statistic.

    ``labels`` has one row per quantity; ``counterfactual`` and ``scenario`` are
    [quantity, replication]. Returns the label columns plus ``statistic`` (counterfactual,
    scenario, difference = scenario - counterfactual), ``mean``, ``t_low``, ``t_high``,
    ``boot_low``, ``boot_high`` and ``replications``.
    """
    cf = np.atleast_2d(np.asarray(counterfactual, dtype=float))
    sc = np.atleast_2d(np.asarray(scenario, dtype=float))
    parts = []
    for k, (name, x) in enumerate((("counterfactual", cf), ("scenario", sc),
                                   ("difference", sc - cf))):
        mean, lo, hi = t_intervals(x, level)
        if bootstrap:
            blo, bhi = bootstrap_intervals(x, level, seed=int(seed) * 3 + k)
        else:
            blo = bhi = np.full(len(mean), np.nan)
        parts.append(labels.reset_index(drop=True).assign(
            statistic=name, mean=mean, t_low=lo, t_high=hi, boot_low=blo, boot_high=bhi,
            replications=x.shape[1]))
    cols = list(labels.columns)
    order = {"counterfactual": 0, "scenario": 1, "difference": 2}
    out = pd.concat(parts, ignore_index=True)
    out["_q"] = np.tile(np.arange(len(labels)), 3)
    out["_s"] = out.statistic.map(order)
    return out.sort_values(["_q", "_s"]).drop(columns=["_q", "_s"])[
        cols + ["statistic", "mean", "t_low", "t_high", "boot_low", "boot_high",
                "replications"]].reset_index(drop=True)


def precision_table(names: list[str], difference: np.ndarray, counterfactual: np.ndarray,
                    precision: float, level: float = LEVEL,
                    materiality: float = MATERIALITY) -> pd.DataFrame:
    """Has each headline quantity reached the precision? (see the module docstring)

    ``difference`` and ``counterfactual`` are [quantity, replication] EUR totals. Columns:
    quantity, difference_eur, half_width_eur, target_eur, rule (relative, materiality floor
    or exact), reached, replications, replications_needed (a projection from the current
    spread: n * (half-width / target)^2).
    """
    d = np.atleast_2d(np.asarray(difference, dtype=float))
    cf = np.atleast_2d(np.asarray(counterfactual, dtype=float))
    n = d.shape[1]
    mean, lo, hi = t_intervals(d, level)
    half = (hi - lo) / 2
    floor = materiality * np.abs(cf.mean(axis=1))
    target = precision * np.maximum(np.abs(mean), floor)
    exact = (np.ptp(d, axis=1) == 0) & (floor == 0) if n else np.zeros(len(d), bool)
    rule = np.where(exact, "exact", np.where(np.abs(mean) >= floor, "relative",
                                             "materiality floor"))
    with np.errstate(divide="ignore", invalid="ignore"):
        needed = np.where(exact | (half <= target), n,
                          np.ceil(n * (half / np.where(target > 0, target, np.nan)) ** 2))
    reached = exact | (np.isfinite(half) & (half <= target))
    return pd.DataFrame({"quantity": names, "difference_eur": mean, "half_width_eur": half,
                         "target_eur": target, "rule": rule, "reached": reached,
                         "replications": n, "replications_needed": needed})


def next_replications(status: pd.DataFrame, n: int, max_reps: int) -> int:
    """How many replications to have after the next batch (a pure function of the data, so
    the total does not depend on the executor): the projected need of the worst quantity,
    growing by at least a quarter (two at least) and at most doubling, capped at
    ``max_reps``."""
    todo = status.loc[~status.reached, "replications_needed"]
    need = todo.max() if len(todo) else n
    need = n * 2 if not np.isfinite(need) else int(need)
    return int(min(max_reps, max(n + max(2, n // 4), min(2 * n, need))))


def discount_factor(t: np.ndarray, rate: float) -> np.ndarray:
    """``1 / (1 + rate)^t`` for years ``t`` after the first (t = 0 is not discounted)."""
    return 1.0 / (1.0 + float(rate)) ** np.asarray(t)


def discount_factors(years: int, rate: float) -> np.ndarray:
    """``1 / (1 + rate)^t`` for t = 0, 1, ..., ``years - 1``."""
    return discount_factor(np.arange(years), rate)
