"""Money and people are conserved in every run; counts are never negative."""
from __future__ import annotations

import numpy as np
import pytest

from simulate.model.arm import simulate_arm
from simulate.model.financing.ledger import Ledger, LedgerError
from simulate.scenario import STATES


def test_payer_totals_equal_service_costs(small_scenario):
    arm = simulate_arm(small_scenario, seed=3, replication=0)
    paid_by_service = arm.eur.sum(axis=1)
    np.testing.assert_allclose(paid_by_service, arm.cost, rtol=1e-9,
                               err_msg="double entry: bookings per service must equal its cost")
    assert arm.eur.sum() == pytest.approx(arm.cost.sum(), rel=1e-12)
    assert (arm.eur >= 0).all() and (arm.cost >= 0).all(), "no negative costs"


def test_ledger_check_catches_lost_money():
    led = Ledger(months=1, services=("a",))
    led.add_cost(0, 0, 100.0)
    led.book(0, 0, 0, 60.0)
    with pytest.raises(LedgerError, match="paid 60.00 EUR, cost 100.00 EUR"):
        led.check()


def test_population_is_conserved(small_scenario):
    arm = simulate_arm(small_scenario, seed=3, replication=1)
    f = arm.flows
    assert f["start"] + f["birth"] + f["move_in"] - f["death"] - f["move_out"] == f["end"]
    assert arm.census[-1].sum() == f["end"], "final census counts every resident once"
    assert arm.census[0].sum() == f["start"]
    assert arm.events[:, 0].sum() == f["death"], "death events match the death flow"


def test_every_resident_in_exactly_one_state(small_scenario):
    arm = simulate_arm(small_scenario, seed=3, replication=2)
    # the census splits residents over the six states; its per-year totals equal the
    # monthly resident series at the matching months
    totals = arm.census.sum(axis=(1, 2, 3))
    series = arm.monthly["residents"]
    assert totals[1] == series[11], "census on 1 January = residents at the end of December"
    assert arm.census.shape[-1] == len(STATES)
    assert (arm.census >= 0).all() and (arm.events >= 0).all()


def test_waiting_list_never_negative_and_beds_respected(small_scenario):
    arm = simulate_arm(small_scenario, seed=5, replication=0)
    assert (arm.monthly["waiting"] >= 0).all()
    nh = arm.census[..., STATES.index("nursing_home")].sum(axis=(1, 2))
    # the initial village may hold more nursing-home residents than beds (they keep them),
    # but admissions never push occupancy above the beds after the start
    assert (nh[1:] <= max(small_scenario.care.nursing_home_beds, nh[0])).all()
