"""Distributions of uncertain parameters, fitted to their stated ranges (scipy.stats).

A range ``[low, high]`` says where a parameter plausibly lies; its base value is the
scenario's own value, and every distribution is centred on it when it lies in the range, so
that drawing parameters widens a run's intervals without moving its result by itself:

* ``beta``: a beta-PERT on ``[low, high]`` with its mode at the base value,
  ``a = 1 + 4 (base - low) / (high - low)``, ``b = 1 + 4 (high - base) / (high - low)``:
  bounded like a probability or share must be, most weight near the base;
* ``triangular``: low, base (the most likely value, the mode) and high;
* ``uniform``, ``lognormal``, ``gamma``: the median at the base, as a :class:`TwoPiece`
  distribution (half the draws on each side of the base, each side with its own spread).
  Uniform keeps the range as its bounds (one plain uniform when the base is the middle);
  log-normal and gamma keep it as their central 95%: the 2.5% quantile at ``low`` below the
  base, the 97.5% at ``high`` above; for costs and multipliers, positive and skewed.

The mode for PERT and triangular because they are defined by a most likely value; the median
for the others because the scenario's value is a best estimate, as likely too high as too
low. A base outside its range (or none) centres the distribution on the range's middle (the
geometric middle for log-normal and gamma, whose whole range is then its central 95%).

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
    """The distribution of one parameter fitted to its range and centred on ``base``, the
    scenario's value, when it lies in the range: the mode of beta-PERT and triangular; the
    median of uniform, log-normal and gamma (a :class:`TwoPiece`, one piece per side of the
    base, so both ends of the range keep their meaning). Without a base in the range, the
    distribution centres on the range's middle."""
    name, why = choose(rng, unit)
    low, high = float(rng.low), float(rng.high)
    centre = None if base is None or not low <= float(base) <= high else float(base)
    mode = (low + high) / 2 if centre is None else centre
    width = high - low
    if name == "uniform":
        if centre is None or math.isclose(centre, (low + high) / 2):
            dist, what = stats.uniform(low, width), f"uniform on [{low:g}, {high:g}]"
        else:   # each piece a uniform with median ``centre``, reaching one end of the range
            dist = TwoPiece(centre, stats.uniform(low, 2 * (centre - low)) if centre > low
                            else None,
                            stats.uniform(2 * centre - high, 2 * (high - centre))
                            if centre < high else None)
            what = (f"two-piece uniform on [{low:g}, {high:g}], median {centre:g}: half the "
                    "draws uniform on each side of it")
    elif name == "triangular":
        dist = stats.triang((mode - low) / width, loc=low, scale=width)
        what = f"triangular ({low:g}, {mode:g}, {high:g})"
    elif name == "beta":
        a, b = 1 + 4 * (mode - low) / width, 1 + 4 * (high - mode) / width
        dist = stats.beta(a, b, loc=low, scale=width)
        what = f"beta-PERT on [{low:g}, {high:g}], mode {mode:g} (a={a:.2f}, b={b:.2f})"
    elif name == "lognormal" and centre is None:
        mu, sigma = (math.log(low) + math.log(high)) / 2, math.log(high / low) / (2 * _Z)
        dist = stats.lognorm(sigma, scale=math.exp(mu))
        what = (f"log-normal, median {math.exp(mu):.4g}, 95% in [{low:g}, {high:g}] "
                f"(sigma={sigma:.3f})")
    elif name == "lognormal":   # ``mode`` is the scenario's value here: the median
        s_lo, s_hi = math.log(mode / low) / _Z, math.log(high / mode) / _Z
        dist = TwoPiece(mode, stats.lognorm(s_lo, scale=mode) if s_lo > 0 else None,
                        stats.lognorm(s_hi, scale=mode) if s_hi > 0 else None)
        what = (f"two-piece log-normal, median {mode:.4g}, 95% in [{low:g}, {high:g}] "
                f"(sigma {s_lo:.3f} below the median, {s_hi:.3f} above)")
    elif name == "gamma" and centre is None:
        shape = _gamma_shape(low, high)
        scale = high / stats.gamma.ppf(0.5 + COVERAGE / 2, shape)
        dist = stats.gamma(shape, scale=scale)
        what = f"gamma, shape {shape:.3g}, scale {scale:.4g}, 95% in [{low:g}, {high:g}]"
    elif name == "gamma":
        dist = TwoPiece(mode, _gamma_half(mode, low), _gamma_half(mode, high))
        what = f"two-piece gamma, median {mode:.4g}, 95% in [{low:g}, {high:g}]"
    else:  # pragma: no cover - the validator allows only DISTRIBUTIONS
        raise ValueError(f"unknown distribution {name!r}")
    return Fitted(key, name, dist, f"{what}; {why}" if why else what, lo, hi, whole,
                  rng.group)


class TwoPiece:
    """Two distributions with the same median ``centre``, joined at it: below the centre the
    quantiles (and density) of ``lower``, above it those of ``upper``. Half the draws fall on
    each side, so the median is the centre, and each side has its own spread: the range's
    low end can be the 2.5% quantile (or the bound) below and its high end the 97.5% above,
    with the median at the scenario's value. A side that is ``None`` has no width: half the
    draws take the centre itself (a value at the end of its range: nothing beyond it)."""

    def __init__(self, centre: float, lower: Any, upper: Any) -> None:
        self.centre, self.lower, self.upper = float(centre), lower, upper

    def _pick(self, below: np.ndarray, method: str, arg: np.ndarray, at: float
              ) -> np.ndarray:
        lo = np.full(arg.shape, at) if self.lower is None else getattr(self.lower, method)(arg)
        hi = np.full(arg.shape, at) if self.upper is None else getattr(self.upper, method)(arg)
        return np.where(below, lo, hi)

    def ppf(self, u: Any) -> Any:
        """The value at quantile ``u``."""
        u = np.asarray(u, dtype=float)
        out = self._pick(u < 0.5, "ppf", u, self.centre)
        return out if out.ndim else float(out)

    def cdf(self, x: Any) -> Any:
        """P(value <= ``x``)."""
        x = np.asarray(x, dtype=float)
        out = self._pick(x < self.centre, "cdf", x, 0.5)
        if self.lower is None:
            out = np.where(x < self.centre, 0.0, out)
        return out if out.ndim else float(out)

    def pdf(self, x: Any) -> Any:
        """The density (of the continuous part)."""
        x = np.asarray(x, dtype=float)
        out = self._pick(x < self.centre, "pdf", x, 0.0)
        return out if out.ndim else float(out)

    def median(self) -> float:
        return self.centre

    def mean(self) -> float:
        """Half the mean of each side's half: the quantile function integrated over (0, 1)."""
        from scipy import integrate
        return float(sum(integrate.quad(lambda u: float(self.ppf(u)), a, b, limit=200)[0]
                         for a, b in ((0.0, 0.5), (0.5, 1.0))))


def _gamma_half(median: float, bound: float) -> Any:
    """The gamma with this median whose 2.5% quantile (a bound below the median) or 97.5%
    quantile (above) is ``bound``; ``None`` when the bound is the median."""
    if math.isclose(bound, median):
        return None
    tail = (1 - COVERAGE) / 2 if bound < median else 0.5 + COVERAGE / 2
    target = math.log(bound / median)

    def gap(log_k: float) -> float:
        k = math.exp(log_k)
        return math.log(stats.gamma.ppf(tail, k) / stats.gamma.ppf(0.5, k)) - target
    shape = math.exp(optimize.brentq(gap, math.log(0.05), math.log(1e9)))
    return stats.gamma(shape, scale=median / stats.gamma.ppf(0.5, shape))


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


__all__ = ["Fitted", "TwoPiece", "fit", "choose", "fitted_parameters", "draws_parameters", "COVERAGE"]
