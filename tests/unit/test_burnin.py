"""Initial states from a burn-in: shares per age band, written with the other columns kept."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import simulate
from simulate.calibration.burnin import burn_in_shares, write_initial_states
from simulate.data import table


@pytest.fixture(scope="module")
def shares():
    sc = simulate.load_scenario("village")
    return burn_in_shares(sc, years=4, reps=1, size=3000)


def test_shares_are_a_distribution_per_age_band(shares):
    assert len(shares) == 20
    np.testing.assert_allclose(shares.sum(axis=1), 1.0, err_msg="each band sums to 1")
    assert (shares.to_numpy() >= 0).all()


def test_older_bands_need_more_care(shares):
    heavy = shares[["homecare", "wlz_home", "nursing_home"]].sum(axis=1)
    assert heavy["85-89"] > heavy["75-79"] > heavy["65-69"] > heavy["40-44"], heavy.to_dict()


def test_written_table_keeps_loneliness_and_living_alone(shares, tmp_path):
    out = tmp_path / "initial_states.csv"
    write_initial_states(shares, out, size=3000, years=4, reps=1, seed=1)
    lines = out.read_text().splitlines()
    assert lines[0].startswith("#") and "burn-in" in out.read_text(), "says how it was made"
    df = pd.read_csv(out, comment="#")
    np.testing.assert_allclose(df[["vital", "prefrail", "frail", "homecare", "wlz_home",
                                   "nursing_home"]].sum(axis=1), 1.0, atol=1e-9)
    np.testing.assert_array_equal(df["lonely"], table("initial_states")["lonely"])
    np.testing.assert_array_equal(df["alone"], table("initial_states")["alone"])
