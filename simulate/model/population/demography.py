"""Births, moving in and out, and ageing, one month at a time."""
from __future__ import annotations

from typing import NamedTuple

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
    band_cdf,
    draw_with_cdf,
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


class Arrivals(NamedTuple):
    """One group's newcomers of a month as its own generators drew them (the numbers a run
    of that group alone draws); :func:`arrival_columns` makes the residents of all groups'
    arrivals in one pass. (A named tuple: made for every group every month.)"""
    born: np.ndarray    #: one uniform per newborn (its sex)
    band: np.ndarray    #: the in-migrants' age bands
    u: np.ndarray       #: the in-migrants' trait uniforms, (N_TRAIT_DRAWS, in-migrants)


#: Nobody born, nobody moving in (shared, never written: concatenated with others only).
_NO_BIRTHS = np.empty(0)
_NO_BANDS = np.empty(0, dtype=np.int64)
_NO_TRAITS = np.empty((N_TRAIT_DRAWS, 0))
for _a in (_NO_BIRTHS, _NO_BANDS, _NO_TRAITS):
    _a.flags.writeable = False


#: The newcomers' cumulative band shares by (``k``, ``k_old``), per age weights (their type
#: and bytes).
_SHARED_CDFS: dict[tuple[str, bytes], dict[tuple[int, int], np.ndarray | None]] = {}


class ArrivalDraws:
    """A group's births and in-migrants of each month (:meth:`draw`): births from its number
    of women aged 15-49; newcomers in proportion to its population, of working age with
    their children, and older people (50-79) returning or moving closer to their children.

    What is fixed for the group is computed once: its monthly rates and the two age
    profiles of newcomers from its age weights (``base``:
    :func:`~simulate.model.population.residents.age_weights`). The newcomers' age bands
    are drawn from the cumulative shares of ``k`` young and ``k_old`` older newcomers,
    kept per (``k``, ``k_old``): the same few counts come month after month, and each is
    computed exactly as it would be afresh. They depend on the age weights only, so the
    groups with the same weights (the replications of a batch, the arms) share them."""

    def __init__(self, sc: Scenario, base: np.ndarray):
        d = sc.demography
        self.births = d.births_per_1000_women_15_49 / 1000 / 12
        self.in_migration = d.in_migration_per_1000 / 1000 / 12
        self.older = d.older_in_migration_per_1000 / 1000 / 12
        self.base = base
        self.young = base.copy()
        self.young[IN_MIGRANT_MAX_BAND:] = 0.0
        self.old = np.zeros_like(base)
        self.old[OLDER_BANDS] = base[OLDER_BANDS]
        self.young_sum, self.old_sum = self.young.sum(), self.old.sum()
        if len(_SHARED_CDFS) > 64:  # many villages' weights: keep memory bounded
            _SHARED_CDFS.clear()
        self._cdf = _SHARED_CDFS.setdefault((base.dtype.str, base.tobytes()), {})

    def draw(self, women: int, alive: int, births_rng: np.random.Generator,
             in_rng: np.random.Generator) -> Arrivals:
        """This month's newcomers (``alive``: before the births; the newborns count too)."""
        k_born = births_rng.poisson(self.births * women)
        born = births_rng.random(k_born) if k_born else _NO_BIRTHS
        alive += k_born
        k = in_rng.poisson(self.in_migration * alive)
        k_old = in_rng.poisson(self.older * alive)
        cdf = self.cdf(int(k), int(k_old))
        if cdf is None:  # nobody comes, or a village with no one of the ages
            return Arrivals(born, _NO_BANDS, _NO_TRAITS)
        band, u = draw_with_cdf(in_rng, k + k_old, cdf)
        return Arrivals(born, band, u)

    def cdf(self, k: int, k_old: int) -> np.ndarray | None:
        """The bands' cumulative shares of ``k`` young and ``k_old`` older newcomers (None
        when their weights are all 0)."""
        key = (k, k_old)
        if key not in self._cdf:
            if len(self._cdf) > 4096:  # a big village's many counts: keep memory bounded
                self._cdf.clear()
            weights = np.zeros_like(self.base)
            if k:
                weights += k * self.young / self.young_sum if self.young_sum > 0 else 0.0
            if k_old:
                weights += k_old * self.old / self.old_sum if self.old_sum > 0 else 0.0
            self._cdf[key] = band_cdf(weights) if weights.sum() > 0 else None
        return self._cdf[key]


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
