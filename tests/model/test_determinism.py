"""Reproducibility and common random numbers."""
from __future__ import annotations

import numpy as np
import pandas as pd

import simulate
from simulate.model.streams import Streams


def test_same_seed_same_numbers(small_scenario):
    a = simulate.run(small_scenario, reps=2, seed=11)
    b = simulate.run(small_scenario, reps=2, seed=11)
    for name in ("costs", "population", "events", "summary"):
        pd.testing.assert_frame_equal(a.tables[name], b.tables[name])


def test_different_seed_different_numbers(small_scenario):
    a = simulate.run(small_scenario, reps=1, seed=1).costs.eur.sum()
    b = simulate.run(small_scenario, reps=1, seed=2).costs.eur.sum()
    assert a != b


def test_jobs_do_not_change_numbers(small_scenario):
    serial = simulate.run(small_scenario, reps=3, seed=5, jobs=1)
    parallel = simulate.run(small_scenario, reps=3, seed=5, jobs=2)
    for name in ("costs", "population", "events", "summary"):
        pd.testing.assert_frame_equal(serial.tables[name], parallel.tables[name])


def test_arms_identical_without_a_difference():
    names = list(simulate.load_scenario("village").initiatives)
    sc = simulate.load_scenario("village", {"population.size": 500, "horizon_years": 4,
                                            "counterfactual.keep_initiatives": names})
    res = simulate.run(sc, reps=2, seed=3)
    assert (res.summary.difference_eur == 0).all(), "no difference between arms: exactly 0"
    pop = res.population.pivot_table(index=["replication", "year", "age_band", "sex", "state"],
                                     columns="arm", values="residents", fill_value=0)
    assert (pop.counterfactual == pop.scenario).all()


def test_streams_prefix_and_independence():
    st = Streams(seed=1, replication=0)
    long, short = st.uniform("x", 4, 1000), st.uniform("x", 4, 10)
    assert np.array_equal(long[:10], short), "resident i gets the same draw for any n"
    assert not np.array_equal(st.uniform("x", 5, 10), short), "months differ"
    assert not np.array_equal(st.uniform("y", 4, 10), short), "streams differ"
    assert np.array_equal(Streams(1, 0).uniform("x", 4, 10), short), "no hidden state"
    assert not np.array_equal(Streams(1, 1).uniform("x", 4, 10), short), "replications differ"
