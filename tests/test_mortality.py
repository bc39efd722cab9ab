"""Death rates by age follow the life table; the state multipliers only say who dies."""
from __future__ import annotations

import numpy as np

import simulate
from simulate.data import table
from simulate.population.rates import (MAX_AGE, SEX_FACTOR, hazard, make_rates,
                                       mortality_curve)
from simulate.scenario import STATES


def average_hazard(sc, rates):
    """The death hazard of the average resident of each age under the initial state mix."""
    init = table("initial_states")
    shares = np.stack([np.asarray(init[s]) for s in STATES], axis=1)
    shares = shares / shares.sum(axis=1, keepdims=True)
    lonely = np.asarray(init["lonely"])
    band = np.minimum(np.arange(MAX_AGE) // 5, 19)
    mix = (shares @ rates.death_state.astype(float)) * (
        1 + lonely * (sc.demography.lonely_mortality_hr - 1))
    return rates.death.astype(float) * mix[band][None, :]


def test_the_average_resident_dies_at_the_life_table_rate():
    for mult in ({}, {"demography.mortality_multiplier.nursing_home": 20.0,
                      "demography.mortality_multiplier.vital": 0.2}):
        sc = simulate.load_scenario("village", mult)
        expected = hazard(np.clip(mortality_curve("cbs_2019")[None, :] * SEX_FACTOR[:, None],
                                  0, 0.95))
        np.testing.assert_allclose(average_hazard(sc, make_rates(sc)), expected, rtol=1e-5,
                                   err_msg=f"life table kept with multipliers {mult}")


def test_heavier_states_die_more():
    r = make_rates(simulate.load_scenario("village"))
    assert (np.diff(r.death_state[:4]) > 0).all(), "vital < prefrail < frail < homecare"
