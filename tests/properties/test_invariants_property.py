"""Invariants over generated valid scenarios, and the checks that catch their violation."""
from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import valid_overrides

import simulate
from simulate.model import invariants
from simulate.model.arm import simulate_arm
from simulate.model.invariants import (
    InvariantError,
    check_arm,
    check_paired,
    check_residents,
    check_transfers,
)
from simulate.model.population.residents import NURSING_HOME, WLZ_HOME, Residents


@settings(max_examples=25)
@given(valid_overrides(), st.integers(0, 2**32))
def test_invariants_hold_for_valid_scenarios(overrides, seed):
    sc = simulate.load_scenario("dorpsondersteuner", overrides)
    res = simulate.run(sc, reps=1, seed=seed)  # the model checks its invariants as it runs
    costs = res.costs
    assert (costs[costs.service != "transfers"].eur >= 0).all(), "no negative costs"
    moved = costs[costs.service == "transfers"].groupby(["arm", "year"]).eur.sum()
    assert np.allclose(moved, 0, atol=1e-6), "regime transfers sum to zero every year"
    by_payer = costs.groupby("arm").eur.sum()
    by_service = costs.groupby(["arm", "service"]).eur.sum().groupby("arm").sum()
    assert np.allclose(by_payer, by_service, rtol=1e-12), "payer totals equal service totals"
    for arm, flows in res.metadata["flows"][0].items():
        assert flows["start"] + flows["birth"] + flows["move_in"] - flows["death"] \
            - flows["move_out"] == flows["end"], f"people conserved in {arm}"
        pop = res.population[(res.population.arm == arm)]
        end_year = res.metadata["scenario"]["start_year"] + -(-len(
            res.series[(res.series.series == "residents") & (res.series.arm == arm)
                       & (res.series.replication == 0)]) // 12)
        last = pop[pop.year == end_year].residents.sum()  # zero rows are not written
        assert last == flows["end"], "each resident counted once, in one state"
    assert (res.population.residents >= 0).all() and (res.events["count"] >= 0).all()
    assert (res.series.value >= 0).all(), "no negative residents, waiting lists, beds, members"
    s = res.summary
    assert np.allclose(s.difference_eur, s.scenario_eur - s.counterfactual_eur)
    if overrides.get("counterfactual.keep_initiatives"):
        assert (s.difference_eur == 0).all(), "scenario = counterfactual: no difference at all"


# -- the checks catch what they should ----------------------------------------------------------

@pytest.fixture(scope="module")
def arm(small_scenario):
    return simulate_arm(small_scenario, seed=1, replication=0)


def test_transfers_that_sum_to_zero_pass_and_others_fail():
    ok = np.array([[100.0, -60.0, -40.0], [0.0, 0.0, 0.0]])  # [month, payer]
    check_transfers(ok, axis=1)
    with pytest.raises(InvariantError, match="do not sum to zero"):
        check_transfers(ok + np.array([[0.0, 0.0, 1.0], [0.0, 0.0, 0.0]]), axis=1)
    with pytest.raises(InvariantError, match="not a finite number"):
        check_transfers(np.array([[np.nan, 0.0]]), axis=1)


def test_negative_or_nan_numbers_are_caught(arm):
    bad_cost = dataclasses.replace(arm, cost=arm.cost.copy())
    bad_cost.cost[0, 0] = -1.0
    with pytest.raises(InvariantError, match="cost: a negative value"):
        invariants._check_numbers(bad_cost)
    bad_series = dataclasses.replace(arm, monthly={**arm.monthly,
                                                   "waiting": arm.monthly["waiting"] * np.nan})
    with pytest.raises(InvariantError, match="series waiting: a value that is not a finite"):
        invariants._check_numbers(bad_series)


def test_a_resident_waiting_outside_wlz_is_caught():
    res = Residents(4)
    res.append({"age_m": np.array([900, 900]), "state": np.array([WLZ_HOME, 0], np.int8),
                "waiting": np.array([True, False])})
    check_residents(res)
    res.view("waiting")[1] = True
    with pytest.raises(InvariantError, match="waits for a bed"):
        check_residents(res)


def test_census_that_misses_a_resident_is_caught():
    res = Residents(4)
    res.append({"age_m": np.array([900, 900]), "state": np.array([0, 1], np.int8)})
    census = np.zeros((20, 2, 6), dtype=np.int64)
    census[0, 0, 0] = 1
    with pytest.raises(InvariantError, match="census by state"):
        check_residents(res, census)


def test_beds_overfilled_by_admissions_are_caught(arm):
    census = arm.census.copy()
    census[-1, 15, 0, NURSING_HOME] += 1000
    with pytest.raises(InvariantError, match="grew above the beds"):
        check_arm(dataclasses.replace(arm, census=census), _residents_matching(census[-1]),
                  beds=6)


def _residents_matching(census: np.ndarray) -> Residents:
    counts = census.reshape(-1, 6).sum(axis=0)
    state = np.repeat(np.arange(6, dtype=np.int8), counts)
    res = Residents(len(state))
    res.append({"age_m": np.zeros(len(state), np.int32), "state": state})
    return res


def test_arms_that_differ_are_caught(arm):
    other = dataclasses.replace(arm, eur=arm.eur * 1.0000001)
    check_paired({"counterfactual": arm, "scenario": arm})
    with pytest.raises(InvariantError, match="differ in eur"):
        check_paired({"counterfactual": arm, "scenario": other})
