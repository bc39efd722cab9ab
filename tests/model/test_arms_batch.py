"""Both arms of a replication in one batch (issue 15): a scenario arm judged against its
counterfactual reads it while both run (``LiveReference``), and each arm gets exactly
(``np.array_equal``: every array, series, flow and decision) what it gets when the
counterfactual runs first as a batch of its own."""
from __future__ import annotations

import dataclasses
from types import SimpleNamespace

import numpy as np
import pytest

import simulate
from simulate.experiments.pointbatch import batch_services
from simulate.experiments.psa import for_replication
from simulate.experiments.replication import is_own_counterfactual, run_replications
from simulate.model import arm as arm_module
from simulate.model.arm import service_axis, simulate_arms
from simulate.model.financing.runtime import needs_reference
from simulate.model.initiatives.batch import union_order
from simulate.model.result import LiveReference, ReferenceNotReady, by_year
from simulate.scenario import counterfactual_of
from simulate.scenario.distributions import fitted_parameters

SMALL = {"population.size": 300, "horizon_years": 5, "uncertainty.parameters": False}
ARRAYS = ("eur", "cost", "hours", "events", "census", "insurer_eur")


def assert_same(x, y, what: str = "") -> None:
    for name in ARRAYS:
        assert np.array_equal(getattr(x, name), getattr(y, name)), f"{what}: {name}"
    assert x.monthly.keys() == y.monthly.keys(), what
    for k in x.monthly:
        assert np.array_equal(x.monthly[k], y.monthly[k]), f"{what}: series {k}"
    assert x.flows == y.flows, what
    assert repr(x.decisions) == repr(y.decisions), what
    assert x.services == y.services, what


def test_a_live_reference_gives_the_finished_ones_numbers():
    """shared_savings measures its savings against the reference every year: judged against
    a group of its own batch (the same initiatives, financed the siloed way), each scenario
    group decides and books exactly what it does against that group's finished result."""
    sc = simulate.load_scenario("shared_savings", SMALL)
    ref = dataclasses.replace(sc, financing=dataclasses.replace(sc.financing, regime="siloed"))
    services = service_axis(sc)
    first = simulate_arms([ref, ref], 5, [0, 1], services)
    then = simulate_arms([sc, sc], 5, [0, 1], services, first)
    both = simulate_arms([ref, ref, sc, sc], 5, [0, 1, 0, 1], services, [None, None, 0, 1])
    for a, b in zip(first + then, both):
        assert_same(a, b)
    # not vacuous: the reference changes what the scenario does
    alone = simulate_arms([sc], 5, [0], services)[0]
    assert not np.array_equal(alone.eur, then[0].eur)
    assert any(d["payer"] != "-" for d in then[0].decisions)


def test_a_reference_read_beyond_the_years_ended_raises():
    rng = np.random.default_rng(1)
    eur, ins = np.zeros((36, 3, 4)), np.zeros((36, 2))
    clock = SimpleNamespace(years_ended=0)
    live = LiveReference(eur, ins, 3, clock)
    with pytest.raises(ReferenceNotReady, match="year 0"):
        live.eur[0]
    eur[:12], ins[:12] = rng.random((12, 3, 4)), rng.random((12, 2))
    clock.years_ended = 1
    assert np.array_equal(live.eur[0], by_year(eur, 3)[0])
    assert np.array_equal(live.insurer_eur[0:1, 1], by_year(ins, 3)[0:1, 1])
    for read in (lambda: live.eur[1], lambda: live.eur[0:2], lambda: live.insurer_eur[1, 0],
                 lambda: live.eur[-1], lambda: live.eur[:]):
        with pytest.raises(ReferenceNotReady):
            read()
    eur[12:], ins[12:] = rng.random((24, 3, 4)) * 1e6, rng.random((24, 2)) * 1e6
    clock.years_ended = 3
    # every year's sum as the finished result has it, to the last bit
    assert np.array_equal(live.eur[0:3], by_year(eur, 3))
    assert np.array_equal(live.insurer_eur[1:3, 0], by_year(ins, 3)[1:3, 0])


def test_references_that_are_not_other_groups_are_refused():
    sc = simulate.load_scenario("village", {**SMALL, "horizon_years": 1})
    with pytest.raises(ValueError, match="another group"):
        simulate_arms([sc, sc], 1, [0, 1], None, [None, 1])


def separately(sc, cf, seed: int, reps: list[int]) -> list[dict]:
    """Both arms as before this step: every counterfactual as one batch, then every scenario
    arm as a second batch, judged against the finished counterfactuals."""
    fitted = fitted_parameters(sc) if sc.uncertainty.parameters else {}
    pairs = [for_replication(sc, cf, seed, r, fitted) for r in reps]
    services = batch_services(pairs[0][0], pairs[0][1])
    cfs = simulate_arms([c for _, c in pairs], seed, reps, services)
    refs = [None if is_own_counterfactual(sc, cf) else c for c in cfs]
    scs = simulate_arms([s for s, _ in pairs], seed, reps, services, refs)
    return [{"counterfactual": c, "scenario": s} for c, s in zip(cfs, scs)]


@pytest.fixture
def batches(monkeypatch):
    """How many batches the engine ran."""
    made = []
    init = arm_module._Batch.__init__

    def counted(self, *args, **kwargs):
        made.append(len(args[0]))
        init(self, *args, **kwargs)
    monkeypatch.setattr(arm_module._Batch, "__init__", counted)
    return made


@pytest.mark.parametrize("name, overrides, reps", [
    ("village", {"uncertainty.parameters": True}, [0, 1, 2]),        # drawn parameters
    ("village", {}, [4]),                                           # a batch of one pair
    ("shared_savings", {}, [0, 1, 2]),                   # reads the reference every year
    ("social_impact_bond", {"horizon_years": 8}, [0, 1]),  # settles against it at the end
    ("populatiebekostiging", {}, [0, 1, 2]),
    # the counterfactual keeps one of the initiatives (not the first: its member bit moves)
    ("village", {"counterfactual.keep_initiatives": ["volunteer_transport"]}, [0, 1, 2]),
])
def test_both_arms_in_one_batch_give_each_arm_its_separate_run(name, overrides, reps, batches):
    sc = simulate.load_scenario(name, {**SMALL, **overrides})
    cf = counterfactual_of(sc)
    old = separately(sc, cf, 7, reps)
    batches.clear()
    new = run_replications(sc, cf, 7, reps)
    assert batches == [2 * len(reps)], "both arms ran as one batch"
    for a, b in zip(old, new):
        for arm in ("counterfactual", "scenario"):
            assert_same(a[arm], b[arm], f"{name} {arm}")
    # not vacuous: the arms differ, and the scenario is judged against the counterfactual
    assert not np.array_equal(new[0]["scenario"].eur, new[0]["counterfactual"].eur)
    if needs_reference(sc):
        alone = simulate_arms([for_replication(sc, cf, 7, reps[0])[0]], 7, reps[:1],
                              new[0]["scenario"].services)[0]
        assert repr(alone.decisions) != repr(new[0]["scenario"].decisions)
    kept = sc.counterfactual.keep_initiatives
    for ini in kept:
        assert max(x["counterfactual"].monthly[f"members.{ini}"].max() for x in new) > 0
    assert all(set(x["counterfactual"].monthly) < set(x["scenario"].monthly) for x in new)


def test_groups_whose_initiatives_are_ordered_differently_run_apart(batches):
    """Effects multiply, and volunteers are recruited, in a group's initiatives' order: groups
    that order the same initiatives differently cannot share one order, so they run as
    separate batches, each with its own numbers."""
    sc = simulate.load_scenario("village", {**SMALL, "horizon_years": 3})
    names = list(sc.initiatives)
    turned = dataclasses.replace(sc, initiatives={n: sc.initiatives[n] for n in names[::-1]})
    assert union_order([names, names[::-1]]) is None
    assert union_order([names, names[1:], []]) == names
    services = service_axis(sc)
    batches.clear()
    both = simulate_arms([sc, turned], 2, [0, 0], services)
    assert batches == [1, 1]
    assert_same(both[0], simulate_arms([sc], 2, [0], services)[0])


def test_arms_with_other_payers_run_as_two_batches_with_the_same_numbers(batches):
    """A counterfactual whose services have other payers cannot share the stacked service
    tables: it runs as a batch of its own first, and the scenario arms are judged against
    its finished results, exactly as before."""
    sc = simulate.load_scenario("shared_savings", {
        **SMALL, "counterfactual.overrides": {"services.begeleiding.payer": "zvw"}})
    cf = counterfactual_of(sc)
    assert cf.services["begeleiding"].payer != sc.services["begeleiding"].payer
    old = separately(sc, cf, 3, [0, 1])
    batches.clear()
    new = run_replications(sc, cf, 3, [0, 1])
    assert batches == [2, 2], "counterfactuals first, then the scenario arms"
    for a, b in zip(old, new):
        for arm in ("counterfactual", "scenario"):
            assert_same(a[arm], b[arm], arm)
