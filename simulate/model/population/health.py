"""One month of health for all residents at once: loneliness, informal care, acute events and
the care ladder (vital -> prefrail -> frail -> homecare -> Wlz -> dead), vectorised.

Each function takes the residents, a :class:`Month` snapshot (state, age and sex computed once
per month), the scenario's derived :class:`Rates`, the per-person uniforms of its own stream
and the initiatives' per-person multipliers. It changes the residents' arrays and returns
masks of what happened so that the caller can count events. Multipliers act on hazards.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from simulate.model.population.rates import MAX_AGE, Rates, hazard, monthly, state_vector
from simulate.model.population.residents import DEAD, HOMECARE, N_STATES, VITAL, WLZ_HOME, Residents
from simulate.scenario.schema import Scenario

F32 = np.float32


@dataclass
class PersonEffects:
    """Per-person multipliers from initiatives this month (1.0 = no effect)."""
    progression: np.ndarray | float = 1.0
    lonely_recovery: np.ndarray | float = 1.0
    lonely_onset: np.ndarray | float = 1.0
    carer_dropout: np.ndarray | float = 1.0
    carer_found: np.ndarray | float = 0.0   # extra yearly hazard of finding an informal carer
    fall: np.ndarray | float = 1.0


@dataclass
class Month:
    """What every step of one month needs about the residents, computed once."""
    m: int
    state: np.ndarray   # live view of the care state (changes during the month)
    s: np.ndarray       # care state at the start of the month, clipped to 0..5
    alive: np.ndarray   # living in the village at the start of the month
    age_y: np.ndarray   # whole years, capped at MAX_AGE - 1
    band: np.ndarray    # 5-year age band
    sex: np.ndarray

    @classmethod
    def of(cls, res: Residents, m: int) -> Month:
        state = res.view("state")
        age_y = np.minimum(res.view("age_m") // 12, MAX_AGE - 1)
        return cls(m=m, state=state, s=np.minimum(state, N_STATES - 1), alive=state < N_STATES,
                   age_y=age_y, band=np.minimum(age_y // 5, 19), sex=res.view("sex"))


def loneliness_step(res: Residents, mo: Month, sc: Scenario, u: np.ndarray,
                    fx: PersonEffects) -> None:
    """Severe loneliness starts (more often when living alone) and ends."""
    lo = sc.loneliness
    lonely = res.view("lonely")
    h_on = F32(hazard(lo.onset_annual)) * np.array([1, lo.onset_alone_multiplier], F32)
    p_on = monthly(h_on[res.view("alone").view(np.uint8)] * np.asarray(fx.lonely_onset, F32))
    p_off = monthly(F32(hazard(lo.recovery_annual)) * np.asarray(fx.lonely_recovery, F32))
    p = np.where(lonely, p_off, p_on)
    lonely ^= mo.alive & (u < p)


def informal_care_step(res: Residents, mo: Month, sc: Scenario, u: np.ndarray,
                       fx: PersonEffects) -> tuple[float, np.ndarray]:
    """Carers give hours by the cared-for's state; overburdened carers may stop.

    Returns (hours given this month in total, carers who dropped out).
    """
    ic = sc.informal_care
    carer = res.view("carer")
    need_by_state = state_vector(ic.hours_per_month).astype(F32)
    need = need_by_state[mo.s]
    helped = mo.alive & carer
    hours = float(np.bincount(mo.s[helped], minlength=N_STATES) @ need_by_state)
    over_states = need_by_state > ic.overburden_hours
    h_drop = F32(hazard(ic.dropout_annual_overburdened))
    p_drop = monthly(h_drop * np.asarray(fx.carer_dropout, F32))
    drop = helped & over_states[mo.s] & (u < p_drop)
    p_new = monthly(F32(hazard(ic.new_carer_annual)) + np.asarray(fx.carer_found, F32))
    new = mo.alive & ~carer & (need > 0) & (u < p_new)
    carer[drop] = False
    carer[new] = True
    return hours, drop


def acute_step(res: Residents, mo: Month, sc: Scenario, rates: Rates,
               u: dict[str, np.ndarray], fx: PersonEffects) -> dict[str, np.ndarray]:
    """Falls (some to the ED, some hip fractures), other ED visits and unplanned admissions."""
    ac = sc.acute
    at_risk = mo.alive & (mo.age_y >= ac.min_age)
    waiting = np.where(res.view("waiting"), F32(ac.waiting_ed_multiplier), F32(1))
    fall = at_risk & (u["fall"] < monthly(rates.fall[mo.s] * np.asarray(fx.fall, F32)))
    hip_p = rates.hip_per_fall[mo.age_y]
    # one uniform splits a fall into hip fracture / ED only / nothing
    hip = fall & (u["fall_outcome"] < hip_p)
    fall_ed = fall & ~hip & (u["fall_outcome"] < hip_p + F32(ac.fall_to_ed))
    ed = fall_ed | (at_risk & (u["ed"] < monthly(rates.ed[mo.s] * waiting)))
    hospital = at_risk & ~hip & (u["hospital"] < monthly(rates.hospital[mo.s] * waiting))
    res.view("hip_m")[hip] = 12
    return {"fall": fall, "hip_fracture": hip, "ed_visit": ed, "hospital_admission": hospital}


def risk_code(res: Residents, hip: np.ndarray) -> np.ndarray:
    """4-bit code per resident: lonely, no informal carer, low income, recent hip fracture."""
    return (res.view("lonely").view(np.uint8) | (~res.view("carer")).view(np.uint8) << 1
            | res.view("low_income").view(np.uint8) << 2 | hip.view(np.uint8) << 3)


def ladder_step(res: Residents, mo: Month, sc: Scenario, rates: Rates, u: np.ndarray,
                u_home: np.ndarray, fx: PersonEffects) -> dict[str, np.ndarray]:
    """Death, one rung up or one rung down, as competing risks drawn from one uniform.

    Moving up from ``homecare`` is a Wlz indication: the resident becomes ``wlz_home`` and
    joins the bed queue unless they choose care at home.
    """
    h = sc.health
    s, age_y = mo.s, mo.age_y
    hip_m = res.view("hip_m")
    hip = hip_m > 0
    code = risk_code(res, hip)
    year = min(mo.m // 12, len(rates.death_by_year) - 1)
    h_death = (rates.death_by_year[year][mo.sex, age_y] * rates.death_state[s]
               * rates.death_risk[code])
    h_death[hip] += F32(rates.hip_death)
    h_up = rates.up[np.minimum(s, HOMECARE), age_y] * rates.prog_risk[code]
    if not np.isscalar(fx.progression):
        h_up *= fx.progression
    h_up[s >= WLZ_HOME] = 0
    p_death, p_up = monthly(h_death), monthly(h_up)
    p_down = rates.p_down[s]
    die = mo.alive & (u < p_death)
    cum = p_death + p_up
    up = mo.alive & ~die & (u < cum)
    down = mo.alive & ~die & ~up & (u < cum + p_down)
    indicated = up & (s == HOMECARE)
    state = mo.state
    state[up] += 1
    state[down] -= 1
    waiting = res.view("waiting")
    wants_bed = indicated & (u_home >= F32(h.wlz_stay_home_share))
    waiting[wants_bed] = True
    res.view("wait_since")[wants_bed] = mo.m
    state[die] = DEAD
    waiting[die] = False
    hip_m[hip] -= 1
    return {"death": die, "wlz_indication": indicated, "up": up, "down": down}


__all__ = ["Month", "PersonEffects", "loneliness_step", "informal_care_step", "acute_step",
           "ladder_step", "VITAL"]
