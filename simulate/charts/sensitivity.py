"""Charts of the sensitivity analysis: a tornado (one parameter at a time, low and high) and
Sobol indices (variance-based, first and total order).

They take DataFrames rather than :class:`~simulate.results.Results`, with these columns (the
contract with the sensitivity analysis, issue 5):

* **tornado**: ``parameter``, ``payer``, ``low_value``, ``high_value``, ``base`` (EUR: the
  output, e.g. the net over the horizon for that payer, with the parameter at its low value,
  at its high value, and with every parameter at its base value); optional ``low_input`` and
  ``high_input`` (the parameter values tried), ``label`` (a readable parameter name) and
  ``swing_ci_low_eur`` / ``swing_ci_high_eur`` (the 95% interval of the swing high - low
  over paired replications, drawn as a whisker at the high end).
* **sobol**: ``parameter``, ``payer``, ``S1``, ``S1_conf``, ``ST``, ``ST_conf`` (first- and
  total-order indices and the half-widths of their 95% confidence intervals); optional ``label``.

One chart shows one payer (koker), or ``"total"`` if the table has such rows.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from simulate.charts.style import OKABE_ITO, chart, finish, new_figure
from simulate.text import titles
from simulate.text.labels import payer_name, text
from simulate.text.numbers import axis_formatter, eur_scale, fmt_number
from simulate.text.parameters import parameter_label

TORNADO_COLUMNS: tuple[str, ...] = ("parameter", "payer", "low_value", "high_value", "base")
SOBOL_COLUMNS: tuple[str, ...] = ("parameter", "payer", "S1", "S1_conf", "ST", "ST_conf")


def _check(df: pd.DataFrame, columns: tuple[str, ...], what: str, payer: str,
           measure: str = "net") -> pd.DataFrame:
    """Rows of ``payer`` (and of ``measure`` when the table has a ``measure`` column, as
    :mod:`simulate.experiments.sensitivity` writes: net and npv); a clear ValueError when columns or rows
    are missing."""
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"{what} table lacks column(s) {', '.join(missing)}; expected "
                         f"{', '.join(columns)}")
    if "measure" in df.columns:
        if measure not in set(df.measure):
            raise ValueError(f"{what} table has no rows for measure {measure!r}; it has "
                             f"{', '.join(map(str, sorted(df.measure.unique())))}")
        df = df[df.measure == measure]
    rows = df[df.payer == payer]
    if rows.empty:
        raise ValueError(f"{what} table has no rows for payer {payer!r}; it has "
                         f"{', '.join(map(str, sorted(df.payer.unique())))}")
    return rows.reset_index(drop=True)


def _names(rows: pd.DataFrame, lang: str) -> list[str]:
    """Each row's parameter named for people (:func:`~simulate.text.parameters.parameter_label`);
    a path the schema does not know keeps the table's ``label``, if it has one."""
    labels = rows["label"] if "label" in rows else rows.parameter
    out = []
    for path, label in zip(rows.parameter.astype(str), labels.astype(str)):
        name = parameter_label(path, lang)
        out.append(label if name == path else name)
    return out


def tornado_order(df: pd.DataFrame, payer: str, top: int = 12,
                  measure: str = "net") -> pd.DataFrame:
    """The ``top`` parameters of one payer, largest swing |high - low| first."""
    rows = _check(df, TORNADO_COLUMNS, "tornado", payer, measure)
    rows = rows.assign(swing=(rows.high_value - rows.low_value).abs())
    return rows.sort_values("swing", ascending=False, kind="stable").head(top).reset_index(drop=True)


@chart
def tornado(df: pd.DataFrame, payer: str = "wmo", lang: str = "en", measure: str = "net",
            top: int = 12, metadata: dict | None = None, price_year: int = 2022,
            note: str = "") -> Figure:
    """Tornado: per parameter a bar from the base value to the output at the parameter's low
    value and one to its high value; the widest swing on top. ``note``: a line under the
    chart (e.g. the analysis's sizes)."""
    rows = tornado_order(df, payer, top, measure)
    base = float(rows.base.iloc[0])
    div, unit = eur_scale(np.r_[rows.low_value, rows.high_value, base])
    fig, ax = new_figure(7.5, 1.6 + 0.42 * len(rows))
    y = np.arange(len(rows))[::-1]
    low = ax.barh(y, (rows.low_value - base) / div, left=base / div, color=OKABE_ITO["blue"],
                  height=0.6, label=text("low", lang), gid="low")
    high = ax.barh(y, (rows.high_value - base) / div, left=base / div,
                   color=OKABE_ITO["orange"], height=0.6, label=text("high", lang), gid="high")
    for lo, hi in zip(low.patches, high.patches):   # the shorter bar in front when on one side
        (lo if abs(lo.get_width()) < abs(hi.get_width()) else hi).set_zorder(3)
    ax.axvline(base / div, color="black", linewidth=1, label=text("base", lang))
    if {"swing_ci_low_eur", "swing_ci_high_eur"} <= set(rows.columns):
        _swing_whiskers(ax, rows, y, div, lang)
    labels = _names(rows, lang)
    if {"low_input", "high_input"} <= set(rows.columns):
        labels = [f"{n} ({_input(lo, lang)} – {_input(hi, lang)})"
                  for n, lo, hi in zip(labels, rows.low_input, rows.high_input)]
    ax.set_yticks(y, labels)
    ax.xaxis.set_major_formatter(axis_formatter(lang))
    ax.set_xlabel(text("tornado_x", lang, measure=text(f"measure_{measure}", lang),
                       payer=payer_name(payer, lang),
                       unit=text(unit, lang, price_year=price_year)))
    ax.grid(axis="y", visible=False)
    ax.legend(loc="best")
    title = titles.tornado(_names(rows, lang)[0], float(rows.swing.iloc[0]), payer, lang)
    return finish(fig, title, note, metadata, lang)


def _swing_whiskers(ax, rows: pd.DataFrame, y: np.ndarray, div: float, lang: str) -> None:
    """The swing's 95% interval as a whisker around the high end: where the high value lies
    when the low value is taken as measured and the paired swing high - low varies over its
    interval. A whisker that reaches the low end's side of it means the replications cannot
    tell the direction of the parameter's effect."""
    lo_end = (rows.low_value + rows.swing_ci_low_eur) / div
    hi_end = (rows.low_value + rows.swing_ci_high_eur) / div
    x = rows.high_value / div
    ax.errorbar(x, y, xerr=np.vstack([(x - lo_end).clip(lower=0), (hi_end - x).clip(lower=0)]),
                fmt="none", ecolor="black", elinewidth=1, capsize=3, zorder=4,
                label=text("swing_ci", lang), gid="swing_ci")


def _input(x: float, lang: str) -> str:
    """A parameter value as tried: whole numbers above 100 without decimals, else up to 2."""
    x = float(x)
    return fmt_number(x, lang, 0 if abs(x) >= 100 or x == int(x) else 2)


@chart
def sobol(df: pd.DataFrame, payer: str = "wmo", lang: str = "en", top: int = 12,
          metadata: dict | None = None, measure: str = "net", note: str = "") -> Figure:
    """Sobol indices: first order (S1) and total order (ST) per parameter with their 95%
    confidence intervals, the largest ST on top."""
    rows = _check(df, SOBOL_COLUMNS, "sobol", payer, measure)
    rows = rows.sort_values("ST", ascending=False, kind="stable").head(top).reset_index(drop=True)
    fig, ax = new_figure(7.5, 1.6 + 0.45 * len(rows))
    y = np.arange(len(rows))[::-1]
    h = 0.38
    ax.barh(y + h / 2, rows.ST, xerr=rows.ST_conf.fillna(0), height=h, capsize=2,
            color=OKABE_ITO["vermillion"], label=text("st", lang), gid="ST")
    ax.barh(y - h / 2, rows.S1, xerr=rows.S1_conf.fillna(0), height=h, capsize=2,
            color=OKABE_ITO["sky_blue"], label=text("s1", lang), gid="S1")
    ax.set_yticks(y, _names(rows, lang))
    ax.set_xlim(left=min(0.0, float((rows.S1 - rows.S1_conf.fillna(0)).min())))
    ax.xaxis.set_major_formatter(axis_formatter(lang, decimals=1))
    rough = bool(((rows[["S1", "ST"]] > 1) | (rows[["S1", "ST"]] < 0)).any().any()
                 or (rows.ST_conf.fillna(0) > titles.ROUGH_SOBOL).any())
    ax.set_xlabel(text("sobol_x_rough" if rough else "sobol_x", lang))
    if rough:       # indices beyond 0..1: the share scale ends at 1, mark it
        ax.axvline(1.0, color="#555555", linewidth=0.8, linestyle="--", gid="share_limit")
    ax.grid(axis="y", visible=False)
    ax.legend(loc="lower right")
    title = titles.sobol(_names(rows, lang)[0], float(rows.ST.iloc[0]), payer, lang,
                         conf=float(np.nan_to_num(rows.ST_conf.iloc[0])))
    return finish(fig, title, note, metadata, lang)
