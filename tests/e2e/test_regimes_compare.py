"""Output that cannot be misread: care effect + transfers = net everywhere, and one village
under every applicable regime side by side (``simulate regimes``)."""
from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

import simulate
from simulate.analysis import koker_summary
from simulate.analysis.regimes import wilson
from simulate.charts.regimes import regime_comparison
from simulate.experiments.regimes import applicable_regimes, compare_regimes
from simulate.report.export import workbook_sheets
from simulate.report.regimes_section import section_html
from simulate.report.tables import cost_table, koker_table

SMALL = {"population.size": 400, "horizon_years": 3, "care.nursing_home_beds": 4}


@pytest.fixture(scope="module")
def shared():
    """A regime that moves money: shared savings flow back to the Wmo."""
    sc = simulate.load_scenario("shared_savings", SMALL)
    return simulate.run(sc, reps=2, seed=4)


def test_care_effect_plus_transfers_is_the_net(shared):
    k = koker_summary(shared)
    assert (k.transfers.abs() > 1).any(), "the regime moved money (else the test says nothing)"
    np.testing.assert_allclose(k.care_effect + k.transfers, k.net, atol=1e-6)
    np.testing.assert_allclose(k.care_effect, k.savings - k.investment, atol=1e-6)
    s = shared.summary
    np.testing.assert_allclose(s.care_effect_eur + s.transfers_eur, s.difference_eur, atol=1e-6)
    # the two tables tell the same story with opposite signs (spending vs gain)
    both = s.merge(k, on="payer", how="inner", suffixes=("", "_koker"))
    np.testing.assert_allclose(both.p_gain, both.p_gain_koker), "gains: one count, two tables"
    np.testing.assert_allclose(both.transfers_eur, -both.transfers, atol=1e-6)
    np.testing.assert_allclose(both.care_effect_eur, -both.care_effect, atol=1e-6)


def test_report_and_excel_show_the_split(shared):
    head = koker_table(shared, "en").headers
    assert head[3:6] == ["care effect", "transfers", "net"]
    assert {"care effect", "transfers"} <= set(cost_table(shared, "en").headers)
    sheets = workbook_sheets(shared)
    assert any(c.startswith("care_effect (EUR") for c in sheets["kokers"].columns)
    assert any(c.startswith("transfers_eur (EUR") for c in sheets["summary"].columns)


def test_wilson_interval():
    lo, hi = wilson(5, 10)
    assert lo == pytest.approx(0.2366, abs=1e-3) and hi == pytest.approx(0.7634, abs=1e-3)
    assert wilson(0, 4)[0] == 0 and wilson(4, 4)[1] == 1


def test_applicable_regimes():
    pizza = simulate.load_scenario("pizza")
    assert applicable_regimes(pizza) == ["siloed", "populatiebekostiging", "shared_savings",
                                         "innovatiecontract", "pizza", "social_impact_bond"]
    rtc = applicable_regimes(simulate.load_scenario("right_to_challenge"))
    assert "right_to_challenge" in rtc and "pgb_collectief" not in rtc


@pytest.fixture(scope="module")
def cmp():
    sc = simulate.load_scenario("pizza", SMALL)
    return compare_regimes(sc, reps=2, seed=5, regimes=["siloed", "shared_savings", "pizza"])


def test_regimes_share_random_numbers(cmp):
    care = cmp.care.set_index("regime")
    assert care.counterfactual_eur.nunique() == 1, "the same counterfactual under every regime"
    # with committed payers shared savings only moves money: the same care, to the euro
    assert care.loc["shared_savings", "scenario_eur"] == pytest.approx(
        care.loc["siloed", "scenario_eur"], rel=1e-12)
    assert care.loc["pizza", "scenario_eur"] != care.loc["siloed", "scenario_eur"], \
        "pizza changes the initiatives themselves"
    net = cmp.net.set_index(["regime", "payer"])
    assert net.loc[("pizza", "residents"), "care_effect"] < net.loc[
        ("siloed", "residents"), "care_effect"], "under pizza the residents pay fees"


def test_comparison_tables_have_intervals(cmp):
    r = cmp.running
    assert set(r.regime) == {"siloed", "shared_savings", "pizza"}
    assert ((r.low <= r.share) & (r.share <= r.high)).all()
    assert set(cmp.outcomes.outcome) == {"months lived at home", "nursing-home admissions",
                                         "lonely residents"}
    assert cmp.care[["low_eur", "high_eur"]].notna().all().all()


def test_probability_of_gain_per_regime_follows_acceptability(cmp):
    """Each regime's p(survives) and p(total care cost falls) are acceptability()'s counts on
    that regime's run (the same rule), with Wilson intervals around them."""
    from simulate.analysis.voi import acceptability
    from simulate.experiments.regimes import under_regime
    g = cmp.gain
    assert set(g.regime) == {"siloed", "shared_savings", "pizza"}
    assert ((g.survives_low <= g.p_survives) & (g.p_survives <= g.survives_high)).all()
    assert ((g.falls_low <= g.p_total_cost_falls) & (g.p_total_cost_falls <= g.falls_high)).all()
    sc = simulate.load_scenario("pizza", SMALL)
    own = acceptability(simulate.run(under_regime(sc, "pizza"), reps=2, seed=5))
    mine = g[g.regime == "pizza"].set_index("initiative")
    for a in own.itertuples():
        assert mine.loc[a.initiative, "p_survives"] == a.p_survives
        assert mine.loc[a.initiative, "p_total_cost_falls"] == a.p_total_cost_falls
    # shared savings with committed payers only moves money: the same care, the same counts
    by = g.set_index(["regime", "initiative"])
    for name in set(g.initiative):
        assert by.loc[("shared_savings", name), "p_survives"] == by.loc[("siloed", name),
                                                                         "p_survives"]


def test_a_regime_that_keeps_an_initiative_funded_shows_a_higher_chance_of_survival():
    """The social impact bond's village: under the bond an investor pays the
    dorpsondersteuner for its term (five years, beyond this 3-year horizon); siloed, the Wmo
    reviews it on its own savings and stops it (the wrong-pocket problem)."""
    sc = simulate.load_scenario("social_impact_bond", {**SMALL, "horizon_years": 3,
                                                       "uncertainty.parameters": False})
    c = compare_regimes(sc, reps=2, seed=8, regimes=["siloed", "social_impact_bond"])
    p = c.gain.set_index("regime").p_survives
    assert p["social_impact_bond"] == 1.0 and p["siloed"] == 0.0


def test_chart_and_section(cmp):
    fig = regime_comparison(cmp)
    assert isinstance(fig, Figure)
    gids = {a.get_gid() for ax in fig.axes for a in ax.get_children()}
    assert {"run:pizza", "care", "net:siloed"} <= gids
    assert any("falls in" in t.get_text() for t in fig.axes[1].get_yticklabels())
    html = section_html(cmp)
    assert "Financing regimes side by side" in html and "care effect" in html
    assert "Probability of gain" in html and "total care cost falls" in html


def test_regimes_command(tmp_path):
    out = tmp_path / "cmp"
    args = [sys.executable, "-m", "simulate", "regimes", "pizza", "--set", "population.size=300",
            "--set", "horizon_years=2", "--set", "care.nursing_home_beds=3", "--reps", "2",
            "--jobs", "1", "--regime", "siloed", "--regime", "pizza", "--out", str(out)]
    r = subprocess.run(args, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    for part in ("meeting_place: share of replications", "Care cost of all kokers",
                 "care effect", "months lived at home", "Probability of gain",
                 "meeting_place survives", "total care cost falls"):
        assert part in r.stdout, part
    assert {"regime_care.csv", "regimes.png", "regimes.html"} <= {p.name for p in out.iterdir()}
    care = pd.read_csv(out / "regime_care.csv")
    assert list(care.regime) == ["siloed", "pizza"]
    bad = subprocess.run([sys.executable, "-m", "simulate", "regimes", "pizza", "--regime",
                          "pizzza"], capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_report_includes_the_regimes_section(shared, cmp, tmp_path):
    from simulate.experiments.regimes import load_comparison, save_comparison
    from simulate.report import write_report
    folder = save_comparison(cmp, tmp_path / "regimes")
    again = load_comparison(folder)
    pd.testing.assert_frame_equal(again.care, cmp.care, check_dtype=False)
    pd.testing.assert_frame_equal(again.gain, cmp.gain, check_dtype=False)
    run_dir = simulate.save(shared, tmp_path / "run")
    page = write_report(run_dir, regimes=folder).read_text(encoding="utf-8")
    assert "Financing regimes side by side" in page and 'id="fig-regimes"' in page
    assert page.index("Financing regimes side by side") < page.index("Assumptions and sources")
