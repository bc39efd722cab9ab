"""One payback definition and noise-aware payback claims in the chart title and the findings."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402

from simulate import charts  # noqa: E402
from simulate.analysis import koker_summary  # noqa: E402
from simulate.charts.kokers import cumulative_net_data  # noqa: E402
from simulate.charts.style import figure_provenance, figure_title  # noqa: E402
from simulate.report.findings import key_findings  # noqa: E402
from simulate.report.tables import koker_table  # noqa: E402
from simulate.text import titles  # noqa: E402


def test_payback_title_within_the_noise_names_no_firm_year():
    firm = titles.payback(2041.0, 5e4, "20", "en", noise=False)
    assert firm == "Together the kokers earn the investment back by 2041"
    noisy = titles.payback(2041.0, 5e4, "20", "en", noise=True, paid_back=(1, 4))
    assert not noisy.startswith("Together the kokers earn"), noisy
    assert "within the noise" in noisy and "1 of 4 replications" in noisy, noisy
    assert "binnen de ruis" in titles.payback(2041.0, 5e4, "20", "nl", noise=True)
    short = titles.payback(float("nan"), -5e4, "20", "en", noise=True)
    assert short.endswith("(within the noise)"), short


def test_chart_table_and_findings_tell_the_same_payback(small_results):
    data = cumulative_net_data(small_results)
    tot = data[data.payer == "total"].sort_values("year")
    last = tot.iloc[-1]
    noisy = last["low"] <= 0 <= last["high"]
    fig = charts.cumulative_net(small_results)
    title = figure_title(fig)
    pb = float(tot.payback_year.iloc[0])
    assert ("within the noise" in title) == bool(noisy), title
    assert "payback: first year from which the mean stays" in figure_provenance(fig)
    sentence = next(s for s in key_findings(small_results) if "earn the investment back" in s)
    if np.isnan(pb):
        assert "do not earn the investment back" in sentence, sentence
    else:
        assert str(int(pb)) in sentence and ("within the noise" in sentence) == bool(noisy)
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    ks = koker_summary(small_results)
    for r in ks.itertuples():
        if not np.isnan(r.payback_year):
            assert any(f"payback {int(r.payback_year)}" in t for t in legend), (r.payer, legend)
    table = koker_table(small_results, "en")
    for row, r in zip(table.rows, ks.itertuples()):
        if r.investment <= 1.0:
            assert row[-1] == "–", f"{r.payer} invests nothing: no payback, got {row[-1]}"
        elif not np.isnan(r.payback_year):
            assert row[-1].startswith(str(int(r.payback_year))), (r.payer, row[-1])


def test_payback_labels_are_in_the_legend_not_beside_the_curves(small_results):
    fig = charts.cumulative_net(small_results)
    beside = [t.get_text() for t in fig.axes[0].texts if "payback" in t.get_text()]
    assert beside == [], f"payback labels beside the curves can overlap: {beside}"
