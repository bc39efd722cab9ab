"""The money side of initiatives over time: how much of each initiative its payers fund, what
they decide at their yearly budget moment, and the transfers a financing regime moves between
payers.

* :func:`funding_decisions`: per initiative its funded scale per month (1 = as planned, 0 = not
  running), mean over replications with 95% bands, above the payers' decisions per year
  (``decisions`` table: continue, grow, doubt, cut to budget, stop; and collapses), counted
  per replication. The title names the most frequent stop or collapse.
* :func:`transfers`: per payer the transfers it received (+) or paid (−) each year, with minus
  without the scenario, 95% bands. Transfers are net amounts per payer (the ledger does not
  record who paid whom); over all payers they sum to zero.

A decision at month ``m`` is taken at the budget moment at the end of year ``m / 12 - 1`` and
applies from the start of calendar year ``start_year + m / 12``; it is drawn in that year.
"""
from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from simulate.analysis.analysed import analyse
from simulate.analysis.bands import (
    horizon_years,
    month_to_year,
    price_year,
    replications,
)
from simulate.analysis.decisions import (
    decision_table,
    decisions_per_year,
    running_at_end,
    stop_summary,
    transfer_years,
)
from simulate.charts.community import initiative_colours, initiative_series, series_band
from simulate.charts.style import (
    CYCLE,
    OKABE_ITO,
    PAYER_COLOURS,
    chart,
    finish,
    new_figure,
    year_axis,
)
from simulate.results.tables import Results
from simulate.scenario import PAYERS
from simulate.text import titles
from simulate.text.labels import initiative_name, payer_name, text
from simulate.text.numbers import axis_formatter, eur_scale, fmt_years

#: Decisions in the order they are stacked, with their colour (Okabe-Ito) and words.
VERDICTS: dict[str, str] = {
    "continue": OKABE_ITO["bluish_green"], "grow": OKABE_ITO["sky_blue"],
    "doubt": OKABE_ITO["yellow"], "cut to budget": OKABE_ITO["orange"],
    "stop": OKABE_ITO["vermillion"], "collapse": OKABE_ITO["black"],
}


def has_decisions(results: Results) -> bool:
    """Whether any payer reviewed a line, cut it to budget, or an initiative collapsed."""
    return not decision_table(results).empty


@chart
def funding_decisions(results: Results, lang: str = "en") -> Figure:
    """Top: each initiative's funded scale per month (mean, 95% band). Bottom: the payers'
    decisions and collapses per year, stacked, per replication."""
    fig, (ax1, ax2) = new_figure(7.5, 6.2, nrows=2)
    inits = initiative_series(results, {"scale": ""}).get("scale", [])
    colours = initiative_colours(results)
    for ini in inits:
        colour = colours.get(ini, CYCLE[-1])
        g = series_band(results, f"scale.{ini}").sort_values("month")
        t = month_to_year(results, g.month.to_numpy())
        ax1.plot(t, g["mean"], color=colour, label=initiative_name(ini, lang), gid=f"scale:{ini}")
        ax1.fill_between(t, g["low"].fillna(g["mean"]), g["high"].fillna(g["mean"]),
                         color=colour, alpha=0.2, linewidth=0)
    ax1.set_ylim(bottom=0)
    ax1.set_ylabel(text("scale_y", lang))
    ax1.yaxis.set_major_formatter(axis_formatter(lang, decimals=1))
    if inits:
        ax1.legend(loc="best")
    per_year = decisions_per_year(results)
    bottom = np.zeros(len(per_year))
    for verdict in per_year.columns:
        ax2.bar(per_year.index, per_year[verdict], bottom=bottom, color=VERDICTS[verdict],
                width=0.6, label=text(f"verdict_{verdict.replace(' ', '_')}", lang),
                gid=f"decision:{verdict}")
        bottom += per_year[verdict].to_numpy()
    ax2.set_ylabel(text("decisions_y", lang))
    ax2.yaxis.set_major_formatter(axis_formatter(lang, decimals=1))
    if len(per_year.columns):
        ax2.legend(loc="best", fontsize=7)
    for ax in (ax1, ax2):
        ax.set_xlabel(text("year", lang))
        year_axis(ax)
    ax2.set_xlim(ax1.get_xlim())
    title = titles.funding(stop_summary(results), running_at_end(results), lang)
    sub = text("band", lang, reps=len(replications(results)))
    return finish(fig, title, sub, results.metadata, lang)


def has_transfers(results: Results) -> bool:
    """Whether a financing regime moved money between payers in this run."""
    return not transfer_years(results).empty


@chart
def transfers(results: Results, lang: str = "en") -> Figure:
    """Transfers received (+) or paid (−) per payer and year, with 95% bands."""
    data = transfer_years(results)
    div, unit = eur_scale(np.r_[data["low"].fillna(0), data["high"].fillna(0), data["mean"]])
    fig, ax = new_figure(7.5, 4.4)
    order = {p: i for i, p in enumerate(PAYERS)}
    for payer in sorted(set(data.payer), key=lambda p: order.get(p, 99)):
        g = data[data.payer == payer].sort_values("year")
        colour = PAYER_COLOURS.get(payer, "#999999")
        ax.plot(g.year, g["mean"] / div, color=colour, marker="o", markersize=3,
                label=payer_name(payer, lang), gid=f"transfers:{payer}")
        ax.fill_between(g.year, g["low"].fillna(g["mean"]) / div,
                        g["high"].fillna(g["mean"]) / div, color=colour, alpha=0.18, linewidth=0)
    ax.axhline(0, color="black", linewidth=0.8)
    ax.yaxis.set_major_formatter(axis_formatter(lang))
    ax.set_ylabel(text("transfers_y", lang, unit=text(unit, lang, price_year=price_year(results))))
    ax.set_xlabel(text("year", lang))
    year_axis(ax)
    if len(data):
        ax.legend(loc="best")
    ks = analyse(results).kokers
    title = titles.transfers(ks, fmt_years(horizon_years(results)), lang)
    sub = text("transfers_sub", lang, reps=len(replications(results)))
    return finish(fig, title, sub, results.metadata, lang)


__all__ = ["funding_decisions", "transfers", "decision_table", "decisions_per_year",
           "stop_summary", "running_at_end", "transfer_years", "has_decisions",
           "has_transfers", "VERDICTS"]
