"""Distributions of uncertain parameters, fitted to their stated ranges (scipy.stats).

A range ``[low, high]`` says where a parameter plausibly lies; its base value is the
scenario's own value. How a distribution is fitted to it:

* ``uniform``: every value in the range equally likely (nothing is known but the bounds);
* ``triangular``: low, base (the most likely value) and high;
* ``beta``: a beta-PERT on ``[low, high]`` with its mode at the base value,
  ``a = 1 + 4 (base - low) / (high - low)``, ``b = 1 + 4 (high - base) / (high - low)``:
  bounded like a probability or share must be, most weight near the base;
* ``lognormal``: the range is its central 95% (2.5% and 97.5% quantiles); for costs and
  multipliers, which are positive and skewed;
* ``gamma``: the same, with the gamma's shape and scale solved from the two quantiles.

``auto`` chooses beta for a probability or share (by the parameter's unit) and log-normal
otherwise, or beta when the range starts at zero. Draws outside the parameter's valid range
(log-normal and gamma tails) are clipped to it. Each fitted distribution keeps a sentence of
what it is and why (:attr:`Fitted.reason`), shown in docs, reports and ``voi.csv``.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import optimize, stats

from simulate.scenario.uncertainty import ParameterRange, all_ranges

#: The central share of a log-normal or gamma that the stated range covers.
COVERAGE = 0.95
_Z = float(stats.norm.ppf(0.5 + COVERAGE / 2))


@dataclass(frozen=True)
class Fitted:
    """One parameter's distribution: ``dist`` (a frozen scipy distribution), its name and the
    reason, the parameter's valid bounds (draws are clipped to them) and its type."""
    key: str
    name: str
    dist: Any
    reason: str
    lo: float | None = None
    hi: float | None = None
    whole: bool = False
    group: str = ""

    def value(self, u: np.ndarray | float) -> Any:
        """The parameter's value at quantile ``u`` (in (0, 1)), clipped and typed."""
        x = np.asarray(self.dist.ppf(u), dtype=float)
        x = np.clip(x, -np.inf if self.lo is None else self.lo,
                    np.inf if self.hi is None else self.hi)
        if self.whole:
            x = np.round(x)
        return x if x.ndim else (int(x) if self.whole else float(x))


def _is_share(unit: str) -> bool:
    unit = unit.lower()
    return "probability" in unit or "share" in unit


def choose(rng: ParameterRange, unit: str) -> tuple[str, str]:
    """The distribution ``auto`` stands for, and why."""
    if rng.distribution != "auto":
        return rng.distribution, rng.distribution_reason
    if _is_share(unit):
        return "beta", "auto: a probability or share, bounded by its range (beta-PERT)"
    if rng.low <= 0:
        return "beta", "auto: a range that starts at zero, bounded (beta-PERT)"
    return "lognormal", ("auto: a positive quantity (cost, multiplier, count), skewed; the "
                         "range is its central 95%")


def fit(key: str, rng: ParameterRange, base: float | None, unit: str = "",
        lo: float | None = None, hi: float | None = None, whole: bool = False) -> Fitted:
    """The distribution of one parameter fitted to its range; ``base`` is the scenario's
    value (the mode of beta and triangular; the middle of the range when it has none)."""
    name, why = choose(rng, unit)
    low, high = float(rng.low), float(rng.high)
    mode = (low + high) / 2 if base is None else min(max(float(base), low), high)
    width = high - low
    if name == "uniform":
        dist, what = stats.uniform(low, width), f"uniform on [{low:g}, {high:g}]"
    elif name == "triangular":
        dist = stats.triang((mode - low) / width, loc=low, scale=width)
        what = f"triangular ({low:g}, {mode:g}, {high:g})"
    elif name == "beta":
        a, b = 1 + 4 * (mode - low) / width, 1 + 4 * (high - mode) / width
        dist = stats.beta(a, b, loc=low, scale=width)
        what = f"beta-PERT on [{low:g}, {high:g}], mode {mode:g} (a={a:.2f}, b={b:.2f})"
    elif name == "lognormal":
        mu, sigma = (math.log(low) + math.log(high)) / 2, (math.log(high / low)) / (2 * _Z)
        dist = stats.lognorm(sigma, scale=math.exp(mu))
        what = (f"log-normal, median {math.exp(mu):.4g}, 95% in [{low:g}, {high:g}] "
                f"(sigma={sigma:.3f})")
    elif name == "gamma":
        shape = _gamma_shape(low, high)
        scale = high / stats.gamma.ppf(0.5 + COVERAGE / 2, shape)
        dist = stats.gamma(shape, scale=scale)
        what = f"gamma, shape {shape:.3g}, scale {scale:.4g}, 95% in [{low:g}, {high:g}]"
    else:  # pragma: no cover - the validator allows only DISTRIBUTIONS
        raise ValueError(f"unknown distribution {name!r}")
    return Fitted(key, name, dist, f"{what}; {why}" if why else what, lo, hi, whole,
                  rng.group)


def _gamma_shape(low: float, high: float) -> float:
    """The gamma shape whose 2.5% and 97.5% quantiles have the ratio ``high / low``."""
    tail = (1 - COVERAGE) / 2

    def gap(log_k: float) -> float:
        k = math.exp(log_k)
        return math.log(stats.gamma.ppf(1 - tail, k) / stats.gamma.ppf(tail, k)) - math.log(
            high / low)
    return math.exp(optimize.brentq(gap, math.log(1e-2), math.log(1e6)))


def fitted_parameters(sc: Any) -> dict[str, Fitted]:
    """Every uncertain parameter this scenario has (``[sensitivity.ranges]`` and
    ``[uncertainty.ranges]``), fitted; ranges of parts the scenario lacks, and parameters
    held at their value (``uncertainty.fixed``), are left out."""
    from simulate.scenario.loader import to_dict
    from simulate.scenario.paths import PathError, resolve
    data = to_dict(sc)
    out = {}
    for key, rng in all_ranges(sc).items():
        if key in sc.uncertainty.fixed:
            continue
        try:
            par = resolve(data, key)
        except PathError:
            continue
        if not par.present or not par.numeric:
            continue
        out[key] = fit(key, rng, par.value, par.unit, par.lo, par.hi, par.kind is int)
    return out


def draws_parameters(sc: Any) -> bool:
    """True when the scenario's runs draw parameters: ``uncertainty.parameters`` is on and
    at least one range names a parameter it has."""
    return bool(sc.uncertainty.parameters and fitted_parameters(sc))


__all__ = ["Fitted", "fit", "choose", "fitted_parameters", "draws_parameters", "COVERAGE"]
