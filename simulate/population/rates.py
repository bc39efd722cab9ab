"""Monthly hazards derived from a scenario, computed once per run (never stored in it).

Annual probabilities from the sources are turned into hazards (``h = -ln(1 - p)``) so that
multipliers act on hazards, then into monthly probabilities (``1 - exp(-h / 12)``), the
conversion stated in ``shared/data/dutch_statistics.md``.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..data import table
from ..scenario.schema import STATES, Scenario

MAX_AGE = 111  # years; ages beyond use the last row
SEX_FACTOR = np.array([1.23, 0.81])  # men, women x combined q; see data/mortality.csv


def hazard(p: np.ndarray | float) -> np.ndarray:
    """Annual probability to a yearly hazard rate."""
    return -np.log1p(-np.clip(p, 0.0, 0.999999))


def monthly(h: np.ndarray | float) -> np.ndarray:
    """Yearly hazard rate to the probability of the event within one month."""
    return -np.expm1(-np.asarray(h) / 12.0)


def state_vector(values: dict, default: float = 0.0, states: tuple[str, ...] = STATES
                 ) -> np.ndarray:
    """A per-state array from a {state: value} table (missing states get ``default``)."""
    return np.array([float(values.get(s, default)) for s in states])


@dataclass(frozen=True)
class Rates:
    """Yearly hazards by age (single years) and state, for one arm."""
    death: np.ndarray        # [sex, age] yearly death hazard of the average resident
    death_state: np.ndarray  # [state] relative death rate
    up: np.ndarray           # [state, age] yearly hazard of one rung up
    down: np.ndarray         # [state] yearly hazard of one rung down
    fall: np.ndarray         # [state] yearly hazard of a fall (65+)
    ed: np.ndarray           # [state] yearly hazard of an ED visit, not after a fall
    hospital: np.ndarray     # [state] yearly hazard of an unplanned admission
    out_migration: np.ndarray  # [age] yearly hazard of moving out


def mortality_curve(name: str) -> np.ndarray:
    """Combined q for ages 0..MAX_AGE-1, log-linear between the table's ages."""
    t = table("mortality")
    ages = np.arange(MAX_AGE)
    return np.exp(np.interp(ages, t["age"], np.log(t[name])))


def make_rates(sc: Scenario) -> Rates:
    """All hazards of a scenario as arrays the monthly step can index."""
    ages = np.arange(MAX_AGE)
    q = mortality_curve(sc.demography.mortality_table)
    death = hazard(np.clip(q[None, :] * SEX_FACTOR[:, None], 0, 0.95))
    h = sc.health
    up_ref = hazard(state_vector(h.progression_annual))
    up = up_ref[:, None] * np.exp(h.progression_age_slope * (ages[None, :] - h.reference_age))
    mig = sc.demography.out_migration_annual
    groups = np.select([ages < 18, ages < 30, ages < 65],
                       [mig.get("age_0_17", 0), mig.get("age_18_29", 0),
                        mig.get("age_30_64", 0)], mig.get("age_65_plus", 0))
    return Rates(
        death=death,
        death_state=state_vector(sc.demography.mortality_multiplier, 1.0),
        up=up,
        down=hazard(state_vector(h.recovery_annual)),
        fall=hazard(state_vector(sc.acute.fall_annual)),
        ed=hazard(state_vector(sc.acute.ed_annual)),
        hospital=hazard(state_vector(sc.acute.hospital_annual)),
        out_migration=hazard(np.asarray(groups, dtype=float)),
    )
