"""Nursing-home beds as a capacity queue with a first-come, first-served waiting list.

Residents with a Wlz indication who want a bed wait at home (state ``wlz_home``) until one is
free. The queue is vectorised: each month the free beds go to the longest waiters (ties by
slot). A change in the number of beds (a care home closes, a new one opens) is a SimPy event
at its date. With ``care.capacity = "fixed"`` residents already in a bed when beds are cut keep
it and new admissions wait until occupancy falls below the new number (with capacity that
follows demand they move to the region, below). This is the DESIGN's SimPy resource with a waiting
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
(:func:`outside_counts`, ``services.moved_away``).
With ``care.capacity = "fixed"`` there are no beds outside the village.
"""
from __future__ import annotations

from collections.abc import Generator

import numpy as np
import simpy

from simulate.model.care.services import MonthCounts, state_counts
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

    def admit(self, res: Population) -> np.ndarray:
        """Give free beds to the longest waiters; return the slots admitted."""
        state = res.view("state")
        free = self.beds - int(((state == NURSING_HOME) & ~res.view("outside")).sum())
        waiting = res.view("waiting")
        if free <= 0 or not waiting.any():
            return np.empty(0, dtype=np.int64)
        who = np.flatnonzero(waiting)
        order = np.lexsort((who, res.view("wait_since")[who]))
        chosen = who[order[:free]]
        state[chosen] = NURSING_HOME
        waiting[chosen] = False
        return chosen

    def place_outside(self, res: Population, month: int, u: np.ndarray) -> np.ndarray:
        """The zorgkantoor offers waiters at the norm (and every ``reoffer_months`` after) a bed
        in the region; those who accept (``u`` below ``accept_outside_share``) move into it.
        Without a home of its own the village has nothing to wait for: every waiter takes a
        regional bed at once (one who declined an earlier offer to wait for a home that has
        since closed, too). Residents of the village's home beyond its
        (cut) number of beds move to the region too. Returns the slots that moved."""
        if not self.follows_demand:
            return np.empty(0, dtype=np.int64)
        relocated = self.relocate(res, u) if self.cut else np.empty(0, dtype=np.int64)
        self.cut = False
        waiting = res.view("waiting")
        if self.beds > 0:
            since = month - res.view("wait_since") - self.offer_after
            moved = np.flatnonzero(waiting & (since >= 0) & (since % self.reoffer == 0)
                                   & (u < self.accept))
        else:  # no home to wait for: every waiter, whenever the wait began, takes the bed
            moved = np.flatnonzero(waiting)
        res.view("state")[moved] = NURSING_HOME
        res.view("outside")[moved] = True
        waiting[moved] = False
        return np.concatenate([relocated, moved]) if len(relocated) else moved

    def relocate(self, res: Population, u: np.ndarray) -> np.ndarray:
        """A home that closes or shrinks does not discharge its residents: the zorgkantoor
        moves those beyond the new number of beds (the lowest ``u`` first: chance, shared by
        the arms) to beds in the region. Called in the month the beds are cut (a village that
        starts with more residents in a bed than its home has keeps them, as before). Returns
        their slots."""
        inside = (res.view("state") == NURSING_HOME) & ~res.view("outside")
        excess = int(inside.sum()) - max(self.beds, 0)
        if excess <= 0:
            return np.empty(0, dtype=np.int64)
        who = np.flatnonzero(inside)
        chosen = who[np.argsort(u[who], kind="stable")[:excess]]
        res.view("outside")[chosen] = True
        return chosen


def outside_counts(res: Population, events: dict[str, np.ndarray],
                   event_index: dict[str, int]) -> MonthCounts:
    """This month's counts (``services.MonthCounts``) of the clients living in a bed outside the
    village: what the village's municipality no longer pays for (``services.moved_away``)."""
    out = res.view("outside") & (res.view("state") < N_STATES)
    ev = np.zeros(len(event_index))
    for name, mask in events.items():  # masks from before this month's newcomers
        ev[event_index[name]] = (mask & out[: len(mask)]).sum()
    return MonthCounts(by_state=state_counts(res.view("state"), out),
                       no_carer=state_counts(res.view("state"), out & ~res.view("carer")),
                       waiting=0, events=ev,
                       by_band=np.bincount(res.age_band()[out], minlength=N_BANDS).astype(float))


def placed_outside(res: Population) -> int:
    """Living clients of the village in a bed outside it."""
    return int((res.view("outside") & (res.view("state") == NURSING_HOME)).sum())
