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
from simulate.model.population.groups import per_slot, smallest_per_group
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


def volunteer_groups(res: Population, group: np.ndarray, inits: list[list[ActiveInitiative]],
                     cfgs: list[Volunteers], u_leave: np.ndarray, u_join: np.ndarray,
                     coordinated: list[bool]) -> tuple[np.ndarray, np.ndarray]:
    """Volunteers leave and are recruited in every group at once (``inits[g]``, ``cfgs[g]``,
    ``coordinated[g]``: group ``g``'s initiatives, the same names in the same order, its
    volunteering and whether a dorpsondersteuner runs; ``group``: every slot's group); set
    each initiative's ``volunteer_ratio``.

    Returns the month's volunteer hours and head counts, [group, initiative]. Initiatives
    recruit in their order (an earlier one asks first); groups never share a volunteer, so
    each gets exactly what this step gives it alone.
    """
    n_g, n_i = len(inits), len(inits[0])
    vol, state = res.view("volunteer"), res.view("state")
    member = res.view("member")
    hours_out, heads = np.zeros((n_g, n_i)), np.zeros((n_g, n_i))
    leave_h = [hazard(c.leave_annual) * (c.coordinator_leave_multiplier if co else 1)
               for c, co in zip(cfgs, coordinated)]
    # only residents whose uniform is below the recruitment probability can join: the pool
    # is tested on those few (the same numbers in the same order as on everyone)
    p_join = np.array([F32(monthly(hazard(c.recruit_annual))) for c in cfgs], dtype=F32)
    asked = np.flatnonzero(u_join < per_slot(p_join, group))
    age_y = res.view("age_m")[asked] // 12
    ag = group[asked]
    age_ok = ((age_y >= np.array([c.min_age for c in cfgs])[ag])
              & (age_y < np.array([c.max_age for c in cfgs])[ag]))
    for j in range(n_i):
        inis = [a[j] for a in inits]
        k = inis[0].bit + 1
        mine = np.flatnonzero(vol == k)
        mg = group[mine]
        n_members = np.bincount(group[(member & inis[0].mask) != 0], minlength=n_g)
        have = np.bincount(mg, minlength=n_g)
        need = [needed(i) for i in inis]
        hours, p_leave = [], np.empty(n_g, dtype=F32)
        for g, (ini, cfg) in enumerate(zip(inis, cfgs)):
            sp = ini.spec
            hours.append(sp.volunteer_hours_per_participant * int(n_members[g])
                         + 8.0 * sp.volunteers_fixed)
            load = hours[g] / int(have[g]) if have[g] else 0.0
            h = leave_h[g] * (cfg.burnout_multiplier if load > cfg.burnout_hours else 1.0)
            p_leave[g] = F32(monthly(h))
        running = np.array([i.running for i in inis])
        # volunteers are vital or at most prefrail; others stop
        leave = (state[mine] > PREFRAIL) | ~running[mg] | (u_leave[mine] < p_leave[mg])
        vol[mine[leave]] = 0
        have = have - np.bincount(mg[leave], minlength=n_g)
        short = np.array([int(np.ceil(x)) for x in need]) - have
        if (short > 0).any():
            pool = asked[(vol[asked] == 0) & (state[asked] == 0) & age_ok & (short[ag] > 0)]
            idx = smallest_per_group(pool, group[pool], u_join[pool], short, n_g)
            vol[idx] = k
            have = have + np.bincount(group[idx], minlength=n_g)
        for g, ini in enumerate(inis):
            n_have = int(have[g])
            ini.volunteer_ratio = min(1.0, n_have / need[g]) if need[g] > 0 else 1.0
            heads[g, j] = float(n_have)
            hours_out[g, j] = hours[g] * ini.volunteer_ratio if ini.running and n_have else 0.0
    return hours_out, heads
