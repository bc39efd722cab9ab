"""Payers' decisions and financing regimes: rules, money conservation, and the wrong pocket."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import simulate
from simulate.model.financing.payers import (
    Line,
    benefit_cost_ratio,
    decide,
    funding_lines,
    projected_benefits,
)
from simulate.scenario.schema import Payer

#: A village where the dorpsondersteuner works with residents in wijkverpleging: it delays
#: their Wlz indication, so its savings land at the Wlz while the Wmo pays (and even pays a
#: little more, as people stay at home longer): the seeds' wrong pocket. Both payers measure
#: their savings with the same small error (0.5% of their yearly spend) and the same patience.
WRONG_POCKET = {"population.size": 2000, "horizon_years": 10, "care.nursing_home_beds": 20,
                "initiatives.dorpsondersteuner.eligible_states": ["homecare"],
                "initiatives.dorpsondersteuner.effects.progression_multiplier": 0.5,
                "payers.wmo.stop_after": 2, "payers.budget_holder.stop_after": 2,
                "payers.wmo.measurement_error": 0.005,
                "payers.budget_holder.measurement_error": 0.005,
                "uncertainty.parameters": False}   # the mechanism at known values (issue 16)


def final_scale(res, months=24):
    s = res.series[(res.series.arm == "scenario") & (res.series.series == "scale.dorpsondersteuner")]
    return s[s.month >= s.month.max() - months].value.mean()


@pytest.fixture(scope="module")
def siloed():
    return simulate.run(simulate.load_scenario("pilot_cliff", WRONG_POCKET), reps=4, seed=5)


@pytest.fixture(scope="module")
def population_budget():
    return simulate.run(simulate.load_scenario("populatiebekostiging", WRONG_POCKET), reps=4,
                        seed=5)


def test_siloed_payer_stops_what_saves_elsewhere(siloed):
    d = siloed.decisions[siloed.decisions.arm == "scenario"]
    stops = d[(d.payer == "wmo") & (d.decision == "stop")]
    assert stops.replication.nunique() == 4, "the Wmo stops funding in every replication"
    assert final_scale(siloed) == 0, "without funding the initiative is gone"
    assert (d.decision == "collapse").any(), "it collapses once its money is gone"


def funded_months(res):
    s = res.series[(res.series.arm == "scenario") & (res.series.series == "scale.dorpsondersteuner")]
    return (s.value > 0).sum() / s.replication.nunique()


def care_savings(res):
    k = simulate.analysis.koker_summary(res).set_index("payer")
    return k.savings.reindex(["wmo", "zvw", "wlz"], fill_value=0.0).sum()


def test_transfers_sum_to_zero_and_capitation_is_fixed(population_budget):
    c = population_budget.costs
    tr = c[c.service == "transfers"].groupby(["arm", "replication", "year"]).eur.sum()
    assert np.allclose(tr, 0, atol=1e-6), "transfers between payers create no money"
    total = c.groupby(["arm", "replication"]).eur.sum()
    services = c[c.service != "transfers"].groupby(["arm", "replication"]).eur.sum()
    pd.testing.assert_series_equal(total, services, check_names=False)
    holder = c[(c.arm == "scenario") & (c.payer == "budget_holder")]
    assert holder.eur.abs().sum() > 0, "the budget holder bears the covered care costs"


def test_switched_off_regime_changes_nothing():
    base = {"population.size": 500, "horizon_years": 4, "care.nursing_home_beds": 5}
    plain = simulate.run(simulate.load_scenario("village", base), reps=1, seed=3)
    delivered = {"financing.voucher.initiative": "dorpsondersteuner",
                 "financing.right_to_challenge.initiative": "dorpsondersteuner"}
    for regime in ("populatiebekostiging", "shared_savings", "innovatiecontract",
                   "social_impact_bond", "pizza", "pgb_collectief", "dienstencheck",
                   "right_to_challenge"):
        off = simulate.load_scenario("village", {**base, **delivered, "financing.regime": regime,
                                                 "financing.regime_start_year": 4})
        res = simulate.run(off, reps=1, seed=3)
        pd.testing.assert_frame_equal(plain.costs, res.costs, obj=regime)


def test_insurers_split_a_zvw_line_by_market_share():
    from simulate.model.financing.payers import actors_of
    sc = simulate.load_scenario("village", {
        "initiatives.dorpsondersteuner.funding": [{"payer": "zvw", "share": 0.4},
                                                  {"payer": "wmo", "share": 0.6}]})
    lines = [l for l in funding_lines(sc, actors_of(sc)) if l.initiative == "dorpsondersteuner"]
    shares = {l.actor: l.share for l in lines}
    assert shares == pytest.approx({"menzis": 0.24, "vgz": 0.10, "zilveren_kruis": 0.06,
                                    "wmo": 0.6}), "0.4 x market shares 60/25/15"


def test_short_horizon_and_switching_discount_later_savings():
    growing = np.array([10.0, 20.0, 30.0])
    assert projected_benefits(growing, 3, trend_years=3) == pytest.approx([40, 50, 60])
    assert projected_benefits(growing[:2], 2, trend_years=3) == pytest.approx([20, 20]), \
        "two years are too few for a trend"
    myopic = Payer(koker="zvw", horizon_years=1, switch_annual=0.07)
    patient = Payer(koker="budget_holder", horizon_years=10)
    assert benefit_cost_ratio(myopic, growing, 45, 0.0) == pytest.approx(40 * 0.93 / 45)
    assert benefit_cost_ratio(patient, growing, 45, 0.0) > 1 > benefit_cost_ratio(myopic, growing, 45, 0.0)


def test_decide_follows_the_rule():
    actor = Payer(koker="wmo", rule="own_benefit", stop_after=2, grow_ratio=2, max_scale=1.5)
    line = Line("x", "wmo", 0, 1.0, 0, 120)
    assert decide(line, actor, 0.5, 12) == "doubt" and line.scale == 1
    assert decide(line, actor, 3.0, 24) == "grow" and line.scale == 1.25
    assert decide(line, actor, 0.5, 36) == "doubt"
    assert decide(line, actor, 0.5, 48) == "stop" and line.scale == 0


def small(regime, **extra):
    over = {"population.size": 800, "horizon_years": 6, "care.nursing_home_beds": 8,
            "financing.regime": regime, "uncertainty.parameters": False, **extra}
    return simulate.run(simulate.load_scenario("dorpsondersteuner", over), reps=2, seed=8)


def test_shared_savings_moves_money_from_savers_to_the_investor():
    res = small("shared_savings", **{"financing.shared_savings.share_to_investors": 0.5})
    tr = res.costs[(res.costs.service == "transfers") & (res.costs.arm == "scenario")]
    by_payer = tr.groupby("payer").eur.sum()
    assert by_payer.get("wmo", 0) < 0, "the Wmo, which invested, receives"
    assert by_payer.drop("wmo").sum() == pytest.approx(-by_payer["wmo"])


def test_innovatiecontract_makes_beneficiaries_pay():
    res = small("innovatiecontract", **{"financing.innovatiecontract.measure_years": 2})
    k = simulate.analysis.koker_summary(res).set_index("payer")
    tr = res.costs[(res.costs.service == "transfers") & (res.costs.arm == "scenario")]
    paid_in = tr[tr.eur > 0].groupby("payer").eur.sum()
    assert set(paid_in.index) & {"zvw", "wlz"}, "those who saved pay a share"
    assert k.loc["wmo", "net"] > simulate.analysis.koker_summary(small("siloed")).set_index(
        "payer").loc["wmo", "net"], "the Wmo is better off than when it pays alone"


# pizza, right_to_challenge and social_impact_bond: tests/test_regime_decisions.py


def test_vouchers_move_a_service():
    common = {"financing.voucher.initiative": "dorpsondersteuner"}
    def hbh(res):
        c = res.costs[(res.costs.arm == "scenario") & (res.costs.service == "huishoudelijke_hulp")]
        return c.eur.sum()
    base = small("siloed", **common)
    pgb = small("pgb_collectief", **common)
    check = small("dienstencheck", **common)
    assert hbh(pgb) < hbh(base) and hbh(check) < hbh(base)
    paid = lambda r, p: r.costs[(r.costs.arm == "scenario") & (r.costs.payer == p)].eur.sum()  # noqa: E731
    assert paid(check, "residents") < paid(pgb, "residents"), "a dienstencheck drops the eigen bijdrage"


def test_a_payer_keeps_to_its_budget():
    res = small("siloed", **{"payers.wmo.budget_eur": 37500.0})
    d = res.decisions[res.decisions.arm == "scenario"]
    cuts = d[d.decision == "cut to budget"]
    assert len(cuts) and np.allclose(cuts.benefit_cost_ratio, 0.5), "EUR 75k planned, 37.5k budget"
    s = res.series[(res.series.arm == "scenario") & (res.series.series == "scale.dorpsondersteuner")]
    assert s[s.month >= 12].value.max() == pytest.approx(0.5)
