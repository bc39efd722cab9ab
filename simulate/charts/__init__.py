"""Publication charts: plain functions that take a :class:`~simulate.results.Results` (or a
documented DataFrame) and return a matplotlib Figure, in English or Dutch (``lang``).

Every figure states its finding in the title, has axes with units, uses the colour-blind-safe
Okabe-Ito palette and carries a provenance line (scenario, version, seed, replications, date).
Save with :func:`save_figure` (PNG at 300 dpi, SVG and PDF).
"""
from __future__ import annotations

from collections.abc import Callable

from matplotlib.figure import Figure

from simulate.charts.community import informal_care, initiatives
from simulate.charts.compare import compare_scenarios
from simulate.charts.flows import money_flows
from simulate.charts.funding import funding_decisions, has_decisions, has_transfers, transfers
from simulate.charts.kokers import cumulative_net, who_pays, wrong_pocket_heatmap
from simulate.charts.regimes import regime_comparison
from simulate.charts.save import save_figure, save_figures
from simulate.charts.sensitivity import sobol, tornado
from simulate.charts.spending import compare_spending
from simulate.charts.uncertainty import interval_scopes, voi
from simulate.charts.village import care_states, population_pyramid, waiting_list
from simulate.results.tables import Results

#: The charts of every run, in the order of the report: name -> function(results, lang=...).
RUN_CHARTS = {
    "who_pays": who_pays,
    "wrong_pocket": wrong_pocket_heatmap,
    "cumulative_net": cumulative_net,
    "money_flows": money_flows,
    "population_pyramid": population_pyramid,
    "care_states": care_states,
    "waiting_list": waiting_list,
    "initiatives": initiatives,
    "informal_care": informal_care,
}
#: Charts drawn only when a run has something to show: name -> (function, test, drawn after).
#: Funding decisions need payers' reviews or collapses; transfers need a financing regime
#: that moves money between payers.
OPTIONAL_CHARTS: dict[str, tuple[Callable[..., Figure], Callable[[Results], bool], str]] = {
    "transfers": (transfers, has_transfers, "money_flows"),
    "funding_decisions": (funding_decisions, has_decisions, "initiatives"),
}


def chart_names(results: Results) -> list[str]:
    """The charts of one run, in report order: every :data:`RUN_CHARTS` entry, and each
    :data:`OPTIONAL_CHARTS` entry that applies, after the chart it belongs with."""
    names = list(RUN_CHARTS)
    for name, (_, applies, after) in OPTIONAL_CHARTS.items():
        if applies(results):
            names.insert(names.index(after) + 1 if after in names else len(names), name)
    return names


def run_charts(results: Results, lang: str = "en",
               progress: Callable[[int, int], None] | None = None) -> dict[str, Figure]:
    """Every chart of one run, by name (see :func:`chart_names`); ``progress(done, total)``
    is called after each figure (the report's progress bar)."""
    funcs = {**RUN_CHARTS, **{k: v[0] for k, v in OPTIONAL_CHARTS.items()}}
    names = chart_names(results)
    out = {}
    for n, name in enumerate(names, 1):
        out[name] = funcs[name](results, lang=lang)
        if progress is not None:
            progress(n, len(names))
    return out


__all__ = ["who_pays", "wrong_pocket_heatmap", "cumulative_net", "money_flows", "tornado",
           "sobol", "population_pyramid", "care_states", "waiting_list", "initiatives",
           "informal_care", "funding_decisions", "transfers", "compare_scenarios",
           "compare_spending", "regime_comparison", "voi", "interval_scopes",
           "run_charts", "chart_names", "RUN_CHARTS", "OPTIONAL_CHARTS", "save_figure",
           "save_figures"]
