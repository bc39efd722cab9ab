"""Fit scenario parameters to targets with scipy.optimize over common random numbers.

Each evaluation of the objective runs the counterfactual arm of the scenario with the candidate
parameters for a burn-in plus a measurement window, always with the same seed and the same
replications, so the objective is a deterministic function of the parameters (common random
numbers): the optimiser compares parameter sets, not noise. The burn-in lets the residents'
states follow the candidate dynamics before they are measured, so the fit does not simply
reproduce ``data/initial_states.csv``.

Parameters are dotted scenario keys. ``a.b.*`` is one factor that scales every entry of the
table ``a.b`` together, keeping the ratios between its entries (for example
``health.progression_annual.*``); ``a.b.x+y`` is one value given to the entries ``x`` and ``y``
of ``a.b`` alike (for example ``health.mortality_multiplier.wlz_home+nursing_home``: no
mortality difference between Wlz care at home and in a bed). The optimiser (Nelder-Mead with bounds) works on the logarithm
of each parameter, between a quarter and four times its starting value (within the schema's
range). The objective is the weighted sum of squared relative errors over the targets with a
weight above zero.
"""
from __future__ import annotations

import logging
import math
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, fields
from typing import Any

import numpy as np
import pandas as pd
from scipy import optimize

from simulate.calibration.compare import compare
from simulate.calibration.runs import arm_tables, run_arms, with_values
from simulate.calibration.targets import Target
from simulate.scenario import Scenario, ScenarioError, counterfactual_of, to_dict
from simulate.scenario import schema as S
from simulate.scenario.errors import Problem, did_you_mean

log = logging.getLogger(__name__)

#: The care ladder's hazards. Mortality is not fitted by default: the death rate by age is the
#: life table's (the state multipliers are normalised by age, see population/rates.py), so the
#: deaths targets check that the ladder keeps it so.
DEFAULT_PARAMETERS: tuple[str, ...] = (
    "health.progression_annual.prefrail", "health.progression_annual.frail",
    "health.progression_annual.homecare", "health.progression_age_slope",
    "health.recovery_annual.frail", "health.recovery_annual.homecare",
)
SPREAD = 4.0  # search between start / SPREAD and start * SPREAD
#: Replications per evaluation. 5 since issue 15: an evaluation's replications run as one
#: batch (calibration/runs.py), so 5 take less CPU time than 4 did one at a time
#: (`simulate calibrate village --maxiter 12 --jobs 1`, CPU seconds on the shared 2-core
#: machine, alternated with main: main 4 replications 26.6-35.4 (median 30); batched 4: 23.0,
#: 5: 21.9 and 28.1, 6: 25.2-30.1, about as long as 4 took, so not chosen). More
#: replications: less noise in the objective.
DEFAULT_REPS = 5


@dataclass(frozen=True)
class Settings:
    """How the model is run inside the objective (fixed for the whole fit)."""
    seed: int
    reps: int = DEFAULT_REPS
    burn_in_years: int = 15
    window_years: int = 5
    maxiter: int = 300
    jobs: int = 1


@dataclass
class CalibrationResult:
    """The fitted scenario, the parameters, the fit per target and whether it converged."""
    scenario: Scenario
    values: dict[str, float]
    parameters: pd.DataFrame   # key, start, fitted, lower, upper
    fit: pd.DataFrame          # compare() table at the fitted values
    start_fit: pd.DataFrame    # compare() table at the starting values
    converged: bool
    message: str
    evaluations: int
    objective_start: float
    objective: float
    settings: Settings


def current_value(sc: Scenario, key: str) -> Any:
    """The value of a dotted key in a scenario (a dict for a table)."""
    node: Any = to_dict(sc)
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            raise KeyError(key)
        node = node[part]
    return node


def tied(key: str) -> list[str]:
    """The keys a parameter sets: ``a.b.x+y`` -> ``[a.b.x, a.b.y]``; any other key itself."""
    head, _, last = key.rpartition(".")
    if "+" not in last:
        return [key]
    return [f"{head}.{part}" if head else part for part in last.split("+")]


def check_parameters(sc: Scenario, keys: Sequence[str], file: str = "--param") -> list[Problem]:
    """Problems with parameter keys: each must name a positive number (or, with ``.*``, a
    table of numbers; with ``a.b.x+y``, numbers given one value together) in the scenario."""
    problems = []
    for key in [k for name in keys for k in (tied(name) if not name.endswith(".*") else [name])]:
        table = key.endswith(".*")
        try:
            value = current_value(sc, key[:-2] if table else key)
        except KeyError:
            problems.append(Problem(file, key, "not a key of the scenario",
                                    _hint(sc, key[:-2] if table else key)))
            continue
        numbers = list(value.values()) if table and isinstance(value, dict) else [value]
        if not all(isinstance(v, (int, float)) and not isinstance(v, bool) and v > 0
                   for v in numbers):
            problems.append(Problem(file, key, "must be a number above 0 (or KEY.* for a table "
                                    "of such numbers) to be fitted on a log scale"))
    return problems


def _hint(sc: Scenario, key: str) -> str:
    """'did you mean' for the first part of a dotted key that the scenario does not have."""
    node: Any = to_dict(sc)
    for part in key.split("."):
        if not isinstance(node, dict):
            return "that value has no parts"
        if part not in node:
            return did_you_mean(part, node)
        node = node[part]
    return ""


def _field_range(key: str) -> tuple[float | None, float | None]:
    """The schema's (lo, hi) for a dotted key, walking the dataclasses."""
    cls: Any = S.Scenario
    meta: Any = {}
    for part in key.split("."):
        if not (isinstance(cls, type) and hasattr(cls, "__dataclass_fields__")):
            break
        f = {x.name: x for x in fields(cls)}.get(part)
        if f is None:
            break
        meta, cls = f.metadata, f.type if isinstance(f.type, type) else getattr(S, str(f.type), None)
    return meta.get("lo"), meta.get("hi")


class Parameters:
    """The free parameters: their start, bounds, and how a vector becomes scenario values."""

    def __init__(self, sc: Scenario, keys: Sequence[str]):
        self.keys = tuple(keys)
        self.tables = {k[:-2]: current_value(sc, k[:-2]) for k in keys if k.endswith(".*")}
        self.start = np.array([1.0 if k.endswith(".*") else float(current_value(sc, tied(k)[0]))
                               for k in keys])
        lo, hi = self.start / SPREAD, self.start * SPREAD
        for i, k in enumerate(keys):
            if not k.endswith(".*"):
                a, b = _field_range(tied(k)[0])
                hi[i] = min(hi[i], 0.95 * b if b == 1 else (b if b is not None else math.inf))
                lo[i] = max(lo[i], a if a is not None and a > 0 else 0.0)
        self.lower, self.upper = lo, hi

    def values(self, x: np.ndarray) -> dict[str, float]:
        """Scenario values for a vector of log-parameters (tables scaled first)."""
        p = np.exp(x)
        out: dict[str, float] = {}
        for k, v in zip(self.keys, p):
            if k.endswith(".*"):
                out.update({f"{k[:-2]}.{n}": _round(float(t) * v)
                            for n, t in self.tables[k[:-2]].items()})
        out.update({t: _round(float(v)) for k, v in zip(self.keys, p) if not k.endswith(".*")
                    for t in tied(k)})
        return out

    @property
    def bounds(self) -> list[tuple[float, float]]:
        return list(zip(np.log(self.lower), np.log(self.upper)))


def _round(x: float) -> float:
    return float(f"{x:.4g}")


def initial_simplex(x0: np.ndarray, bounds: list[tuple[float, float]],
                    step: float = math.log(1.3)) -> np.ndarray:
    """Start the simplex 30% away from the start in each parameter (towards the wider side).

    The objective is a step function at small scales (a change of a parameter changes whole
    events only), so the default simplex (5% of a log-value, 0.00025 at 0) would not move.
    """
    simplex = np.tile(x0, (len(x0) + 1, 1))
    for i, (lo, hi) in enumerate(bounds):
        simplex[i + 1, i] += step if hi - x0[i] >= x0[i] - lo else -step
    return simplex


def objective_of(table: pd.DataFrame, targets: Sequence[Target]) -> float:
    """Weighted sum of squared relative errors (targets with weight > 0)."""
    w = {t.id: t.weight for t in targets}
    err = table.set_index("id")["relative_error"]
    total = sum(w[i] * (e * e if np.isfinite(e) else 100.0) for i, e in err.items() if w[i] > 0)
    return float(total)


class Evaluator:
    """Runs the model for a set of values and compares it with the targets (memoised)."""

    def __init__(self, base: Scenario, targets: Sequence[Target], st: Settings, pool=None):
        # the burn-in runs before the scenario's start year, so the window is the scenario's own
        # first years: with mortality falling by calendar year (issue 17) the targets' years
        # (2017-2027) must not be measured at the death rates of 15 years later
        self.base = with_values(counterfactual_of(base), {
            "horizon_years": st.burn_in_years + st.window_years,
            "start_year": base.start_year - st.burn_in_years})
        self.targets, self.st, self.pool = list(targets), st, pool
        first = base.start_year
        self.years = list(range(first, first + st.window_years))
        self.calls = 0
        self._cache: dict[tuple, pd.DataFrame] = {}

    def table(self, values: dict[str, float]) -> pd.DataFrame:
        key = tuple(sorted(values.items()))
        if key not in self._cache:
            self.calls += 1
            sc = with_values(self.base, values)
            arms = run_arms(sc, self.st.seed, self.st.reps, self.pool, self.st.jobs)
            tables = arm_tables(sc, arms)
            self._cache[key] = compare(tables, self.targets, self.years, arm=None,
                                       price_year=sc.price_year)
        return self._cache[key]


def calibrate(scenario: Scenario, targets: str | Sequence[Target] = "targets",
              parameters: Sequence[str] = DEFAULT_PARAMETERS, reps: int = DEFAULT_REPS,
              seed: int | None = None, burn_in_years: int = 15, window_years: int = 5,
              maxiter: int = 300, jobs: int = 1,
              progress: Callable[[int, float], None] | None = None) -> CalibrationResult:
    """Fit ``parameters`` of ``scenario`` to ``targets``; the scenario itself is not changed.

    Reproducible: the same inputs give the same fit. ``maxiter`` caps the model evaluations;
    the result says whether the optimiser converged before that (``converged``, ``message``).
    """
    st = Settings(seed=scenario.run.seed if seed is None else int(seed), reps=int(reps),
                  burn_in_years=int(burn_in_years), window_years=int(window_years),
                  maxiter=int(maxiter), jobs=int(jobs))
    if isinstance(targets, str):
        from simulate.calibration.targets import load_targets
        targets = load_targets(targets)
    if not any(t.weight > 0 for t in targets):
        raise ValueError("no target has a weight above 0: nothing to fit")
    problems = check_parameters(scenario, parameters)
    if problems:
        raise ScenarioError(problems)
    par = Parameters(scenario, parameters)
    pool = ProcessPoolExecutor(max_workers=st.jobs) if st.jobs > 1 else None
    try:
        ev = Evaluator(scenario, targets, st, pool)

        def f(x: np.ndarray) -> float:
            before = ev.calls
            value = objective_of(ev.table(par.values(x)), targets)
            if progress and ev.calls > before:
                progress(ev.calls, value)
            return value

        x0 = np.log(par.start)
        f0 = f(x0)
        res = optimize.minimize(f, x0, method="Nelder-Mead", bounds=par.bounds,
                                options={"maxfev": st.maxiter, "xatol": 0.01, "fatol": 1e-4,
                                         "adaptive": len(x0) > 3,
                                         "initial_simplex": initial_simplex(x0, par.bounds)})
        best = par.values(res.x)
        fit, start_fit = ev.table(best), ev.table(par.values(x0))
    finally:
        if pool is not None:
            pool.shutdown()
    table = pd.DataFrame({"key": par.keys, "start": par.start, "fitted": np.exp(res.x),
                          "lower": par.lower, "upper": par.upper})
    at_bound = np.isclose(res.x, np.log(par.lower)) | np.isclose(res.x, np.log(par.upper))
    message = str(res.message)
    if at_bound.any():
        message += "; at a bound: " + ", ".join(np.array(par.keys)[at_bound])
    return CalibrationResult(
        scenario=with_values(scenario, best), values=best, parameters=table, fit=fit,
        start_fit=start_fit, converged=bool(res.success), message=message,
        evaluations=ev.calls, objective_start=f0, objective=float(res.fun), settings=st)
