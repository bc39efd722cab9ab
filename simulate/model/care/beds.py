"""Nursing-home beds as a capacity queue with a first-come, first-served waiting list.

Residents with a Wlz indication who want a bed wait at home (state ``wlz_home``) until one is
free. The queue is vectorised over the residents of every group of a batch at once: each
month each group's free beds go to its longest waiters (ties by slot). A change in the number
of beds (a care home closes, a new one opens) is a SimPy event at its date. With
``care.capacity = "fixed"`` residents already in a bed when beds are cut keep it and new
admissions wait until occupancy falls below the new number (with capacity that follows demand
they move to the region, below). This is the DESIGN's SimPy resource with a waiting
list, written as arrays so that a region of a million residents costs no Python per person.

The village's home is not the only bed. With ``care.capacity = "follows_demand"`` the
zorgkantoor, under its duty of care (zorgplicht), contracts beds elsewhere in its region as
indications grow and offers a client who has waited as long as the waiting norm allows
(Treeknorm: six weeks for a nursing home) a bed there. A client who accepts moves out of the
village into that bed (event ``move_to_care``, flag ``outside``); one who declines keeps waiting
for the village's own home (the zorgkantoren's "niet-actief wachtend": admission at the
preferred provider within a year) and is offered a bed elsewhere again every
``care.reoffer_months``. A village without beds of its own leaves nothing to wait for: the
zorgkantoor's mediation (zorgbemiddeling) starts at the indication and the client takes the first
free bed in the region, in the month of the indication, as a client of a village with a free bed
of its own is admitted at once (the Treeknorm is a maximum; with capacity that follows demand a
regional bed is free within it). When a home closes or shrinks, the zorgkantoor moves the residents
it can no longer house to beds in the region (``move_to_care``): they are moved, not discharged,
and the Wlz keeps paying their beds. The placed clients stay the village's clients: they live, age and die as
nursing-home residents, the Wlz pays their bed wherever it is, and they count in the census (as
CBS counts every nursing-home resident somewhere), but they take no bed of the village's home,
and the village's municipality (Wmo, public health) no longer pays for them
(:func:`outside_by_group`, ``care.batch.ServiceBatch.moved_away``).
With ``care.capacity = "fixed"`` there are no beds outside the village.
"""
from __future__ import annotations

from collections.abc import Callable, Generator
from dataclasses import dataclass

import numpy as np
import simpy

from simulate.model.population.groups import per_slot, smallest_per_group
from simulate.model.population.residents import N_BANDS, N_STATES, NURSING_HOME, Population
from simulate.scenario.schema import Scenario

WEEKS_PER_MONTH = 52 / 12


class BedQueue:
    """Beds available to the village's residents and the waiting list for them."""

    def __init__(self, sc: Scenario):
        self.beds = sc.care.nursing_home_beds
        self.changes = sorted((round(float(y) * 12), n) for y, n in sc.care.bed_changes.items())
        self.follows_demand = sc.care.capacity == "follows_demand"
        # the offer comes when the wait has lasted the whole months the norm allows (at least one)
        self.offer_after = max(1, int(sc.care.treeknorm_weeks / WEEKS_PER_MONTH))
        self.accept = float(sc.care.accept_outside_share)
        self.reoffer = int(sc.care.reoffer_months)
        self.cut = False  # the number of beds fell: the zorgkantoor moves those beyond it

    def process(self, env: simpy.Environment) -> Generator:
        """SimPy process: the number of beds changes at its dates."""
        for month, beds in self.changes:
            if month > env.now:
                yield env.timeout(month - env.now)
            self.cut = self.cut or beds < self.beds
            self.beds = beds



def admit(res: Population, group: np.ndarray, queues: list[BedQueue]) -> np.ndarray:
    """Give each group's free beds (``queues[g]``: its queue; ``group``: every slot's group)
    to its longest waiters, ties by slot; return the slots admitted."""
    state, waiting = res.view("state"), res.view("waiting")
    n_g = len(queues)
    home = (state == NURSING_HOME) & ~res.view("outside")
    free = np.array([q.beds for q in queues]) - np.bincount(group[home], minlength=n_g)
    if not (free > 0).any() or not waiting.any():
        return np.empty(0, dtype=np.int64)
    who = np.flatnonzero(waiting & per_slot(free > 0, group))
    chosen = smallest_per_group(who, group[who], res.view("wait_since")[who], free, n_g)
    state[chosen] = NURSING_HOME
    waiting[chosen] = False
    return chosen


def place_outside(res: Population, group: np.ndarray, queues: list[BedQueue], month: int,
                  draw: Callable[[str, int, np.ndarray], np.ndarray]) -> np.ndarray:
    """The zorgkantoor offers waiters at the norm (and every ``reoffer_months`` after) a bed
    in the region; those who accept (their uniform of ``care.placement`` below
    ``accept_outside_share``) move into it. Without a home of its own the village has nothing
    to wait for: every waiter takes a regional bed at once (one who declined an earlier offer
    to wait for a home that has since closed, too). Residents of the village's home beyond its
    (cut) number of beds move to the region too (:func:`relocate`). Returns the slots that
    moved. ``draw(stream, month, groups)``: the stream's uniforms of every slot of the groups
    ``groups`` (drawn only for groups that use them this month: the numbers do not depend on
    it)."""
    follows = np.array([q.follows_demand for q in queues])
    if not follows.any():
        return np.empty(0, dtype=np.int64)
    cut = np.array([q.follows_demand and q.cut for q in queues])
    for q in queues:
        if q.follows_demand:
            q.cut = False
    waiting = res.view("waiting")
    beds = np.array([q.beds for q in queues])
    waiters = np.flatnonzero(waiting & per_slot(follows, group))
    wg = group[waiters]
    since = month - res.view("wait_since")[waiters] - np.array([q.offer_after for q in queues])[wg]
    at_norm = (since >= 0) & (since % np.array([q.reoffer for q in queues])[wg] == 0)
    # offers: in a group with a home of its own, to waiters at the norm (who may decline, to
    # wait for the home); in a group without one, to every waiter (nothing to wait for)
    offered = waiters[(beds[wg] == 0) | at_norm]
    og = group[offered]
    may_decline = beds[og] > 0
    users = np.union1d(np.flatnonzero(cut), og[may_decline])  # groups that draw placements
    if not len(users):
        moved = offered
        relocated = np.empty(0, dtype=np.int64)
    else:
        u = draw("care.placement", month, users)
        relocated = relocate(res, group, queues, u, cut)
        # float32 like the uniforms, as a Python float compares with them
        accept = np.array([q.accept for q in queues], dtype=np.float32)
        take = ~may_decline
        take[may_decline] = u[offered[may_decline]] < accept[og[may_decline]]
        moved = offered[take]
    res.view("state")[moved] = NURSING_HOME
    res.view("outside")[moved] = True
    waiting[moved] = False
    return np.concatenate([relocated, moved]) if len(relocated) else moved


def relocate(res: Population, group: np.ndarray, queues: list[BedQueue], u: np.ndarray,
             cut: np.ndarray) -> np.ndarray:
    """A home that closes or shrinks does not discharge its residents: the zorgkantoor moves
    those beyond the new number of beds (the lowest ``u`` first: chance, shared by the arms)
    to beds in the region, in the groups ``cut`` (whose beds were cut this month: a village
    that starts with more residents in a bed than its home has keeps them, as before).
    Returns their slots."""
    if not cut.any():
        return np.empty(0, dtype=np.int64)
    n_g = len(queues)
    inside = np.flatnonzero((res.view("state") == NURSING_HOME) & ~res.view("outside")
                            & per_slot(cut, group))
    ig = group[inside]
    excess = np.bincount(ig, minlength=n_g) - np.maximum([q.beds for q in queues], 0)
    if not (excess > 0).any():
        return np.empty(0, dtype=np.int64)
    chosen = smallest_per_group(inside, ig, u[inside], np.maximum(excess, 0), n_g)
    res.view("outside")[chosen] = True
    return chosen


@dataclass
class OutsideCounts:
    """This month's counts of every group's clients living in a bed outside the village
    (leading axis: group): what the village's municipality no longer pays for
    (``care.batch.ServiceBatch.moved_away``)."""
    n: np.ndarray          # [group] living clients outside
    by_state: np.ndarray   # [group, state]
    no_carer: np.ndarray   # [group, state] of whom without an informal carer
    events: np.ndarray     # [group, event] their events this month
    by_band: np.ndarray    # [group, age band]


def outside_by_group(res: Population, group: np.ndarray, groups: int,
                     events: dict[str, np.ndarray], event_index: dict[str, int]
                     ) -> OutsideCounts:
    """:class:`OutsideCounts` of a batch's groups (``group``: every slot's; ``events``: the
    month's masks of every slot), one ``bincount`` each; taken before the month's newcomers,
    who are never outside."""
    out = res.view("outside") & (res.view("state") < N_STATES)
    g = group[out]
    state = res.view("state")[out]
    ev = np.zeros((groups, len(event_index)))
    for name, mask in events.items():
        ev[:, event_index[name]] = np.bincount(group[mask & out], minlength=groups)
    cell = g * N_STATES + state
    return OutsideCounts(
        n=np.bincount(g, minlength=groups),
        by_state=np.bincount(cell, minlength=groups * N_STATES).reshape(groups, -1)
        .astype(float),
        no_carer=np.bincount(cell[~res.view("carer")[out]], minlength=groups * N_STATES)
        .reshape(groups, -1).astype(float),
        events=ev,
        by_band=np.bincount(g * N_BANDS + res.age_band()[out], minlength=groups * N_BANDS)
        .reshape(groups, -1).astype(float))


def placed_outside(res: Population) -> int:
    """Living clients of the village in a bed outside it."""
    return int((res.view("outside") & (res.view("state") == NURSING_HOME)).sum())
