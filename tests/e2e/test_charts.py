"""Charts draw the numbers the analysis computes, with titles, units, labels and provenance.

Each test recomputes the expected numbers independently (from the tidy tables or the analysis
functions) and compares them with what the figure's artists actually hold.
"""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.container import BarContainer, ErrorbarContainer  # noqa: E402

import simulate  # noqa: E402
from simulate import charts  # noqa: E402
from simulate.analysis import koker_summary, wrong_pocket  # noqa: E402
from simulate.charts import flows, style  # noqa: E402
from simulate.charts.style import figure_provenance, figure_title  # noqa: E402
from simulate.data import AGE_BANDS  # noqa: E402
from simulate.text.labels import payer_name  # noqa: E402
from simulate.text.numbers import eur_scale, fmt_eur, fmt_number, fmt_percent  # noqa: E402


def bars(ax, gid: str) -> BarContainer:
    found = [c for c in ax.containers if isinstance(c, BarContainer) and c.patches
             and c.patches[0].get_gid() == gid or getattr(c, "get_gid", lambda: None)() == gid]
    assert found, f"expected a bar container with gid {gid!r}"
    return found[0]


def line(ax, gid: str):
    found = [ln for ln in ax.get_lines() if ln.get_gid() == gid]
    assert len(found) == 1, f"expected one line with gid {gid!r}, got {len(found)}"
    return found[0]


@pytest.fixture(scope="module")
def figs_en(small_results):
    return charts.run_charts(small_results, lang="en")


@pytest.fixture(scope="module")
def figs_nl(small_results):
    return charts.run_charts(small_results, lang="nl")


# -- numbers -------------------------------------------------------------------------------

def test_dutch_and_english_number_formats():
    assert fmt_eur(1234.5, "nl", decimals=1, scale="") == "€ 1.234,5", "Dutch: € 1.234,5"
    assert fmt_eur(1234.5, "en", decimals=1, scale="") == "€1,234.5", "English: €1,234.5"
    assert fmt_eur(-310_000, "en") == "\u2212€310k", "thousands shortened with a minus sign"
    assert fmt_eur(1_430_000, "nl") == "€ 1,4 mln", "millions in Dutch: mln, decimal comma"
    assert fmt_eur(1_430_000, "en") == "€1.4m"
    assert fmt_number(0.04, "nl", 1) == "0,0" and fmt_number(-0.04, "en", 1) == "0.0", \
        "a value that rounds to zero has no minus sign"
    assert fmt_percent(0.834, "nl") == "83%"
    assert fmt_eur(float("nan"), "en") == "n/a"
    with pytest.raises(ValueError, match="lang must be one of en, nl"):
        fmt_eur(1.0, "de")


# -- every chart ---------------------------------------------------------------------------

def test_every_run_chart_has_title_units_and_provenance(figs_en, small_results):
    meta = small_results.metadata
    assert list(figs_en) == charts.chart_names(small_results), "one figure per chart, in order"
    assert list(charts.RUN_CHARTS) == [n for n in figs_en if n in charts.RUN_CHARTS], \
        "every run chart is drawn, in the report's order"
    for name, fig in figs_en.items():
        title = figure_title(fig)
        assert len(title) > 15, f"{name}: a title that states a finding, got {title!r}"
        prov = figure_provenance(fig)
        for part in (meta["scenario_name"], f"simulate {simulate.__version__}",
                     f"seed {meta['seed']}", f"{meta['replications']} replications"):
            assert part in prov, f"{name}: provenance line should contain {part!r}: {prov!r}"
        for ax in fig.axes:
            if ax.axison and ax.get_label() != "<colorbar>":
                assert ax.get_xlabel() and (ax.get_ylabel() or ax.get_yticklabels()), \
                    f"{name}: every axis is labelled"


def test_dutch_labels_differ_from_english(figs_en, figs_nl):
    for name in figs_en:
        assert figure_title(figs_en[name]) != figure_title(figs_nl[name]), f"{name}: Dutch title"
        assert "replicaties" in figure_provenance(figs_nl[name]), f"{name}: Dutch provenance"
    title = figure_title(figs_nl["who_pays"])
    assert title.startswith("De Wmo") and "betal" in title, title


def test_palette_is_okabe_ito():
    allowed = set(style.OKABE_ITO.values())
    assert set(style.PAYER_COLOURS.values()) <= allowed
    assert set(style.STATE_COLOURS.values()) <= allowed
    assert len(set(style.PAYER_COLOURS.values())) == len(style.PAYER_COLOURS), \
        "each payer has its own colour"


# -- kokers --------------------------------------------------------------------------------

def test_who_pays_draws_the_koker_summary(figs_en, small_results):
    fig = figs_en["who_pays"]
    ax = fig.axes[0]
    ks = koker_summary(small_results)
    ks = ks[(ks.investment.abs() > 1) | (ks.savings.abs() > 1)].reset_index(drop=True)
    div, _ = eur_scale(np.r_[ks.investment, ks.savings, 0.0])
    inv = bars(ax, "investment")
    sav = bars(ax, "savings")
    # bars are drawn bottom-up: the first payer is the top bar
    drawn_inv = np.array([p.get_width() for p in inv.patches]) * div
    drawn_sav = np.array([p.get_width() for p in sav.patches]) * div
    np.testing.assert_allclose(drawn_inv, -ks.investment.to_numpy(), rtol=1e-9,
                               err_msg="investment drawn to the left, equal to the summary")
    np.testing.assert_allclose(drawn_sav, ks.savings.to_numpy(), rtol=1e-9,
                               err_msg="savings drawn to the right, equal to the summary")
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert ticks == [p.capitalize() if p in ("wmo", "zvw", "wlz", "wpg") else p
                     for p in ks.payer], "payers top-down in the fixed koker order"
    net = [c for c in ax.containers if isinstance(c, ErrorbarContainer)
           and c.get_label().startswith("net")]
    assert len(net) == 1, "the net is drawn as one series of diamonds with error bars"
    np.testing.assert_allclose(np.asarray(net[0].lines[0].get_xdata(), float) * div,
                               ks.net.to_numpy(), rtol=1e-9, err_msg="net diamonds")
    head = figure_title(fig).split(",")[0]
    investors = set(ks.payer[ks.investment > 1])
    assert investors == {"wmo", "residents"}, \
        "the Wmo pays its initiatives, residents half of the volunteer transport"
    for p in ks.payer:
        assert (payer_name(p, "en") in head) == (p in investors), \
            f"the title's first clause names exactly the payers that invest: {head!r}"
    assert head.endswith(" pay"), "several payers: plural verb"


def test_who_pays_title_with_one_payer():
    sc = simulate.load_scenario("dorpsondersteuner", {"population.size": 400, "horizon_years": 3})
    fig = charts.who_pays(simulate.run(sc, reps=2, seed=3))
    assert figure_title(fig).startswith("The Wmo pays"), \
        "only the dorpsondersteuner, paid by the Wmo alone: singular verb"


def test_wrong_pocket_heatmap_holds_the_matrix(figs_en, small_results):
    fig = figs_en["wrong_pocket"]
    ax = fig.axes[0]
    im = ax.get_images()[0]
    m = wrong_pocket(small_results)
    rows = [p for p in m.index if m.loc[p].abs().sum() > 1]
    cols = [p for p in m.columns if m[p].abs().sum() > 1]
    ks = koker_summary(small_results).set_index("payer")
    investors = [p for p in ks.index if ks.investment[p] > 1]
    assert rows == investors, "the rows are the payers that invest (Wmo and residents)"
    div, _ = eur_scale(m.loc[rows, cols].to_numpy().ravel())
    np.testing.assert_allclose(np.asarray(im.get_array()) * div, m.loc[rows, cols].to_numpy(),
                               rtol=1e-9, err_msg="cells equal the wrong-pocket matrix")
    cells = [t for t in ax.texts if t.get_gid() == "cell"]
    assert len(cells) == len(rows) * len(cols), "every cell is annotated"
    assert cells[0].get_text() == fmt_eur(m.loc[rows[0], cols[0]], "en")
    gains = ks.savings.clip(lower=0)
    share = gains.drop(investors).sum() / gains.sum()
    assert figure_title(fig).startswith(fmt_percent(share, "en")), \
        "the title gives the share of savings outside the investing kokers"
    assert "kokers that invest" in figure_title(fig), "several investors: plural"


def test_cumulative_net_total_equals_cost_difference(figs_en, small_results):
    """All kokers together: net = -(scenario cost - counterfactual cost), cumulated."""
    ax = figs_en["cumulative_net"].axes[0]
    c = small_results.costs
    per = (c.assign(signed=np.where(c.arm == "scenario", -c.eur, c.eur))
           .groupby(["replication", "year"]).signed.sum().unstack("year"))
    expected = per.cumsum(axis=1).mean(axis=0)
    total = line(ax, "net:total")
    div, _ = eur_scale(np.abs(expected.to_numpy()) * 2)   # only the ratio matters below
    drawn = np.asarray(total.get_ydata(), dtype=float)
    ratio = drawn / expected.to_numpy()
    assert np.allclose(ratio, ratio[0], rtol=1e-9) and any(
        np.isclose(ratio[0], unit, rtol=1e-9) for unit in (1.0, 1e-3, 1e-6)), \
        "the total line is the mean cumulative net in EUR, thousands or millions"
    np.testing.assert_array_equal(total.get_xdata(), expected.index.to_numpy())
    assert ax.get_ylabel().startswith("cumulative net (EUR")


# -- flows ---------------------------------------------------------------------------------

def test_money_flows_ribbons_are_proportional_to_euros(small_results):
    fig = flows.money_flows(small_results, min_share=0.0)
    heights = flows.ribbon_heights(fig)
    c = small_results.costs[small_results.costs.arm == "scenario"]
    expected = c.groupby(["payer", "service"]).eur.sum() / c.replication.nunique()
    expected = expected[expected > 0]
    assert set(heights) == set(expected.index), "one ribbon per payer-service pair that paid"
    h = pd.Series(heights)[expected.index]
    ratio = (h / expected).to_numpy()
    np.testing.assert_allclose(ratio, ratio[0], rtol=1e-9,
                               err_msg="ribbon heights proportional to the euros paid")
    assert ("wmo", "dorpsondersteuner") in heights, "the initiative is a flow from the Wmo"
    nodes = {p.get_gid(): p.get_height() for p in fig.axes[0].patches
             if (p.get_gid() or "").startswith("node:payer:")}
    for payer, total in expected.groupby(level="payer").sum().items():
        assert nodes[f"node:payer:{payer}"] == pytest.approx(total * ratio[0], rel=1e-9), \
            f"{payer}: node height = sum of its ribbons"


def test_small_services_pool_into_other(small_results):
    table = flows.flow_table(small_results, min_share=0.05)
    assert "other" in set(table.service)
    assert "dorpsondersteuner" in set(table.service), "initiatives are never pooled"
    full = flows.flow_table(small_results, min_share=0.0)
    assert table.eur.sum() == pytest.approx(full.eur.sum(), rel=1e-12), "pooling keeps the total"


# -- sensitivity (synthetic frames in the documented schema) -------------------------------

TORNADO = pd.DataFrame({
    "parameter": ["effect", "price", "uptake", "effect"],
    "payer": ["wmo", "wmo", "wmo", "zvw"],
    "low_value": [-400e3, -320e3, -290e3, 10e3],
    "high_value": [-100e3, -280e3, -330e3, 90e3],
    "base": [-300e3, -300e3, -300e3, 50e3],
})
SOBOL = pd.DataFrame({
    "parameter": ["effect", "price", "uptake"], "payer": "wmo",
    "S1": [0.50, 0.05, 0.20], "S1_conf": [0.05, 0.02, 0.04],
    "ST": [0.60, 0.08, 0.30], "ST_conf": [0.06, 0.02, 0.05],
})


def test_tornado_orders_by_swing_and_starts_at_base():
    fig = charts.tornado(TORNADO, payer="wmo", metadata={"scenario_name": "t", "seed": 1})
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["effect", "price", "uptake"], "largest swing (effect, 300k) first"
    low, high = bars(ax, "low"), bars(ax, "high")
    assert [p.get_y() for p in low.patches] == sorted(p.get_y() for p in low.patches)[::-1], \
        "the first row is the top bar"
    assert [p.get_x() for p in low.patches] == pytest.approx([-300.0] * 3), "bars start at base"
    assert [p.get_width() for p in low.patches] == pytest.approx([-100.0, -20.0, 10.0])
    assert [p.get_width() for p in high.patches] == pytest.approx([200.0, 20.0, -30.0])
    assert figure_title(fig).startswith("effect moves the result for the Wmo most")
    assert "EUR thousand" in ax.get_xlabel()


def test_tornado_shows_the_swing_interval_at_the_high_end():
    """With the swing's interval (issue 15) a whisker around each high end spans
    low_value + swing_ci_low .. low_value + swing_ci_high (EUR thousand here)."""
    df = TORNADO.assign(swing_ci_low_eur=[250e3, -60e3, -70e3, 20e3],
                        swing_ci_high_eur=[350e3, 140e3, -10e3, 140e3])
    fig = charts.tornado(df, payer="wmo", lang="nl")
    ax = fig.axes[0]
    whiskers = [c for c in ax.containers if c.get_label() == "95%-interval van het verschil "
                "(hoog − laag)"]
    assert len(whiskers) == 1
    segments = whiskers[0].lines[2][0].get_segments()   # one horizontal line per parameter
    spans = sorted((round(s[0][0]), round(s[1][0])) for s in segments)
    # effect: -400 + 250 .. -400 + 350; price: -320 - 60 .. -320 + 140; uptake: -290 - 70 ..
    assert spans == sorted([(-150, -50), (-380, -180), (-360, -300)])
    plain = charts.tornado(TORNADO, payer="wmo", lang="nl").axes[0].containers
    assert not [c for c in plain if c.get_label().startswith("95%")], "no interval, no whisker"


def test_tornado_and_sobol_reject_bad_frames():
    with pytest.raises(ValueError, match="lacks column.*high_value"):
        charts.tornado(TORNADO.drop(columns="high_value"))
    with pytest.raises(ValueError, match="no rows for payer 'wlz'"):
        charts.tornado(TORNADO, payer="wlz")
    with pytest.raises(ValueError, match="lacks column.*ST_conf"):
        charts.sobol(SOBOL.drop(columns="ST_conf"))


def test_sobol_bars_equal_indices_sorted_by_total_order():
    fig = charts.sobol(SOBOL, payer="wmo", lang="nl")
    ax = fig.axes[0]
    st = [p.get_width() for p in bars(ax, "ST").patches]
    s1 = [p.get_width() for p in bars(ax, "S1").patches]
    assert st == pytest.approx([0.60, 0.30, 0.08]) and s1 == pytest.approx([0.50, 0.20, 0.05])
    assert [t.get_text() for t in ax.get_yticklabels()] == ["effect", "uptake", "price"]
    assert "60%" in figure_title(fig) and "variantie" in figure_title(fig)


# -- the village ---------------------------------------------------------------------------

def test_pyramid_bars_are_the_census(figs_en, small_results):
    ax = figs_en["population_pyramid"].axes[0]
    pop = small_results.population[small_results.population.arm == "scenario"]
    reps = pop.replication.nunique()
    for when, year in (("start", pop.year.min()), ("end", pop.year.max())):
        census = pop[pop.year == year].groupby(["sex", "age_band"]).residents.sum() / reps
        for sex, sign in (("male", -1), ("female", 1)):
            drawn = [p.get_width() for p in bars(ax, f"{when}:{sex}").patches]
            expected = [sign * census.get((sex, b), 0.0) for b in AGE_BANDS]
            np.testing.assert_allclose(drawn, expected, err_msg=f"{when} {sex}")
    assert [t.get_text() for t in ax.get_yticklabels()] == list(AGE_BANDS)


def test_care_state_difference_is_paired(figs_en, small_results):
    ax = figs_en["care_states"].axes[1]
    pop = small_results.population
    frail = pop[pop.state == "frail"]
    wide = frail.pivot_table(index=["replication", "year"], columns="arm", values="residents",
                             aggfunc="sum", fill_value=0)
    expected = (wide["scenario"] - wide["counterfactual"]).groupby("year").mean()
    ln = line(ax, "diff:frail")
    np.testing.assert_allclose(ln.get_ydata(), expected.reindex(ln.get_xdata(), fill_value=0))


def test_waiting_list_lines_are_monthly_means(figs_en, small_results):
    ax = figs_en["waiting_list"].axes[0]
    s = small_results.series[small_results.series.series == "waiting"]
    for arm in ("counterfactual", "scenario"):
        expected = s[s.arm == arm].groupby("month").value.mean()
        np.testing.assert_allclose(line(ax, f"waiting:{arm}").get_ydata(), expected.to_numpy())
    assert line(ax, "waiting:scenario").get_xdata()[12] == pytest.approx(
        small_results.metadata["scenario"]["start_year"] + 1), "month 12 is one year later"


# -- initiatives and mantelzorg ------------------------------------------------------------

def test_initiatives_draw_participants_volunteers_and_hours(figs_en, small_results):
    """Three panels: participants of every initiative, and volunteers and volunteer hours of
    the initiatives that have volunteers (the dorpsondersteuner has none)."""
    fig = figs_en["initiatives"]
    assert len(fig.axes) == 3, "participants, volunteers and volunteer-hours panels"
    s = small_results.series[small_results.series.arm == "scenario"]
    inits = ["dorpsondersteuner", "meeting_place", "volunteer_transport"]
    for ax, kind, drawn in zip(fig.axes, ("members", "volunteers", "hours"),
                               (inits, inits[1:], inits[1:])):
        gids = sorted(ln.get_gid() for ln in ax.get_lines() if ln.get_gid())
        assert gids == [f"{kind}:{i}" for i in drawn], f"{kind}: lines of {drawn}"
        for ini in drawn:
            expected = s[s.series == f"{kind}.{ini}"].groupby("month").value.mean()
            np.testing.assert_allclose(line(ax, f"{kind}:{ini}").get_ydata(), expected.to_numpy(),
                                       err_msg=f"{kind}.{ini}: monthly mean over replications")
    for ini in inits[1:]:
        colours = {line(ax, f"{kind}:{ini}").get_color()
                   for ax, kind in zip(fig.axes, ("members", "volunteers", "hours"))}
        assert len(colours) == 1, f"{ini} keeps its colour in every panel"
    assert "hours per month" in fig.axes[2].get_ylabel()


def test_volunteer_hours_per_initiative_add_up_to_the_hours_table(small_results):
    """The monthly hours.<initiative> series summed over initiatives and a year equal the
    yearly volunteer hours of the hours table (two records of the same hours)."""
    s = small_results.series
    h = s[s.series.str.startswith("hours.") & (s.arm == "scenario")]
    start = small_results.metadata["scenario"]["start_year"]
    per_year = h.assign(year=start + h.month // 12).groupby(["replication", "year"]).value.sum()
    table = small_results.hours[(small_results.hours.kind == "volunteer")
                                & (small_results.hours.arm == "scenario")]
    np.testing.assert_allclose(per_year.to_numpy(),
                               table.set_index(["replication", "year"]).hours[per_year.index],
                               rtol=1e-9, err_msg="volunteer hours: series vs hours table")


def test_informal_care_hours_per_year(figs_en, small_results):
    ax = figs_en["informal_care"].axes[0]
    h = small_results.hours[small_results.hours.kind == "informal_care"]
    for arm in ("counterfactual", "scenario"):
        expected = h[h.arm == arm].groupby("year").hours.mean() / 1e3
        np.testing.assert_allclose(line(ax, f"hours:{arm}").get_ydata(), expected.to_numpy())
    assert "thousand hours per year" in ax.get_ylabel()


# -- comparison ----------------------------------------------------------------------------

def test_compare_scenarios_side_by_side(small_results, small_scenario):
    bigger = simulate.run(simulate.load_scenario(
        "village", {"population.size": 600, "horizon_years": 5, "care.nursing_home_beds": 6,
                    "initiatives.dorpsondersteuner.fte": 2.0}), reps=3, seed=7)
    fig = charts.compare_scenarios({"1 fte": small_results, "2 fte": bigger}, measure="investment")
    ax = fig.axes[0]
    one = bars(ax, "scenario:1 fte").patches[0].get_width()
    two = bars(ax, "scenario:2 fte").patches[0].get_width()
    assert two / one == pytest.approx(
        koker_summary(bigger).investment[0] / koker_summary(small_results).investment[0]), \
        "bars in proportion to the Wmo investment of each run"
    assert two > one * 1.5, "two FTE cost the Wmo clearly more than one"
    assert figure_title(fig).startswith("2 fte gives the highest total investment")
    with pytest.raises(ValueError, match="measure must be one of"):
        charts.compare_scenarios([small_results], measure="roi")


# -- saving --------------------------------------------------------------------------------

def test_save_writes_png_300dpi_svg_pdf(tmp_path, figs_en):
    fig = figs_en["waiting_list"]
    paths = charts.save_figure(fig, tmp_path / "waiting")
    assert [p.suffix for p in paths] == [".png", ".svg", ".pdf"]
    png = paths[0].read_bytes()
    width = int.from_bytes(png[16:20], "big")
    assert width == pytest.approx(fig.get_figwidth() * 300, abs=2), "PNG at 300 dpi"
    assert paths[1].read_text().lstrip().startswith("<?xml") and b"%PDF" in paths[2].read_bytes()[:8]


def test_save_figures_never_overwrites_without_force(tmp_path, figs_en):
    out = tmp_path / "figures"
    charts.save_figures({"w": figs_en["waiting_list"]}, out, formats=("svg",))
    assert sorted(p.name for p in out.iterdir()) == ["w.svg"]
    with pytest.raises(simulate.results.store.OutputError, match="already exists"):
        charts.save_figures({"x": figs_en["waiting_list"]}, out, formats=("svg",))
    charts.save_figures({"x": figs_en["waiting_list"]}, out, force=True, formats=("svg",))
    assert sorted(p.name for p in out.iterdir()) == ["x.svg"], "force replaces the folder whole"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "no temporary left"


# -- edge cases ----------------------------------------------------------------------------

def test_charts_of_a_run_without_initiatives_say_so():
    sc = simulate.load_scenario("village", {"population.size": 300, "horizon_years": 2,
                                            "initiatives": {}})
    figs = charts.run_charts(simulate.run(sc, reps=2, seed=1))
    assert figure_title(figs["who_pays"]) == "No koker invests in initiatives in this scenario"
    assert figure_title(figs["cumulative_net"]).startswith("No koker invests")
    assert figure_title(figs["initiatives"]) == "No initiatives in this scenario"


def test_charts_of_one_replication_have_no_interval_but_draw():
    sc = simulate.load_scenario("village", {"population.size": 300, "horizon_years": 2})
    res = simulate.run(sc, reps=1, seed=1)
    figs = charts.run_charts(res, lang="nl")
    assert "1 replicaties" in figure_provenance(figs["who_pays"])
    inv = bars(figs["who_pays"].axes[0], "investment")
    assert inv.patches[0].get_width() < 0, "the Wmo's investment is drawn without an interval"
