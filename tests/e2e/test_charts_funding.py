"""Charts and report of financing: payers' decisions, initiative scale, and transfers between
payers under a regime (populatiebekostiging), checked against the tables they come from."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.container import BarContainer, ErrorbarContainer  # noqa: E402

import simulate  # noqa: E402
from simulate import charts  # noqa: E402
from simulate.analysis import koker_summary, koker_years  # noqa: E402
from simulate.charts import flows  # noqa: E402
from simulate.charts.funding import VERDICTS, running_at_end, stop_summary  # noqa: E402
from simulate.charts.style import figure_provenance, figure_title  # noqa: E402
from simulate.report import build_report, key_findings  # noqa: E402
from simulate.report.scenario_text import describe  # noqa: E402
from simulate.scenario import to_dict  # noqa: E402
from simulate.text.labels import payer_subject, verb  # noqa: E402
from simulate.text.numbers import eur_scale, fmt_eur  # noqa: E402

SMALL = {"population.size": 800, "horizon_years": 6}


@pytest.fixture(scope="module")
def regime_results():
    """The populatiebekostiging scenario, small: a fund pays two years, then a regional
    budget holder decides; the Wmo, Zvw and Wlz pay it a capitation."""
    return simulate.run(simulate.load_scenario("populatiebekostiging", SMALL), reps=3, seed=5)


def test_funding_decisions_draw_scale_and_decisions(regime_results):
    fig = charts.funding_decisions(regime_results)
    top, bottom = fig.axes
    s = regime_results.series
    expected = s[(s.series == "scale.dorpsondersteuner") & (s.arm == "scenario")]
    drawn = [ln for ln in top.get_lines() if ln.get_gid() == "scale:dorpsondersteuner"][0]
    np.testing.assert_allclose(drawn.get_ydata(), expected.groupby("month").value.mean(),
                               err_msg="funded scale: monthly mean over replications")
    d = regime_results.decisions[regime_results.decisions.arm == "scenario"]
    start = regime_results.metadata["scenario"]["start_year"]
    counts = d.assign(year=start + d.month // 12).groupby(["decision", "year"]).size() / 3
    bars = {c.patches[0].get_gid(): c for c in bottom.containers if c.patches}
    assert set(bars) == {f"decision:{v}" for v in set(d.decision)}, "one bar series per verdict"
    for (verdict, year), n in counts.items():
        heights = {round(p.get_x() + p.get_width() / 2): p.get_height()
                   for p in bars[f"decision:{verdict}"].patches}
        assert heights[year] == pytest.approx(n), f"{verdict} in {year}: per replication"
    assert set(d.decision) <= set(VERDICTS), "every decision the model logs has a colour"


def test_funding_title_names_the_most_frequent_stop(regime_results):
    stops = stop_summary(regime_results)
    assert len(stops), "with this seed the budget holder stops the pilot's successor"
    r = stops.iloc[0]
    title = figure_title(charts.funding_decisions(regime_results))
    who = payer_subject(r.payer, "en", capital=True) if r.decision == "stop" else "The"
    assert title.startswith(who), title
    assert f"in {r.replications} of 3 replications" in title, title


def test_who_pays_draws_transfers_and_net_includes_them(regime_results):
    fig = charts.who_pays(regime_results)
    ax = fig.axes[0]
    ks = koker_summary(regime_results)
    ks = ks[(ks.investment.abs() > 1) | (ks.savings.abs() > 1) | (ks.transfers.abs() > 1)]
    assert "budget_holder" in set(ks.payer), "the budget holder has a row (it receives transfers)"
    div, _ = eur_scale(np.r_[ks.investment, ks.savings, ks.net, ks.transfers, 0.0])
    tr = [c for c in ax.containers if isinstance(c, BarContainer) and c.patches
          and c.patches[0].get_gid() == "transfers"]
    assert len(tr) == 1, "one bar series for the transfers"
    np.testing.assert_allclose([p.get_width() * div for p in tr[0].patches], ks.transfers,
                               rtol=1e-9, err_msg="transfers: received right, paid left")
    net = [c for c in ax.containers if isinstance(c, ErrorbarContainer)
           and c.get_label().startswith("net")][0]
    np.testing.assert_allclose(np.asarray(net.lines[0].get_xdata(), float) * div,
                               ks.savings - ks.investment + ks.transfers, rtol=1e-9,
                               err_msg="net = savings - investment + transfers")
    assert "after transfers" in figure_title(fig)


def test_transfers_chart_lines_are_paired_and_sum_to_zero(regime_results):
    fig = charts.transfers(regime_results)
    ax = fig.axes[0]
    ky = koker_years(regime_results)
    means = ky.groupby(["payer", "year"]).transfers.mean()
    div, _ = eur_scale(np.abs(means.to_numpy()))
    drawn = {ln.get_gid().split(":")[1]: ln for ln in ax.get_lines()
             if (ln.get_gid() or "").startswith("transfers:")}
    assert {"wmo", "budget_holder"} <= set(drawn), "capitation payers and the holder drawn"
    for payer, ln in drawn.items():
        np.testing.assert_allclose(np.asarray(ln.get_ydata()) * div, means[payer].to_numpy(),
                                   rtol=1e-9, atol=1e-6, err_msg=payer)
    total = sum(np.asarray(ln.get_ydata()) for ln in drawn.values())
    assert np.abs(total).max() * div < 1e-6, "transfers sum to zero over the payers each year"
    ks = koker_summary(regime_results).set_index("payer").transfers
    assert figure_title(fig).startswith(payer_subject(ks.idxmin(), "en", capital=True))


def test_sankey_leaves_transfers_out_and_says_so(regime_results):
    fig = charts.money_flows(regime_results, min_share=0.0)
    heights = flows.ribbon_heights(fig)
    assert not [k for k in heights if k[1] == "transfers"], "transfers are not a service"
    c = regime_results.costs
    bills = c[(c.arm == "scenario") & (c.service != "transfers")]
    expected = bills.groupby(["payer", "service"]).eur.sum() / 3
    assert set(heights) == set(expected[expected > 0].index), "every bill, nothing else"
    net = flows.net_transfers(regime_results)
    foot = figure_provenance(fig)
    assert "not drawn" in foot and fmt_eur(abs(net["wmo"]), "en") in foot, foot


def test_optional_charts_only_when_they_apply(regime_results):
    names = charts.chart_names(regime_results)
    assert names.index("transfers") == names.index("money_flows") + 1
    assert names.index("funding_decisions") == names.index("initiatives") + 1
    plain = simulate.run(simulate.load_scenario("dorpsondersteuner", {
        "population.size": 300, "horizon_years": 2}), reps=2, seed=1)
    assert plain.decisions.empty, "a committed Wmo never reviews, nothing collapses"
    assert charts.chart_names(plain) == list(charts.RUN_CHARTS), "no optional chart"


def test_report_of_a_regime_run(regime_results):
    page = build_report(regime_results, figures=charts.run_charts(regime_results))
    for name in ("transfers", "funding_decisions"):
        assert f'id="fig-{name}"' in page, name
    assert "<th>transfers</th>" in page, "the koker table gets a transfers column"
    assert "<h3>Initiatives</h3>" in page, "the initiatives table"
    found = key_findings(regime_results, "en")
    ks = koker_summary(regime_results).set_index("payer")
    moved = [s for s in found if s.startswith("Under populatiebekostiging")]
    t = ks.transfers["wmo"]
    said = f"the Wmo pays {fmt_eur(-t, 'en')}" if t < 0 else f"the Wmo receives {fmt_eur(t, 'en')}"
    assert len(moved) == 1 and said in moved[0], "the sentence follows the sign of the transfer"
    funds = [s for s in found
             if s.startswith(f"Funds invest {fmt_eur(ks.investment['funds'], 'en')}")]
    assert len(funds) == 1, "plural payer, plural verb"
    assert "no care costs are booked to them" in funds[0], "no claim of own savings for a fund"
    r = stop_summary(regime_results).iloc[0]
    assert any(f"in {r.replications} of 3 replications" in s for s in found), found


def test_scenario_text_lists_funding_lines_and_payers():
    info = to_dict(simulate.load_scenario("pilot_cliff"))
    text = " ".join(describe(info, 3, 1, "en"))
    assert "paid by funds (100%, until year 2) and the Wmo (100%, from year 2)" in text, text
    assert "The Wmo reviews its funding every year" in text and "over 4 years" in text
    assert "Financing regime: siloed" in text
    nl = " ".join(describe(info, 3, 1, "nl"))
    assert "fondsen (100%, tot jaar 2) en de Wmo (100%, vanaf jaar 2)" in nl, nl


def test_verbs_agree_with_their_payers():
    assert verb("wmo", "en", "pays", "betaalt|betalen") == "pays"
    assert verb("residents", "en", "pays", "betaalt|betalen") == "pay"
    assert verb(["wmo", "zvw"], "nl", "pays", "betaalt|betalen") == "betalen"
    assert verb(["funds"], "nl", "saves", "bespaart|besparen") == "besparen"


def test_an_unfunded_restart_does_not_count_as_running():
    """pilot_cliff with a restart after 5 years: a collapsed dorpsondersteuner would start
    again, but no payer funds it any more: it does not restart (the decisions say so), has no
    quality, no scale, no places and no cost. The charts and the report count it as not
    running."""
    # ten years: the Wmo first reviews after three and stops after two failed reviews, so the
    # collapse comes in year 4 and the restart five years later, inside the horizon
    res = simulate.run(simulate.load_scenario("pilot_cliff", {
        "population.size": 800, "horizon_years": 10,
        "initiatives.dorpsondersteuner.restart_after_years": 5,
        "uncertainty.parameters": False}), reps=2, seed=3)  # the rules, not drawn parameters
    s = res.series[res.series.arm == "scenario"]
    last = s[s.month == s.month.max()].set_index(["series", "replication"]).value
    assert (res.decisions.decision == "stop").sum() == 2, "the Wmo stops in both replications"
    assert (last["quality.dorpsondersteuner"] == 0).all(), "no restart without funding"
    assert (last["scale.dorpsondersteuner"] == 0).all(), "nobody funds it"
    assert (res.decisions.decision == "no funding to restart").sum() >= 2
    assert running_at_end(res) == {"dorpsondersteuner": (0, 2)}
    assert "it runs at the end in 0 of 2" in figure_title(charts.funding_decisions(res))


def test_funding_charts_in_dutch(regime_results):
    for func in (charts.funding_decisions, charts.transfers, charts.who_pays):
        en, nl = func(regime_results), func(regime_results, lang="nl")
        assert figure_title(en) != figure_title(nl), f"{func.__name__}: a Dutch title"
        assert "replicaties" in figure_provenance(nl), f"{func.__name__}: Dutch footer"
    title = figure_title(charts.transfers(regime_results, lang="nl"))
    assert title.startswith("De ") and "betaalt netto € " in title and "overdrachten" in title, \
        f"Dutch words and euro format: {title!r}"


def test_footnotes_under_a_regime_match_what_is_drawn(regime_results):
    """Under a regime the cumulative net includes transfers, and the footnote says so; the
    money-flows footnote keeps its two sentences apart (issue 14, point 4)."""
    foot = charts.cumulative_net(regime_results)._supxlabel.get_text()
    assert "net = savings - investment + transfers" in foot, foot
    flows = charts.money_flows(regime_results)._supxlabel.get_text().splitlines()
    starts = [i for i, line in enumerate(flows) if line.startswith("regime transfers")]
    assert starts, "the note on transfers starts a line of its own"
    assert flows[starts[0] - 1].rstrip().endswith(")"), "the sentence before it ends there"


def test_who_pays_title_is_true_of_its_bars_with_their_intervals(regime_results):
    from simulate.analysis import koker_summary
    title = figure_title(charts.who_pays(regime_results))
    ks = koker_summary(regime_results)
    best = ks.sort_values("net", ascending=False).iloc[0]
    if best.net > 1 and best.net_low <= 0 <= best.net_high:
        assert title.endswith("gains most, within the noise"), title
    elif best.net > 1:
        assert title.endswith("gains most"), title
    else:
        assert title.endswith("no koker gains"), title
