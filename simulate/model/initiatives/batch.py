"""The initiatives' month in every group of a batch at once.

A batch (:mod:`simulate.model.arm`) holds the groups of both arms of its replications: a
counterfactual group has none of the scenario's initiatives, or those it keeps. The batch
puts the initiatives of all groups in one order (:func:`union_order`) with one member bit
each; a group without one of them holds in its place an initiative that is never started
(no members, volunteers or draws), so each initiative runs over all groups as if they all
had it, and the groups without it keep exactly their own numbers. What is one number per group and
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

from collections.abc import Sequence
from typing import Protocol

import numpy as np

from simulate.model.initiatives.base import (
    RUNNING,
    ActiveInitiative,
    _EffectSpecs,
    combined_effects,
    quality_of,
    step_members,
)
from simulate.model.initiatives.volunteers import volunteer_groups
from simulate.model.population.groups import GroupedResidents
from simulate.model.population.health import PersonEffects
from simulate.model.population.residents import N_STATES, WLZ_HOME
from simulate.scenario.schema import Scenario


class Draw(Protocol):
    """A stream's uniforms of month ``m`` for every slot of a batch (``arm._Batch.draw``)."""

    def __call__(self, name: str, m: int, groups: list[int] | None = None) -> np.ndarray: ...


class InitiativeGroup(Protocol):
    """What the initiatives' month reads and writes of one group (``model.group.GroupArm``)."""

    sc: Scenario
    inits: list[ActiveInitiative]
    series: dict[str, np.ndarray]

    def fund_initiatives(self, m: int) -> None: ...

    def log_collapse(self, m: int, name: str) -> None: ...

    def add_volunteer_hours(self, m: int, hours: float) -> None: ...


class InitiativeBatch:
    """The initiatives of every group of a batch, advanced month by month together.

    It keeps each initiative's members (their sorted slots, and their number per group) from
    one month to the next: only :func:`.base.step_members` changes a member bit, and the
    slots move only when the blocks grow (``res.layout``), after which they are read from
    the bits again. So the month never scans every slot's bits."""

    def __init__(self, res: GroupedResidents, groups: Sequence[InitiativeGroup]):
        names = union_order([[i.name for i in g.inits] for g in groups])
        if names is None:
            raise ValueError("the groups of a batch must have their initiatives in one order")
        self.res, self.groups = res, list(groups)
        self.names = tuple(names)
        #: per group, every initiative of the batch in one order: its own, and where it has
        #: none of that name, one that never runs (no members, volunteers or draws: each
        #: group's numbers stay those of its own initiatives alone)
        self.inits = [_in_order(g.inits, names, groups) for g in groups]
        self.cfgs = [g.sc.volunteers for g in groups]
        #: per initiative: its state in every group, and the numbers of its spec over groups
        self.by_init = [[inits[j] for inits in self.inits] for j in range(len(self.names))]
        self.specs = [_Specs(inis) for inis in self.by_init]
        #: per group, its coordinating initiatives (a dorpsondersteuner)
        self.coordinators = [[i for i in g.inits if i.spec.type == "dorpsondersteuner"]
                             for g in groups]
        #: the groups with initiatives of their own, and per initiative: the groups that
        #: have it (the per-group work in Python skips the others' initiatives that never run)
        self.own = [k for k, g in enumerate(groups) if g.inits]
        self.having = [[k for k, g in enumerate(groups) if any(i.name == name for i in g.inits)]
                       for name in self.names]
        self.series = [([groups[k].series[f"volunteers.{name}"] for k in ks],
                        [groups[k].series[f"hours.{name}"] for k in ks])
                       for name, ks in zip(self.names, self.having)]
        self._layout = -1
        self._members: list[np.ndarray] = []     # per initiative: its members' slots, sorted
        self._counts: list[np.ndarray] = []      # per initiative: its members per group
        self._volunteers: list[np.ndarray] = []  # per initiative: its volunteers' slots
        self._effects: dict[str, np.ndarray] = {}   # the effects' per-slot arrays, reused

    def members(self) -> list[np.ndarray]:
        """Each initiative's members' slots (sorted), read from the bits after the slots
        moved."""
        r = self.res
        if r.layout != self._layout:
            member, n_g = r.view("member"), len(self.groups)
            self._members = [np.flatnonzero((member & inis[0].mask) != 0)
                             for inis in self.by_init]
            self._counts = [np.bincount(r.group[mine], minlength=n_g) for mine in self._members]
            vol = r.view("volunteer")
            self._volunteers = [np.flatnonzero(vol == inis[0].bit + 1) for inis in self.by_init]
            self._layout = r.layout
        return self._members

    def month(self, m: int, draw: Draw) -> PersonEffects:
        """Funding sets each initiative's scale; volunteers its quality; members come and
        go. Returns the initiatives' effects on every slot's resident this month.
        ``draw(stream, m[, groups])``: that stream's uniforms of every slot (each group's
        own; only the slots of ``groups`` when given)."""
        if not self.names:
            return PersonEffects()
        r, groups, group = self.res, self.groups, self.res.group
        for k in self.own:
            groups[k].fund_initiatives(m)
        members = self.members()
        coordinated = [any(i.status == RUNNING for i in mine) for mine in self.coordinators]
        blocks = (len(groups), r.block)
        # a stream is drawn for the groups that read it (a draw is a pure function of its
        # coordinates: skipping an unread one changes no number): volunteers leaving, for
        # groups with volunteers; joining, for groups short of them (:func:`volunteer_groups`)
        with_volunteers = np.bincount(group[np.concatenate(self._volunteers)],
                                      minlength=len(groups)) > 0
        hours, heads = volunteer_groups(r, group, self.inits, self.cfgs,
                                        draw("volunteers.leave", m, _which(with_volunteers)),
                                        lambda short: draw("volunteers.join", m, short),
                                        coordinated, self._counts, blocks, self._volunteers)
        for k, h in zip(self.own, hours[self.own].tolist()):
            groups[k].add_volunteer_hours(m, sum(h))
        for j, name in enumerate(self.names):
            inis, ks = self.by_init[j], self.having[j]
            for k in ks:
                if inis[k].check_collapse():
                    groups[k].log_collapse(m, name)
            was = members[j]
            # read by members (leaving) and, where the initiative runs, by everyone (found)
            reads = (self._counts[j] > 0) | np.array([i.status == RUNNING for i in inis])
            _, _, now, count = step_members(r, group, inis,
                                            draw(f"initiative.{name}", m, _which(reads)),
                                            was, blocks)
            members[j], self._counts[j] = now, count
            mine_h = hours[ks, j].tolist()
            for k, n, x in zip(ks, count[ks].tolist(), mine_h):
                inis[k].last_members, inis[k].last_hours = n, x
            vol_series, hour_series = self.series[j]
            for s, x in zip(vol_series, heads[ks, j].tolist()):
                s[m] = x
            for s, x in zip(hour_series, mine_h):
                s[m] = x
            beds = self.specs[j].beds
            if beds.any():  # who left housing with care waits for a bed again
                left = np.setdiff1d(was, now, assume_unique=True)
                left = left[(r.view("state")[left] == WLZ_HOME) & beds[group[left]]]
                r.view("waiting")[left] = True
                r.view("wait_since")[left] = m
        return combined_effects(self.inits, members, group, r.n, self.specs, self._effects)

    def housing_instead_of_beds(self) -> None:
        """Members of running small-scale housing with a Wlz indication do not wait for a
        bed."""
        r = self.res
        for j, inis in enumerate(self.by_init):
            if not self.specs[j].beds.any():
                continue
            on = np.array([ini.status == RUNNING and ini.spec.effects.replaces_bed
                           for ini in inis])
            if on.any():
                mine = self.members()[j]
                r.view("waiting")[mine[on[r.group[mine]]]] = False

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
        for j, inis in enumerate(self.by_init):
            spec = self.specs[j]
            if not spec.takes_over:
                continue
            running = np.array([i.status == RUNNING for i in inis])
            q = np.where(running, np.where(spec.beds, 1.0, quality_of(inis, running)), 0.0)
            fac = spec.use_factor(services)   # [group, service]: 1 - multiplier, or NaN
            has = ~np.isnan(fac) & (q > 0)[:, None]
            if not has.any():
                continue
            f_all = np.where(has, fac * q[:, None], 0.0)
            mine = self.members()[j]
            mine = mine[state[mine] < N_STATES]
            by_state = np.bincount(group[mine] * N_STATES + state[mine],
                                   minlength=n_g * N_STATES).reshape(n_g, N_STATES)
            by_state = by_state.astype(float)[:, :, None]
            out = np.zeros_like(units)
            for k in np.flatnonzero(has.any(axis=0)).tolist():
                out[:, k] = f_all[:, k] * (use[:, k, None, :] @ by_state)[:, 0, 0]
            units -= out


def union_order(names: Sequence[Sequence[str]]) -> list[str] | None:
    """One order of the initiatives of all groups in which each group's own keep theirs (a
    member's effects multiply, and volunteers are recruited, in its initiatives' order), or
    None when two groups order the same initiatives differently."""
    out: list[str] = []
    for mine in names:
        at = 0
        for name in mine:
            if name in out:
                if out.index(name) < at:
                    return None
                at = out.index(name) + 1
            else:
                out.insert(at, name)
                at += 1
    if any([n for n in out if n in mine] != list(mine) for mine in names):
        return None
    return out


def _in_order(inits: list[ActiveInitiative], names: list[str],
              groups: Sequence[InitiativeGroup]) -> list[ActiveInitiative]:
    """A group's initiatives in the batch's order ``names``, each with the member bit of
    its place there (a bit only tells initiatives apart: the numbers do not depend on it),
    and for a name it lacks, an initiative of another group's spec that never starts."""
    own = {i.name: i for i in inits}
    out = []
    for j, name in enumerate(names):
        ini = own.get(name)
        if ini is None:
            spec = next(i.spec for g in groups for i in g.inits if i.name == name)
            ini = ActiveInitiative(name, spec, j)   # planned, never started: no process
        ini.bit, ini.mask = j, np.uint32(1 << j)
        out.append(ini)
    return out


def _which(groups: np.ndarray) -> list[int] | None:
    """The groups where ``groups`` is True, or None (every group) when it is True for all."""
    return None if groups.all() else np.flatnonzero(groups).tolist()


class _Specs(_EffectSpecs):
    """The numbers of one initiative's specs over the groups of a batch (they never change
    while it runs): its effects on persons (:func:`.base.combined_effects`), beds and the
    services it takes over."""

    def __init__(self, inis: list[ActiveInitiative]):
        super().__init__(inis)
        fx = [i.spec.effects for i in inis]
        self.beds = np.array([e.replaces_bed for e in fx])
        self.multipliers = [e.service_use_multiplier for e in fx]
        self.takes_over = any(bool(mu) for mu in self.multipliers)
        self._factors: dict[tuple[str, ...], np.ndarray] = {}

    def use_factor(self, services: tuple[str, ...]) -> np.ndarray:
        """[group, service]: ``1 - multiplier`` of the services an initiative takes over,
        NaN for the others."""
        f = self._factors.get(services)
        if f is None:
            f = self._factors[services] = np.array(
                [[(1 - mu[name]) if name in mu else np.nan for name in services]
                 for mu in self.multipliers], dtype=float).reshape(len(self.multipliers),
                                                                   len(services))
        return f
