"""Community initiatives: who joins, what it costs, what it does, and its life cycle.

An initiative's life cycle is a SimPy process: it is planned, starts at ``start_year`` and
ramps up over ``startup_months``, runs, shrinks when payers stop funding it or volunteers
run short, collapses when its strength stays below ``collapse_below`` for
``collapse_months``, and may start again after ``restart_after_years``. Its monthly work on
the residents is vectorised: members are a bit in ``Residents.member``.

Two numbers describe how it runs in a month:

* ``scale``: the funded share of its planned size (payers' lines; 1 = as planned). Paid
  staff, fixed costs and the number of places follow the scale.
* ``quality``: start-up ramp x share of the volunteers it needs that it has. The effect on
  each member follows the quality; places follow scale x quality.

Types and their default parameters are in ``simulate/data/initiative_types.toml``.
"""
from __future__ import annotations

from collections.abc import Generator

import numpy as np
import simpy

from simulate.model.population.health import PersonEffects
from simulate.model.population.rates import hazard, monthly
from simulate.model.population.residents import N_STATES, WLZ_HOME, Population
from simulate.scenario.schema import STATES, Initiative, Scenario

PLANNED, RUNNING, COLLAPSED, ENDED = "planned", "running", "collapsed", "ended"


class ActiveInitiative:
    """One initiative in one arm: its parameters, its member bit and how it runs."""

    def __init__(self, name: str, spec: Initiative, bit: int):
        self.name, self.spec, self.bit = name, spec, bit
        self.mask = np.uint32(1 << bit)
        self.status = PLANNED
        self.ramp = 0.0
        self.scale = 1.0            # set each month by the financing (funded share)
        self.volunteer_ratio = 1.0  # set each month by the volunteers module
        self.weak_months = 0
        self.collapses = 0
        self.last_members = 0       # members and volunteer hours of the latest month
        self.last_hours = 0.0
        # set by a financing regime: the share of found residents who join (a fee puts some
        # off, pizza) and volunteers wanted beyond its own need (a contracted service)
        self.uptake = 1.0
        self.extra_volunteers = 0.0
        self.eligible = np.isin(np.arange(N_STATES),
                                [STATES.index(s) for s in spec.eligible_states])
        self.planned_places = spec.capacity + spec.caseload_per_fte * spec.fte

    # -- life cycle (SimPy) -----------------------------------------------------------
    def process(self, env: simpy.Environment, months: int) -> Generator:
        """Start at ``start_year``; stop at ``end_year``; collapse and restart as it goes."""
        sp = self.spec
        start = round(sp.start_year * 12)
        if start > env.now:
            yield env.timeout(start - env.now)
        end = months if sp.end_year is None else round(sp.end_year * 12)
        while env.now < end:
            self.status, self.ramp, self.weak_months = RUNNING, 0.0, 0
            while env.now < end and self.status == RUNNING:
                yield env.timeout(1)
                self.ramp = min(1.0, self.ramp + 1 / max(1, sp.startup_months))
            if self.status != COLLAPSED or sp.restart_after_years is None:
                break
            yield env.timeout(max(1, round(sp.restart_after_years * 12)))
        if self.status == RUNNING:
            self.status = ENDED

    @property
    def running(self) -> bool:
        return self.status == RUNNING

    @property
    def quality(self) -> float:
        """How well it works for each member (0..1): start-up and volunteers."""
        return self.ramp * self.volunteer_ratio if self.running else 0.0

    def places(self) -> int:
        return int(self.planned_places * self.scale * self.quality)

    def check_collapse(self) -> bool:
        """Count weak months; collapse when too many in a row. Returns True on collapse."""
        if not self.running or self.ramp < 1.0:
            return False
        weak = self.scale * self.volunteer_ratio < self.spec.collapse_below
        self.weak_months = self.weak_months + 1 if weak else 0
        if self.weak_months >= self.spec.collapse_months:
            self.status, self.collapses = COLLAPSED, self.collapses + 1
            return True
        return False

    # -- members ------------------------------------------------------------------------
    def members(self, res: Population) -> np.ndarray:
        return (res.view("member") & self.mask) != 0

    def step(self, res: Population, u: np.ndarray) -> tuple[int, int]:
        """Members leave; eligible residents are found and join up to the places.

        ``u`` is one uniform per resident from this initiative's own stream: a low value
        means leaving, and the same number ranks the residents found. Returns (joined, left).
        """
        member = res.view("member")
        is_member = self.members(res)
        state = res.view("state")
        sp = self.spec
        # members are few: leaving is decided on their slots only
        mine = np.flatnonzero(is_member)
        st = state[mine]
        gone = (st >= N_STATES) | (~self.eligible[np.minimum(st, N_STATES - 1)]
                                   & (st >= WLZ_HOME))
        # ``not``, never ``~``, on a Python bool: ~True is -2, which would turn the mask
        # into an index array
        leaving = gone | (u[mine] < monthly(hazard(sp.leave_annual))) | (not self.running)
        member[mine[leaving]] &= ~self.mask
        left, stay = int(leaving.sum()), mine[~leaving]
        # over capacity after a cut: the most recent (highest u) leave first
        staying = len(stay)
        excess = staying - self.places()
        if excess > 0 and self.running:
            out = stay[np.argsort(-u[stay], kind="stable")[:excess]]
            member[out] &= ~self.mask
            left, staying = left + len(out), staying - len(out)
        free = self.places() - staying
        if free <= 0:
            return 0, left
        # only a resident whose uniform is below the highest probability of being found and
        # joining can join: the rest of the test runs on those few (the same numbers, the same
        # order; the margin covers rounding between this bound and each resident's number)
        h = np.float32(hazard(sp.detection_annual))
        top = (monthly(h * np.float32(max(1.0, sp.priority_multiplier)))  # type: ignore[arg-type]
               * np.float32(max(1.0, self.uptake)))
        cand = np.flatnonzero(u < top + np.float32(1e-6))
        lonely, alone = res.view("lonely")[cand], res.view("alone")[cand]
        prio = np.where(lonely | ~res.view("carer")[cand] | alone,
                        np.float32(sp.priority_multiplier), np.float32(1))
        sc = state[cand]
        eligible = (~is_member[cand] & (sc < N_STATES)
                    & self.eligible[np.minimum(sc, N_STATES - 1)]
                    & (res.view("age_m")[cand] >= sp.min_age * 12))
        if sp.lonely_or_alone_only:
            eligible &= lonely | alone
        p_found = monthly(h * prio) * np.float32(self.uptake)
        idx = cand[eligible & (u[cand] < p_found)]
        if len(idx) > free:
            rank = u[idx]
            if sp.effects.replaces_bed:  # those waiting for a nursing-home bed come first
                rank = rank + np.where(res.view("waiting")[idx], np.float32(0), np.float32(1))
            idx = idx[np.argsort(rank, kind="stable")[:free]]
        member[idx] |= self.mask
        return len(idx), left

    def release(self, res: Population) -> None:
        """Everyone leaves (collapse or end)."""
        res.view("member")[:] &= ~self.mask

    def planned_monthly_cost(self) -> float:
        """Staff and fixed costs of a month at planned size."""
        sp = self.spec
        return (sp.fte * sp.cost_per_fte_eur + sp.fixed_cost_eur) / 12

    def monthly_cost(self, n_members: int) -> float:
        """What it costs this month: staff and fixed costs at its scale, plus per member."""
        if not self.running:
            return 0.0
        return self.planned_monthly_cost() * self.scale + self.spec.per_participant_eur * n_members


def combined_effects(inits: list[ActiveInitiative], res: Population) -> PersonEffects:
    """Per-person multipliers of all running initiatives for their members."""
    fx = PersonEffects()
    for ini in inits:
        q = ini.quality
        if q <= 0:
            continue
        m = ini.members(res)
        e = ini.spec.effects

        def scaled(mult: float, m: np.ndarray = m, q: float = q) -> np.ndarray:
            return np.where(m, np.float32(1 + (mult - 1) * q), np.float32(1))
        if e.progression_multiplier != 1:
            fx.progression = fx.progression * scaled(e.progression_multiplier)
        if e.loneliness_recovery_multiplier != 1:
            fx.lonely_recovery = fx.lonely_recovery * scaled(e.loneliness_recovery_multiplier)
        if e.loneliness_onset_multiplier != 1:
            fx.lonely_onset = fx.lonely_onset * scaled(e.loneliness_onset_multiplier)
        if e.fall_multiplier != 1:
            fx.fall = fx.fall * scaled(e.fall_multiplier)
        if e.carer_dropout_multiplier != 1:
            fx.carer_dropout = fx.carer_dropout * scaled(e.carer_dropout_multiplier)
        if e.carer_found_annual:
            fx.carer_found = fx.carer_found + np.where(
                m, np.float32(hazard(e.carer_found_annual) * q), np.float32(0))
    return fx


def make_initiatives(sc: Scenario) -> list[ActiveInitiative]:
    """The initiatives of a scenario, each with its own member bit (at most 32)."""
    if len(sc.initiatives) > 32:
        raise ValueError("at most 32 initiatives per scenario")
    return [ActiveInitiative(name, spec, k) for k, (name, spec) in enumerate(sc.initiatives.items())]
