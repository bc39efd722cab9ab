"""Random numbers that do not depend on batching (issue 15): a draw is a function of (seed,
stream, replication, month, resident slot) only, so batch sizes, jobs and executors cannot
change the numbers, and both arms share them."""
from __future__ import annotations

import numpy as np
import pytest

import simulate
from simulate.experiments.runner import iter_replications
from simulate.model.streams import Streams, _name_key

TINY = {"population.size": 300, "horizon_years": 2, "care.nursing_home_beds": 3}


def test_a_draw_is_philox_at_its_documented_coordinates():
    seed, rep, month, name = 20261123, 4, 17, "health.ladder"
    # uint64 arrays: numpy reads a list of large Python ints through float64 and rounds them
    key = np.array([seed, _name_key(name)], dtype=np.uint64)
    counter = np.array([0, month + 1, rep, 0], dtype=np.uint64)
    want = np.random.Generator(np.random.Philox(counter=counter, key=key)).random(50, np.float32)
    assert np.array_equal(Streams(seed, rep).uniform(name, month, 50), want)
    assert np.array_equal(Streams(seed, rep).generator(name, month).random(50, np.float32), want)
    # the area (a village of a region) is the counter's last word; area 0 is the default
    assert np.array_equal(Streams(seed, rep, 0).uniform(name, month, 50), want)
    counter[3] = 2
    area2 = np.random.Generator(np.random.Philox(counter=counter, key=key)).random(50, np.float32)
    assert np.array_equal(Streams(seed, rep, area=2).uniform(name, month, 50), area2)


def test_no_draw_depends_on_what_was_drawn_before():
    fresh = Streams(3, 1).uniform("x", 5, 200)
    st = Streams(3, 1)
    st.uniform("x", 4, 1000)          # the same stream in another month, a longer draw
    st.uniform("y", 5, 7)             # another stream in the same month
    st.generator("x", 5).random(33)   # a generator of the same stream, partly used
    assert np.array_equal(st.uniform("x", 5, 200), fresh)
    assert np.array_equal(st.uniform("x", 5, 60), fresh[:60]), "slot i: same draw for any n"


def test_a_draw_for_later_slots_is_the_tail_of_the_whole_draw():
    st = Streams(3, 2)
    whole = st.uniform("insurance.newcomers", 5, 1000)
    for start in (1, 7, 8, 9, 17, 500, 999, 1000):
        assert np.array_equal(st.uniform("insurance.newcomers", 5, 1000, start=start),
                              whole[start:])


def test_a_draw_into_a_given_array_is_the_same_draw():
    st = Streams(7, 2)
    whole = st.uniform("x", 4, 1000)
    buf = np.full(1200, 2.0, dtype=np.float32)
    st.uniform("x", 4, 1000, out=buf[100:1100])
    assert np.array_equal(buf[100:1100], whole)
    assert (buf[:100] == 2).all() and (buf[1100:] == 2).all(), "nothing written outside"
    st.uniform("x", 4, 1000, start=13, out=buf[:987])
    assert np.array_equal(buf[:987], whole[13:])


def test_coordinates_all_matter():
    base = Streams(1, 0).uniform("x", 4, 100)
    for other in (Streams(2, 0).uniform("x", 4, 100), Streams(1, 1).uniform("x", 4, 100),
                  Streams(1, 0).uniform("x", 5, 100), Streams(1, 0).uniform("y", 4, 100),
                  Streams(1, 0).uniform("x", -1, 100), Streams(1, 0, 1).uniform("x", 4, 100)):
        assert not np.array_equal(other, base)


def test_uniforms_look_uniform_and_independent_across_replications():
    a = np.concatenate([Streams(9, r).uniform("health.ladder", 0, 20_000) for r in range(5)])
    assert a.min() >= 0 and a.max() < 1
    counts = np.histogram(a, bins=10, range=(0, 1))[0]
    # chi-square with 9 degrees of freedom: 27.9 is its 0.1% point
    assert ((counts - len(a) / 10) ** 2 / (len(a) / 10)).sum() < 27.9
    b = Streams(9, 1).uniform("health.ladder", 0, 20_000)
    c = Streams(9, 2).uniform("health.ladder", 0, 20_000)
    assert abs(np.corrcoef(b, c)[0, 1]) < 0.04


def _arms_equal(a: dict, b: dict) -> None:
    for arm in ("counterfactual", "scenario"):
        np.testing.assert_array_equal(a[arm].eur, b[arm].eur)
        np.testing.assert_array_equal(a[arm].events, b[arm].events)
        np.testing.assert_array_equal(a[arm].census, b[arm].census)


@pytest.fixture(scope="module")
def tiny():
    return simulate.load_scenario("village", TINY)


def test_replications_are_the_same_in_any_batch(tiny):
    whole = dict(iter_replications(tiny, reps=4, seed=5))
    alone = dict(iter_replications(tiny, reps=1, seed=5, first=2))
    pair = dict(iter_replications(tiny, reps=2, seed=5, first=2, jobs=2))
    _arms_equal(whole[2], alone[2])
    _arms_equal(whole[2], pair[2])
    _arms_equal(whole[3], pair[3])


def test_arms_share_random_numbers(tiny):
    """Common random numbers: in the first month an initiative has no effect yet (its
    start-up ramp is 0), so both arms must have the very same residents in every state;
    another replication, with other numbers, does not."""
    reps = dict(iter_replications(tiny, reps=2, seed=8))
    cf, sc, other = reps[0]["counterfactual"], reps[0]["scenario"], reps[1]["scenario"]
    keys = [k for k in cf.monthly if k == "residents" or k.startswith("state.")]
    first = {k: cf.monthly[k][0] for k in keys}
    assert first == {k: sc.monthly[k][0] for k in keys}
    assert first != {k: other.monthly[k][0] for k in keys}
    assert any(cf.monthly[k][-1] != sc.monthly[k][-1] for k in keys), "the arms do differ later"


def test_two_areas_of_one_replication_in_one_batch_draw_their_own_numbers():
    """The group axis carries areas as well as replications (a region of villages, later):
    area 0 of a batch is exactly the run without areas, and a second village of the same
    replication lives its own history (its own numbers), not a copy of the first."""
    from simulate.model.arm import _Batch, service_axis
    from simulate.model.population.groups import GroupTable

    sc = simulate.load_scenario("village", {**TINY, "uncertainty.parameters": False})
    table = GroupTable(area=(0, 1), replication=(3, 3))
    batch = _Batch([sc, sc], 7, table, service_axis(sc), [None, None])
    alone = _Batch([sc], 7, GroupTable.of_replications([3]), service_axis(sc), [None])
    ages = [batch.res.of(g).view("age_m") for g in (0, 1)]
    assert np.array_equal(ages[0], alone.res.of(0).view("age_m"))
    assert not np.array_equal(ages[0], ages[1])
