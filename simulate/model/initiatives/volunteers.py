"""Volunteers: recruited from vital residents aged about 55-80, leaving and burning out.

Each initiative needs ``volunteers_fixed + volunteers_per_participant x places`` volunteers
for the places it offers at its funded scale (at least one when it works per participant),
plus any ``extra_volunteers`` a regime asks of it (a cooperative contracted for a service), and
asks ``volunteer_hours_per_participant x members`` hours a month of them. The need
follows the places on offer, not the current members: an initiative with no volunteers and
no members must not count as fully staffed (it would refill, lose its members and refill
again without ever collapsing); it offers no places and collapses. When it is
short, eligible residents are asked and join at ``recruit_annual``; volunteers leave at
``leave_annual``, more often when their load is above ``burnout_hours`` (x
``burnout_multiplier``) and less often while a dorpsondersteuner coordinates (DOMAIN 4.4,
M2). An initiative with too few volunteers works less well (its quality falls) and may
collapse. Hours are reported separately and valued at a shadow price; never mixed into euros.
Resident slot ``i`` volunteers for initiative ``k`` when ``Residents.volunteer[i] == k + 1``.
"""
from __future__ import annotations

import numpy as np

from simulate.model.initiatives.base import ActiveInitiative
from simulate.model.population.rates import hazard, monthly
from simulate.model.population.residents import PREFRAIL, Population
from simulate.scenario.schema import Volunteers

F32 = np.float32


def needed(ini: ActiveInitiative) -> float:
    """Volunteers needed for the places on offer at the funded scale (0 when not running).

    At least one when the initiative works per participant: with nobody to do the work
    there is nothing on offer, whatever the number of members.
    """
    if not ini.running:
        return 0.0
    sp = ini.spec
    need = (sp.volunteers_fixed + sp.volunteers_per_participant * ini.planned_places) * ini.scale
    need = max(need, 1.0) if sp.volunteers_per_participant > 0 and ini.scale > 0 else need
    return need + ini.extra_volunteers


def volunteer_step(res: Population, inits: list[ActiveInitiative], cfg: Volunteers,
                   u_leave: np.ndarray, u_join: np.ndarray, coordinated: bool
                   ) -> dict[str, float]:
    """Volunteers leave and are recruited; set each initiative's ``volunteer_ratio``.

    Returns the month's volunteer hours and head count per initiative (``hours.NAME``,
    ``volunteers.NAME``).
    """
    vol = res.view("volunteer")
    state = res.view("state")
    age_m = res.view("age_m")
    out: dict[str, float] = {}
    leave_h = hazard(cfg.leave_annual) * (cfg.coordinator_leave_multiplier if coordinated else 1)
    # only residents whose uniform is below the recruitment probability can join: the pool
    # is tested on those few (the same numbers in the same order as on everyone)
    asked = np.flatnonzero(u_join < F32(monthly(hazard(cfg.recruit_annual))))
    for ini in inits:
        k = ini.bit + 1
        sp = ini.spec
        mine = np.flatnonzero(vol == k)
        n_members = int(ini.members(res).sum())
        need = needed(ini)
        hours = sp.volunteer_hours_per_participant * n_members + 8.0 * sp.volunteers_fixed
        have = len(mine)
        load = hours / have if have else 0.0
        h = leave_h * (cfg.burnout_multiplier if load > cfg.burnout_hours else 1.0)
        able = state[mine] <= PREFRAIL  # volunteers are vital or at most prefrail; others stop
        leave = ~able | ~np.bool_(ini.running) | (u_leave[mine] < F32(monthly(h)))
        vol[mine[leave]] = 0
        have -= int(leave.sum())
        short = int(np.ceil(need)) - have
        if short > 0:
            age_y = age_m[asked] // 12
            idx = asked[(vol[asked] == 0) & (state[asked] == 0) & (age_y >= cfg.min_age)
                        & (age_y < cfg.max_age)]
            idx = idx[np.argsort(u_join[idx], kind="stable")[:short]]
            vol[idx] = k
            have += len(idx)
        if need > 0:
            ini.volunteer_ratio = min(1.0, have / need)
        else:
            ini.volunteer_ratio = 1.0
        out[f"volunteers.{ini.name}"] = float(have)
        out[f"hours.{ini.name}"] = hours * ini.volunteer_ratio if ini.running and have else 0.0
    return out
