"""One month of health for all residents at once: loneliness, informal care, acute events and
the care ladder (vital -> prefrail -> frail -> homecare -> Wlz -> dead), vectorised.

Each function takes the residents (of one group, or of a batch of groups:
:mod:`simulate.model.population.groups`), a :class:`Month` snapshot (state, age and sex
computed once per month), the groups' numbers (:class:`GroupParams`: each group's scenario
values and derived rates), the per-person uniforms of its own stream and the initiatives'
per-person multipliers. It changes the residents' arrays and returns
masks of what happened so that the caller can count events. Multipliers act on hazards.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from simulate.model.population.bounds import (
    informal_cells,
    informal_table,
    ladder_bound,
    ladder_cells,
    ladder_table,
    loneliness_cells,
    loneliness_table,
)
from simulate.model.population.params import GroupParams
from simulate.model.population.rates import MAX_AGE, monthly
from simulate.model.population.residents import (
    DEAD,
    HOMECARE,
    N_STATES,
    VITAL,
    WLZ_HOME,
    Population,
)

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
    def of(cls, res: Population, m: int) -> Month:
        state = res.view("state")
        age_y = np.minimum(res.view("age_m") // 12, MAX_AGE - 1)
        alive = state < N_STATES
        return cls(m=m, state=state, s=np.minimum(state, N_STATES - 1), alive=alive,
                   age_y=age_y, band=np.minimum(age_y // 5, 19), sex=res.view("sex"))

    @cached_property
    def live(self) -> np.ndarray:
        """The slots of ``alive`` (computed when first asked for)."""
        return np.flatnonzero(self.alive)


def loneliness_step(res: Population, mo: Month, par: GroupParams, u: np.ndarray,
                    fx: PersonEffects) -> None:
    """Severe loneliness starts (more often when living alone) and ends. A table by cell
    (group, lonely, alone) holds each cell's probability, or, in months when initiatives
    change it per resident, a bound above it (``population.bounds``): only the residents
    below it get their exact probability, each with the very operations of the whole-array
    form."""
    lonely, alone = res.view("lonely"), res.view("alone")
    table = loneliness_table(par, fx.lonely_onset, fx.lonely_recovery)
    below = u < table.take(loneliness_cells(par, lonely, alone))
    below &= mo.alive
    flip = np.flatnonzero(below)
    if not (np.isscalar(fx.lonely_onset) and np.isscalar(fx.lonely_recovery)):
        cand = flip
        alone_c = alone[cand].view(np.uint8)
        p_on = (par.at("p_lonely_on", alone_c, where=cand) if np.isscalar(fx.lonely_onset)
                else monthly(par.at("lonely_on", alone_c, where=cand)
                             * np.asarray(fx.lonely_onset, F32)[cand]))
        p_off = (par.at("p_lonely_off", where=cand) if np.isscalar(fx.lonely_recovery) else
                 monthly(par.at("lonely_off", where=cand)
                         * np.asarray(fx.lonely_recovery, F32)[cand]))
        p = np.where(lonely[cand], p_off, p_on)
        flip = cand[u[cand] < p]
    lonely[flip] = ~lonely[flip]


def informal_care_step(res: Population, mo: Month, par: GroupParams, u: np.ndarray,
                       fx: PersonEffects) -> tuple[np.ndarray, np.ndarray]:
    """Carers give hours by the cared-for's state; overburdened carers may stop.

    Returns (hours given this month by group, carers who dropped out). A table by cell
    (group, carer, state) holds each cell's probability of a carer stopping or being found,
    or, in months when initiatives change it per resident, a bound above it
    (``population.bounds``): only the residents below it get their exact probability, each
    with the very operations of the whole-array form.
    """
    carer = res.view("carer")
    cell = informal_cells(par, carer, mo.s)
    need_by_state = par.values("need")
    caring = np.flatnonzero(carer & mo.alive)
    by_state = np.bincount(cell.take(caring), minlength=par.groups * 2 * N_STATES
                           ).reshape(par.groups, 2, N_STATES)[:, 1]
    hours = np.array([float(by_state[g] @ need_by_state[g]) for g in range(par.groups)])
    table = informal_table(par, fx.carer_dropout, fx.carer_found)
    cand = np.flatnonzero((u < table.take(cell)) & mo.alive)
    helped = carer[cand]
    if np.isscalar(fx.carer_dropout) and np.isscalar(fx.carer_found):
        drop_c, new_c = helped, ~helped   # the table's probabilities are the exact ones
    else:
        s, uc = mo.s[cand], u[cand]
        p_drop = (par.at("p_carer_drop", where=cand) if np.isscalar(fx.carer_dropout) else
                  monthly(par.at("carer_drop", where=cand)
                          * np.asarray(fx.carer_dropout, F32)[cand]))
        drop_c = helped & par.at("over", s, where=cand) & (uc < p_drop)
        p_new = (par.at("p_carer_new", where=cand) if np.isscalar(fx.carer_found) else
                 monthly(par.at("carer_new", where=cand)
                         + np.asarray(fx.carer_found, F32)[cand]))
        new_c = ~helped & (par.at("need", s, where=cand) > 0) & (uc < p_new)
    drop = np.zeros(len(carer), dtype=bool)
    drop[cand[drop_c]] = True
    carer[cand[drop_c]] = False
    carer[cand[new_c]] = True
    return hours, drop


def acute_step(res: Population, mo: Month, par: GroupParams,
               u: dict[str, np.ndarray], fx: PersonEffects) -> dict[str, np.ndarray]:
    """Falls (some to the ED, some hip fractures), other ED visits and unplanned admissions.
    Computed for the residents at risk only (alive, old enough), each with the very
    operations of the whole-array form."""
    risk = np.flatnonzero(mo.alive & (mo.age_y >= par.at("acute_min_age")))
    s = mo.s[risk]
    w = res.view("waiting")[risk].view(np.uint8)
    p_fall = (par.at("p_fall", s, where=risk) if np.isscalar(fx.fall) else
              monthly(par.at("fall", s, where=risk) * np.asarray(fx.fall, F32)[risk]))
    fall = u["fall"][risk] < p_fall
    # one uniform splits a fall into hip fracture / ED only / nothing (for the fallers only)
    f = np.flatnonzero(fall)
    fallers = risk[f]
    hip_p = par.at("hip_per_fall", mo.age_y[fallers], where=fallers)
    outcome = u["fall_outcome"][fallers]
    hip_f = outcome < hip_p
    fall_ed_f = ~hip_f & (outcome < hip_p + par.at("fall_to_ed", where=fallers))
    hip = np.zeros(len(risk), dtype=bool)
    hip[f[hip_f]] = True
    ws = s.astype(np.intp)   # (waiting, state): one cell index for both tables
    ws += w * np.uint8(N_STATES)
    ed = u["ed"][risk] < par.at_cell("p_ed", ws, where=risk)
    ed[f[fall_ed_f]] = True
    hospital = u["hospital"][risk] < par.at_cell("p_hospital", ws, where=risk)
    hospital &= ~hip
    res.view("hip_m")[risk[hip]] = 12
    out = {}
    for name, mask in (("fall", fall), ("hip_fracture", hip), ("ed_visit", ed),
                       ("hospital_admission", hospital)):
        full = np.zeros(len(mo.alive), dtype=bool)
        full[risk[mask]] = True
        out[name] = full
    return out


def risk_code(res: Population, hip: np.ndarray, idx: np.ndarray | slice = slice(None)
              ) -> np.ndarray:
    """4-bit code per resident (of the slots ``idx``): lonely, no informal carer, low income,
    recent hip fracture (``hip``: of those slots)."""
    return (res.view("lonely")[idx].view(np.uint8) | (~res.view("carer")[idx]).view(np.uint8) << 1
            | res.view("low_income")[idx].view(np.uint8) << 2 | hip.view(np.uint8) << 3)


def ladder_step(res: Population, mo: Month, par: GroupParams, u: np.ndarray,
                u_home: np.ndarray, fx: PersonEffects) -> dict[str, np.ndarray]:
    """Death, one rung up or one rung down, as competing risks drawn from one uniform.

    Moving up from ``homecare`` is a Wlz indication: the resident becomes ``wlz_home`` and
    joins the bed queue unless they choose care at home. The hazards are computed only for
    the living residents whose uniform is below their cell's bound (``population.bounds``):
    nobody else can move. Each of them gets the very operations of the whole-array form.
    """
    hip_m = res.view("hip_m")
    hip_all = hip_m > 0
    year = min(mo.m // 12, par.death_years - 1)
    # only a resident whose uniform is below a bound of the three probabilities can move;
    # a table by cell gives a bound above every resident's (population.bounds), then the
    # exact test runs on those few (the same numbers, the same operations)
    table = ladder_table(par, year, fx.progression)
    cell = ladder_cells(par, mo.sex, mo.s, hip_all, mo.age_y, par.death_ages)
    cand = np.flatnonzero((u < table.take(cell)) & mo.alive)
    s, age_y = mo.s[cand], mo.age_y[cand]
    hip = hip_all[cand]
    code = risk_code(res, hip, cand)
    h_death = (par.at("death_by_year", year, mo.sex[cand], age_y, where=cand)
               * par.at("death_state", s, where=cand) * par.at("death_risk", code, where=cand))
    h_death[hip] += par.at("hip_death", where=cand[hip])
    h_up = (par.at("up", np.minimum(s, HOMECARE), age_y, where=cand)
            * par.at("prog_risk", code, where=cand))
    if not np.isscalar(fx.progression):
        h_up *= np.asarray(fx.progression)[cand]
    h_up = np.where(s >= WLZ_HOME, F32(0), h_up)
    p_down = par.at("p_down", s, where=cand)
    uc = u[cand]
    c = np.flatnonzero(uc < ladder_bound(h_death, h_up, p_down))
    uc = uc[c]
    p_death, p_up = monthly(h_death[c]), monthly(h_up[c])
    die_c = uc < p_death
    cum = p_death + p_up
    up_c = ~die_c & (uc < cum)
    down_c = ~die_c & ~up_c & (uc < cum + p_down[c])
    # the few who move, by slot (disjoint: one uniform, competing risks); updates at their
    # slots only give what the whole-array updates gave
    die_i, up_i, down_i = cand[c[die_c]], cand[c[up_c]], cand[c[down_c]]
    ind_i = up_i[mo.s[up_i] == HOMECARE]
    stay_home = par.at("stay_home")
    stay_home = stay_home if np.ndim(stay_home) == 0 else stay_home[ind_i]
    bed_i = ind_i[u_home[ind_i] >= stay_home]
    state, waiting = mo.state, res.view("waiting")
    state[up_i] += 1
    state[down_i] -= 1
    waiting[bed_i] = True
    res.view("wait_since")[bed_i] = mo.m
    state[die_i] = DEAD
    waiting[die_i] = False
    die, up, down, indicated = (np.zeros(len(mo.alive), dtype=bool) for _ in range(4))
    die[die_i], up[up_i], down[down_i], indicated[ind_i] = True, True, True, True
    np.subtract(hip_m, hip_all, out=hip_m, casting="unsafe")
    return {"death": die, "wlz_indication": indicated, "up": up, "down": down}


__all__ = ["Month", "PersonEffects", "loneliness_step", "informal_care_step", "acute_step",
           "ladder_step", "ladder_bound", "VITAL"]
