"""Residents are insured by market share, switch every January, and each insurer sees the Zvw
costs of its own insured."""
from __future__ import annotations

import numpy as np
import pytest

import simulate
from simulate.model.arm import simulate_arm
from simulate.model.population.insurance import Insurance
from simulate.model.population.residents import Residents

SHARES = {"menzis": 0.60, "vgz": 0.25, "zilveren_kruis": 0.15}


def test_residents_are_insured_by_market_share_and_switch_at_the_rate():
    sc = simulate.load_scenario("village")
    ins = Insurance(sc)
    assert ins.names == list(SHARES) and np.allclose(ins.shares, list(SHARES.values()))
    n = 200_000
    res = Residents(n)
    res.append({"age_m": np.full(n, 600, np.int32), "state": np.zeros(n, np.int8)})
    rng = np.random.default_rng(1)
    ins.assign(res, np.arange(n), rng.random(n))
    counts = np.bincount(res.view("insurer"), minlength=3) / n
    assert counts == pytest.approx(list(SHARES.values()), abs=0.005)
    before = res.view("insurer").copy()
    moved = ins.switch_insurers(res, rng.random(n), rng.random(n))
    assert moved / n == pytest.approx(0.07, abs=0.003), "7% switch in a year"
    assert (before != res.view("insurer")).sum() == moved, "who switches lands elsewhere"


def test_insurers_split_the_zvw_costs_of_their_own_insured():
    sc = simulate.load_scenario("village", {"population.size": 3000, "horizon_years": 3,
                                            "care.nursing_home_beds": 30})
    arm = simulate_arm(sc, seed=2, replication=0)
    zvw = arm.eur[:, simulate.scenario.PAYERS.index("zvw")]
    care = [j for j, s in enumerate(arm.services) if s in sc.services]
    assert np.allclose(arm.insurer_eur.sum(axis=1), zvw[:, care].sum(axis=1)), \
        "the insurers together bear exactly the Zvw's care costs"
    share = arm.insurer_eur.sum(axis=0) / arm.insurer_eur.sum()
    assert share == pytest.approx(list(SHARES.values()), abs=0.1), \
        "about their market shares (who is frail is random in a village of 3,000)"


def test_one_insurer_alone_keeps_the_old_numbers():
    """With a single Zvw payer nobody switches and the draws of every other stream stay put."""
    import dataclasses

    from simulate.scenario.schema import Payer
    sc = simulate.load_scenario("village", {"population.size": 500, "horizon_years": 2,
                                            "care.nursing_home_beds": 5})
    payers = {k: v for k, v in sc.payers.items() if v.koker != "zvw"}
    one = dataclasses.replace(sc, payers={**payers, "zvw": Payer(koker="zvw")})
    arm = simulate_arm(one, seed=1, replication=0)
    assert arm.insurer_eur.shape[1] == 1
