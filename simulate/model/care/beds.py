"""Nursing-home beds as a capacity queue with a first-come, first-served waiting list.

Residents with a Wlz indication who want a bed wait at home (state ``wlz_home``) until one is
free. The queue is vectorised: each month the free beds go to the longest waiters (ties by
slot). A change in the number of beds (a care home closes, a new one opens) is a SimPy event
at its date. Residents already in a bed when beds are cut keep it; new admissions wait until
occupancy falls below the new number. This is the DESIGN's SimPy resource with a waiting
list, written as arrays so that a region of a million residents costs no Python per person.
"""
from __future__ import annotations

from collections.abc import Generator

import numpy as np
import simpy

from simulate.model.population.residents import NURSING_HOME, Residents
from simulate.scenario.schema import Scenario


class BedQueue:
    """Beds available to the village's residents and the waiting list for them."""

    def __init__(self, sc: Scenario):
        self.beds = sc.care.nursing_home_beds
        self.changes = sorted((round(float(y) * 12), n) for y, n in sc.care.bed_changes.items())

    def process(self, env: simpy.Environment) -> Generator:
        """SimPy process: the number of beds changes at its dates."""
        for month, beds in self.changes:
            if month > env.now:
                yield env.timeout(month - env.now)
            self.beds = beds

    def admit(self, res: Residents) -> np.ndarray:
        """Give free beds to the longest waiters; return the slots admitted."""
        state = res.view("state")
        free = self.beds - int((state == NURSING_HOME).sum())
        waiting = res.view("waiting")
        if free <= 0 or not waiting.any():
            return np.empty(0, dtype=np.int64)
        who = np.flatnonzero(waiting)
        order = np.lexsort((who, res.view("wait_since")[who]))
        chosen = who[order[:free]]
        state[chosen] = NURSING_HOME
        waiting[chosen] = False
        return chosen
