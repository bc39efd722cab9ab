"""Smooth age pyramids for places where only broad age figures are published.

CBS publishes 5-year bands for the Netherlands; for a municipality the project has only broad
figures (a mean age, the share aged 65+ or 67+, the share under 15 or 20; data/age_structure.md).
A stepped reweighting of the national bands (one factor below 65, another above) breaks the
order of neighbouring cohorts at the step: 65-69 became larger than 60-64, so the number of
residents aged 80+ peaked too early and the 65+ share grew too slowly. Instead the national
pyramid is tilted by a smooth function of age, ``exp(b s + c s^2)`` with
``s = tanh((age - 45) / 15)``, whose one or two parameters are solved so that the pyramid has
exactly the published figures. The national cohort pattern (baby boom, small cohorts of the
1970s-80s) is kept; only its slope changes. The tilt levels off at old ages on purpose: a
region's age structure differs from the nation's mainly through the moves of young adults
(out for study and work, some back later: veenkolonien_region.md section 4), while death rates
at old ages differ little between regions, so the ratio to the national pyramid changes across
working ages and hardly above 75. ``data/age_structure.csv`` stores the result; :func:`fit_pyramid` regenerates it.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np
from scipy.optimize import brentq, fsolve

#: Band midpoints (0-4 ... 90-94, 95+ taken as 97).
MIDPOINTS = np.r_[np.arange(2.5, 95, 5), 97.0]

#: The figures a pyramid can be fitted to: name -> share (or mean) of a normalised pyramid.
FIGURES: dict[str, Callable[[np.ndarray], float]] = {
    "mean_age": lambda v: float(v @ MIDPOINTS),
    "under_15": lambda v: float(v[:3].sum()),
    "under_20": lambda v: float(v[:4].sum()),
    "share_65_plus": lambda v: float(v[13:].sum()),
    # 67+: three fifths of the 65-69 band (ages spread evenly within a band) and all above
    "share_67_plus": lambda v: float(0.6 * v[13] + v[14:].sum()),
}


def tilt(national: np.ndarray, b: float, c: float = 0.0) -> np.ndarray:
    """The national band shares tilted by ``exp(b s + c s^2)``, normalised to 1."""
    s = np.tanh((MIDPOINTS - 45.0) / 15.0)
    v = np.asarray(national, dtype=float) * np.exp(b * s + c * s * s)
    return v / v.sum()


def fit_pyramid(national: np.ndarray, figures: dict[str, float]) -> np.ndarray:
    """A smooth pyramid with the given published figures (one or two of :data:`FIGURES`)."""
    names = list(figures)
    unknown = sorted(set(names) - set(FIGURES))
    if unknown or not 1 <= len(names) <= 2:
        raise ValueError(f"fit a pyramid to one or two of {sorted(FIGURES)}, not {names}")
    if len(names) == 1:
        f, target = FIGURES[names[0]], figures[names[0]]
        b = brentq(lambda b: f(tilt(national, b)) - target, -3.0, 3.0)
        return tilt(national, b)
    def gap(p: np.ndarray) -> list[float]:
        return [FIGURES[n](tilt(national, *p)) - figures[n] for n in names]
    p, _, ok, msg = fsolve(gap, [0.0, 0.0], full_output=True)
    if ok != 1 or max(abs(g) for g in gap(p)) > 1e-9:
        raise ValueError(f"no smooth pyramid with {figures}: {msg}")
    return tilt(national, *p)
