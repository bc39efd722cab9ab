"""Residents as a struct of numpy arrays (one slot per person who ever lived in the village).

Slots are never reused: a resident who dies or moves out keeps the slot with state ``DEAD``
or ``GONE``, and newcomers are appended. That keeps each resident's random numbers aligned
across arms (slot ``i`` draws the ``i``-th uniform of every stream).
"""
from __future__ import annotations

from functools import cache
from typing import Protocol

import numpy as np

from simulate.data import AGE_BANDS, table
from simulate.scenario.schema import STATES, Scenario

VITAL, PREFRAIL, FRAIL, HOMECARE, WLZ_HOME, NURSING_HOME = range(6)
DEAD, GONE = 6, 7
N_STATES = len(STATES)
N_BANDS = len(AGE_BANDS)

_FIELDS = {
    "age_m": np.int32,         # age in months
    "sex": np.int8,            # 0 male, 1 female
    "state": np.int8,          # 0..5 care states, 6 dead, 7 moved out
    "lonely": np.bool_,        # severely lonely
    "alone": np.bool_,         # lives alone
    "low_income": np.bool_,
    "carer": np.bool_,         # an informal carer (mantelzorger) is available
    "waiting": np.bool_,       # Wlz client at home waiting for a nursing-home bed
    "wait_since": np.int32,    # month the wait started
    "hip_m": np.int16,         # months left of raised risk after a hip fracture
    "member": np.uint32,       # bit k set: takes part in initiative k
    "volunteer": np.uint8,     # k + 1: volunteers for initiative k; 0: does not volunteer
    "insurer": np.uint8,       # index of the resident's health insurer (population/insurance)
    "outside": np.bool_,       # in a nursing-home bed outside the village (care/beds.py)
}


class Population(Protocol):
    """What the monthly steps read and write of residents: one group's (:class:`Residents`,
    or a group of a batch) or a whole batch's (:mod:`simulate.model.population.groups`).
    ``view(name)`` is the slots in use of one field; writes to it change the residents."""

    @property
    def n(self) -> int: ...

    def view(self, name: str) -> np.ndarray: ...

    def alive(self) -> np.ndarray: ...

    def age_band(self) -> np.ndarray: ...


class Growing(Population, Protocol):
    """Residents of one group, to which newcomers are added (their local slots returned)."""

    def append(self, columns: dict[str, np.ndarray]) -> np.ndarray: ...


class Residents:
    """All residents of one arm; ``n`` slots are in use."""

    # one array per field of _FIELDS, set in __init__ (named here for readers and type checkers)
    state: np.ndarray
    insurer: np.ndarray

    def __init__(self, capacity: int):
        capacity = max(int(capacity), 16)
        for name, dtype in _FIELDS.items():
            setattr(self, name, np.zeros(capacity, dtype=dtype))
        self.n = 0

    @property
    def capacity(self) -> int:
        return len(self.state)

    def view(self, name: str) -> np.ndarray:
        """The in-use part of one attribute."""
        return getattr(self, name)[: self.n]

    def append(self, columns: dict[str, np.ndarray]) -> np.ndarray:
        """Add residents; return their slot indices."""
        k = len(columns["age_m"])
        if self.n + k > self.capacity:
            self._grow(self.n + k)
        idx = np.arange(self.n, self.n + k)
        for name in _FIELDS:
            getattr(self, name)[idx] = columns.get(name, 0)
        self.n += k
        return idx

    def _grow(self, needed: int) -> None:
        new = max(needed, int(self.capacity * 1.5))
        for name in _FIELDS:
            old = getattr(self, name)
            arr = np.zeros(new, dtype=old.dtype)
            arr[: len(old)] = old
            setattr(self, name, arr)

    def alive(self) -> np.ndarray:
        """Mask of residents living in the village (any care state)."""
        return self.view("state") < N_STATES

    def age_band(self) -> np.ndarray:
        """5-year age band index (0 = 0-4, ..., 19 = 95+) of every slot in use."""
        return np.minimum(self.view("age_m") // 60, N_BANDS - 1)


@cache
def _by_band() -> dict[str, np.ndarray]:
    """Traits by age band from the data tables (``table`` is cached, so these are fixed):
    the female share, the cumulative shares of the care states, loneliness, living alone.
    Computed once: newcomers are drawn every month in every group, a few at a time."""
    ages, init = table("age_structure"), table("initial_states")
    shares = np.stack([np.asarray(init[s]) for s in STATES], axis=1)
    return {"female": np.asarray(ages["female_share"]),
            "cum": np.cumsum(shares / shares.sum(axis=1, keepdims=True), axis=1),
            "lonely": np.asarray(init["lonely"]), "alone": np.asarray(init["alone"])}


def draw_people(scenario: Scenario, rng: np.random.Generator, k: int,
                band_weights: np.ndarray) -> dict[str, np.ndarray]:
    """New residents with ages from ``band_weights`` and traits from the data tables."""
    pop = scenario.population
    band, u = draw_numbers(rng, k, band_weights)
    return people_of(band, u, pop.carer_available_share, pop.low_income_share)


#: Uniforms drawn per new resident after its age band (rows of ``u`` in :func:`people_of`).
N_TRAIT_DRAWS = 7


def draw_numbers(rng: np.random.Generator, k: int, band_weights: np.ndarray
                 ) -> tuple[np.ndarray, np.ndarray]:
    """The random numbers of ``k`` new residents: their age bands (from ``band_weights``),
    then ``N_TRAIT_DRAWS`` uniforms each, row by row (one row is one ``rng.random(k)``).

    The bands are what ``rng.choice(N_BANDS, size=k, p=...)`` draws, computed as numpy's
    ``choice`` does (cumulative shares scaled to end at 1, :func:`band_cdf`, then a
    ``searchsorted`` of ``k`` uniforms) without its checks of ``p``, which cost six times the
    draw at a few people (``tests/model/test_demography.py`` pins the equality)."""
    return draw_with_cdf(rng, k, band_cdf(band_weights))


def band_cdf(band_weights: np.ndarray) -> np.ndarray:
    """The cumulative shares of the age bands that :func:`draw_numbers` searches (a caller
    drawing often from the same weights keeps them)."""
    p = band_weights / band_weights.sum()
    cdf = p.cumsum()
    cdf /= cdf[-1]
    return cdf


def draw_with_cdf(rng: np.random.Generator, k: int, cdf: np.ndarray
                  ) -> tuple[np.ndarray, np.ndarray]:
    """:func:`draw_numbers` from the bands' cumulative shares (:func:`band_cdf`)."""
    u = rng.random((1 + N_TRAIT_DRAWS, k))
    return cdf.searchsorted(u[0], side="right"), u[1:]


def people_of(band: np.ndarray, u: np.ndarray, carer_share: float | np.ndarray,
              low_income_share: float | np.ndarray) -> dict[str, np.ndarray]:
    """New residents from their numbers (:func:`draw_numbers`): age within the band, sex,
    care state, carer, loneliness, living alone, low income, by the data tables. The
    shares are numbers, or arrays with one entry per person (newcomers of several groups,
    each with its own scenario, made in one pass)."""
    by_band = _by_band()
    months_in_band = np.where(band == N_BANDS - 1, 120, 60)
    age_m = band * 60 + (u[0] * months_in_band).astype(np.int32)
    sex = (u[1] < by_band["female"][band]).astype(np.int8)
    cum = by_band["cum"][band]
    state = (u[2][:, None] > cum).sum(axis=1).clip(0, N_STATES - 1).astype(np.int8)
    old = age_m >= 65 * 12
    carer = np.where(old, u[3] < carer_share, True)
    return {
        "age_m": age_m.astype(np.int32), "sex": sex, "state": state,
        "lonely": u[4] < by_band["lonely"][band],
        "alone": u[5] < by_band["alone"][band],
        "low_income": u[6] < low_income_share,
        "carer": carer,
        "waiting": np.zeros(len(band), dtype=bool),
    }


def age_weights(scenario: Scenario) -> np.ndarray:
    """Weights of the 5-year age bands: ``population.age_weights`` if given (bands left out
    weigh 0), else the ``population.age_structure`` column of data/age_structure.csv."""
    given = scenario.population.age_weights
    if given:
        return np.array([float(given.get(b, 0.0)) for b in AGE_BANDS])
    return np.asarray(table("age_structure")[scenario.population.age_structure], dtype=float)


def initial_capacity(size: int) -> int:
    """Slots reserved for a village of ``size`` at the start: births and newcomers add about a
    quarter over the horizon (the arrays grow beyond it when needed)."""
    return int(size * 1.25) + 64


def initial_residents(scenario: Scenario, rng: np.random.Generator) -> Residents:
    """The village at month 0: ages from the scenario's age structure, states by age."""
    size = scenario.population.size
    weights = age_weights(scenario)
    res = Residents(capacity=initial_capacity(size))
    if size:
        # Nobody waits for a bed on the first day: data/initial_states.csv is a burn-in in which
        # everyone who wanted a bed got one, so its wlz_home residents chose care at home. The
        # bed queue builds its own waiting list from the first month.
        res.append(draw_people(scenario, rng, size, weights))
    return res
