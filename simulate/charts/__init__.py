"""Publication charts: plain functions that take a :class:`~simulate.results.Results` (or a
documented DataFrame) and return a matplotlib Figure, in English or Dutch (``lang``).

Every figure states its finding in the title, has axes with units, uses the colour-blind-safe
Okabe-Ito palette and carries a provenance line (scenario, version, seed, replications, date).
Save with :func:`save_figure` (PNG at 300 dpi, SVG and PDF).
"""
from __future__ import annotations

from matplotlib.figure import Figure

from ..results import Results
from .community import informal_care, initiatives
from .compare import compare_scenarios
from .flows import money_flows
from .kokers import cumulative_net, who_pays, wrong_pocket_heatmap
from .save import save_figure, save_figures
from .sensitivity import sobol, tornado
from .village import care_states, population_pyramid, waiting_list

#: The charts of one run, in the order of the report: name -> function(results, lang=...).
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


def run_charts(results: Results, lang: str = "en") -> dict[str, Figure]:
    """Every chart of one run, by name (see :data:`RUN_CHARTS`)."""
    return {name: func(results, lang=lang) for name, func in RUN_CHARTS.items()}


__all__ = ["who_pays", "wrong_pocket_heatmap", "cumulative_net", "money_flows", "tornado",
           "sobol", "population_pyramid", "care_states", "waiting_list", "initiatives",
           "informal_care", "compare_scenarios", "run_charts", "RUN_CHARTS", "save_figure",
           "save_figures"]
