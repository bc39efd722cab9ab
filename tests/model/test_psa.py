"""Parameter uncertainty (issue 16): distributions fitted to ranges, one parameter set per
replication shared by both arms, p_gain, and the value of information."""
from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import simulate
from simulate.analysis.voi import evppi, voi_table
from simulate.experiments.psa import draw, drawn_pair, parameter_table, quantiles
from simulate.results.tables import p_gain, summarise
from simulate.scenario import ScenarioError, load_scenario
from simulate.scenario.distributions import fit, fitted_parameters
from simulate.scenario.uncertainty import ParameterRange

PROG = "initiatives.dorpsondersteuner.effects.progression_multiplier"
GP = "initiatives.dorpsondersteuner.effects.service_use_multiplier.huisarts"
WLZ_COST = "services.wlz_thuis.unit_cost_eur"
NH_COST = "services.verpleeghuis.unit_cost_eur"
TINY = {"population.size": 300, "horizon_years": 2, "care.nursing_home_beds": 3}


# -- distributions -------------------------------------------------------------------------
def test_beta_pert_lies_in_the_range_with_its_mode_at_the_base_value():
    f = fit("x", ParameterRange(0.5, 1.0, "test", "beta", "test"), base=0.75)
    x = f.value(np.linspace(0.001, 0.999, 999))
    assert x.min() >= 0.5 and x.max() <= 1.0
    grid = np.linspace(0.5, 1.0, 501)
    assert grid[np.argmax(f.dist.pdf(grid))] == pytest.approx(0.75, abs=0.002)


@pytest.mark.parametrize("name", ["lognormal", "gamma"])
def test_skewed_distributions_take_the_range_as_their_central_95_percent(name):
    f = fit("x", ParameterRange(2000, 3500, "test", name, "test"), base=2500)
    assert f.dist.ppf([0.025, 0.975]) == pytest.approx([2000, 3500], rel=1e-6)


def test_uniform_and_triangular_and_the_automatic_choice():
    assert fit("x", ParameterRange(1, 3, "t", "uniform", "t"), 2).dist.mean() == pytest.approx(2)
    tri = fit("x", ParameterRange(0, 3, "t", "triangular", "t"), 1)
    assert tri.dist.ppf(1 / 3) == pytest.approx(1)    # P(x < mode) = (mode - low) / width
    auto_p = fit("x", ParameterRange(0.1, 0.3, "t"), 0.2, unit="probability per year")
    auto_c = fit("x", ParameterRange(100, 200, "t"), 150, unit="EUR per unit")
    assert (auto_p.name, auto_c.name) == ("beta", "lognormal")
    assert "auto" in auto_p.reason and "95%" in auto_c.reason


@pytest.mark.parametrize("name", ["uniform", "triangular", "beta", "lognormal", "gamma"])
@pytest.mark.parametrize("base", [1.25, 1.3, 1.6])
def test_each_distribution_is_centred_on_the_base_value(name, base):
    """The mode (beta-PERT, triangular) or the median (uniform, log-normal, gamma) is the
    scenario's value wherever it lies in the range, and the range keeps its meaning: the
    bounds (uniform, triangular, beta) or the 2.5/97.5% quantiles (log-normal, gamma)."""
    f = fit("x", ParameterRange(1.0, 2.0, "t", name, "t"), base)
    if name in ("triangular", "beta"):
        grid = np.linspace(1.0, 2.0, 2001)
        assert grid[np.argmax(f.dist.pdf(grid))] == pytest.approx(base, abs=1e-3)
    else:
        assert f.value(0.5) == pytest.approx(base, rel=1e-9)
        assert f.dist.cdf(base - 1e-9) == pytest.approx(0.5, abs=1e-6), "half the draws below"
    ends = [0.0, 1.0] if name in ("uniform", "triangular", "beta") else [0.025, 0.975]
    assert f.value(np.array(ends)) == pytest.approx([1.0, 2.0], rel=1e-6)


@pytest.mark.parametrize("name", ["uniform", "lognormal", "gamma"])
def test_a_base_at_the_end_of_its_range_takes_half_the_draws(name):
    """Loneliness +30%, at the low end of its source's +30% to +50%: nothing below it."""
    f = fit("x", ParameterRange(1.3, 1.5, "t", name, "t"), 1.3)
    x = f.value(np.linspace(0.001, 0.999, 999))
    assert x.min() == pytest.approx(1.3) and np.median(x) == pytest.approx(1.3)
    top = 1.0 if name == "uniform" else 0.975   # the bound, or the 97.5% quantile
    assert f.value(top) == pytest.approx(1.5, rel=1e-6)


def test_without_a_base_in_the_range_the_distribution_centres_on_the_range():
    f = fit("x", ParameterRange(60, 140, "t", "lognormal", "t"), 200)
    assert f.value(0.5) == pytest.approx(np.sqrt(60 * 140))
    assert fit("x", ParameterRange(1, 3, "t", "uniform", "t"), None).value(0.5) == 2


def test_the_villages_drawn_parameters_average_close_to_its_values():
    """Drawing parameters must not move the village by itself: over 800 draws each parameter
    whose value lies inside its range averages within 7% of the range's width of that value
    (the old fit, median at the range's geometric middle, missed by 8% for residents per FTE,
    mean 94 against 100, and 12% for the Wlz home-care price; what is left is the skew of a
    range wider above the value than below, EUR 2,000-3,500 around 2,500: mean 2,586), and the
    median of a uniform, log-normal or gamma is the value. The loneliness multiplier's value,
    1.30, is the low end of its source's range: nothing lies below it, so its mean (1.34)
    lies above it, but half the draws are 1.30 (the old fit: median and mean 1.40)."""
    from simulate.scenario.loader import to_dict
    from simulate.scenario.paths import resolve
    from simulate.scenario.uncertainty import all_ranges
    sc = load_scenario("village")
    ranges, data, fitted = all_ranges(sc), to_dict(sc), fitted_parameters(sc)
    table = parameter_table(sc, 11, 800)
    assert table.parameter.nunique() >= 10
    for key, g in table.groupby("parameter"):
        base, low, high = float(resolve(data, key).value), ranges[key].low, ranges[key].high
        width = high - low
        if low < base < high:
            assert abs(g.value.mean() - base) < 0.07 * width, key
        else:
            assert abs(g.value.mean() - base) < 0.25 * width, key
        if fitted[key].name not in ("beta", "triangular"):
            assert g.value.median() == pytest.approx(base, abs=0.03 * width), key
    lonely = table[table.parameter == "health.lonely_multiplier"].value
    assert (lonely == 1.3).mean() == pytest.approx(0.5, abs=0.05)


def test_draws_are_clipped_to_the_parameters_valid_range():
    f = fit("x", ParameterRange(0.5, 0.99, "t", "lognormal", "t"), 0.9, hi=1.0)
    assert f.value(0.99999) == 1.0, "a probability never above 1, whatever the tail"


# -- validation --------------------------------------------------------------------------
@pytest.mark.parametrize("entry, message", [
    ({"low": 0.0, "high": 0.4, "reason": "r", "distribution": "gamma",
      "distribution_reason": "r"}, "needs a range above zero"),
    ({"low": 0.1, "high": 0.4, "reason": "r", "distribution": "beta"}, "distribution_reason"),
    ({"low": 0.1, "high": 0.4, "reason": "r", "group": "efects"}, "unknown group"),
    ({"low": 0.1, "high": 0.4, "reason": "r", "distribution": "normal"}, "allowed values"),
])
def test_bad_distributions_are_clear_errors(entry, message):
    over = {"uncertainty.ranges": {"initiatives.dorpsondersteuner.detection_annual": entry}}
    with pytest.raises(ScenarioError) as err:
        load_scenario("village", {**over, "sensitivity.ranges": {}})
    assert message in str(err.value)
    assert "uncertainty.ranges" in str(err.value), "the error names the key path"


def test_a_variant_without_the_ranges_still_loads():
    sc = load_scenario("village", {"sensitivity.ranges": {}})
    assert "dorpsondersteuner_effects" in sc.uncertainty.groups, "an unused group is fine"
    assert PROG not in fitted_parameters(sc)


# -- the draw -----------------------------------------------------------------------------
def test_the_same_replication_draws_the_same_parameters_and_others_differ():
    sc = load_scenario("village")
    assert draw(sc, 1, 0) == draw(sc, 1, 0)
    assert draw(sc, 1, 0)[PROG] != draw(sc, 1, 1)[PROG]


def test_adding_a_parameter_leaves_the_others_draws_alone():
    sc = load_scenario("village")
    fewer = load_scenario("village", {"uncertainty.ranges": {}})
    a, b = draw(sc, 5, 3), draw(fewer, 5, 3)
    assert len(a) > len(b)
    assert all(a[k] == b[k] for k in b)


def test_a_group_is_drawn_together_with_its_correlation():
    sc = load_scenario("village")
    fitted = fitted_parameters(sc)
    groups = dict(sc.uncertainty.groups)
    q = pd.DataFrame([quantiles(fitted, groups, 9, r) for r in range(400)])
    z = stats.norm.ppf(q)
    rho = sc.uncertainty.groups["dorpsondersteuner_effects"].correlation
    members = [list(q.columns).index(PROG), list(q.columns).index(GP)]
    other = list(q.columns).index(WLZ_COST)
    assert np.corrcoef(z[:, members].T)[0, 1] == pytest.approx(rho, abs=0.12)
    assert abs(np.corrcoef(z[:, [members[0], other]].T)[0, 1]) < 0.12


def test_both_arms_get_the_same_draw_of_a_parameter_they_share():
    sc = load_scenario("village", TINY)
    drawn, cf, values = drawn_pair(sc, 3, 2)
    assert drawn.services["wlz_thuis"].unit_cost_eur == values[WLZ_COST]
    assert cf.services["wlz_thuis"].unit_cost_eur == values[WLZ_COST], "paired arms"
    assert drawn.initiatives["dorpsondersteuner"].effects.progression_multiplier == values[PROG]
    assert not cf.initiatives, "the counterfactual has no initiatives to draw for"
    assert drawn.uncertainty.parameters is False, "a drawn scenario does not draw again"


def test_a_value_set_on_purpose_is_held_not_drawn():
    sc = load_scenario("village", {**TINY, PROG: 0.4})
    assert PROG not in fitted_parameters(sc)
    assert PROG in fitted_parameters(load_scenario("village", TINY))


# -- runs ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def wide_cost():
    """A tiny village whose nursing-home price is very uncertain: a strong case."""
    return {**TINY, "uncertainty.ranges": {}, "uncertainty.groups": {},
            "sensitivity.ranges": {NH_COST: {"low": 60, "high": 1000,
                                             "reason": "test: deliberately wide"}}}


def test_parameter_uncertainty_widens_the_spread_and_is_recorded(wide_cost):
    on = simulate.run(load_scenario("village", wide_cost), reps=5, seed=2)
    off = simulate.run(load_scenario("village", {**wide_cost, "uncertainty.parameters": False}),
                       reps=5, seed=2)
    sd = {name: r.totals().query("payer == 'wlz'").counterfactual.std()
          for name, r in (("on", on), ("off", off))}
    assert sd["on"] > 2 * sd["off"], "a price from EUR 60 to 1,000 a day must show"
    assert set(on.summary.interval_includes) == {"simulation and parameters"}
    assert set(off.summary.interval_includes) == {"simulation"}
    assert "parameters" in on.tables and "parameters" not in off.tables
    assert on.parameters.replication.nunique() == 5
    pd.testing.assert_frame_equal(on.parameters, parameter_table(
        load_scenario("village", wide_cost), 2, 5))


def test_p_gain_counts_replications_in_which_the_payer_pays_less():
    costs = pd.DataFrame({"replication": [0, 0, 1, 1, 2, 2, 3, 3],
                          "arm": ["counterfactual", "scenario"] * 4, "payer": "wlz",
                          "service": "verpleeghuis",
                          "eur": [100, 90, 100, 120, 100, 50, 100, 100]})
    s = summarise(costs, replications=4)
    assert s.p_gain.iloc[0] == pytest.approx(0.5), "gains in replications 0 and 2 only"
    assert p_gain(np.array([])) != p_gain(np.array([]))   # NaN without replications


# -- value of information ---------------------------------------------------------------
def test_evppi_of_a_linear_net_benefit_matches_the_analytic_value():
    """NB = 1000 (x - 1/2), x uniform: a coin flip decision; knowing x is worth
    E[max(NB, 0)] = 1000 / 8 = 125. Noise the regression must average away is added."""
    rng = np.random.default_rng(1)
    x = rng.uniform(size=2000)
    net = 1000 * (x - 0.5) + rng.normal(0, 300, x.size)
    value, degree, _ = evppi(net, x[:, None])
    assert value == pytest.approx(125, rel=0.08)
    assert evppi(net, rng.uniform(size=(x.size, 1)))[0] < 5, "an unrelated parameter: ~0"


def test_evppi_is_zero_when_no_value_changes_the_decision():
    rng = np.random.default_rng(2)
    x = rng.uniform(size=300)
    assert evppi(5000 + 1000 * x, x[:, None])[0] == 0.0, "always gains: nothing to learn"


def test_voi_table_of_a_run():
    res = simulate.run(load_scenario("village", {**TINY}), reps=6, seed=3)
    v = voi_table(res)
    assert {"payer", "parameter", "evppi_eur", "decision", "share_of_evpi"} <= set(v.columns)
    assert (v.evppi_eur >= 0).all()
    for _, g in v.groupby(["payer", "measure"]):
        evpi = g[g.kind == "all"].evppi_eur.iloc[0]
        assert (g.evppi_eur <= evpi + 1e-9).all(), "knowing all is worth at least a part"
    assert "dorpsondersteuner_effects" in set(v.parameter), "the group has its own row"
    from simulate.charts.uncertainty import voi as voi_chart
    for lang, word in (("en", "effect on decline"), ("nl", "effect op achteruitgang")):
        fig = voi_chart(v, lang=lang, top=20)
        ticks = [t.get_text() for t in fig.axes[0].get_yticklabels()]
        assert any(word in t for t in ticks), f"readable parameter names, not keys: {ticks}"
        assert not any("progression_multiplier" in t for t in ticks)


def test_simulate_voi_writes_the_table_and_the_chart(tmp_path):
    out = tmp_path / "voi"
    r = subprocess.run([sys.executable, "-m", "simulate", "voi", "village", "--set",
                        "population.size=300", "--set", "horizon_years=2", "--set",
                        "care.nursing_home_beds=3", "--reps", "4", "--jobs", "1", "--out",
                        str(out)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert (out / "voi.csv").is_file() and (out / "voi.png").is_file()
    assert "EVPPI" in r.stdout
    saved = pd.read_csv(out / "voi.csv")
    assert {"total", "wmo"} <= set(saved.payer) and "p_gain" in saved


def test_simulate_run_says_what_the_intervals_include(tmp_path):
    r = subprocess.run([sys.executable, "-m", "simulate", "run", "village", "--set",
                        "population.size=300", "--set", "horizon_years=2", "--set",
                        "care.nursing_home_beds=3", "--reps", "2", "--jobs", "1", "--out",
                        str(tmp_path / "run")], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert "cover the simulation's randomness and the uncertain parameters" in r.stdout
    assert "p_gain" in pd.read_csv(tmp_path / "run" / "summary.csv")


def test_acceptability_agrees_with_the_charts_count_of_initiatives_running_at_the_end():
    """pilot_cliff: a pilot grant, then the Wmo decides on its own savings whether to go on."""
    from simulate.analysis.voi import acceptability
    from simulate.charts.funding import running_at_end
    res = simulate.run(load_scenario("pilot_cliff", {**TINY, "horizon_years": 5}), reps=3,
                       seed=1)
    a = acceptability(res).set_index("initiative")
    for name, (running, n) in running_at_end(res).items():
        assert a.loc[name, "p_survives"] == pytest.approx(running / n)
    tot = res.summary.difference_eur.sum()
    assert 0 <= a.p_total_cost_falls.iloc[0] <= 1
    assert (a.p_total_cost_falls.iloc[0] > 0) or tot >= 0, "a mean saving needs some saving"
