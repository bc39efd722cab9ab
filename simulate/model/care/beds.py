"""Nursing-home beds as a capacity queue with a first-come, first-served waiting list.

Residents with a Wlz indication who want a bed wait at home (state ``wlz_home``) until one is
free. The queue is vectorised over the residents of every group of a batch at once: each
month each group's free beds go to its longest waiters (ties by slot). A change in the number of beds (a care home closes, a new one opens) is a SimPy event
at its date. Residents already in a bed when beds are cut keep it; new admissions wait until
occupancy falls below the new number. This is the DESIGN's SimPy resource with a waiting
list, written as arrays so that a region of a million residents costs no Python per person.

The village's home is not the only bed. With ``care.capacity = "follows_demand"`` the
zorgkantoor, under its duty of care (zorgplicht), contracts beds elsewhere in its region as
indications grow and offers a client who has waited as long as the waiting norm allows
(Treeknorm: six weeks for a nursing home) a bed there. A client who accepts moves out of the
village into that bed (event ``move_to_care``, flag ``outside``); one who declines keeps waiting
for the village's own home (the zorgkantoren's "niet-actief wachtend": admission at the
preferred provider within a year) and is offered a bed elsewhere again every
``care.reoffer_months``. A village without beds of its own leaves nothing to wait for: every
offer is taken. The placed clients stay the village's clients: they live, age and die as
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

    def process(self, env: simpy.Environment) -> Generator:
        """SimPy process: the number of beds changes at its dates."""
        for month, beds in self.changes:
            if month > env.now:
                yield env.timeout(month - env.now)
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
    who = np.flatnonzero(waiting & (free > 0)[group])
    chosen = smallest_per_group(who, group[who], res.view("wait_since")[who], free, n_g)
    state[chosen] = NURSING_HOME
    waiting[chosen] = False
    return chosen


def place_outside(res: Population, group: np.ndarray, queues: list[BedQueue], month: int,
                  draw: Callable[[str, int, np.ndarray], np.ndarray]) -> np.ndarray:
    """The zorgkantoor offers waiters at the norm (and every ``reoffer_months`` after) a bed
    in the region; those who accept (their uniform of ``care.placement`` below
    ``accept_outside_share``) move into it. Returns the slots that moved.
    ``draw(stream, month, groups)``: the stream's uniforms of every slot of the groups
    ``groups`` (drawn only when someone is offered a bed: the numbers do not depend on it)."""
    follows = np.array([q.follows_demand for q in queues])
    if not follows.any():
        return np.empty(0, dtype=np.int64)
    waiting = res.view("waiting")
    after = np.array([q.offer_after for q in queues])
    every = np.array([q.reoffer for q in queues])
    who = np.flatnonzero(waiting & per_slot(follows, group))
    wg = group[who]
    since = month - res.view("wait_since")[who] - after[wg]
    offered = who[(since >= 0) & (since % every[wg] == 0)]
    if not len(offered):
        return np.empty(0, dtype=np.int64)
    og = group[offered]
    u = draw("care.placement", month, np.unique(og))
    # no home of its own to wait for: every offer is taken (float32 like the uniforms)
    accept = np.array([1.0 if q.beds <= 0 else q.accept for q in queues], dtype=np.float32)
    moved = offered[u[offered] < accept[og]]
    res.view("state")[moved] = NURSING_HOME
    res.view("outside")[moved] = True
    waiting[moved] = False
    return moved


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
