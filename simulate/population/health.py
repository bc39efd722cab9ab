"""One month of health for all residents at once: loneliness, informal care, acute events and
the care ladder (vital -> prefrail -> frail -> homecare -> Wlz -> dead), vectorised.

Each function takes the residents, the scenario's derived :class:`Rates`, the per-person
uniforms of its own stream and the initiatives' per-person multipliers, changes the residents'
arrays and returns masks of what happened so the caller can count events.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..scenario.schema import Scenario
from .rates import MAX_AGE, Rates, hazard, monthly, state_vector
from .residents import (FRAIL, HOMECARE, N_STATES, NURSING_HOME, VITAL, WLZ_HOME, DEAD,
                        Residents)


@dataclass
class PersonEffects:
    """Per-person multipliers from initiatives this month (1.0 = no effect)."""
    progression: np.ndarray | float = 1.0
    lonely_recovery: np.ndarray | float = 1.0
    carer_found: np.ndarray | float = 0.0   # extra yearly hazard of finding an informal carer
    fall: np.ndarray | float = 1.0


def loneliness_step(res: Residents, sc: Scenario, u: np.ndarray, fx: PersonEffects) -> None:
    """Severe loneliness starts (more often when living alone) and ends."""
    lo = sc.loneliness
    alive = res.alive()
    lonely = res.view("lonely")
    onset = hazard(lo.onset_annual) * np.where(res.view("alone"), lo.onset_alone_multiplier, 1)
    recover = hazard(lo.recovery_annual) * fx.lonely_recovery
    p = np.where(lonely, monthly(recover), monthly(onset))
    flip = alive & (u < p)
    lonely ^= flip


def informal_care_step(res: Residents, sc: Scenario, u: np.ndarray, fx: PersonEffects
                       ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Carers give hours by the cared-for's state; overburdened carers may stop.

    Returns (hours given per resident, overburdened mask, carers who dropped out).
    """
    ic = sc.informal_care
    state = res.view("state")
    carer = res.view("carer")
    alive = state < N_STATES
    need = state_vector(ic.hours_per_month)[np.minimum(state, N_STATES - 1)]
    hours = np.where(alive & carer, need, 0.0)
    over = hours > ic.overburden_hours
    p_drop = np.where(over, monthly(hazard(ic.dropout_annual_overburdened)), 0.0)
    p_new = np.where(carer, 0.0, monthly(hazard(ic.new_carer_annual) + fx.carer_found))
    drop = alive & carer & (u < p_drop)
    new = alive & ~carer & (need > 0) & (u < p_new)
    carer[drop] = False
    carer[new] = True
    return hours, over, drop


def acute_step(res: Residents, sc: Scenario, rates: Rates, u: dict[str, np.ndarray],
               fx: PersonEffects) -> dict[str, np.ndarray]:
    """Falls (some to the ED, some hip fractures), other ED visits and unplanned admissions."""
    ac = sc.acute
    state = np.minimum(res.view("state"), N_STATES - 1)
    age_y = res.view("age_m") // 12
    at_risk = res.alive() & (age_y >= ac.min_age)
    waiting = np.where(res.view("waiting"), ac.waiting_ed_multiplier, 1.0)
    fall = at_risk & (u["fall"] < monthly(rates.fall[state] * fx.fall))
    hip_p = np.select([age_y < 75, age_y < 85],
                      [ac.hip_fracture_per_fall.get("age_65_74", 0),
                       ac.hip_fracture_per_fall.get("age_75_84", 0)],
                      ac.hip_fracture_per_fall.get("age_85_plus", 0))
    # one uniform splits a fall into hip fracture / ED only / nothing
    hip = fall & (u["fall_outcome"] < hip_p)
    fall_ed = fall & ~hip & (u["fall_outcome"] < hip_p + ac.fall_to_ed)
    ed = fall_ed | (at_risk & (u["ed"] < monthly(rates.ed[state] * waiting)))
    hospital = at_risk & ~hip & (u["hospital"] < monthly(rates.hospital[state] * waiting))
    res.view("hip_m")[hip] = 12
    return {"fall": fall, "hip_fracture": hip, "ed_visit": ed, "hospital_admission": hospital}


def ladder_step(res: Residents, sc: Scenario, rates: Rates, u: np.ndarray, u_home: np.ndarray,
                fx: PersonEffects, month: int) -> dict[str, np.ndarray]:
    """Death, one rung up or one rung down, as competing risks drawn from one uniform.

    Moving up from ``homecare`` is a Wlz indication: the resident becomes ``wlz_home`` and
    joins the bed queue unless they choose care at home.
    """
    h = sc.health
    state = res.view("state")
    alive = state < N_STATES
    s = np.minimum(state, N_STATES - 1)
    age_y = np.minimum(res.view("age_m") // 12, MAX_AGE - 1)
    hip_m = res.view("hip_m")
    hip = hip_m > 0
    mult = (np.where(res.view("lonely"), h.lonely_multiplier, 1.0)
            * np.where(res.view("carer"), 1.0, h.no_carer_multiplier)
            * np.where(res.view("low_income"), h.low_income_multiplier, 1.0)
            * np.where(hip, h.hip_fracture_multiplier, 1.0) * fx.progression)
    h_death = (rates.death[res.view("sex"), age_y] * rates.death_state[s]
               * np.where(res.view("lonely"), sc.demography.lonely_mortality_hr, 1.0)
               + np.where(hip, hazard(sc.acute.hip_fracture_death), 0.0))
    can_up = s < WLZ_HOME
    h_up = np.where(can_up, rates.up[np.minimum(s, HOMECARE), age_y] * mult, 0.0)
    can_down = (s > VITAL) & (s <= HOMECARE)
    h_down = np.where(can_down, rates.down[np.clip(s - 1, 0, 2)], 0.0)
    p_death, p_up, p_down = monthly(h_death), monthly(h_up), monthly(h_down)
    die = alive & (u < p_death)
    up = alive & ~die & (u < p_death + p_up)
    down = alive & ~die & ~up & (u < p_death + p_up + p_down)
    indicated = up & (s == HOMECARE)
    state[up] += 1
    state[down] -= 1
    waiting = res.view("waiting")
    wants_bed = indicated & (u_home >= h.wlz_stay_home_share)
    waiting[wants_bed] = True
    res.view("wait_since")[wants_bed] = month
    state[die] = DEAD
    waiting[die] = False
    hip_m[hip] -= 1
    return {"death": die, "wlz_indication": indicated, "up": up, "down": down}


def count_frail_or_worse(res: Residents) -> int:
    """Residents at home who receive Wmo support or more (used by tests and checks)."""
    s = res.view("state")
    return int(((s >= FRAIL) & (s < NURSING_HOME)).sum())
