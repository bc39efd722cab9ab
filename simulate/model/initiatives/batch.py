"""The initiatives' month in every group of a batch at once.

A batch (:mod:`simulate.model.arm`) holds the groups of one arm (its replications), so every
group has the same initiatives, with the same member bits. What is one number per group and
initiative (status, ramp, scale, quality, volunteer ratio, uptake) stays on each group's
:class:`~simulate.model.initiatives.base.ActiveInitiative`, where the life cycle (a SimPy
process) and the financing set it; the work on residents (volunteers leaving and recruited,
members leaving and joining, the effects on members) runs over the slots of all groups in
one pass per initiative, with per-group numbers gathered by ``group[slot]``. Each group gets
exactly what a run of it alone gives: its own uniforms in its own slots, and choices within
a group made by one sort over (group, rank) (:func:`.base.step_groups`,
:func:`.volunteers.volunteer_groups`).
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

import numpy as np

from simulate.model.initiatives.base import ActiveInitiative, combined_effects, step_groups
from simulate.model.initiatives.volunteers import volunteer_groups
from simulate.model.population.groups import GroupedResidents, per_slot
from simulate.model.population.health import PersonEffects
from simulate.model.population.residents import N_STATES, WLZ_HOME
from simulate.scenario.schema import Scenario


class InitiativeGroup(Protocol):
    """What the initiatives' month reads and writes of one group (``model.group.GroupArm``)."""

    sc: Scenario
    inits: list[ActiveInitiative]
    series: dict[str, np.ndarray]

    def fund_initiatives(self, m: int) -> None: ...

    def log_collapse(self, m: int, name: str) -> None: ...

    def add_volunteer_hours(self, m: int, hours: float) -> None: ...


class InitiativeBatch:
    """The initiatives of every group of a batch, advanced month by month together."""

    def __init__(self, res: GroupedResidents, groups: Sequence[InitiativeGroup]):
        names = {tuple(i.name for i in g.inits) for g in groups}
        if len(names) > 1:
            raise ValueError("the groups of a batch must have the same initiatives")
        self.res, self.groups = res, list(groups)
        self.inits = [g.inits for g in groups]
        self.names = names.pop() if names else ()
        self.cfgs = [g.sc.volunteers for g in groups]

    def month(self, m: int, draw: Callable[[str, int], np.ndarray]) -> PersonEffects:
        """Funding sets each initiative's scale; volunteers its quality; members come and
        go. Returns the initiatives' effects on every slot's resident this month.
        ``draw(stream, m)``: that stream's uniforms of every slot (each group's own)."""
        if not self.names:
            return PersonEffects()
        r, groups, group = self.res, self.groups, self.res.group
        for g in groups:
            g.fund_initiatives(m)
        coordinated = [any(i.running and i.spec.type == "dorpsondersteuner" for i in inits)
                       for inits in self.inits]
        hours, heads = volunteer_groups(r, group, self.inits, self.cfgs,
                                        draw("volunteers.leave", m), draw("volunteers.join", m),
                                        coordinated)
        for g, h in zip(groups, hours):
            g.add_volunteer_hours(m, sum(h.tolist()))
        member = r.view("member")
        members = []
        for j, name in enumerate(self.names):
            inis = [inits[j] for inits in self.inits]
            for g, ini in zip(groups, inis):
                if ini.check_collapse():
                    g.log_collapse(m, name)
            mask = inis[0].mask
            beds = np.array([ini.spec.effects.replaces_bed for ini in inis])
            was = (member & mask) != 0 if beds.any() else None
            step_groups(r, group, inis, draw(f"initiative.{name}", m))
            now = (member & mask) != 0
            members.append(np.flatnonzero(now))
            count = np.bincount(group[members[-1]], minlength=len(groups))
            for k, (g, ini) in enumerate(zip(groups, inis)):
                ini.last_members, ini.last_hours = int(count[k]), float(hours[k, j])
                g.series[f"volunteers.{name}"][m] = heads[k, j]
                g.series[f"hours.{name}"][m] = hours[k, j]
            if was is not None:  # who left housing with care waits for a bed again
                left = was & ~now & (r.view("state") == WLZ_HOME) & per_slot(beds, group)
                r.view("waiting")[left] = True
                r.view("wait_since")[left] = m
        return combined_effects(self.inits, members, group, r.n)

    def housing_instead_of_beds(self) -> None:
        """Members of running small-scale housing with a Wlz indication do not wait for a
        bed."""
        r = self.res
        for j in range(len(self.names)):
            on = np.array([inits[j].running and inits[j].spec.effects.replaces_bed
                           for inits in self.inits])
            if on.any():
                r.view("waiting")[((r.view("member") & self.inits[0][j].mask) != 0)
                                  & per_slot(on, r.group)] = False

    def take_over(self, units: np.ndarray, use: np.ndarray, services: tuple[str, ...]) -> None:
        """Subtract from ``units`` [group, service] what running initiatives' members did not
        use this month (``use`` [group, service, state]: units per resident-month).

        Members of housing with care live there: the house delivers their care in full from
        the day they move in (VPT), whatever its start-up ramp; other members' use falls by
        the initiative's multiplier x its quality. Each group's reduction is its own number
        (one dot product per group and service, as numpy computes it for one group); an
        initiative that does not run takes 0 off."""
        r = self.res
        state, group = r.view("state"), r.group
        n_g = len(self.inits)
        for j in range(len(self.names)):
            inis = [inits[j] for inits in self.inits]
            q = [(1.0 if i.spec.effects.replaces_bed else i.quality) if i.running else 0.0
                 for i in inis]
            mult = [i.spec.effects.service_use_multiplier for i in inis]
            if all(qg <= 0 or not mu for qg, mu in zip(q, mult)):
                continue
            mine = np.flatnonzero(((r.view("member") & inis[0].mask) != 0)
                                  & (state < N_STATES))
            by_state = np.bincount(group[mine] * N_STATES + state[mine],
                                   minlength=n_g * N_STATES).reshape(n_g, N_STATES)
            by_state = by_state.astype(float)[:, :, None]
            out = np.zeros_like(units)
            for k, name in enumerate(services):
                f = np.array([(1 - mu[name]) * qg if qg > 0 and name in mu else 0.0
                              for qg, mu in zip(q, mult)])
                if f.any():
                    out[:, k] = f * (use[:, k, None, :] @ by_state)[:, 0, 0]
            units -= out
