"""The choices a batch makes for all its groups at once (issue 15): per group, exactly what the
one-group code selects, ties included."""
from __future__ import annotations

import numpy as np

from simulate.model.population.groups import per_slot, smallest_per_group


def test_smallest_per_group_is_each_groups_stable_argsort_prefix():
    rng = np.random.default_rng(5)
    for _ in range(200):
        groups = int(rng.integers(1, 6))
        size = int(rng.integers(0, 60))
        idx = np.sort(rng.choice(1000, size, replace=False))
        group = rng.integers(0, groups, size)
        key = rng.integers(0, 4, size).astype(np.float32)      # many ties
        n = rng.integers(0, 8, groups)
        got = np.sort(smallest_per_group(idx, group, key, n, groups))
        want = np.sort(np.concatenate(
            [idx[group == g][np.argsort(key[group == g], kind="stable")[:n[g]]]
             for g in range(groups)] + [np.empty(0, dtype=idx.dtype)]))
        assert np.array_equal(got, want)


def test_ties_go_to_the_lower_slot():
    idx, group = np.array([3, 5, 9, 11]), np.array([0, 0, 1, 1])
    key = np.zeros(4, dtype=np.float32)
    assert list(smallest_per_group(idx, group, key, np.array([1, 1]), 2)) == [3, 9]


def test_per_slot_keeps_a_shared_value_a_scalar_of_its_dtype():
    group = np.array([0, 0, 1, 2])
    shared = per_slot(np.array([0.25, 0.25, 0.25], dtype=np.float32), group)
    assert np.ndim(shared) == 0 and shared.dtype == np.float32
    own = per_slot(np.array([1.0, 2.0, 3.0]), group)
    assert list(own) == [1.0, 1.0, 2.0, 3.0]


def test_the_ladders_bound_is_above_its_probabilities():
    """The care ladder tests only residents whose uniform is below a bound of their three
    probabilities (``health.ladder_step``): the bound must never fall below what the exact
    test compares with, whatever the hazards, or an event would be lost."""
    from simulate.model.population.health import ladder_bound
    from simulate.model.population.rates import monthly
    f32 = np.float32
    rng = np.random.default_rng(0)
    n = 2_000_000
    h_death = (10 ** rng.uniform(-9, 1.15, n)).astype(f32)   # up to p = 0.999999 a year
    h_up = np.where(rng.random(n) < 0.3, f32(0), (10 ** rng.uniform(-9, 1.15, n)).astype(f32))
    p_down = np.where(rng.random(n) < 0.5, f32(0), (10 ** rng.uniform(-9, 0, n)).astype(f32))
    bound = ladder_bound(h_death, h_up, p_down)
    assert ((monthly(h_death) + monthly(h_up)) + p_down < bound).all()
