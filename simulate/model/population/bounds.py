"""Upper bounds of the month's probabilities by cell, to find the few residents who can move.

A resident changes only if their uniform falls below their probability, and in a month that
is a few per cent of them. Each bound here is a small table over cells (group, sex, state,
recent hip fracture, age in years) whose every entry is at least the per-resident bound of
:func:`simulate.model.population.health.ladder_bound` (itself above the exact probabilities)
of every resident in that cell, whatever their other risk factors and the initiatives'
multipliers. One gather from the table and one comparison select the candidates; the steps
then compute the exact hazards, with the very operations of the whole-array form, for those
candidates only, and keep exactly the residents the whole-array form keeps. So the numbers do
not change, only how many residents the hazard chain runs over.

Why the tables are above: the factors a cell does not fix (the risk code's other bits, an
initiative's multiplier) are replaced by their largest value, and IEEE float32 products,
sums and ``ladder_bound`` are monotone in each non-negative argument. A table that cannot be
shown above (a negative or non-finite number anywhere) is infinite: every living resident
is a candidate, which is the whole-array form itself.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from simulate.model.population.params import GroupParams
from simulate.model.population.residents import HOMECARE, N_STATES, WLZ_HOME

F32 = np.float32
INF = F32(np.inf)


def ladder_bound(h_death: np.ndarray, h_up: np.ndarray | np.float32,
                 p_down: np.ndarray | np.float32) -> np.ndarray:
    """Above the care ladder's ``monthly(h_death) + monthly(h_up) + p_down`` for every
    resident: 1 - exp(-h / 12) <= h / 12, and the margins cover float32 rounding many times
    over (``tests/model/test_group_choices.py``)."""
    return (h_death + h_up) * F32(1.0001 / 12) + p_down + F32(1e-6)


def _keep(par: GroupParams, key: tuple, table: np.ndarray) -> np.ndarray:
    """Keep ``table`` for the batch; a few dozen at most (a multiplier above 1 that changes
    every month would otherwise keep one table a month)."""
    if len(par.cache) >= 32:
        par.cache.clear()
    par.cache[key] = table
    return table


def _largest(multiplier: Any) -> Any:
    """The largest of an initiative's per-slot multipliers (at least 0: a non-negative
    hazard times a factor below 0 is at most 0), None for no multiplier, inf if unknown."""
    if np.isscalar(multiplier):
        return None
    m = np.max(multiplier)
    return m if np.isfinite(m) else INF


def ladder_table(par: GroupParams, year: int, progression: Any) -> np.ndarray:
    """[group, sex, state, hip, age] above ``ladder_bound`` of every resident of that cell in
    calendar year ``year`` of the run (``progression``: the initiatives' multipliers of the
    hazard of one rung up, a scalar or one per slot). Kept while year and the largest
    multiplier stay the same."""
    fx = _largest(progression)
    key = ("ladder", year, None if fx is None else float(fx))
    got = par.cache.get(key)
    if got is not None:
        return got
    g = par.groups
    death = par.values("death_by_year")[:, year]                    # [G, sex, age]
    death_state = par.values("death_state")                           # [G, state]
    death_risk = par.values("death_risk").reshape(g, 2, 8).max(axis=2)  # [G, hip]: code >> 3
    hip_death = par.values("hip_death")                               # [G]
    up = par.values("up")[:, np.minimum(np.arange(N_STATES), HOMECARE)]  # [G, state, age]
    prog_risk = par.values("prog_risk").reshape(g, 2, 8).max(axis=2)
    p_down = par.values("p_down")                                     # [G, state]
    sources = (death, death_state, death_risk, hip_death, up, prog_risk, p_down)
    if fx is INF or any((np.asarray(a) < 0).any() for a in sources):
        table = np.full((g, 2, N_STATES, 2, death.shape[-1]), INF, dtype=F32)
    else:
        h_death = (death[:, :, None, None, :] * death_state[:, None, :, None, None]
                   * death_risk[:, None, None, :, None])
        h_death[:, :, :, 1, :] += hip_death[:, None, None, None]
        h_up = up[:, None, :, None, :] * prog_risk[:, None, None, :, None]
        if fx is not None:
            h_up *= max(fx, 0)
        h_up = np.where((np.arange(N_STATES) >= WLZ_HOME)[None, None, :, None, None],
                        F32(0), h_up)
        table = ladder_bound(h_death, h_up, p_down[:, None, :, None, None])
        table[np.isnan(table)] = INF
    return _keep(par, key, np.ascontiguousarray(table, dtype=F32).reshape(-1))


def ladder_cells(par: GroupParams, sex: np.ndarray, s: np.ndarray, hip: np.ndarray,
                 age_y: np.ndarray, ages: int) -> np.ndarray:
    """Every slot's cell of :func:`ladder_table` (slots nobody holds get a valid cell).
    Computed in small integers (sex, state and hip fit one byte), which is about twice as
    fast as int64 arithmetic over the slots."""
    within = sex * np.int8(2 * N_STATES)
    within += s * np.int8(2)
    within += hip
    cell = par.group_offsets(2 * 2 * N_STATES) + within
    cell *= ages
    cell += age_y
    return cell


def _hazard_bound(h: np.ndarray) -> np.ndarray:
    """Above ``monthly(h)`` (the ladder's bound with one hazard), inf where not a number."""
    b = ladder_bound(h, F32(0), F32(0))
    b[np.isnan(b)] = INF
    return b


def _scaled(par: GroupParams, exact: str, hazard: str, multiplier: Any,
            add: bool = False) -> tuple[np.ndarray, Any]:
    """A probability per group and cell: the exact monthly table ``exact`` when no
    initiative changes it (``multiplier`` a scalar), else a bound above ``monthly(hazard x
    multiplier)`` (or ``+`` with ``add``) for every multiplier of this month."""
    if np.isscalar(multiplier):
        return par.values(exact), None
    fx = _largest(np.asarray(multiplier, F32))
    h = par.values(hazard)
    if fx is INF or (h < 0).any():
        return np.full(h.shape, INF, dtype=F32), fx
    return _hazard_bound(h + fx if add else h * max(fx, F32(0))), fx


def loneliness_table(par: GroupParams, onset: Any, recovery: Any) -> np.ndarray:
    """[group, lonely, alone]: the monthly probability of loneliness starting (not lonely)
    or ending (lonely), exact where no initiative changes it, else a bound above every
    resident's of that cell (``onset``, ``recovery``: the initiatives' multipliers)."""
    on, fx_on = _scaled(par, "p_lonely_on", "lonely_on", onset)               # [G, alone]
    off, fx_off = _scaled(par, "p_lonely_off", "lonely_off", recovery)        # [G]
    key = ("lonely", None if fx_on is None else float(fx_on),
           None if fx_off is None else float(fx_off))
    got = par.cache.get(key)
    if got is None:
        got = _keep(par, key, np.stack([on, np.broadcast_to(off[:, None], on.shape)],
                                       axis=1).astype(F32).reshape(-1))
    return got


def loneliness_cells(par: GroupParams, lonely: np.ndarray, alone: np.ndarray) -> np.ndarray:
    """Every slot's cell of :func:`loneliness_table`."""
    within = lonely.view(np.int8) * np.int8(2)
    within += alone.view(np.int8)
    return par.group_offsets(4) + within


def informal_table(par: GroupParams, dropout: Any, found: Any) -> np.ndarray:
    """[group, carer, state]: the monthly probability that an overburdened carer stops (has
    a carer) or that one is found (has none, needs care): exact where no initiative changes
    it, else a bound above every resident's of that cell; 0 where nothing can happen."""
    drop, fx_drop = _scaled(par, "p_carer_drop", "carer_drop", dropout)       # [G]
    new, fx_new = _scaled(par, "p_carer_new", "carer_new", found, add=True)   # [G]
    key = ("informal", None if fx_drop is None else float(fx_drop),
           None if fx_new is None else float(fx_new))
    got = par.cache.get(key)
    if got is None:
        zero = F32(0)
        got = _keep(par, key, np.stack(
            [np.where(par.values("need") > 0, new[:, None], zero),
             np.where(par.values("over"), drop[:, None], zero)], axis=1).astype(F32).reshape(-1))
    return got


def informal_cells(par: GroupParams, carer: np.ndarray, s: np.ndarray) -> np.ndarray:
    """Every slot's cell of :func:`informal_table` (and of the hours by group, carer and
    state)."""
    within = carer.view(np.int8) * np.int8(N_STATES)
    within += s
    return par.group_offsets(2 * N_STATES) + within
