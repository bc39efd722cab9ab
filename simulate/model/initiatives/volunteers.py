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

from collections.abc import Callable

import numpy as np

from simulate.model.initiatives.base import RUNNING, ActiveInitiative
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
                     cfgs: list[Volunteers], u_leave: np.ndarray,
                     u_join: np.ndarray | Callable[[list[int]], np.ndarray],
                     coordinated: list[bool], n_members: list[np.ndarray] | None = None,
                     blocks: tuple[int, int] | None = None,
                     kept: list[np.ndarray] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Volunteers leave and are recruited in every group at once (``inits[g]``, ``cfgs[g]``,
    ``coordinated[g]``: group ``g``'s initiatives, the same names in the same order, its
    volunteering and whether a dorpsondersteuner runs; ``group``: every slot's group); set
    each initiative's ``volunteer_ratio``. ``n_members[j]``: initiative ``j``'s members per
    group, when the caller keeps them (else counted from the member bits).

    ``u_join``: the recruitment stream's uniforms of every slot, or a function that draws
    them for the groups given (a buffer of every slot in which those groups' slots hold
    their numbers; then ``blocks`` = (groups, block): group ``g`` holds the slots
    ``[g * block, (g + 1) * block)``). Only a group that is short of volunteers reads the
    stream, so the function draws it for those groups only (about one in five a month in
    the village): a draw is a pure function of its coordinates, so the numbers read are
    the same.

    ``kept[j]``: initiative ``j``'s volunteers' slots (sorted: exactly the slots where
    ``volunteer == bit + 1``), when the caller keeps them; replaced here by the slots after
    the month (else the volunteers are read from every slot).

    Returns the month's volunteer hours and head counts, [group, initiative]. Initiatives
    recruit in their order (an earlier one asks first); groups never share a volunteer, so
    each gets exactly what this step gives it alone. The per-group numbers are float64
    arrays over groups: the same IEEE operations, in the same order, as the scalar
    formulas of one group (:func:`needed`, the load, the ratio, the hours).
    """
    n_g, n_i = len(inits), len(inits[0])
    vol, state = res.view("volunteer"), res.view("state")
    hours_out, heads = np.zeros((n_g, n_i)), np.zeros((n_g, n_i))
    nums = _numbers(cfgs)
    p_calm, p_burnt = nums.leave(cfgs, coordinated)
    asked = _Asked(res, group, nums, u_join, blocks)
    # every volunteer's slot, once: an initiative's step changes only its own volunteers
    # (to 0) and residents who volunteered for none (to its number), so the slots of a later
    # initiative are still exactly those of ``vol == k``
    volunteers = np.flatnonzero(vol) if kept is None else np.zeros(0, dtype=np.intp)
    for j in range(n_i):
        inis = [a[j] for a in inits]
        c = _constants(inis)
        k = inis[0].bit + 1
        mine = volunteers[vol[volunteers] == k] if kept is None else kept[j]
        mg = group[mine]
        members = (np.bincount(group[(res.view("member") & inis[0].mask) != 0], minlength=n_g)
                   if n_members is None else n_members[j])
        have = np.bincount(mg, minlength=n_g)
        running = np.array([i.status == RUNNING for i in inis])
        scale = np.array([i.scale for i in inis], dtype=float)
        need = c.base * scale
        need = np.where(c.per_participant & (scale > 0), np.maximum(need, 1.0), need)
        need = np.where(running, need + np.array([i.extra_volunteers for i in inis],
                                                 dtype=float), 0.0)
        hours = c.hours_per_member * members + c.fixed_hours
        load = np.divide(hours, have, out=np.zeros(n_g), where=have > 0)
        p_leave = np.where(load > nums.burnout_hours, p_burnt, p_calm)
        # volunteers are vital or at most prefrail; others stop
        leave = (state[mine] > PREFRAIL) | ~running[mg] | (u_leave[mine] < p_leave[mg])
        vol[mine[leave]] = 0
        have = have - np.bincount(mg[leave], minlength=n_g)
        short = np.ceil(need).astype(np.int64) - have
        if (short > 0).any():
            slots, ag, age_ok, u = asked.of(short > 0)
            pool = (vol[slots] == 0) & (state[slots] == 0) & age_ok & (short[ag] > 0)
            pool = slots[pool]
            idx = smallest_per_group(pool, group[pool], u[pool], short, n_g)
            vol[idx] = k
            have = have + np.bincount(group[idx], minlength=n_g)
        else:
            idx = np.zeros(0, dtype=np.intp)
        if kept is not None:
            kept[j] = np.sort(np.concatenate([mine[~leave], idx]))
        ratio = np.ones(n_g)
        np.minimum(1.0, np.divide(have, need, out=ratio, where=need > 0), out=ratio)
        for ini, x in zip(inis, ratio.tolist()):
            ini.volunteer_ratio = x
        heads[:, j] = have
        hours_out[:, j] = np.where(running & (have > 0), hours * ratio, 0.0)
    return hours_out, heads


class _Asked:
    """The residents asked to volunteer this month: those whose recruitment uniform is below
    their group's probability (only they can join: the pool is tested on those few, the
    same numbers in the same order as on everyone), with whether their age fits, found for
    the groups that need them."""

    def __init__(self, res: Population, group: np.ndarray, nums: _Numbers,
                 u_join: np.ndarray | Callable[[list[int]], np.ndarray],
                 blocks: tuple[int, int] | None):
        self.res, self.group, self.nums, self.blocks = res, group, nums, blocks
        self.draw = u_join if callable(u_join) else None
        self.u: np.ndarray | None = None if callable(u_join) else u_join
        self.done = np.zeros(len(nums.p_join), dtype=bool)
        self.slots = np.zeros(0, dtype=np.intp)
        if self.draw is None:
            self.slots = np.flatnonzero(u_join < per_slot(nums.p_join, group))
            self.done[:] = True
        self._ages()

    def _ages(self) -> None:
        ag = self.ag = self.group[self.slots]
        age_y = self.res.view("age_m")[self.slots] // 12
        self.age_ok = (age_y >= self.nums.min_age[ag]) & (age_y < self.nums.max_age[ag])

    def of(self, groups: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(slots asked, their groups, age fits, every slot's uniforms), covering at least
        the groups where ``groups`` is True."""
        new = np.flatnonzero(groups & ~self.done)
        if len(new) and self.draw is not None and self.blocks is not None:
            self.u = u = self.draw(new.tolist())
            block = self.blocks[1]
            rows = u.reshape(self.blocks)[new] < self.nums.p_join[new, None]
            r, col = np.nonzero(rows)
            self.slots = np.sort(np.concatenate([self.slots, new[r] * block + col]))
            self.done[new] = True
            self._ages()
        assert self.u is not None
        return self.slots, self.ag, self.age_ok, self.u


class _Constants:
    """The numbers of a list of initiatives (one per group) that never change."""

    def __init__(self, inis: list[ActiveInitiative]):
        self.inis = tuple(inis)
        sp = [i.spec for i in inis]
        #: :func:`needed` before the scale: volunteers fixed plus per planned place
        self.base = np.array([s.volunteers_fixed + s.volunteers_per_participant
                              * i.planned_places for s, i in zip(sp, inis)], dtype=float)
        self.per_participant = np.array([s.volunteers_per_participant > 0 for s in sp])
        self.hours_per_member = np.array([s.volunteer_hours_per_participant for s in sp],
                                         dtype=float)
        self.fixed_hours = np.array([8.0 * s.volunteers_fixed for s in sp], dtype=float)


def _constants(inis: list[ActiveInitiative]) -> _Constants:
    """The constants of ``inis``, kept on the first initiative while the same objects come."""
    c = inis[0].volunteer_constants
    if c is None or len(c.inis) != len(inis) or any(a is not b for a, b in zip(c.inis, inis)):
        c = inis[0].volunteer_constants = _Constants(inis)
    return c


class _Numbers:
    """The volunteering numbers of a batch's groups (``cfgs``), as arrays over groups."""

    def __init__(self, cfgs: list[Volunteers]):
        self.cfgs = list(cfgs)
        self.p_join = np.array([F32(monthly(hazard(c.recruit_annual))) for c in cfgs], dtype=F32)
        self.min_age = np.array([c.min_age for c in cfgs])
        self.max_age = np.array([c.max_age for c in cfgs])
        self.burnout_hours = np.array([c.burnout_hours for c in cfgs], dtype=float)
        self._leave: dict[tuple[bool, ...], tuple[np.ndarray, np.ndarray]] = {}

    def leave(self, cfgs: list[Volunteers], coordinated: list[bool]
              ) -> tuple[np.ndarray, np.ndarray]:
        """Each group's monthly probability that a volunteer leaves, without and with
        burnout: ``F32(monthly(h))`` of the one-group formula's very hazard ``h``."""
        key = tuple(coordinated)
        got = self._leave.get(key)
        if got is None:
            calm, burnt = [], []
            for c, co in zip(cfgs, coordinated):
                h = hazard(c.leave_annual) * (c.coordinator_leave_multiplier if co else 1)
                calm.append(F32(monthly(h * 1.0)))
                burnt.append(F32(monthly(h * c.burnout_multiplier)))
            got = self._leave[key] = (np.array(calm, dtype=F32), np.array(burnt, dtype=F32))
        return got


_NUMBERS: dict[tuple[int, ...], _Numbers] = {}


def _numbers(cfgs: list[Volunteers]) -> _Numbers:
    """The numbers of ``cfgs``, kept while the same objects come (a batch passes the same
    list every month)."""
    key = tuple(id(c) for c in cfgs)
    got = _NUMBERS.get(key)
    if got is None or any(a is not b for a, b in zip(got.cfgs, cfgs)):
        if len(_NUMBERS) > 64:
            _NUMBERS.clear()
        got = _NUMBERS[key] = _Numbers(cfgs)
    return got
