"""Scenarios side by side per koker: what each koker spends in the status quo, with the
scenario, and with the scenarios of other runs, with 95% intervals.

Every run holds its own status quo (the counterfactual arm), so one run already compares two
scenarios. Other runs add their scenario arm; their status quo is shown as well when it differs
from this run's (another village, another seed), so that no bar is compared with the wrong
baseline.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from simulate.analysis.bands import arm_band, horizon_years, price_year, replications
from simulate.charts.compare import grouped_bars
from simulate.charts.style import ARM_COLOURS, CYCLE, chart, finish, new_figure
from simulate.results.tables import Results, t_interval
from simulate.scenario import PAYERS
from simulate.text import titles
from simulate.text.labels import payer_subject, text, verb
from simulate.text.numbers import axis_formatter, eur_scale, fmt_eur, fmt_years

#: Mean spending per payer (EUR over the horizon) closer than this counts as the same status quo.
SAME_EUR = 1.0


def arm_spending(results: Results) -> pd.DataFrame:
    """Per arm and payer: total EUR over the horizon, mean over replications with a 95%
    t-interval (columns arm, payer, mean, low, high)."""
    return arm_band(results, "costs", ["payer"], "eur")


def _name(results: Results) -> str:
    return str(results.metadata.get("scenario_name", "scenario"))


def spending_table(results: Results, others: Sequence[Results] = (),
                   lang: str = "en") -> pd.DataFrame:
    """One row per option and payer: option (display name), run (0 for this run), arm, payer,
    mean, low, high. Options: this run's status quo and scenario, then each other run's
    scenario (and its status quo when it differs from this run's). Payers that spend nothing
    in any option are left out."""
    base = arm_spending(results)
    own_cf = base[base.arm == "counterfactual"].set_index("payer")["mean"]
    frames = [base[base.arm == "counterfactual"].assign(option=text("status_quo", lang), run=0),
              base[base.arm == "scenario"].assign(option=_name(results), run=0)]
    used = {text("status_quo", lang), _name(results)}
    for k, other in enumerate(others, 1):
        sp = arm_spending(other)
        name = _unique(_name(other), used)
        cf = sp[sp.arm == "counterfactual"].set_index("payer")["mean"]
        if not _same(cf, own_cf):
            frames.append(sp[sp.arm == "counterfactual"].assign(
                option=_unique(text("status_quo_of", lang, name=name), used), run=k))
        frames.append(sp[sp.arm == "scenario"].assign(option=name, run=k))
    table = pd.concat(frames, ignore_index=True)
    active = table.groupby("payer")["mean"].apply(lambda v: v.abs().max() > SAME_EUR)
    table = table[table.payer.map(active)]
    order = {p: i for i, p in enumerate(PAYERS)}
    table = table.assign(_p=table.payer.map(order).fillna(len(order)))
    options = list(dict.fromkeys(table.option))
    table = table.assign(_o=table.option.map({o: i for i, o in enumerate(options)}))
    return (table.sort_values(["_p", "_o"]).drop(columns=["_p", "_o"])
            [["option", "run", "arm", "payer", "mean", "low", "high"]].reset_index(drop=True))


def _unique(name: str, used: set[str]) -> str:
    out, k = name, 1
    while out in used:
        k += 1
        out = f"{name} ({k})"
    used.add(out)
    return out


def _same(a: pd.Series, b: pd.Series) -> bool:
    """Whether two status quos spend the same per payer (to within :data:`SAME_EUR`)."""
    idx = a.index.union(b.index)
    return bool(np.allclose(a.reindex(idx, fill_value=0.0), b.reindex(idx, fill_value=0.0),
                            rtol=0, atol=SAME_EUR))


def total_difference(results: Results) -> tuple[float, float, float]:
    """Scenario minus status quo, all payers together over the horizon: mean over the paired
    replications and its 95% t-interval."""
    c = results.costs
    tot = c.groupby(["replication", "arm"])["eur"].sum().unstack("arm", fill_value=0.0)
    tot = tot.reindex(index=replications(results), columns=["counterfactual", "scenario"],
                      fill_value=0.0)
    return t_interval((tot["scenario"] - tot["counterfactual"]).to_numpy())


@chart
def compare_spending(results: Results, others: Sequence[Results] = (),
                     lang: str = "en") -> Figure:
    """Grouped bars: per koker, its spending in each option (status quo, scenario, other runs),
    with 95% intervals; the status quo in grey."""
    table = spending_table(results, others, lang)
    payers = list(dict.fromkeys(table.payer))
    options = list(dict.fromkeys(table.option))
    div, unit = eur_scale(np.r_[table["low"].fillna(0), table["high"].fillna(0), table["mean"]])
    fig, ax = new_figure(7.5, 1.8 + 0.25 * len(payers) * len(options))
    colours = [ARM_COLOURS["counterfactual"] if "counterfactual" == table[table.option == o]
               .arm.iloc[0] else None for o in options]
    others_c = iter(CYCLE)
    colours = [c or next(others_c) for c in colours]
    grouped_bars(ax, table, "option", options, colours, payers, div, lang)
    ax.xaxis.set_major_formatter(axis_formatter(lang))
    years = fmt_years(horizon_years(results))
    ax.set_xlabel(text("spending_x", lang, years=years,
                       unit=text(unit, lang, price_year=price_year(results))))
    if (table["mean"].min() >= 0 and table["low"].fillna(0).min() >= 0):
        ax.set_xlim(left=0)         # all spending: bars from zero; else a payer receives
    else:                           # more in transfers than it spends: show below zero
        ax.axvline(0, color="black", linewidth=0.8)
    ax.grid(axis="y", visible=False)
    ax.legend(loc="lower right")
    reps = sorted({len(replications(r)) for r in (results, *others)})
    sub = text("spending_sub", lang, reps="/".join(map(str, reps)))
    meta = {**results.metadata, "scenario_name": " vs ".join(
        dict.fromkeys([_name(results), *(_name(o) for o in others)]))}
    return finish(fig, spending_title(results, table, others, lang), sub, meta, lang)


def option_totals(runs: Sequence[Results], run: int, arm: str) -> pd.Series:
    """What all kokers together spend over the horizon in one option (``arm`` of ``runs[run]``),
    per replication."""
    c = runs[run].costs
    return c[c.arm == arm].groupby("replication")["eur"].sum().reindex(
        replications(runs[run]), fill_value=0.0)


def _option_noise(table: pd.DataFrame, runs: Sequence[Results], a: str, b: str) -> bool | None:
    """Whether options ``a`` and ``b`` of :func:`spending_table` spend the same to within the
    noise: paired when they come from the same run or from runs whose replications pair up."""
    from simulate.charts.compare import same_replications, within_noise_of
    ra, rb = (table[table.option == o].iloc[0] for o in (a, b))
    paired = ra.run == rb.run or same_replications(runs[int(ra.run)], runs[int(rb.run)])
    return within_noise_of(option_totals(runs, int(ra.run), ra.arm),
                           option_totals(runs, int(rb.run), rb.arm), paired=paired)


def spending_title(results: Results, table: pd.DataFrame, others: Sequence[Results],
                   lang: str) -> str:
    """The finding: with one run, how much more or less the kokers spend with the scenario
    (and whether that stands out from the noise) and who spends more; with several, which
    option costs least."""
    years = fmt_years(horizon_years(results))
    if others:
        totals = table.groupby("option", sort=False)["mean"].sum().sort_values(kind="stable")
        best = str(totals.index[0])
        runner = str(totals.index[1]) if len(totals) > 1 else None
        noise = None if runner is None else _option_noise(table, [results, *others], best,
                                                          runner)
        return titles.cheapest(best, float(totals.iloc[0]), years, lang, noise, runner)
    mean, low, high = total_difference(results)
    per = table.pivot_table(index="payer", columns="arm", values="mean", aggfunc="sum")
    rise = (per.get("scenario", 0) - per.get("counterfactual", 0)).sort_values()
    up = rise[rise > SAME_EUR]
    more = None
    if mean < 0 and len(up):   # who pays for the saving: the wrong pocket, in one clause
        p = str(up.index[-1])
        more = (payer_subject(p, lang), verb(p, lang, "spends", "geeft|geven"),
                fmt_eur(float(up.iloc[-1]), lang))
    noise = None if low != low else not (low > 0 or high < 0)   # None: one replication
    return titles.spending(_name(results), mean, years, noise, more, lang)
