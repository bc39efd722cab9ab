"""Births, moving in and out, and ageing, one month at a time."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from simulate.model.population.health import Month
from simulate.model.population.params import GroupParams
from simulate.model.population.rates import monthly
from simulate.model.population.residents import (
    FRAIL,
    GONE,
    HOMECARE,
    N_TRAIT_DRAWS,
    NURSING_HOME,
    VITAL,
    WLZ_HOME,
    Population,
    draw_numbers,
    people_of,
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


@dataclass(frozen=True)
class Arrivals:
    """One group's newcomers of a month as its own generators drew them (the numbers a run
    of that group alone draws); :func:`arrival_columns` makes the residents of all groups'
    arrivals in one pass."""
    born: np.ndarray    #: one uniform per newborn (its sex)
    band: np.ndarray    #: the in-migrants' age bands
    u: np.ndarray       #: the in-migrants' trait uniforms, (N_TRAIT_DRAWS, in-migrants)


def draw_arrivals(sc: Scenario, women: int, alive: int, births_rng: np.random.Generator,
                  in_rng: np.random.Generator, base: np.ndarray) -> Arrivals:
    """A group's births and in-migrants of a month: births from its number of women aged
    15-49; newcomers in proportion to its population (``alive``, before the births: the
    newborns count too), of working age with their children, and older people (50-79)
    returning or moving closer to their children. ``base``: its age weights
    (:func:`~simulate.model.population.residents.age_weights`)."""
    d = sc.demography
    k_born = births_rng.poisson(d.births_per_1000_women_15_49 / 1000 / 12 * women)
    born = births_rng.random(k_born) if k_born else np.empty(0)
    alive += k_born
    k = in_rng.poisson(d.in_migration_per_1000 / 1000 / 12 * alive)
    k_old = in_rng.poisson(d.older_in_migration_per_1000 / 1000 / 12 * alive)
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
        return Arrivals(born, np.empty(0, dtype=np.int64), np.empty((N_TRAIT_DRAWS, 0)))
    band, u = draw_numbers(in_rng, k + k_old, weights)
    return Arrivals(born, band, u)


def arrival_columns(arrivals: list[Arrivals], scenarios: list[Scenario], month: int
                    ) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """The residents of every group's arrivals, group by group (each group's newborns, then
    its in-migrants), in one pass; also which of them are newborns.

    Newborns are boys with probability ``MALE_BIRTH_SHARE``, in the first care state, with
    a carer. A newcomer who needs a nursing-home bed arrives as a Wlz client at home on the
    waiting list: beds go through the queue, never around it.
    """
    n_born = np.array([len(a.born) for a in arrivals])
    n_in = np.array([len(a.band) for a in arrivals])
    per_group = n_born + n_in
    total = int(per_group.sum())
    # position of each newcomer within its group's arrivals: newborns come first
    within = np.arange(total) - np.repeat(np.cumsum(per_group) - per_group, per_group)
    is_born = within < np.repeat(n_born, per_group)
    came = people_of(np.concatenate([a.band for a in arrivals]),
                     np.concatenate([a.u for a in arrivals], axis=1),
                     np.repeat([sc.population.carer_available_share for sc in scenarios], n_in),
                     np.repeat([sc.population.low_income_share for sc in scenarios], n_in))
    needs_bed = came["state"] == NURSING_HOME
    came["state"][needs_bed] = WLZ_HOME
    came["waiting"] = needs_bed
    came["wait_since"] = np.where(needs_bed, month, 0).astype(np.int32)
    cols = {}
    for name, v in came.items():
        col = np.zeros(total, dtype=v.dtype)
        col[~is_born] = v
        cols[name] = col
    cols["sex"][is_born] = np.concatenate([a.born for a in arrivals]) >= MALE_BIRTH_SHARE
    cols["carer"][is_born] = True
    return cols, is_born


def age_one_month(res: Population) -> None:
    """Everyone alive grows one month older."""
    age = res.view("age_m")
    age += res.alive().view(np.uint8).astype(age.dtype)   # one pass: +1 where alive
