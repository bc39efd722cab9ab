"""The services of all groups of a batch at once (issue 15) give each group, to the last bit,
what the one-group formulas of ``care/services.py`` give it: the stacked tables only change
how many groups one numpy call prices."""
from __future__ import annotations

import numpy as np

import simulate
from simulate.experiments.psa import drawn_pair
from simulate.model.care.batch import ServiceBatch
from simulate.model.care.services import (
    MonthCounts,
    ServiceTable,
    monthly_costs,
    service_units,
    service_users,
)


def test_stacked_services_are_each_groups_own_numbers():
    sc = simulate.load_scenario("village")
    # each replication its own drawn parameters: tables differ between the groups
    tables = [ServiceTable.from_scenario(drawn_pair(sc, 3, r)[0]) for r in range(5)]
    assert not np.array_equal(tables[0].price, tables[1].price), "the groups differ"
    batch = ServiceBatch(tables)
    rng = np.random.default_rng(1)
    g, n_states, n_events, n_bands = 5, tables[0].use.shape[1], tables[0].per_event.shape[1], \
        tables[0].by_age.shape[1]
    by_state = rng.integers(0, 900, (g, n_states)).astype(float)
    no_carer = np.minimum(by_state, rng.integers(0, 300, (g, n_states))).astype(float)
    waiting = rng.integers(0, 9, g)
    events = rng.integers(0, 40, (g, n_events)).astype(float)
    by_band = rng.integers(0, 200, (g, n_bands)).astype(float)
    units, users = batch.units(by_state, no_carer, waiting, events, by_band)
    cost, copay = batch.costs(units, users)
    for k, t in enumerate(tables):
        c = MonthCounts(by_state[k], no_carer[k], int(waiting[k]), events[k], by_band[k])
        assert np.array_equal(units[k], service_units(t, c))
        assert np.array_equal(users[k], service_users(t, c))
        one_cost, one_copay = monthly_costs(t, units[k], users[k])
        assert np.array_equal(cost[k], one_cost) and np.array_equal(copay[k], one_copay)
