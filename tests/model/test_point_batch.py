"""Design points as groups (issue 15, "use the speed"): the arms of several points and
replications advanced in one batch give, per arm, exactly the numbers each gives alone,
whatever the batch size. Exactness (``np.array_equal``) is the test: points differ only in
parameter values, and the batch may change the speed, never a number."""
from __future__ import annotations

import numpy as np
import pytest

import simulate
from simulate.experiments.executors import SerialExecutor
from simulate.experiments.pointbatch import judged, outcome, plan_tasks
from simulate.experiments.points import arm_totals, build_points, run_points
from simulate.experiments.replication import run_replication
from simulate.model.arm import simulate_arm, simulate_arms
from simulate.scenario import counterfactual_of
from tests.model.test_batch import ARRAYS

SMALL = {"population.size": 300, "horizon_years": 4, "uncertainty.parameters": False}
INI = "initiatives.dorpsondersteuner"
#: an initiative's number (the counterfactual is shared), a health number (GroupParams: every
#: point its own counterfactual), a price (the books), the initiative's staff (its own
#: group's state) and the village's size (blocks of different sizes)
POINTS = [{}, {f"{INI}.effects.progression_multiplier": 0.5},
          {"health.progression_annual.frail": 0.24},
          {"services.wlz_thuis.unit_cost_eur": 3500}, {f"{INI}.caseload_per_fte": 60},
          {"population.size": 420}]


def test_arms_of_different_points_in_one_batch_are_each_exactly_their_own_run():
    """simulate_arms with a different scenario per group (points, not replications) gives
    every group exactly the arrays of its run alone: health numbers per group, books,
    initiatives and block sizes all differ between the groups."""
    base = simulate.load_scenario("village", SMALL)
    pairs = build_points(base, POINTS)
    groups = [(sc, r) for sc, _ in pairs for r in (0, 1)][::-1]
    batch = simulate_arms([sc for sc, _ in groups], 5, [r for _, r in groups])
    for (sc, r), got in zip(groups, batch):
        alone = simulate_arm(sc, 5, r)
        for name in ARRAYS:
            assert np.array_equal(getattr(got, name), getattr(alone, name)), name
        assert got.monthly.keys() == alone.monthly.keys()
        for k in got.monthly:
            assert np.array_equal(got.monthly[k], alone.monthly[k]), k
        assert got.flows == alone.flows
        assert repr(got.decisions) == repr(alone.decisions)
    # not vacuous: the points' numbers differ (same replication, other parameters)
    eur = {i: batch[i].eur.sum() for i in range(len(batch))}
    assert len(set(eur.values())) > len(POINTS)


@pytest.mark.parametrize("name, batch", [("village", None), ("village", 1), ("village", 5),
                                         ("pilot_cliff", None), ("pilot_cliff", 3)])
def test_run_points_gives_each_point_the_numbers_of_its_arms_alone(name, batch):
    """village: scenario arms not judged (one batch); pilot_cliff: judged against their own
    counterfactual (a second batch reads the first), and funding stops."""
    base = simulate.load_scenario(name, SMALL)
    pairs = build_points(base, POINTS)
    assert judged(*pairs[0]) == (name == "pilot_cliff")
    running: dict[int, np.ndarray] = {}
    got = run_points(base, POINTS, 2, 9, SerialExecutor(), pairs=pairs, running=running,
                     batch=batch)
    for i, (sc, cf) in enumerate(pairs):
        for r in range(2):   # each point's arms exactly as `simulate run` gives them
            arms = run_replication(sc, cf, 9, r)
            assert np.array_equal(got[i][r, 0], arms["counterfactual"].eur.sum(axis=2)), (i, r)
            assert np.array_equal(got[i][r, 1], arms["scenario"].eur.sum(axis=2)), (i, r)
            assert np.array_equal(running[i][r], outcome(arms["scenario"])[1])
            ref = cf if judged(sc, cf) else None
            assert np.array_equal(got[i][r, 1], arm_totals(sc, 9, r, ref)), (i, r)
    assert not np.array_equal(got[0], got[1]) and not np.array_equal(got[0], got[2])


def test_tasks_share_a_counterfactual_and_keep_to_the_batch_size():
    """A block of points that vary only an initiative runs its counterfactual once per
    replication; no batch exceeds the size asked for; every (point, replication, arm) is
    filled exactly once."""
    base = simulate.load_scenario("village", SMALL)
    points = [{f"{INI}.caseload_per_fte": c} for c in (60, 80, 100, 120, 140)]
    pairs = build_points(base, points)
    tasks = plan_tasks(pairs, range(len(points)), 2, 12)
    assert len(tasks) == 1
    t = tasks[0]
    assert not judged(*pairs[0])  # the village's payers do not judge against a reference
    assert len(t.first) == 12 and not t.second   # one cf per replication, then 5 x 2 arms
    cf = [arm for arm in t.first if not arm[0].initiatives]
    assert len(cf) == 2
    tasks = plan_tasks(pairs, range(len(points)), 3, 4)
    assert len(tasks) > 1 and all(len(t.second) <= 4 and len(t.first) <= 4 for t in tasks)
    filled = sorted(u for t in tasks for units in t.fills for u in units)
    assert filled == sorted((i, r, a) for i in range(5) for r in range(3) for a in (0, 1))
    # an arm judged by no one runs once in the whole analysis, whatever task needs it
    assert sum(not sc.initiatives for t in tasks for sc, _ in t.first) == 3


def test_a_judged_scenario_arm_runs_in_the_task_of_its_counterfactual():
    base = simulate.load_scenario("pilot_cliff", SMALL)
    points = [{f"{INI}.caseload_per_fte": c} for c in (60, 80, 100, 120, 140)]
    pairs = build_points(base, points)
    tasks = plan_tasks(pairs, range(len(points)), 3, 4)
    for t in tasks:
        for sc, r, k in t.second:
            ref, r_ref = t.first[k]
            assert r_ref == r and not ref.initiatives and sc.initiatives
    filled = sorted(u for t in tasks for units in t.fills for u in units)
    assert filled == sorted((i, r, a) for i in range(5) for r in range(3) for a in (0, 1))
    # the tornado's 16 replications: counterfactuals shared by the points of a block, so
    # far fewer than one per scenario arm (as one point per task would run)
    tasks = plan_tasks(pairs, range(len(points)), 16, 20)
    second = sum(len(t.second) for t in tasks)
    assert second == 80 and sum(len(t.first) for t in tasks) <= 0.5 * second


def test_points_that_cannot_share_a_batch_go_to_different_tasks():
    """A different horizon is not a group of the same batch (the engine's condition)."""
    base = simulate.load_scenario("village", SMALL)
    points = [{}, {"horizon_years": 3}]
    pairs = build_points(base, points)
    tasks = plan_tasks(pairs, [0, 1], 1, 20)
    assert len(tasks) == 2
    got = run_points(base, points, 1, 4, SerialExecutor(), pairs=pairs)
    assert got[0].shape[2] == 4 and got[1].shape[2] == 3
    arms = run_replication(pairs[1][0], counterfactual_of(pairs[1][0]), 4, 0)
    assert np.array_equal(got[1][0, 0], arms["counterfactual"].eur.sum(axis=2))
