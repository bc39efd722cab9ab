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

from collections.abc import Generator, Sequence
from typing import Any

import numpy as np
import simpy

from simulate.model.population.groups import per_slot, smallest_per_group
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
        #: :func:`step_groups`' constants of the initiatives it last ran with, this one first
        self.step_constants: _Constants | None = None
        #: the volunteers' constants of the same list (:mod:`.volunteers`)
        self.volunteer_constants: Any = None

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
        """Members leave; eligible residents are found and join up to the places (one group:
        :func:`step_groups`). Returns (joined, left)."""
        joined, left = step_groups(res, np.zeros(res.n, dtype=np.intp), [self], u)
        return int(joined[0]), int(left[0])

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


def step_groups(res: Population, group: np.ndarray, inis: list[ActiveInitiative],
                u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One initiative's month in every group at once (``inis[g]``: its state in group ``g``;
    ``group``: every slot's group): members leave; eligible residents are found and join up
    to the places. Returns (joined, left) per group (:func:`step_members` with the members
    read from their bits)."""
    mine = np.flatnonzero((res.view("member") & inis[0].mask) != 0)
    joined, left, _, _ = step_members(res, group, inis, u, mine)
    return joined, left


def step_members(res: Population, group: np.ndarray, inis: list[ActiveInitiative],
                 u: np.ndarray, mine: np.ndarray, blocks: tuple[int, int] | None = None
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """:func:`step_groups` given the members' slots ``mine`` (sorted: exactly the slots
    whose bit is set); returns (joined, left, the members' slots after the step, sorted,
    and their count per group), so that a caller who keeps them never scans the bits.
    ``blocks`` = (groups, block) when group ``g`` holds the contiguous slots
    ``[g * block, (g + 1) * block)``: per-group numbers are then compared block by block
    instead of gathered per slot (the same comparisons).

    ``u`` is one uniform per slot from the initiative's own stream (each group's own
    numbers): a low value means leaving, and the same number ranks the residents found.
    Each group gets exactly what this step gives it alone: per-group numbers are gathered
    by ``group[slot]`` in their own dtypes, and choices within a group are made by one
    sort over (group, rank).
    """
    n_g = len(inis)
    member, state = res.view("member"), res.view("state")
    mask = inis[0].mask
    c = _constants(inis)
    eligible = c.eligible                                      # [group, state]
    running = np.array([i.status == RUNNING for i in inis])
    # members are few: leaving is decided on their slots only
    st, mg = state[mine], group[mine]
    gone = (st >= N_STATES) | (~eligible[mg, np.minimum(st, N_STATES - 1)] & (st >= WLZ_HOME))
    p_leave = c.p_leave
    leaving = gone | (u[mine] < p_leave[mg]) | ~running[mg]
    member[mine[leaving]] &= ~mask
    left = np.bincount(mg[leaving], minlength=n_g)
    stay = mine[~leaving]
    staying = np.bincount(mg[~leaving], minlength=n_g)
    # over capacity after a cut: the most recent (highest u) leave first
    places = _places(inis, c, running)
    excess = np.where(running, staying - places, 0)
    if (excess > 0).any():
        cut = stay[excess[group[stay]] > 0]
        out = smallest_per_group(cut, group[cut], -u[cut], excess, n_g)
        member[out] &= ~mask
        gone_now = np.bincount(group[out], minlength=n_g)
        left, staying = left + gone_now, staying - gone_now
        stay = np.setdiff1d(stay, out, assume_unique=True)
    free = places - staying
    if not (free > 0).any():
        return np.zeros(n_g, dtype=np.int64), left, stay, staying
    # only a resident whose uniform is below the highest probability of being found and
    # joining can join: the rest of the test runs on those few (the same numbers, the same
    # order; the margin covers rounding between this bound and each resident's number)
    h = c.h_found
    uptake = np.array([i.uptake for i in inis], dtype=np.float32)
    top = np.where(free > 0, c.top_found * np.maximum(np.float32(1), uptake)
                   + np.float32(1e-6), np.float32(-1))
    if blocks is not None:   # only the blocks of groups with free places (the others'
        rows = np.flatnonzero(free > 0)   # top is -1: none of their slots could pass)
        if len(rows) == n_g:
            cand = np.flatnonzero(u.reshape(blocks) < top[:, None])
        else:
            r, col = np.nonzero(u.reshape(blocks)[rows] < top[rows, None])
            cand = rows[r] * blocks[1] + col
    else:
        cand = np.flatnonzero(u < per_slot(top, group))
    # the tests that need no per-resident hazard first (elementwise, so the same residents
    # pass in the same order), then the uniform against each one's probability, then
    # whether it was a member at the start of the month (a leaver does not rejoin)
    cg = group[cand]
    sc = state[cand]
    keep = ((sc < N_STATES) & eligible[cg, np.minimum(sc, N_STATES - 1)]
            & (res.view("age_m")[cand] >= c.min_age[cg]))
    cand, cg = cand[keep], cg[keep]
    lonely, alone = res.view("lonely")[cand], res.view("alone")[cand]
    prio = np.where(lonely | ~res.view("carer")[cand] | alone, c.prio_mult[cg], np.float32(1))
    p_found = monthly(h[cg] * prio) * uptake[cg]
    found = (~c.only[cg] | lonely | alone) & (u[cand] < p_found)
    cand, cg = cand[found], cg[found]
    found = ~_in_sorted(cand, mine)
    idx, ig = cand[found], cg[found]
    rank = u[idx]
    beds = c.beds
    if beds.any():  # those waiting for a nursing-home bed come first
        rank = np.where(beds[ig], rank + np.where(res.view("waiting")[idx], np.float32(0),
                                                  np.float32(1)), rank)
    idx = smallest_per_group(idx, ig, rank, np.maximum(free, 0), n_g)
    member[idx] |= mask
    joined = np.bincount(group[idx], minlength=n_g)
    return joined, left, np.sort(np.concatenate([stay, idx])), staying + joined


def _in_sorted(x: np.ndarray, sorted_: np.ndarray) -> np.ndarray:
    """Which entries of ``x`` are in the sorted array ``sorted_``."""
    if not len(sorted_) or not len(x):
        return np.zeros(len(x), dtype=bool)
    at = np.minimum(np.searchsorted(sorted_, x), len(sorted_) - 1)
    return sorted_[at] == x


def _places(inis: list[ActiveInitiative], c: _Constants, running: np.ndarray) -> np.ndarray:
    """Each group's :meth:`ActiveInitiative.places`: ``int(planned x scale x quality)``,
    the same float64 products in the same order, truncated."""
    scale = np.array([i.scale for i in inis])
    return (c.planned * scale * quality_of(inis, running)).astype(np.int64)


def quality_of(inis: list[ActiveInitiative], running: np.ndarray) -> np.ndarray:
    """Each group's :attr:`ActiveInitiative.quality` (ramp x volunteer ratio, 0 when not
    running): the same float64 product."""
    return np.where(running, np.array([i.ramp for i in inis])
                    * np.array([i.volunteer_ratio for i in inis]), 0.0)


class _Constants:
    """What :func:`step_groups` needs of a list of initiatives that never changes (their
    specs' numbers stacked over groups), computed once per list."""

    def __init__(self, inis: list[ActiveInitiative]):
        self.inis = tuple(inis)
        self.eligible = np.stack([i.eligible for i in inis])
        self.p_leave = np.array([monthly(hazard(i.spec.leave_annual)) for i in inis])
        self.h_found = np.array([np.float32(hazard(i.spec.detection_annual)) for i in inis],
                                dtype=np.float32)
        # the highest monthly probability of being found, before uptake (the same scalar
        # operations as the bound's own)
        self.top_found = np.array([monthly(h * np.float32(max(1.0, i.spec.priority_multiplier)))
                                   for h, i in zip(self.h_found, inis)], dtype=np.float32)
        self.prio_mult = np.array([i.spec.priority_multiplier for i in inis], dtype=np.float32)
        self.min_age = np.array([i.spec.min_age * 12 for i in inis])
        self.only = np.array([i.spec.lonely_or_alone_only for i in inis])
        self.beds = np.array([i.spec.effects.replaces_bed for i in inis])
        self.planned = np.array([i.planned_places for i in inis], dtype=float)


def _constants(inis: list[ActiveInitiative]) -> _Constants:
    """The constants of ``inis``, kept on the first initiative while the same objects come
    (the batch passes the same initiatives every month)."""
    c = inis[0].step_constants
    if c is None or len(c.inis) != len(inis) or any(a is not b for a, b in zip(c.inis, inis)):
        c = inis[0].step_constants = _Constants(inis)
    return c


#: The effects of an initiative on its members' persons: (field of
#: :class:`~simulate.model.population.health.PersonEffects`, multiplier of the spec's effects).
EFFECTS = (("progression", "progression_multiplier"),
           ("lonely_recovery", "loneliness_recovery_multiplier"),
           ("lonely_onset", "loneliness_onset_multiplier"),
           ("fall", "fall_multiplier"),
           ("carer_dropout", "carer_dropout_multiplier"))


def combined_effects(inits: list[list[ActiveInitiative]], members: list[np.ndarray],
                     group: np.ndarray, n: int, specs: Sequence[Any] | None = None,
                     buffers: dict[str, np.ndarray] | None = None) -> PersonEffects:
    """Per-slot multipliers of all running initiatives for their members, in every group at
    once (``inits[g]``: group ``g``'s initiatives, the same names in the same order;
    ``members[j]``: the slots of initiative ``j``'s members; ``n`` slots). Each member's
    factors multiply in the initiatives' order (terms add), and a slot without an effect
    keeps the neutral value; a field no initiative acts on stays the plain default.
    ``specs[j]``: initiative ``j``'s effects over groups, ``effects[field]``, ``found`` and
    ``found_h`` (the batch keeps them; else read from the specs). Each group's factor is
    the float32 of the one-group formula's float64 number (``1 + (x - 1) * quality``).
    ``buffers``: arrays of ``n`` kept by the caller for the fields, refilled here instead of
    allocated every month (the returned effects are valid until the next call)."""
    fx = PersonEffects()

    def per_slot_field(name: str) -> np.ndarray:
        """Field ``name`` as an array of ``n``, at its neutral value on every slot."""
        neutral = getattr(fx, name)
        if buffers is None:
            return np.full(n, neutral, dtype=np.float32)
        buf = buffers.get(name)
        if buf is None or len(buf) != n:
            buf = buffers[name] = np.empty(n, dtype=np.float32)
        buf.fill(neutral)
        return buf

    for j, mine in enumerate(members):
        inis = [a[j] for a in inits]
        running = np.array([i.status == RUNNING for i in inis])
        q = quality_of(inis, running)
        if q.max() <= 0:
            continue
        sp = specs[j] if specs is not None else _EffectSpecs(inis)
        mg = group[mine]
        for name, _ in EFFECTS:
            mult = sp.effects[name]
            on = (q > 0) & (mult != 1)
            if not on.any():
                continue
            per_group = np.where(on, (1 + (mult - 1) * q).astype(np.float32), np.float32(1))
            arr = getattr(fx, name)
            if not isinstance(arr, np.ndarray):
                arr = per_slot_field(name)
                setattr(fx, name, arr)
            arr[mine] = arr[mine] * per_group[mg]
        on = (q > 0) & (sp.found != 0)
        if on.any():
            add = np.where(on, (sp.found_h * q).astype(np.float32), np.float32(0))
            found_h = fx.carer_found
            if not isinstance(found_h, np.ndarray):
                found_h = fx.carer_found = per_slot_field("carer_found")
            found_h[mine] = found_h[mine] + add[mg]
    return fx


class _EffectSpecs:
    """The effects of one initiative's specs over groups, as :func:`combined_effects` reads
    them."""

    def __init__(self, inis: list[ActiveInitiative]):
        fx = [i.spec.effects for i in inis]
        self.effects = {name: np.array([getattr(e, attr) for e in fx], dtype=float)
                        for name, attr in EFFECTS}
        self.found = np.array([e.carer_found_annual for e in fx], dtype=float)
        self.found_h = np.array([hazard(x) if x else 0.0 for x in self.found.tolist()])


def make_initiatives(sc: Scenario) -> list[ActiveInitiative]:
    """The initiatives of a scenario, each with its own member bit (at most 32)."""
    if len(sc.initiatives) > 32:
        raise ValueError("at most 32 initiatives per scenario")
    return [ActiveInitiative(name, spec, k) for k, (name, spec) in enumerate(sc.initiatives.items())]
