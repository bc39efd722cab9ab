"""Direction of effects: the model responds to its inputs the way the domain says it should."""
from __future__ import annotations

import pytest

import simulate

# Parameters at their base values (no PSA draw, issue 16): these tests check mechanisms and
# analytic amounts at known parameter values.
BASE = {"population.size": 1500, "horizon_years": 8, "care.nursing_home_beds": 15,
        "uncertainty.parameters": False}


def totals(res, by="payer"):
    s = simulate.results.tables.summarise(res.costs, by=by).set_index(by)
    return s


@pytest.fixture(scope="module")
def dorps():
    sc = simulate.load_scenario("village", BASE)
    return simulate.run(sc, reps=6, seed=21)


def test_dorpsondersteuner_cost_lands_at_the_wmo(dorps):
    s = totals(dorps, "service")
    cost = s.loc["dorpsondersteuner", "scenario_eur"]
    expected = (65000 + 10000) * 8
    assert cost == pytest.approx(expected, rel=1e-9), "1 FTE x EUR 65k + EUR 10k a year, 8 years"
    assert s.loc["dorpsondersteuner", "counterfactual_eur"] == 0
    pay = dorps.costs[dorps.costs.service == "dorpsondersteuner"].groupby("payer").eur.sum()
    assert list(pay.index) == ["wmo"], "funded 100% by the Wmo"


def test_dorpsondersteuner_savings_land_at_zvw_and_wlz(dorps):
    s = totals(dorps)
    assert s.loc["wmo", "difference_eur"] > 0, "the Wmo pays more"
    saved = -(s.loc["zvw", "difference_eur"] + s.loc["wlz", "difference_eur"])
    assert saved > 0, "Zvw and Wlz together save"
    gp = totals(dorps, "service").loc["huisarts"]
    assert gp.difference_eur < 0, "members visit the GP less"


def test_fewer_beds_shift_costs_from_wlz_to_zvw():
    # only with fixed capacity: with capacity that follows demand the zorgkantoor places the
    # waiters elsewhere and the Wlz pays their beds there (tests/test_demography.py)
    fixed = {**BASE, "care.capacity": "fixed"}
    few = simulate.run(simulate.load_scenario("village", {**fixed, "care.nursing_home_beds": 2}),
                       reps=3, seed=4)
    many = simulate.run(simulate.load_scenario("village", {**fixed, "care.nursing_home_beds": 60}),
                        reps=3, seed=4)
    f, m = totals(few), totals(many)
    assert f.loc["wlz", "counterfactual_eur"] < m.loc["wlz", "counterfactual_eur"]
    assert f.loc["zvw", "counterfactual_eur"] > m.loc["zvw", "counterfactual_eur"]
    waiting = lambda r: r.series[r.series.series == "waiting"].value.mean()  # noqa: E731
    assert waiting(few) > waiting(many)


def test_higher_multiplier_means_more_deaths_in_that_state():
    # the multipliers are relative to the average resident of an age (the life table), so
    # raising them for vital and prefrail residents moves deaths towards those states
    def share_light(mult):
        sc = simulate.load_scenario("village", {**BASE, "demography.mortality_multiplier.vital": mult,
                                                "demography.mortality_multiplier.prefrail": mult})
        r = simulate.run(sc, reps=2, seed=9)
        d = r.events[(r.events.event == "death") & (r.events.arm == "counterfactual")]
        return d[d.state.isin(["vital", "prefrail"])]["count"].sum() / d["count"].sum()
    assert share_light(2.0) > share_light(0.5)


def test_stronger_effect_saves_more():
    def wlz_saving(mult):
        sc = simulate.load_scenario("village", {
            **BASE, "initiatives.dorpsondersteuner.effects.progression_multiplier": mult})
        return -totals(simulate.run(sc, reps=4, seed=13)).loc["wlz", "difference_eur"]
    assert wlz_saving(0.5) > wlz_saving(1.0)
