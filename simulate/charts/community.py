"""Initiatives, volunteers and informal carers (mantelzorgers) over time.

Initiatives report monthly series named ``<kind>.<initiative>``. This module draws the people
and the unpaid work: ``members`` (participants), ``volunteers`` and ``hours`` (volunteer hours
a month), one panel per kind, leaving out initiatives (and whole panels) whose series is zero
throughout: a dorpsondersteuner needs no volunteers. The money side of the same initiatives,
their funded ``scale``, whether they still run and the payers' decisions, is drawn by
:func:`simulate.charts.funding_decisions`. Mantelzorg is shown as hours per year and as carers
who stop because they are overburdened (the ``carer_dropout`` event).
"""
from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from simulate.analysis.bands import (
    arm_band,
    month_to_year,
    paired_total,
    replications,
    within_noise,
)
from simulate.analysis.outcomes import informal_care_change
from simulate.charts.style import ARM_COLOURS, CYCLE, chart, finish, new_figure, year_axis
from simulate.results.tables import Results
from simulate.text import titles
from simulate.text.labels import initiative_name, text
from simulate.text.numbers import axis_formatter

#: Series kinds per initiative drawn here, in panel order, with the label key of their axis.
KINDS: dict[str, str] = {"members": "members_y", "volunteers": "volunteers_y",
                         "hours": "hours_y"}


def initiative_series(results: Results, kinds: dict[str, str] | None = None,
                      drop_zero: bool = False) -> dict[str, list[str]]:
    """Kinds of per-initiative series present, each with its initiatives: {'members': [...]};
    with ``drop_zero``, initiatives whose series is zero in every month are left out (and so
    are kinds left empty)."""
    kinds = KINDS if kinds is None else kinds
    s = results.series if "series" in results.tables else pd.DataFrame(columns=["series", "value"])
    nonzero = s.groupby("series").value.apply(lambda v: bool((v != 0).any())) if len(s) else {}
    out: dict[str, list[str]] = {}
    for name in s.series.unique():
        kind, _, ini = str(name).partition(".")
        if ini and kind in kinds and (not drop_zero or nonzero[name]):
            out.setdefault(kind, []).append(ini)
    return {k: sorted(out[k]) for k in kinds if k in out}


def initiative_colours(results: Results) -> dict[str, str]:
    """One colour per initiative, the same in every panel and chart (sorted by name)."""
    names = sorted({str(n).partition(".")[2] for n in results.series.series.unique()
                    if str(n).startswith("members.")}) if "series" in results.tables else []
    return {name: CYCLE[i % len(CYCLE)] for i, name in enumerate(names)}


def series_band(results: Results, series: str, arm: str = "scenario") -> pd.DataFrame:
    """One monthly series in one arm: mean over replications with 95% interval."""
    return arm_band(results, "series", ["month"], "value",
                    where={"series": series, "arm": arm})


@chart
def initiatives(results: Results, lang: str = "en") -> Figure:
    """Per initiative: participants, volunteers and volunteer hours per month (scenario arm,
    95% bands). Participants are always drawn; volunteers and hours only for initiatives that
    have any, and their panel only if some initiative has."""
    nonzero = initiative_series(results, drop_zero=True)
    kinds = {k: v if k == "members" else nonzero.get(k, [])   # participants always shown
             for k, v in initiative_series(results).items()}
    kinds = {k: v for k, v in kinds.items() if v}
    n = max(1, len(kinds))
    fig, axes = new_figure(7.5, 2.0 + 2.0 * n, nrows=n, sharex=False, squeeze=False)
    axes = list(axes[:, 0])
    mean_members: dict[str, float] = {}
    colours = initiative_colours(results)
    for ax, (kind, inits) in zip(axes, kinds.items()):
        for ini in inits:
            colour = colours.get(ini, CYCLE[-1])
            g = series_band(results, f"{kind}.{ini}").sort_values("month")
            t = month_to_year(results, g.month.to_numpy())
            ax.plot(t, g["mean"], color=colour, label=initiative_name(ini, lang),
                    gid=f"{kind}:{ini}")
            ax.fill_between(t, g["low"].fillna(g["mean"]), g["high"].fillna(g["mean"]),
                            color=colour, alpha=0.2, linewidth=0)
            if kind == "members":
                mean_members[ini] = float(g["mean"].mean())
        ax.set_ylabel(text(KINDS[kind], lang))
        ax.set_ylim(bottom=0)
        ax.yaxis.set_major_formatter(axis_formatter(lang))
        if inits:
            ax.legend(loc="best")
    for ax in axes:
        ax.set_xlabel(text("year", lang))
        year_axis(ax)
    sub = text("band", lang, reps=len(replications(results)))
    return finish(fig, titles.initiatives(mean_members, lang), sub, results.metadata, lang)


def _arm_lines(ax, results: Results, table: str, keys: list[str], value: str, where: dict,
               lang: str, divide: float) -> dict[str, pd.DataFrame]:
    """Both arms of a yearly quantity as lines with 95% bands; returns the data drawn."""
    data = arm_band(results, table, keys, value, where=where)
    years = sorted(results.costs.year.unique()) if "costs" in results.tables else sorted(
        data[keys[0]].unique())
    out = {}
    for arm in ("counterfactual", "scenario"):   # years without any event count as zero
        g = (data[data.arm == arm].set_index(keys[0])[["mean", "low", "high"]]
             .astype(float).reindex(years, fill_value=0.0).rename_axis(keys[0]).reset_index())
        ax.plot(g[keys[0]], g["mean"] / divide, color=ARM_COLOURS[arm], label=text(arm, lang),
                linestyle="--" if arm == "counterfactual" else "-", marker="o", markersize=3,
                gid=f"{value}:{arm}")
        ax.fill_between(g[keys[0]], g["low"].fillna(g["mean"]) / divide,
                        g["high"].fillna(g["mean"]) / divide, color=ARM_COLOURS[arm], alpha=0.2,
                        linewidth=0)
        out[arm] = g
    ax.yaxis.set_major_formatter(axis_formatter(lang, divide=1.0))
    ax.legend(loc="best")
    return out


@chart
def informal_care(results: Results, lang: str = "en") -> Figure:
    """Mantelzorg hours per year and overburdened carers who stop, both arms, 95% bands."""
    fig, (ax1, ax2) = new_figure(9.0, 4.0, ncols=2)
    _arm_lines(ax1, results, "hours", ["year"], "hours", {"kind": "informal_care"}, lang, 1e3)
    ax1.set_ylabel(text("ic_hours_y", lang))
    _arm_lines(ax2, results, "events", ["year"], "count", {"event": "carer_dropout"}, lang, 1.0)
    ax2.set_ylabel(text("dropout_y", lang))
    ax2.set_ylim(bottom=0)
    for ax in (ax1, ax2):
        ax.set_xlabel(text("year", lang))
        year_axis(ax)
    sub = text("band", lang, reps=len(replications(results)))
    _, low, high = paired_total(results, "hours", "hours", where={"kind": "informal_care"})
    return finish(fig, titles.informal_care(informal_care_change(results), lang,
                                            within_noise(low, high)), sub, results.metadata, lang)
