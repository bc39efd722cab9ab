"""The group axis (issue 15): replications advanced together in one struct of arrays give, per
replication, exactly the arrays a run of that replication alone gives, whatever the batch,
the jobs or the growth of the groups' blocks. Exactness (``np.array_equal``) is the test: the
batch may change the speed, never a number."""
from __future__ import annotations

import numpy as np
import pytest

import simulate
from simulate.experiments.replication import batches, run_replication, run_replications
from simulate.experiments.runner import batch_size
from simulate.model import arm as arm_module
from simulate.model.arm import simulate_arms
from simulate.model.population.groups import GroupedResidents
from simulate.model.population.params import GroupParams
from simulate.model.population.rates import make_rates
from simulate.model.population.residents import GONE, Residents
from simulate.scenario import counterfactual_of

SMALL = {"population.size": 300, "horizon_years": 4}
ARRAYS = ("eur", "cost", "hours", "events", "census", "insurer_eur")


def assert_same_arms(a: dict, b: dict) -> None:
    """Every array, series, flow and decision of both arms identical."""
    for arm in ("counterfactual", "scenario"):
        x, y = a[arm], b[arm]
        for name in ARRAYS:
            assert np.array_equal(getattr(x, name), getattr(y, name)), f"{arm}: {name}"
        assert x.monthly.keys() == y.monthly.keys()
        for k in x.monthly:
            assert np.array_equal(x.monthly[k], y.monthly[k]), f"{arm}: series {k}"
        assert x.flows == y.flows, arm
        assert repr(x.decisions) == repr(y.decisions), arm
        assert x.services == y.services


def batch_and_alone(name: str, overrides: dict, reps=(0, 1, 2, 3), seed: int = 3):
    sc = simulate.load_scenario(name, {**SMALL, **overrides})
    cf = counterfactual_of(sc)
    batch = run_replications(sc, cf, seed, list(reps))
    alone = [run_replication(sc, cf, seed, r) for r in reps]
    return sc, batch, alone


@pytest.mark.parametrize("name, overrides", [
    ("village", {}),                                                  # parameters drawn (PSA)
    ("village", {"uncertainty.parameters": False}),                   # groups share numbers
    ("pilot_cliff", {"uncertainty.parameters": False}),               # funding stops: collapse
    ("care_home_closes", {"horizon_years": 7}),                       # beds change, PSA on
    ("village", {"care.nursing_home_beds": 1}),                       # clients placed outside
])
def test_a_batch_gives_each_replication_exactly_its_own_run(name, overrides):
    sc, batch, alone = batch_and_alone(name, overrides)
    if sc.care.nursing_home_beds == 1:  # the placed clients' path is taken
        assert max(b["scenario"].monthly["beds_outside"].max() for b in batch) > 0
    for b, a in zip(batch, alone):
        assert_same_arms(b, a)
    # not vacuous: the replications differ from each other, and the arms do
    assert not np.array_equal(batch[0]["scenario"].eur, batch[1]["scenario"].eur)
    assert not np.array_equal(batch[0]["scenario"].eur, batch[0]["counterfactual"].eur)


def test_parameters_drawn_per_replication_reach_the_batched_step():
    """Under PSA each replication of a batch has its own health numbers (per-group arrays),
    and the batch still reproduces each replication's own run (the test above); here: the
    batch's numbers do differ between its groups, so the per-group path is the one tested."""
    from simulate.experiments.psa import for_replication
    sc = simulate.load_scenario("village", SMALL)
    cf = counterfactual_of(sc)
    drawn = [for_replication(sc, cf, 3, r)[0] for r in range(3)]
    par = GroupParams(drawn, [make_rates(d) for d in drawn], np.repeat(np.arange(3), 2))
    assert not all(par.same(k) for k in ("up", "death_risk", "prog_risk", "fall", "need",
                                         "lonely_on", "death_by_year"))
    shared = GroupParams([sc] * 3, [make_rates(sc)] * 3, np.repeat(np.arange(3), 2))
    assert all(shared.same(k) for k in ("up", "fall", "need", "stay_home"))
    assert np.isscalar(shared.at("stay_home")), "shared numbers stay scalars, as in one group"


def test_blocks_that_grow_mid_run_keep_every_number(monkeypatch):
    """Blocks too small for the newcomers grow (slots move) during the run; the results are
    those of roomy blocks."""
    sc = simulate.load_scenario("village", {**SMALL, "uncertainty.parameters": False,
                                            "demography.in_migration_per_1000": 60.0})
    roomy = simulate_arms([sc, sc], 4, [0, 1])
    monkeypatch.setattr(arm_module, "initial_capacity", lambda size: size)
    grown = simulate_arms([sc, sc], 4, [0, 1])
    for a, b in zip(roomy, grown):
        assert_same_arms({"counterfactual": a, "scenario": a}, {"counterfactual": b,
                                                                "scenario": b})
    assert roomy[0].flows["move_in"] > 0, "blocks of exactly the starting size had to grow"


def test_grouped_residents_keep_each_groups_slots_through_growth():
    res = Residents(10)
    res.append({"age_m": np.arange(5, dtype=np.int32), "state": np.zeros(5, np.int8)})
    g = GroupedResidents(3, 16)
    for k in range(3):
        g.place(k, res)
    view = g.of(1)
    new = view.append({"age_m": np.full(20, 7, np.int32), "state": np.zeros(20, np.int8)})
    assert list(new) == list(range(5, 25)) and g.block >= 25
    assert list(g.of(1).view("age_m")) == [0, 1, 2, 3, 4] + [7] * 20
    assert list(g.of(0).view("age_m")) == [0, 1, 2, 3, 4] and g.of(2).n == 5
    empty = ~np.isin(np.arange(g.n) % g.block, np.arange(5)) & (g.group != 1)
    assert (g.state[empty] == GONE).all(), "slots nobody holds are never alive"
    assert list(g.per_group(g.alive())) == [5, 25, 5]


def test_newcomers_of_all_groups_land_at_the_end_of_their_own_slots_in_one_pass():
    """``GroupedResidents.append`` (every group's newcomers at once) gives each group, in
    order, what it would get by appending its own: growing every block when one overflows,
    leaving fields not given at 0 and other groups' residents where they were."""
    res = Residents(10)
    res.append({"age_m": np.arange(5, dtype=np.int32), "state": np.zeros(5, np.int8),
                "hip_m": np.full(5, 3, np.int16)})
    g = GroupedResidents(3, 16)
    for k in range(3):
        g.place(k, res)
    per_group = np.array([2, 0, 14])   # group 2 needs 19 slots: every block grows
    ages = np.array([50, 51] + list(range(100, 114)), dtype=np.int32)
    slots = g.append(per_group, {"age_m": ages, "state": np.ones(16, np.int8)})
    assert g.block >= 19 and list(g.counts) == [7, 5, 19]
    assert list(g.of(0).view("age_m")) == [0, 1, 2, 3, 4, 50, 51]
    assert list(g.of(1).view("age_m")) == [0, 1, 2, 3, 4]
    assert list(g.of(2).view("age_m")) == [0, 1, 2, 3, 4] + list(range(100, 114))
    assert list(g.view("age_m")[slots]) == list(ages), "slots are returned group by group"
    assert list(g.of(2).view("hip_m")) == [3] * 5 + [0] * 14, "fields not given are 0"
    assert list(g.per_group(g.alive())) == [7, 5, 19], "slots nobody holds stay empty"


def test_jobs_and_batch_sizes_give_the_same_results():
    sc = simulate.load_scenario("village", {**SMALL, "horizon_years": 2})
    one = simulate.run(sc, reps=4, seed=11, jobs=1)
    two = simulate.run(sc, reps=4, seed=11, jobs=2, batch=1)
    odd = simulate.run(sc, reps=4, seed=11, jobs=1, batch=3)
    for other in (two, odd):
        for name in ("costs", "events"):
            a, b = one.tables[name], other.tables[name]
            assert a.equals(b), name


def test_batches_split_replications_in_order():
    assert batches(range(5), 2) == [[0, 1], [2, 3], [4]]
    assert batch_size(20, 1) == 20 and batch_size(20, 2) == 10
    assert batch_size(20, 1, size=200_000) == 1, "a big village is a batch by itself"
    assert batch_size(20, 2, batch=3) == 3
    with pytest.raises(ValueError):
        batch_size(4, 1, batch=0)
