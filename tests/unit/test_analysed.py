"""One analysis per run (issue 12): the koker summary is computed once and charts, report and
export read the same object."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402

import simulate.analysis.analysed as analysed_module  # noqa: E402
from simulate import charts  # noqa: E402
from simulate.analysis import analyse, koker_summary  # noqa: E402
from simulate.report.findings import key_findings  # noqa: E402
from simulate.report.tables import koker_table  # noqa: E402
from simulate.results.prices import reprice  # noqa: E402


def test_the_koker_summary_is_computed_once_per_run(small_results, monkeypatch):
    small_results.__dict__.pop("_analysed", None)
    calls = []
    real = analysed_module.koker_summary
    monkeypatch.setattr(analysed_module, "koker_summary",
                        lambda r: calls.append(1) or real(r))
    key_findings(small_results, "en")
    koker_table(small_results, "nl")
    charts.who_pays(small_results)
    charts.cumulative_net(small_results)
    assert len(calls) == 1, "findings, tables and charts share one koker summary"
    assert analyse(small_results) is analyse(small_results)
    pd.testing.assert_frame_equal(analyse(small_results).kokers, real(small_results))


def test_other_prices_get_their_own_analysis(small_results):
    other = reprice(small_results, 2024)
    assert analyse(other) is not analyse(small_results)
    assert analyse(other).kokers.investment.sum() > koker_summary(small_results).investment.sum()
