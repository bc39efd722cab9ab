"""Where costs land: per-koker accounting, wrong-pocket matrix, attribution, outcomes."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

import simulate
from simulate.analysis import fair_share, koker_summary, koker_years, outcomes, wrong_pocket
from simulate.analysis.kokers import discount_factors, mean_payback, payback_year
from simulate.cli.main import cli
from simulate.experiments.attribution import shapley

SMALL = {"population.size": 600, "horizon_years": 5, "care.nursing_home_beds": 6}


@pytest.fixture(scope="module")
def res():
    return simulate.run(simulate.load_scenario("village", SMALL), reps=3, seed=4)


def test_net_is_savings_minus_investment_plus_transfers(res):
    ky = koker_years(res)
    assert np.allclose(ky.net, ky.savings - ky.investment + ky.transfers)
    k = koker_summary(res).set_index("payer")
    inits = res.costs[res.costs.service.isin(simulate.load_scenario("village").initiatives)
                      & (res.costs.arm == "scenario")]
    paid = inits.groupby("payer").eur.sum() / 3
    for payer, eur in paid.items():
        assert k.loc[payer, "investment"] == pytest.approx(eur), payer
    total_diff = res.summary.set_index("payer").difference_eur
    assert np.allclose(-k.net.reindex(total_diff.index), total_diff), \
        "a payer's net result is minus its change in total spending"


def test_wrong_pocket_matrix_adds_up(res):
    m = wrong_pocket(res)
    k = koker_summary(res).set_index("payer")
    assert np.allclose(m.sum(axis=0), k.savings.reindex(m.columns)), "columns: who saves"
    inv = k.investment.clip(lower=0).reindex(m.index)
    assert np.allclose(m.sum(axis=1), inv / inv.sum() * k.savings.sum())
    f = fair_share(res)
    assert f.fair_share.sum() == pytest.approx(1.0) and f.current_share.sum() == pytest.approx(1.0)


def test_discounting_and_payback_are_analytic():
    assert discount_factors(np.array([2025, 2026, 2027]), 0.1) == pytest.approx([1, 1 / 1.1, 1 / 1.21])
    years = np.array([2025, 2026, 2027, 2028])
    assert payback_year(years, np.array([-10, -5, 5, 20])) == 2027
    assert payback_year(years, np.array([-10, 5, -1, 20])) == 2028, "must stay paid back"
    assert np.isnan(payback_year(years, np.array([-10, -5, -1, -20])))


def _cum(curves: list[list[float]]) -> pd.DataFrame:
    return pd.DataFrame([{"replication": r, "year": 2025 + t, "cumulative_net": v}
                         for r, c in enumerate(curves) for t, v in enumerate(c)])


def test_payback_is_that_of_the_mean_curve_with_the_share_that_pays_back():
    year, share = mean_payback(_cum([[-10, 5, 5], [-10, -20, 10]]), investment=100.0)
    assert year == 2027, "mean curve -10, -7.5, 7.5 turns and stays >= 0 in its third year"
    assert share == 1.0, "both replications pay back on their own"
    year, share = mean_payback(_cum([[-1, 1, 1], [-1, 1, 1], [-100, -100, -100]]), 100.0)
    assert np.isnan(year), "two of three pay back (median 2026) but the mean curve never does"
    assert share == pytest.approx(2 / 3)
    assert all(np.isnan(mean_payback(_cum([[0, 0, 0], [1, 2, 3]]), investment=0.5))), \
        "a payer that invests nothing has no payback year and no share"


def test_one_payback_definition_in_summary_chart_and_findings(res):
    from simulate.charts.kokers import cumulative_net_data
    k = koker_summary(res).set_index("payer")
    assert k.loc["wlz", "investment"] <= 1.0 and np.isnan(k.loc["wlz", "payback_year"]), \
        "the Wlz invests nothing: no payback year"
    assert np.isnan(k.loc["wlz", "share_paid_back"])
    cum = cumulative_net_data(res).drop_duplicates("payer").set_index("payer")
    for payer in cum.index.drop("total"):
        a, b = k.loc[payer, "payback_year"], cum.loc[payer, "payback_year"]
        assert (np.isnan(a) and np.isnan(b)) or a == b, f"{payer}: table {a} vs chart {b}"
    ky = koker_years(res)
    for payer, g in ky.groupby("payer"):
        mean = g.groupby("year").cumulative_net.mean()
        expected = (payback_year(mean.index.to_numpy(), mean.to_numpy())
                    if k.loc[payer, "investment"] > 1.0 else float("nan"))
        got = k.loc[payer, "payback_year"]
        assert (np.isnan(expected) and np.isnan(got)) or got == expected, payer


def test_shapley_values_add_up_to_the_savings_of_all():
    sc = simulate.load_scenario("village", {**SMALL, "horizon_years": 3,
                                            "initiatives.volunteer_transport.enabled": False})
    phi = shapley(sc, reps=1, seed=2).set_index("initiative")
    all_savings = koker_summary(simulate.run(sc, reps=1, seed=2)).set_index("payer").savings
    for payer in phi.columns:
        assert phi[payer].sum() == pytest.approx(all_savings.get(payer, 0.0), abs=1e-6), payer
    assert set(phi.index) == {"dorpsondersteuner", "meeting_place"}


def test_outcomes_are_paired_differences(res):
    o = outcomes(res).set_index("outcome")
    assert {"months lived at home", "deaths", "lonely person-months", "volunteer hours",
            "initiative-months running"} <= set(o.index)
    assert np.allclose(o.difference, o.scenario - o.counterfactual)
    assert o.loc["initiative-months running", "counterfactual"] == 0
    assert o.loc["initiative-months running", "scenario"] > 0
    assert o.loc["volunteer hours", "scenario"] > 0, "the meeting place runs on volunteers"


def test_compare_command_puts_scenarios_side_by_side(tmp_path):
    out = tmp_path / "cmp"
    r = CliRunner().invoke(cli, ["compare", "dorpsondersteuner", "pilot_cliff", "--reps", "1",
                                 "--set", "population.size=400", "--set", "horizon_years=3",
                                 "--out", str(out)])
    assert r.exit_code == 0, r.output
    assert "dorpsondersteuner" in r.output and "pilot_cliff" in r.output and "funds" in r.output
    assert (out / "comparison.csv").exists()


def test_sampled_shapley_also_adds_up(monkeypatch):
    import simulate.experiments.attribution as attribution
    monkeypatch.setattr(attribution, "EXACT_UP_TO", 1)  # force sampling over orders
    sc = simulate.load_scenario("village", {**SMALL, "horizon_years": 2,
                                            "initiatives.volunteer_transport.enabled": False})
    phi = attribution.shapley(sc, reps=1, seed=2, samples=6).set_index("initiative")
    all_savings = koker_summary(simulate.run(sc, reps=1, seed=2)).set_index("payer").savings
    for payer in phi.columns:
        assert phi[payer].sum() == pytest.approx(all_savings.get(payer, 0.0), abs=1e-6), \
            "every order's marginal contributions add up to the savings of all"
