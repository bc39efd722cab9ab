"""The village over time: population pyramid at the start and the end, residents per care
state, and the waiting list for nursing-home beds.

Counts are people on 1 January (the census) or at the end of each month (the series), mean
over replications. The pyramid and the care states show the scenario arm; the care-state
difference and the waiting list compare both arms, with 95% bands.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from simulate.analysis.bands import (
    arm_band,
    mean_band,
    month_to_year,
    paired_difference,
    paired_total,
    replications,
    within_noise,
)
from simulate.charts.style import (
    ARM_COLOURS,
    OKABE_ITO,
    STATE_COLOURS,
    chart,
    finish,
    new_figure,
    year_axis,
)
from simulate.data import AGE_BANDS
from simulate.results.tables import Results
from simulate.scenario import STATES
from simulate.text import titles
from simulate.text.labels import state_name, text
from simulate.text.numbers import axis_formatter, fmt_number

#: Care states counted as "frail or needing care" in titles.
NEEDS_CARE: tuple[str, ...] = ("frail", "homecare", "wlz_home", "nursing_home")
OLD_BANDS: tuple[str, ...] = tuple(b for b in AGE_BANDS if int(b.rstrip("+").split("-")[0]) >= 65)


def pyramid_data(results: Results, arm: str = "scenario") -> pd.DataFrame:
    """Residents per census year, age band and sex in ``arm`` (mean over replications), for
    the first and the last census."""
    pop = results.population[results.population.arm == arm]
    years = sorted(pop.year.unique())
    pop = pop[pop.year.isin([years[0], years[-1]])]
    band = mean_band(pop, ["year", "age_band", "sex"], "residents", replications(results))
    full = pd.MultiIndex.from_product([[years[0], years[-1]], AGE_BANDS, ["male", "female"]],
                                      names=["year", "age_band", "sex"])
    return band.set_index(["year", "age_band", "sex"]).reindex(full, fill_value=0.0).reset_index()


def share_65_plus(pyr: pd.DataFrame, year: int) -> float:
    """Share of residents aged 65 and over in a census year of :func:`pyramid_data`."""
    g = pyr[pyr.year == year]
    total = g["mean"].sum()
    return float(g[g.age_band.isin(OLD_BANDS)]["mean"].sum() / total) if total else float("nan")


@chart
def population_pyramid(results: Results, lang: str = "en") -> Figure:
    """Men to the left, women to the right; the first census as an outline, the last filled."""
    pyr = pyramid_data(results)
    first, last = int(pyr.year.min()), int(pyr.year.max())
    fig, ax = new_figure(7.0, 5.4)
    y = np.arange(len(AGE_BANDS))
    for sex, sign, colour in (("male", -1, OKABE_ITO["blue"]), ("female", 1, OKABE_ITO["orange"])):
        end = pyr[(pyr.year == last) & (pyr.sex == sex)].set_index("age_band")["mean"][list(AGE_BANDS)]
        start = pyr[(pyr.year == first) & (pyr.sex == sex)].set_index("age_band")["mean"][list(AGE_BANDS)]
        ax.barh(y, sign * end.to_numpy(), height=0.85, color=colour, alpha=0.75,
                label=f"{text(sex, lang)}, {text('end', lang, year=last)}", gid=f"end:{sex}")
        ax.barh(y, sign * start.to_numpy(), height=0.85, fill=False, edgecolor="black",
                linewidth=0.9, label=f"{text(sex, lang)}, {text('start', lang, year=first)}",
                gid=f"start:{sex}")
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_yticks(y, AGE_BANDS)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: fmt_number(abs(v), lang)))
    ax.set_xlabel(f"{text('male', lang)}  ←  {text('residents_axis', lang)}  →  {text('female', lang)}")
    ax.set_ylabel(text("age", lang))
    ax.grid(axis="y", visible=False)
    ax.legend(loc="upper right", fontsize=7)
    title = titles.ageing(share_65_plus(pyr, first), share_65_plus(pyr, last), lang)
    return finish(fig, title, text("scenario", lang), results.metadata, lang)


def care_state_data(results: Results) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(residents per census year and state in the scenario arm, paired difference per year
    and state), both mean over replications with 95% intervals."""
    level = arm_band(results, "population", ["year", "state"], "residents",
                     where={"arm": "scenario"})
    diff = paired_difference(results, "population", ["year", "state"], "residents")
    return level, diff


@chart
def care_states(results: Results, lang: str = "en") -> Figure:
    """Left: residents per care state (stacked, vital left out for scale); right: the
    difference with minus without the scenario, per state, with 95% bands."""
    level, diff = care_state_data(results)
    shown = [s for s in STATES if s != "vital"]
    years = sorted(level.year.unique())
    fig, (ax1, ax2) = new_figure(9.0, 4.4, ncols=2)
    stack = [level[level.state == s].set_index("year")["mean"].reindex(years, fill_value=0.0)
             for s in shown]
    polys = ax1.stackplot(years, *stack, colors=[STATE_COLOURS[s] for s in shown],
                          labels=[state_name(s, lang) for s in shown], alpha=0.85)
    for s, poly in zip(shown, polys):
        poly.set_gid(f"state:{s}")
    ax1.set_ylabel(text("per_state", lang))
    ax1.set_title(text("per_state_title", lang), loc="left", fontsize=9)
    ax1.set_xlabel(text("year", lang))
    year_axis(ax1)
    ax1.legend(loc="upper left", fontsize=7)
    for s in STATES:
        g = (diff[diff.state == s].set_index("year")[["mean", "low", "high"]]
             .reindex(years, fill_value=0.0))
        ax2.plot(years, g["mean"], color=STATE_COLOURS[s], label=state_name(s, lang),
                 gid=f"diff:{s}")
        ax2.fill_between(years, g["low"].fillna(g["mean"]), g["high"].fillna(g["mean"]),
                         color=STATE_COLOURS[s], alpha=0.15, linewidth=0)
    ax2.axhline(0, color="black", linewidth=0.8)
    ax2.legend(loc="lower left", fontsize=6.5, ncols=2)
    ax2.set_ylabel(text("per_state_diff", lang))
    ax2.set_title(text("per_state_diff_title", lang), loc="left", fontsize=9)
    ax2.set_xlabel(text("year", lang))
    year_axis(ax2)
    for ax in (ax1, ax2):
        ax.yaxis.set_major_formatter(axis_formatter(lang))
    end = diff[(diff.year == years[-1]) & diff.state.isin(NEEDS_CARE)]["mean"].sum()
    _, low, high = paired_total(results, "population", "residents",
                                where={"year": years[-1], "state": list(NEEDS_CARE)})
    sub = text("band", lang, reps=len(replications(results)))
    return finish(fig, titles.care_states(float(end), int(years[-1]), lang,
                                          within_noise(low, high)), sub, results.metadata, lang)


def waiting_data(results: Results) -> pd.DataFrame:
    """Residents waiting for a nursing-home bed per month and arm (mean, 95% interval)."""
    return arm_band(results, "series", ["month"], "value", where={"series": "waiting"})


@chart
def waiting_list(results: Results, lang: str = "en") -> Figure:
    """Waiting list for nursing-home beds, both arms, monthly, with 95% bands."""
    data = waiting_data(results)
    fig, ax = new_figure(7.5, 4.0)
    means = {}
    for arm in ("counterfactual", "scenario"):
        g = data[data.arm == arm].sort_values("month")
        t = month_to_year(results, g.month.to_numpy())
        ax.plot(t, g["mean"], color=ARM_COLOURS[arm], label=text(arm, lang), gid=f"waiting:{arm}",
                linestyle="--" if arm == "counterfactual" else "-")
        ax.fill_between(t, g["low"].fillna(g["mean"]), g["high"].fillna(g["mean"]),
                        color=ARM_COLOURS[arm], alpha=0.2, linewidth=0)
        means[arm] = float(g["mean"].mean())
    ax.set_ylim(bottom=0)
    ax.set_xlabel(text("year", lang))
    year_axis(ax)
    ax.set_ylabel(text("waiting_y", lang))
    ax.yaxis.set_major_formatter(axis_formatter(lang))
    ax.legend(loc="best")
    beds = results.series[results.series.series == "beds"]
    sub = text("band", lang, reps=len(replications(results)))
    if len(beds):
        sub += "; " + text("beds", lang, beds=f"{beds.value.min():g}–{beds.value.max():g}"
                           if beds.value.min() != beds.value.max() else f"{beds.value.min():g}")
    title = titles.waiting(means.get("scenario", 0.0), means.get("counterfactual", 0.0), lang)
    return finish(fig, title, sub, results.metadata, lang)
