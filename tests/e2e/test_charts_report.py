"""The report's extra charts read correctly: the scenario comparison (status quo and scenario
per koker), the tornado and Sobol charts of a real sensitivity table, and titles that state
the finding in English and Dutch."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.container import BarContainer  # noqa: E402

import simulate  # noqa: E402
from simulate import charts  # noqa: E402
from simulate.charts.spending import (  # noqa: E402
    option_totals,  # noqa: E402
    spending_table,
    total_difference,
)
from simulate.charts.style import figure_provenance, figure_title  # noqa: E402
from simulate.results.tables import t_interval  # noqa: E402
from simulate.text import titles  # noqa: E402
from simulate.text.labels import initiative_name  # noqa: E402
from simulate.text.numbers import eur_scale, fmt_eur  # noqa: E402


def bar_widths(ax, gid: str) -> list[float]:
    found = [c for c in ax.containers if isinstance(c, BarContainer)
             and c.patches and c.patches[0].get_gid() == gid]
    assert found, f"expected bars with gid {gid!r}"
    return [p.get_width() for p in found[0].patches]


def test_spending_bars_are_each_arms_mean_spending(small_results):
    fig = charts.compare_spending(small_results)
    ax = fig.axes[0]
    c = small_results.costs
    per = c.groupby(["arm", "payer", "replication"]).eur.sum().groupby(["arm", "payer"]).sum() / 3
    payers = [t.get_text() for t in ax.get_yticklabels()]
    assert payers[0] == "Wmo", "kokers in the usual order"
    table = spending_table(small_results)
    div, unit = eur_scale(np.r_[table["low"].fillna(0), table["high"].fillna(0), table["mean"]])
    status_quo = bar_widths(ax, "option:status quo (without the scenario)")
    scenario = bar_widths(ax, "option:village")
    assert status_quo[0] * div == pytest.approx(per["counterfactual", "wmo"]), \
        "the Wmo's status-quo bar is its mean spending without the scenario"
    assert scenario[0] * div == pytest.approx(per["scenario", "wmo"])
    assert scenario[0] > status_quo[0], "the Wmo pays for the initiatives: it spends more"
    assert "spending over 5 years (EUR" in ax.get_xlabel() and "price level 2022" in \
        ax.get_xlabel(), "axis with its unit"
    assert "95% interval over 3 replications" in figure_provenance(fig)


def test_spending_title_states_the_total_difference(small_results):
    mean, low, high = total_difference(small_results)
    d = small_results.costs
    tot = d.groupby("arm").eur.sum() / 3
    assert mean == pytest.approx(tot["scenario"] - tot["counterfactual"]), \
        "the paired mean equals the difference of the arms' means"
    title = figure_title(charts.compare_spending(small_results))
    word = "less" if mean < 0 else "more"
    if low <= 0 <= high:    # no winner named: the difference cannot be told apart from zero
        assert title.startswith("With village and in the status quo the kokers together spend "
                                "amounts that cannot be told apart"), title
        assert f"({fmt_eur(abs(mean))} {word} over 5 years, within the noise)" in title, title
    else:
        assert title.startswith(f"With village the kokers together spend "
                                f"{fmt_eur(abs(mean))} {word} than in the status quo over 5 "
                                "years"), title
        assert "noise" not in title, "the title says when the interval includes zero"
    nl = figure_title(charts.compare_spending(small_results, lang="nl"))
    assert nl.startswith("Met village " + ("en in de status quo geven" if low <= 0 <= high
                                           else "geven de kokers samen")), nl


def test_spending_with_other_runs_shows_a_different_status_quo(small_results):
    other = simulate.run(simulate.load_scenario(
        "village", {"population.size": 500, "horizon_years": 5, "care.nursing_home_beds": 6,
                    "name": "smaller"}), reps=3, seed=7)
    same = spending_table(small_results, [small_results])
    assert list(dict.fromkeys(same.option)) == [
        "status quo (without the scenario)", "village", "village (2)"], \
        "the same status quo is shown once"
    diff = spending_table(small_results, [other])
    assert list(dict.fromkeys(diff.option)) == [
        "status quo (without the scenario)", "village", "smaller: status quo", "smaller"], \
        "another village's status quo is shown beside its scenario"
    title = figure_title(charts.compare_spending(small_results, [other]))
    totals = diff.groupby("option")["mean"].sum().sort_values()
    best, runner = totals.index[:2]
    assert best in title, title
    same_run = diff[diff.option == best].run.iloc[0] == diff[diff.option == runner].run.iloc[0]
    if same_run:     # the other village's own status quo and scenario: paired replications
        a = option_totals([small_results, other], 1, "counterfactual")
        b = option_totals([small_results, other], 1, "scenario")
        _, low, high = t_interval((a - b).to_numpy())
        noisy = low <= 0 <= high
    else:
        noisy = None
    if noisy:
        assert title.startswith("No option clearly costs the kokers least"), \
            f"a winner within the noise must not be named as one: {title}"
    elif noisy is False:
        assert title.startswith(f"{best} costs the kokers least"), title


def test_comparison_titles_name_no_winner_within_the_noise(small_results):
    from simulate.charts.compare import within_noise_of
    title = figure_title(charts.compare_scenarios([small_results, small_results]))
    assert title.startswith("No scenario clearly gives the highest total net"), \
        f"a run compared with itself has no winner: {title}"
    spend = figure_title(charts.compare_spending(small_results, [small_results]))
    cheapest = spending_table(small_results, [small_results]).groupby("option")["mean"].sum()
    if cheapest.idxmin() in ("village", "village (2)"):   # a tie between the same two runs
        assert spend.startswith("No option clearly costs the kokers least"), spend
    far = pd.Series([100.0, 101.0, 99.0]), pd.Series([0.0, 1.0, -1.0])
    assert within_noise_of(*far) is False, "intervals far apart: a real difference"
    assert within_noise_of(*far, paired=True) is False
    assert within_noise_of(pd.Series([1.0, 5.0, -3.0]), pd.Series([0.0, 4.0, -2.0])) is True
    assert within_noise_of(pd.Series([1.0]), pd.Series([0.0])) is None, "one replication"
    assert "a (€1) and b cannot be told apart" in titles.compare("a", 1.0, "net", "en",
                                                                  noise=True, runner_up="b")
    assert "cannot be told apart" not in titles.compare("a", 1.0, "net", "en", noise=False,
                                                        runner_up="b")


TORNADO = pd.DataFrame({
    "payer": "wmo", "measure": ["net"] * 2 + ["npv"] * 2, "parameter": ["a.cost", "b.effect"] * 2,
    "label": ["cost", "effect"] * 2, "base_input": [65000, 0.85] * 2,
    "low_input": [55000, 0.75] * 2, "high_input": [75000, 1.0] * 2,
    "base": [-1e6] * 2 + [-8e5] * 2, "low_value": [-8e5, -9e5, -6e5, -7e5],
    "high_value": [-1.2e6, -1.05e6, -1e6, -8.5e5]})


def test_tornado_of_a_sensitivity_table_draws_one_measure():
    fig = charts.tornado(TORNADO, payer="wmo", metadata={"scenario_name": "t"}, note="n")
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["cost (55,000 – 75,000)", "effect (0.75 – 1)"], \
        "one bar per parameter (net only, not npv too); whole numbers without decimals"
    assert bar_widths(ax, "low") == pytest.approx([200.0, 100.0]), "net, EUR thousand"
    npv = charts.tornado(TORNADO, payer="wmo", measure="npv")
    assert bar_widths(npv.axes[0], "low") == pytest.approx([200.0, 100.0])
    assert "net present value" in npv.axes[0].get_xlabel()
    with pytest.raises(ValueError, match="no rows for measure 'irr'"):
        charts.tornado(TORNADO, payer="wmo", measure="irr")


def test_sobol_title_ranks_when_indices_are_rough():
    assert titles.sobol("cost", 0.57, "wmo", "en", conf=0.05) == \
        "cost explains up to 57% of the variance for the Wmo", "precise: a share"
    rough = titles.sobol("cost", 2.2, "wmo", "en", conf=1.05)
    assert rough.startswith("cost ranks first for the Wmo (total-order index 2.20 ± 1.05"), \
        "an index beyond 0..1 is never called a share of the variance"
    assert "%" not in rough
    assert titles.sobol("cost", 0.5, "wmo", "nl", conf=0.3).startswith(
        "cost staat bovenaan voor de Wmo (totale-orde-index 0,50 ± 0,30")


def test_initiatives_title_and_dutch_names(small_results):
    assert initiative_name("meeting_place", "nl") == "ontmoetingsplek"
    assert initiative_name("meeting_place", "en") == "meeting place"
    assert initiative_name("dorpsondersteuner", "nl") == "dorpsondersteuner"
    members = {"dorpsondersteuner": 97.2, "meeting_place": 40.0}
    assert titles.initiatives(members, "en") == ("The initiatives have 137 participants a month "
                                                 "on average; the dorpsondersteuner the most (97)")
    assert titles.initiatives({"meeting_place": 40.0}, "nl") == \
        "De ontmoetingsplek heeft gemiddeld 40 deelnemers per maand"
    fig = charts.initiatives(small_results, lang="nl")
    legend = [t.get_text() for ax in fig.axes if ax.get_legend()
              for t in ax.get_legend().get_texts()]
    assert "ontmoetingsplek" in legend and "meeting place" not in legend, legend
    flows = charts.money_flows(small_results, lang="nl")
    texts = " ".join(t.get_text() for t in flows.axes[0].texts)
    assert "ontmoetingsplek" in texts and "meeting place" not in texts


def test_titles_say_when_a_change_is_within_the_noise(small_results):
    from simulate.analysis.bands import paired_total
    assert titles.informal_care(0.005, "en", noise=True).endswith("hours with the scenario "
                                                                  "(within the noise)")
    assert titles.care_states(-3.0, 2045, "nl", noise=True).endswith("(binnen de ruis)")
    assert "noise" not in titles.care_states(-3.0, 2045, "en", noise=False)
    _, low, high = paired_total(small_results, "hours", "hours", where={"kind": "informal_care"})
    title = figure_title(charts.informal_care(small_results))
    assert title.endswith("(within the noise)") == (low <= 0 <= high), \
        "the qualifier follows the paired interval of the hours"


def test_a_wrapped_title_reads_back_whole():
    from simulate.charts.style import finish, new_figure
    fig, _ = new_figure(3.0, 2.0)
    title = "staat bovenaan voor de Wmo (totale-orde-index 0,53 ± 1,06: een ruwe rangorde)"
    finish(fig, title, "", None, "nl")
    assert "\n" in fig._suptitle.get_text(), "a long title is wrapped on the figure"
    assert figure_title(fig) == title, "hyphenated words are not split: the caption reads whole"
