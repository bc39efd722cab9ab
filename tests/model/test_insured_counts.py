"""The insured counts of a batch (:func:`counts_by_group`, its cells built in int16 where they
fit, else int32) are each group's own counts (:meth:`Insurance.counts`)."""
from __future__ import annotations

import numpy as np
import pytest

from simulate.model.population.groups import GroupedResidents
from simulate.model.population.insurance import SLOT_CELLS, counts_by_group, event_counts
from simulate.model.population.residents import N_STATES
from simulate.scenario.schema import EVENTS


class _Insurers:
    """Just what :meth:`Insurance.counts` reads: the number of insurers."""

    def __init__(self, k: int):
        self.k = k


@pytest.mark.parametrize("k", [1, 3, 120])   # 120 insurers: cells beyond int16
def test_batch_counts_are_each_groups_own(k):
    from simulate.model.population.insurance import Insurance
    assert (k * SLOT_CELLS > np.iinfo(np.int16).max) == (k == 120)
    rng = np.random.default_rng(k)
    groups = 5
    res = GroupedResidents(groups, 300)
    res.counts[:] = rng.integers(0, 300, groups)
    for name, high in (("insurer", k), ("state", N_STATES + 2), ("age_m", 1300)):
        res.view(name)[:] = rng.integers(0, high, res.n)
    res.view("carer")[:] = rng.random(res.n) < 0.6
    res.view("waiting")[:] = rng.random(res.n) < 0.05
    local = np.arange(res.block)[None, :] >= res.counts[:, None]
    res.view("state")[local.reshape(-1)] = N_STATES + 1   # unused ends of the blocks,
    res.view("waiting")[local.reshape(-1)] = False          # which wait for nothing
    ev = {e: (rng.random(res.n) < 0.02) & ~local.reshape(-1) for e in EVENTS[:4]}
    index = {e: i for i, e in enumerate(EVENTS)}
    got = counts_by_group(res, res.group, groups, k,
                          event_counts(res.group, res.view("insurer"), groups, k, ev, index))
    for g in range(groups):
        own = Insurance.counts(_Insurers(k), res.of(g),   # type: ignore[arg-type]
                               {e: m[g * res.block: g * res.block + res.of(g).n]
                                for e, m in ev.items()}, index)
        assert np.array_equal(got.by_state[g], own.by_state)
        assert np.array_equal(got.no_carer[g], own.no_carer)
        assert np.array_equal(got.waiting[g], own.waiting)
        assert np.array_equal(got.events[g], own.events)
        assert np.array_equal(got.by_band[g], own.by_band)
    assert got.by_state.sum() > 0 and got.no_carer.sum() > 0
