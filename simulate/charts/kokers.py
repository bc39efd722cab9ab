"""Where costs and benefits land per koker: who pays and who gains, the wrong-pocket matrix, and
the cumulative net over the years with the payback year.

All three draw the numbers of :mod:`simulate.analysis.kokers` (investment = extra spending on
initiatives, savings = avoided care costs, transfers = money received from other payers under a
financing regime, net = savings - investment + transfers), so a chart and the tables of the
report can never disagree. The wrong-pocket matrix shows where savings land before any
transfers; who pays and the cumulative net include them.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from simulate.analysis.analysed import analyse
from simulate.analysis.bands import horizon_years, price_year, replications, within_noise
from simulate.analysis.kokers import (
    cumulative_net_data,
    wrong_pocket,
)
from simulate.analysis.questions import NEGLIGIBLE_EUR, moved_money
from simulate.analysis.questions import active as active_rows
from simulate.charts.style import DIVERGING, PAYER_COLOURS, chart, finish, new_figure, year_axis
from simulate.results.tables import Results
from simulate.text import titles
from simulate.text.labels import payer_name, text
from simulate.text.numbers import axis_formatter, eur_scale, fmt_eur, fmt_years


def active_payers(summary: pd.DataFrame) -> pd.DataFrame:
    """Rows of a koker summary where something happened (investment, savings or transfers:
    a budget holder may only receive and pay transfers)."""
    return summary[active_rows(summary)].reset_index(drop=True)


def has_transfers(summary: pd.DataFrame) -> bool:
    """Whether a financing regime moved money between payers in this run."""
    return moved_money(summary)


def _err(mean: pd.Series, low: pd.Series, high: pd.Series) -> np.ndarray:
    """Asymmetric error-bar lengths; zero where the interval is undefined (one replication)."""
    return np.nan_to_num(np.vstack([mean - low, high - mean]), nan=0.0)


@chart
def who_pays(results: Results, lang: str = "en") -> Figure:
    """Per koker: investment (to the left) and savings (to the right) over the horizon as
    diverging bars with 95% intervals, and the net as a diamond.

    Under a regime that moves money between payers (populatiebekostiging, shared savings,
    ...) each payer also gets a thin bar for its transfers, received (+, right) or paid
    (−, left), and the net includes them; a budget holder that only receives and pays
    transfers has a row of its own."""
    ks = active_payers(analyse(results).kokers)
    moved = has_transfers(ks)
    div, unit = eur_scale(np.r_[ks.investment, ks.savings, ks.net, ks.transfers, 0.0])
    unit_txt = text(unit, lang, price_year=price_year(results))
    fig, ax = new_figure(7.5, 1.6 + (0.75 if moved else 0.55) * max(len(ks), 1))
    y = np.arange(len(ks))[::-1]
    yb, hb = (y + 0.12, 0.48) if moved else (y, 0.6)
    colours = [PAYER_COLOURS.get(p, "#999999") for p in ks.payer]
    ax.barh(yb, -ks.investment / div, xerr=_err(ks.investment, ks.investment_low,
                                               ks.investment_high)[::-1] / div,
            color=colours, hatch="///", edgecolor="white", height=hb, capsize=3,
            label=text("invests", lang), gid="investment")
    ax.barh(yb, ks.savings / div, xerr=_err(ks.savings, ks.savings_low, ks.savings_high) / div,
            color=colours, height=hb, capsize=3, label=text("saves", lang), gid="savings")
    if moved:
        ax.barh(y - 0.28, ks.transfers / div, height=0.2, color=colours, alpha=0.55,
                edgecolor="black", linewidth=0.6, hatch="..", capsize=2,
                xerr=_err(ks.transfers, ks.transfers_low, ks.transfers_high) / div,
                label=text("transfers", lang), gid="transfers")
    net = ax.errorbar(ks.net / div, y, xerr=_err(ks.net, ks.net_low, ks.net_high) / div, fmt="D",
                      color="black", markersize=5, capsize=2, gid="net",
                      label=text("net_transfers" if moved else "net", lang))
    _annotate_amounts(ax, ks, yb, div, lang)
    ax.axvline(0, color="black", linewidth=0.8)
    ax.margins(x=0.12)
    ax.set_yticks(y, [payer_name(p, lang) for p in ks.payer])
    ax.xaxis.set_major_formatter(axis_formatter(lang))
    ax.set_xlabel(text("pays_gains_x", lang, years=fmt_years(horizon_years(results)), unit=unit_txt))
    ax.grid(axis="y", visible=False)
    handles = [Patch(facecolor="#bbbbbb", hatch="///", edgecolor="white",
                     label=text("invests", lang)),
               Patch(facecolor="#bbbbbb", label=text("saves", lang))]
    if moved:
        handles.append(Patch(facecolor="#bbbbbb", alpha=0.55, hatch="..", edgecolor="black",
                             label=text("transfers", lang)))
    ax.legend(handles=handles + [net], loc="upper center", bbox_to_anchor=(0.5, -0.1), ncols=2)
    sub = text("interval", lang, reps=len(replications(results)))
    return finish(fig, titles.who_pays(ks, lang), sub, results.metadata, lang)


def _annotate_amounts(ax, ks: pd.DataFrame, y: np.ndarray, div: float, lang: str) -> None:
    """Write the amount at the end of every investment and savings bar that is not tiny."""
    big = 0.02 * max(float(np.r_[ks.investment, ks.savings.abs()].max(initial=0)), 1.0)
    for yi, (_, r) in zip(y, ks.iterrows()):
        if r.investment > big:
            ax.annotate(fmt_eur(-r.investment, lang), (-r.investment / div, yi), xytext=(-4, 8),
                        textcoords="offset points", ha="right", fontsize=7)
        if abs(r.savings) > big:
            ax.annotate(fmt_eur(r.savings, lang), (r.savings / div, yi), xytext=(4, 8),
                        textcoords="offset points", ha="left", fontsize=7)


@chart
def wrong_pocket_heatmap(results: Results, lang: str = "en") -> Figure:
    """Who invests (rows) x who saves (columns), annotated with the amounts over the horizon."""
    matrix = wrong_pocket(results)
    rows = [p for p in matrix.index if matrix.loc[p].abs().sum() > NEGLIGIBLE_EUR] or list(matrix.index)
    cols = [p for p in matrix.columns if matrix[p].abs().sum() > NEGLIGIBLE_EUR] or list(matrix.columns)
    m = matrix.loc[rows, cols]
    div, unit = eur_scale(m.to_numpy().ravel())
    values = m.to_numpy() / div
    fig, ax = new_figure(1.8 + 1.1 * len(cols), 1.9 + 0.6 * len(rows))
    vmax = max(float(np.abs(values).max()), 1e-9)
    im = ax.imshow(values, cmap=DIVERGING, vmin=-vmax, vmax=vmax, aspect="auto")
    im.set_gid("wrong_pocket")
    for i in range(len(rows)):
        for j in range(len(cols)):
            v = m.iat[i, j]
            ax.text(j, i, fmt_eur(v, lang), ha="center", va="center", fontsize=8,
                    color="white" if abs(values[i, j]) > 0.6 * vmax else "black", gid="cell")
    ax.set_xticks(range(len(cols)), [payer_name(p, lang) for p in cols])
    ax.set_yticks(range(len(rows)), [payer_name(p, lang) for p in rows])
    ax.set_xlabel(text("saves_axis", lang))
    ax.set_ylabel(text("invests_axis", lang))
    ax.grid(False)
    bar = fig.colorbar(im, ax=ax, shrink=0.9)
    bar.set_label(text(unit, lang, price_year=price_year(results)))
    bar.ax.yaxis.set_major_formatter(axis_formatter(lang))
    sub = text("pays_gains_x", lang, years=fmt_years(horizon_years(results)),
               unit=text("eur", lang, price_year=price_year(results)))
    summary = analyse(results).kokers
    if has_transfers(summary):     # the matrix is where savings land, not who ends up with them
        sub += "; " + text("wp_before_transfers", lang)
    return finish(fig, titles.wrong_pocket(summary, lang), sub, results.metadata, lang)


@chart
def cumulative_net(results: Results, lang: str = "en") -> Figure:
    """Cumulative net per koker over the years, 95% bands, the payback year marked."""
    data = cumulative_net_data(results)
    div, unit = eur_scale(np.r_[data["low"], data["high"], data["mean"]])
    fig, ax = new_figure(7.5, 4.6)
    order = [p for p in PAYER_COLOURS if p in set(data.payer)]
    for p in order:
        g = data[data.payer == p].sort_values("year")
        colour = PAYER_COLOURS[p]
        lw = 2.4 if p == "total" else 1.6
        pb = g.payback_year.iloc[0]
        label = payer_name(p, lang)
        if not np.isnan(pb):     # in the legend, not beside the curve: labels cannot overlap
            label += " (" + text("payback", lang, year=int(pb)) + ")"
        ax.plot(g.year, g["mean"] / div, color=colour, linewidth=lw, label=label,
                gid=f"net:{p}")
        ax.fill_between(g.year, g["low"] / div, g["high"] / div, color=colour, alpha=0.18,
                        linewidth=0)
        if not np.isnan(pb) and pb > g.year.min():
            yv = float(g.loc[g.year == pb, "mean"].iloc[0]) / div
            ax.plot([pb], [yv], "o", color=colour, markersize=7, markerfacecolor="white",
                    markeredgewidth=2, gid=f"payback:{p}")
    ax.axhline(0, color="black", linewidth=0.8)
    ax.yaxis.set_major_formatter(axis_formatter(lang))
    ax.set_xlabel(text("year", lang))
    year_axis(ax)
    ax.set_ylabel(text("cum_net_y", lang, unit=text(unit, lang, price_year=price_year(results))))
    ax.legend(loc="best", ncols=2)
    return finish(fig, payback_title(results, data, lang), _sub(results, lang), results.metadata,
                  lang)


def payback_title(results: Results, data: pd.DataFrame, lang: str) -> str:
    """The finding of the cumulative-net chart: whether all kokers together earn the
    investment back, and whether that stands out from the noise."""
    tot = data[data.payer == "total"].sort_values("year")
    last = tot.iloc[-1]
    invested = bool((analyse(results).kokers.investment > NEGLIGIBLE_EUR).any())
    share = float(tot.share_paid_back.iloc[0])
    return titles.payback(float(tot.payback_year.iloc[0]), float(last["mean"]),
                          fmt_years(horizon_years(results)), lang, invested,
                          noise=within_noise(float(last["low"]), float(last["high"])),
                          paid_back=(round(share * len(replications(results))),
                                     len(replications(results))) if share == share else None)


def _sub(results: Results, lang: str) -> str:
    net = "net_transfers" if moved_money(analyse(results).kokers) else "net"
    return (text("band", lang, reps=len(replications(results))) + "; " + text(net, lang)
            + "; " + text("payback_def", lang))
