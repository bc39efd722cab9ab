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
from simulate.model.arm import service_axis, simulate_arms
from simulate.model.result import LiveReference, ReferenceNotReady, by_year

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
