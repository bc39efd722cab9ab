"""Monthly hazards derived from a scenario, computed once per run (never stored in it).

Annual probabilities from the sources are turned into hazards (``h = -ln(1 - p)``) so that
multipliers act on hazards, then into monthly probabilities (``1 - exp(-h / 12)``), the
conversion stated in ``shared/data/dutch_statistics.md``.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from simulate.data import table
from simulate.scenario.schema import STATES, Scenario

MAX_AGE = 111  # years; ages beyond use the last row
SEX_FACTOR = np.array([1.23, 0.81])  # men, women x combined q; see data/mortality.csv


#: Results of :func:`hazard` and :func:`monthly` for scalars. The monthly step converts the
#: same few scenario numbers every month; a numpy call on a scalar costs microseconds, a dict
#: lookup a tenth of one. The values are the very numbers numpy computes (same dtype).
_SCALARS: dict[tuple, Any] = {}
_SCALAR_TYPES = (float, int, np.float32, np.float64)


def _cached(kind: str, x: object, compute: Callable[[Any], Any]) -> Any:
    key = (kind, type(x), x)
    try:
        return _SCALARS[key]
    except KeyError:
        value = compute(x)
        if len(_SCALARS) > 4096:  # bound the cache (NaN keys never hit, for one)
            _SCALARS.clear()
        _SCALARS[key] = value
        return value


def _hazard(p: np.ndarray | float) -> np.ndarray:
    return -np.log1p(-np.clip(p, 0.0, 0.999999))


def _monthly(h: np.ndarray | float | np.floating) -> np.ndarray:
    h = np.asarray(h)
    return -np.expm1(h * h.dtype.type(-1 / 12)) if h.dtype == np.float32 else -np.expm1(-h / 12.0)


def hazard(p: np.ndarray | float) -> np.ndarray:
    """Annual probability to a yearly hazard rate."""
    if type(p) in _SCALAR_TYPES:
        return _cached("hazard", p, _hazard)
    return _hazard(p)


def monthly(h: np.ndarray | float | np.floating) -> np.ndarray:
    """Yearly hazard rate to the probability of the event within one month.

    Arrays stay in their dtype: the model keeps per-person hazards in float32, which is
    ample for probabilities and twice as fast as float64 on the monthly hot path.
    """
    if type(h) in _SCALAR_TYPES:
        return _cached("monthly", h, _monthly)
    return _monthly(h)


def state_vector(values: dict, default: float = 0.0, states: tuple[str, ...] = STATES
                 ) -> np.ndarray:
    """A per-state array from a {state: value} table (missing states get ``default``)."""
    return np.array([float(values.get(s, default)) for s in states])


@dataclass(frozen=True)
class Rates:
    """Yearly hazards by age (single years) and state, for one arm."""
    death: np.ndarray        # [sex, age] yearly death hazard of the average resident, table year
    death_by_year: np.ndarray  # [year of the run, sex, age] the same in each calendar year
    death_state: np.ndarray  # [state] relative death rate
    up: np.ndarray           # [state, age] yearly hazard of one rung up
    fall: np.ndarray         # [state] yearly hazard of a fall (65+)
    ed: np.ndarray           # [state] yearly hazard of an ED visit, not after a fall
    hospital: np.ndarray     # [state] yearly hazard of an unplanned admission
    out_migration: np.ndarray  # [age] yearly hazard of moving out
    care_move: float         # yearly hazard of moving out at 65+ when care is needed
    p_down: np.ndarray       # [state] monthly probability of one rung down
    hip_per_fall: np.ndarray  # [age] probability that a fall breaks a hip
    prog_risk: np.ndarray    # [16] progression multiplier by risk code (see health.risk_code)
    death_risk: np.ndarray   # [16] death multiplier by risk code
    hip_death: float         # yearly hazard of death in the year after a hip fracture


def mortality_curve(name: str) -> np.ndarray:
    """Combined q for ages 0..MAX_AGE-1, log-linear between the table's ages."""
    t = table("mortality")
    ages = np.arange(MAX_AGE)
    return np.exp(np.interp(ages, np.asarray(t["age"], dtype=float),
                            np.log(np.asarray(t[name], dtype=float))))


def mean_death_multiplier(sc: Scenario) -> np.ndarray:
    """The average resident's death multiplier at each age, in the status quo.

    The life table gives the death rate of the average resident of an age; the multipliers by
    care state (and for loneliness) say who of them dies more or less. Dividing by this mean
    (state and loneliness shares by age band from ``data/initial_states.csv``, which is a
    burn-in of the model itself) keeps the life table's death rate at every age, whatever the
    multipliers, and lets the multipliers only redistribute deaths between states. The mean
    is fixed per scenario, so an initiative that keeps residents in lighter states still
    saves lives.
    """
    init = table("initial_states")
    shares = np.stack([np.asarray(init[s], dtype=float) for s in STATES], axis=1)
    shares /= shares.sum(axis=1, keepdims=True)
    per_state = state_vector(sc.demography.mortality_multiplier, 1.0)
    lonely = np.asarray(init["lonely"], dtype=float)
    by_band = (shares @ per_state) * (1 + lonely * (sc.demography.lonely_mortality_hr - 1))
    return by_band[np.minimum(np.arange(MAX_AGE) // 5, len(by_band) - 1)]


def life_table_hazard(sc: Scenario) -> np.ndarray:
    """[sex, age] yearly death hazard of the life table, in its own year."""
    q = mortality_curve(sc.demography.mortality_table)
    return hazard(np.clip(q[None, :] * SEX_FACTOR[:, None], 0, 0.95))


def improvement_factor(sc: Scenario, calendar_years: np.ndarray) -> np.ndarray:
    """[year, sex, age] multiplier of the life table's death rate in each calendar year.

    Death rates fall by the yearly rates of ``data/mortality_improvement.csv`` from
    ``demography.mortality_table_year`` on (compounded); years before it keep the table. With
    ``demography.mortality_improvement`` off every factor is 1.
    """
    years = np.asarray(calendar_years, dtype=float)
    out = np.ones((len(years), 2, MAX_AGE))
    if not sc.demography.mortality_improvement:
        return out
    t = table("mortality_improvement")
    ages = np.arange(MAX_AGE)
    age = np.asarray(t["age"], dtype=float)
    rate = np.stack([np.interp(ages, age, np.asarray(t[s], dtype=float)) for s in ("men", "women")])
    elapsed = np.maximum(years - sc.demography.mortality_table_year, 0.0)
    return out * (1.0 - rate[None, :, :]) ** elapsed[:, None, None]


def period_life_expectancy(sc: Scenario, calendar_year: int, age: int) -> np.ndarray:
    """[men, women] period life expectancy at ``age`` in ``calendar_year``: the years a person
    would live at that year's death rates by age (life table hazards with the trend)."""
    h = life_table_hazard(sc) * improvement_factor(sc, np.array([calendar_year]))[0]
    alive = np.exp(-np.concatenate([np.zeros((2, 1)), np.cumsum(h[:, age:], axis=1)], axis=1))
    return ((alive[:, :-1] + alive[:, 1:]) / 2).sum(axis=1)


def make_rates(sc: Scenario) -> Rates:
    """All hazards of a scenario as arrays the monthly step can index."""
    ages = np.arange(MAX_AGE)
    death = life_table_hazard(sc) / mean_death_multiplier(sc)
    years = sc.start_year + np.arange(-(-sc.months // 12))
    h = sc.health
    up_ref = hazard(state_vector(h.progression_annual))
    up = up_ref[:, None] * np.exp(h.progression_age_slope * (ages[None, :] - h.reference_age))
    mig = sc.demography.out_migration_annual
    groups = np.select([ages < 18, ages < 30, ages < 65],
                       [mig.get("age_0_17", 0), mig.get("age_18_29", 0),
                        mig.get("age_30_64", 0)], mig.get("age_65_plus", 0))
    f32 = np.float32
    return Rates(
        death=death.astype(f32),
        death_by_year=(death[None] * improvement_factor(sc, years)).astype(f32),
        death_state=state_vector(sc.demography.mortality_multiplier, 1.0).astype(f32),
        up=up.astype(f32),
        fall=hazard(state_vector(sc.acute.fall_annual)).astype(f32),
        ed=hazard(state_vector(sc.acute.ed_annual)).astype(f32),
        hospital=hazard(state_vector(sc.acute.hospital_annual)).astype(f32),
        out_migration=hazard(np.asarray(groups, dtype=float)).astype(f32),
        care_move=float(hazard(sc.demography.care_move_annual)),
        p_down=monthly(np.concatenate([[0], hazard(state_vector(h.recovery_annual,
                                                                 states=STATES[1:4])), [0, 0]])
                       ).astype(f32),
        hip_per_fall=_hip_per_fall(sc, ages).astype(f32),
        prog_risk=_risk(sc, progression=True), death_risk=_risk(sc, progression=False),
        hip_death=float(hazard(sc.acute.hip_fracture_death)),
    )


def _hip_per_fall(sc: Scenario, ages: np.ndarray) -> np.ndarray:
    hp = sc.acute.hip_fracture_per_fall
    return np.select([ages < 75, ages < 85], [hp.get("age_65_74", 0), hp.get("age_75_84", 0)],
                     hp.get("age_85_plus", 0))


def _risk(sc: Scenario, progression: bool) -> np.ndarray:
    """Multipliers for the 16 combinations of (lonely, no carer, low income, recent hip
    fracture), indexed by the 4-bit risk code of :func:`simulate.model.population.health.risk_code`."""
    h = sc.health
    code = np.arange(16)
    lonely, no_carer, low_income, hip = ((code >> k) & 1 for k in range(4))
    if not progression:
        return np.where(lonely, sc.demography.lonely_mortality_hr, 1.0).astype(np.float32)
    return (np.where(lonely, h.lonely_multiplier, 1.0) * np.where(no_carer, h.no_carer_multiplier, 1.0)
            * np.where(low_income, h.low_income_multiplier, 1.0)
            * np.where(hip, h.hip_fracture_multiplier, 1.0)).astype(np.float32)
