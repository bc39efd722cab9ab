"""Community initiatives: who joins, what it costs, who pays, what it does, and its life cycle.

An initiative's life cycle is a SimPy process (start, run, stop at its end date); its monthly
work on the residents is vectorised: members are a bit in ``Residents.member``. The first
type is the dorpsondersteuner (village support worker, paid from the Wmo), who finds frail and
lonely residents early, lowers their hazards, helps against loneliness and arranges informal
help ([002] section "dorpsondersteuner"; effect sizes are assumptions, see the scenario).
"""
from __future__ import annotations

from typing import Generator

import numpy as np
import simpy

from ..population.health import PersonEffects
from ..population.rates import hazard, monthly
from ..population.residents import N_STATES, Residents
from ..scenario.schema import PAYERS, STATES, Initiative, Scenario


class ActiveInitiative:
    """One initiative in one arm: its parameters, its bit, whether and how strongly it runs."""

    def __init__(self, name: str, spec: Initiative, bit: int):
        self.name, self.spec, self.bit = name, spec, bit
        self.mask = np.uint32(1 << bit)
        self.running = False
        #: 0..1: share of its planned staff at work (issue: funding and volunteers scale it)
        self.strength = 0.0
        self.eligible_states = np.isin(np.arange(N_STATES), [STATES.index(s)
                                                              for s in spec.eligible_states])
        self.funding = np.array([spec.funding.get(p, 0.0) for p in PAYERS])

    def process(self, env: simpy.Environment) -> Generator:
        """SimPy life cycle: starts at ``start_year``, stops at ``end_year`` if any."""
        start = round(self.spec.start_year * 12)
        if start > env.now:
            yield env.timeout(start - env.now)
        self.running, self.strength = True, 1.0
        if self.spec.end_year is not None:
            yield env.timeout(max(0, round(self.spec.end_year * 12) - env.now))
            self.running, self.strength = False, 0.0

    def members(self, res: Residents) -> np.ndarray:
        return (res.view("member") & self.mask) != 0

    def capacity(self) -> int:
        return int(self.spec.caseload_per_fte * self.spec.fte * self.strength)

    def step(self, res: Residents, u: np.ndarray) -> tuple[int, int]:
        """Members leave, eligible residents are found and join up to capacity.

        ``u`` is one uniform per resident from this initiative's own stream; its low part
        decides leaving, and the same number ranks the residents found. Returns (joined, left).
        """
        member = res.view("member")
        is_member = self.members(res)
        state = res.view("state")
        sp = self.spec
        outside = state >= N_STATES
        outside |= ~self.eligible_states[np.minimum(state, N_STATES - 1)] & (state >= 4)
        # `not self.running`, never `~self.running`: ~ on a Python bool is -1 or -2, an int that
        # turns `leave` into an index array (removing slots 0 and 1 instead of the leavers)
        stop = outside | (u < monthly(hazard(sp.leave_annual))) | (not self.running)
        leave = is_member & stop
        member[leave] &= ~self.mask
        if not self.running:
            return 0, int(leave.sum())
        free = self.capacity() - int((is_member & ~leave).sum())
        if free <= 0:
            return 0, int(leave.sum())
        prio = np.where(res.view("lonely") | ~res.view("carer") | res.view("alone"),
                        sp.priority_multiplier, 1.0)
        eligible = (~is_member & (state < N_STATES)
                    & self.eligible_states[np.minimum(state, N_STATES - 1)]
                    & (res.view("age_m") >= sp.min_age * 12))
        found = eligible & (u < monthly(hazard(sp.detection_annual) * prio))
        idx = np.flatnonzero(found)
        if len(idx) > free:
            idx = idx[np.argsort(u[idx], kind="stable")[:free]]
        member[idx] |= self.mask
        return len(idx), int(leave.sum())

    def monthly_cost(self) -> float:
        """Staff and fixed costs this month, scaled by how strongly it runs."""
        sp = self.spec
        return (sp.fte * sp.cost_per_fte_eur + sp.fixed_cost_eur) / 12 * self.strength


def combined_effects(inits: list[ActiveInitiative], res: Residents) -> PersonEffects:
    """Per-person multipliers of all running initiatives for their members."""
    fx = PersonEffects()
    for ini in inits:
        if not ini.running:
            continue
        m = ini.members(res)
        e = ini.spec.effects
        s = ini.strength
        if e.progression_multiplier != 1:
            fx.progression = fx.progression * np.where(m, 1 + (e.progression_multiplier - 1) * s, 1)
        if e.loneliness_recovery_multiplier != 1:
            fx.lonely_recovery = fx.lonely_recovery * np.where(
                m, 1 + (e.loneliness_recovery_multiplier - 1) * s, 1)
        if e.fall_multiplier != 1:
            fx.fall = fx.fall * np.where(m, 1 + (e.fall_multiplier - 1) * s, 1)
        if e.carer_found_annual:
            fx.carer_found = fx.carer_found + np.where(m, hazard(e.carer_found_annual) * s, 0)
    return fx


def make_initiatives(sc: Scenario) -> list[ActiveInitiative]:
    """The initiatives of a scenario, each with its own member bit (at most 32)."""
    if len(sc.initiatives) > 32:
        raise ValueError("at most 32 initiatives per scenario")
    return [ActiveInitiative(name, spec, k) for k, (name, spec) in enumerate(sc.initiatives.items())]
