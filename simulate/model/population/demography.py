"""Births, moving in and out, and ageing, one month at a time."""
from __future__ import annotations

import numpy as np

from simulate.model.population.health import Month
from simulate.model.population.rates import Rates, monthly
from simulate.model.population.residents import (
    FRAIL,
    GONE,
    NURSING_HOME,
    VITAL,
    WLZ_HOME,
    Residents,
    age_weights,
    draw_people,
)
from simulate.scenario.schema import Scenario

#: Share of boys among births, CBS 2022 (about 105 boys per 100 girls) [B].
MALE_BIRTH_SHARE = 0.512
#: In-migrants are drawn from the village's own age structure below this band (age 65)
#: [assumption: people who move into a shrinking village are mostly of working age, with
#: their children].
IN_MIGRANT_MAX_BAND = 13


def out_migration(res: Residents, mo: Month, rates: Rates, u: np.ndarray) -> np.ndarray:
    """Residents at home who do not need Wmo care or more may move away."""
    state = res.view("state")
    movable = (state >= VITAL) & (state < FRAIL)
    leave = movable & (u < monthly(rates.out_migration[mo.age_y]))
    state[leave] = GONE
    return leave


def births(res: Residents, sc: Scenario, rng: np.random.Generator) -> np.ndarray:
    """Newborns from the number of women aged 15-49; returns their slots."""
    age_y = res.view("age_m") // 12
    women = int((res.alive() & (res.view("sex") == 1) & (age_y >= 15) & (age_y < 50)).sum())
    k = rng.poisson(sc.demography.births_per_1000_women_15_49 / 1000 / 12 * women)
    if k == 0:
        return np.empty(0, dtype=np.int64)
    sex = (rng.random(k) >= MALE_BIRTH_SHARE).astype(np.int8)
    return res.append({"age_m": np.zeros(k, np.int32), "sex": sex,
                       "state": np.zeros(k, np.int8), "carer": np.ones(k, bool)})


def in_migration(res: Residents, sc: Scenario, rng: np.random.Generator, month: int = 0
                 ) -> np.ndarray:
    """Newcomers in proportion to the population, of working age with their children.

    A newcomer who needs a nursing-home bed arrives as a Wlz client at home on the waiting
    list: beds go through the queue, never around it.
    """
    alive = int(res.alive().sum())
    k = rng.poisson(sc.demography.in_migration_per_1000 / 1000 / 12 * alive)
    if k == 0:
        return np.empty(0, dtype=np.int64)
    weights = age_weights(sc).copy()
    weights[IN_MIGRANT_MAX_BAND:] = 0.0
    if not weights.sum() > 0:  # a village with no one under 65 draws no newcomers
        return np.empty(0, dtype=np.int64)
    people = draw_people(sc, rng, k, weights)
    needs_bed = people["state"] == NURSING_HOME
    people["state"][needs_bed] = WLZ_HOME
    people["waiting"] = needs_bed
    people["wait_since"] = np.where(needs_bed, month, 0).astype(np.int32)
    return res.append(people)


def age_one_month(res: Residents) -> None:
    """Everyone alive grows one month older."""
    res.view("age_m")[res.alive()] += 1
