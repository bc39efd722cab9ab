"""Births, moving in and out, and ageing, one month at a time."""
from __future__ import annotations

import numpy as np

from simulate.model.population.health import Month
from simulate.model.population.params import GroupParams
from simulate.model.population.rates import monthly
from simulate.model.population.residents import (
    FRAIL,
    GONE,
    HOMECARE,
    NURSING_HOME,
    VITAL,
    WLZ_HOME,
    Growing,
    Population,
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
#: Older newcomers (``older_in_migration_per_1000``) come at 50-79, the ages of the net 50+
#: in-migration CBS counts in Oldambt, Westerwolde and Stadskanaal (veenkolonien_region.md s. 4).
OLDER_BANDS = slice(10, 16)


def out_migration(res: Population, mo: Month, par: GroupParams, u: np.ndarray) -> np.ndarray:
    """Moving away, for two reasons. Residents at home who need no Wmo care move at the rate
    of their age (the young for study and work); residents aged 65+ who need care at home
    (frail, homecare) move to a bigger village or town with services at ``care_move_annual``
    (seeds [002]: older people "must move to a bigger village or the town")."""
    state = res.view("state")
    movable = (state >= VITAL) & (state < FRAIL)
    leave = movable & (u < par.at("p_out", mo.age_y))
    if par.any_positive("care_move"):  # a group without it draws below a probability of 0
        needs_care = (state >= FRAIL) & (state <= HOMECARE) & (mo.age_y >= 65)
        leave |= needs_care & (u < monthly(par.at("care_move")))
    state[leave] = GONE
    return leave


def births(res: Growing, sc: Scenario, rng: np.random.Generator) -> np.ndarray:
    """Newborns from the number of women aged 15-49; returns their slots."""
    age_y = res.view("age_m") // 12
    women = int((res.alive() & (res.view("sex") == 1) & (age_y >= 15) & (age_y < 50)).sum())
    k = rng.poisson(sc.demography.births_per_1000_women_15_49 / 1000 / 12 * women)
    if k == 0:
        return np.empty(0, dtype=np.int64)
    sex = (rng.random(k) >= MALE_BIRTH_SHARE).astype(np.int8)
    return res.append({"age_m": np.zeros(k, np.int32), "sex": sex,
                       "state": np.zeros(k, np.int8), "carer": np.ones(k, bool)})


def in_migration(res: Growing, sc: Scenario, rng: np.random.Generator, month: int = 0
                 ) -> np.ndarray:
    """Newcomers in proportion to the population: of working age with their children, and
    older people (50-79) returning or moving closer to their children.

    A newcomer who needs a nursing-home bed arrives as a Wlz client at home on the waiting
    list: beds go through the queue, never around it.
    """
    alive = int(res.alive().sum())
    d = sc.demography
    k = rng.poisson(d.in_migration_per_1000 / 1000 / 12 * alive)
    k_old = rng.poisson(d.older_in_migration_per_1000 / 1000 / 12 * alive)
    base = age_weights(sc)
    weights = np.zeros_like(base)
    if k:
        young = base.copy()
        young[IN_MIGRANT_MAX_BAND:] = 0.0
        weights += k * young / young.sum() if young.sum() > 0 else 0.0
    if k_old:
        old = np.zeros_like(base)
        old[OLDER_BANDS] = base[OLDER_BANDS]
        weights += k_old * old / old.sum() if old.sum() > 0 else 0.0
    if not weights.sum() > 0:  # nobody comes, or a village with no one of the ages
        return np.empty(0, dtype=np.int64)
    people = draw_people(sc, rng, k + k_old, weights)
    needs_bed = people["state"] == NURSING_HOME
    people["state"][needs_bed] = WLZ_HOME
    people["waiting"] = needs_bed
    people["wait_since"] = np.where(needs_bed, month, 0).astype(np.int32)
    return res.append(people)


def age_one_month(res: Population) -> None:
    """Everyone alive grows one month older."""
    res.view("age_m")[res.alive()] += 1
