"""The naive reference model: one SimPy process per resident, stdlib ``random``, ``math.exp``.

A 6-state care ladder (vital, prefrail, frail, homecare, wlz_home, nursing_home) with death:
every month each resident, in its own SimPy process, draws one uniform and moves one rung up
(Gompertz in age), one rung down, dies, or stays. It is the form issue 15 compares the engine
with ("naive: one SimPy process per resident"); its numbers mean nothing for the village, only
its speed does. ``benchmarks/speed.py`` runs it at the same sizes as the whole model.
"""
from __future__ import annotations

import math
import random

import simpy

#: Yearly hazards at age 75 of one rung up, by state (the last two cannot go up).
UP = (0.10, 0.08, 0.10, 0.12, 0.15, 0.0)
DOWN = (0.0, 0.10, 0.11, 0.03, 0.0, 0.0)
DEATH_STATE = (0.6, 1.0, 1.7, 2.5, 4.0, 5.0)
DEATH_75 = 0.03      # yearly death hazard at 75 of the average resident
SLOPE_UP, SLOPE_DEATH = 0.055, 0.09


def resident(env: simpy.Environment, rng: random.Random, age_m: int, months: int,
             alive_months: list[int]) -> simpy.events.Event:
    """One resident, month by month, until death or the horizon."""
    state = 0
    for _ in range(months):
        alive_months[0] += 1
        years = age_m / 12 - 75
        h_up = UP[state] * math.exp(SLOPE_UP * years)
        h_death = DEATH_75 * DEATH_STATE[state] * math.exp(SLOPE_DEATH * years)
        p_death = 1 - math.exp(-h_death / 12)
        p_up = 1 - math.exp(-h_up / 12)
        p_down = 1 - math.exp(-DOWN[state] / 12)
        u = rng.random()
        if u < p_death:
            return
        if u < p_death + p_up:
            state += 1
        elif u < p_death + p_up + p_down:
            state -= 1
        age_m += 1
        yield env.timeout(1)


def run_naive(size: int, months: int, seed: int = 1) -> int:
    """Simulate ``size`` residents (ages uniform 0-99) for ``months``; return person-months."""
    rng = random.Random(seed)
    env = simpy.Environment()
    alive_months = [0]
    for _ in range(size):
        env.process(resident(env, rng, rng.randrange(100 * 12), months, alive_months))
    env.run()
    return alive_months[0]
