"""Charts of parameter uncertainty (issue 16).

* :func:`voi`: per uncertain parameter, what knowing it is worth to one payer's decision
  (EVPPI, :mod:`simulate.analysis.voi`). It takes the ``voi`` table (columns ``payer``,
  ``measure``, ``parameter``, ``kind``, ``evppi_eur``, as
  :func:`simulate.analysis.voi.voi_table` returns), not a Results.
* :func:`interval_scopes`: the net per koker with its 95% interval from runs whose intervals
  include different things (simulation only; simulation and parameters), side by side.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from simulate.charts.compare import draw_comparison, named_runs
from simulate.charts.style import OKABE_ITO, chart, finish, new_figure
from simulate.results.tables import Results
from simulate.text.labels import payer_name, text
from simulate.text.numbers import axis_formatter, eur_scale, fmt_eur
from simulate.text.parameters import parameter_label
from simulate.text.uncertainty import (
    evpi_label,
    group_label,
    scope_short,
    scope_title,
    voi_axis,
    voi_title,
)

VOI_CHART_COLUMNS: tuple[str, ...] = ("payer", "measure", "parameter", "kind", "evppi_eur")


def _label(path: str, kind: str, lang: str) -> str:
    """A parameter's readable name (a group keeps its own name, marked as a group)."""
    if kind == "group":
        return group_label(path, lang)
    return parameter_label(path, lang)


@chart
def voi(df: pd.DataFrame, payer: str = "total", lang: str = "en", measure: str = "net",
        top: int = 12, metadata: dict | None = None, price_year: int = 2022,
        note: str = "") -> Figure:
    """Horizontal bars of each parameter's and group's EVPPI for ``payer`` (``total``: all
    kokers together), the largest on top; the EVPI of all parameters as a dashed line."""
    missing = [c for c in VOI_CHART_COLUMNS if c not in df.columns]
    if missing:
        raise ValueError(f"voi table lacks column(s) {', '.join(missing)}")
    rows = df[(df.payer == payer) & (df.measure == measure)]
    if rows.empty:
        raise ValueError(f"voi table has no rows for payer {payer!r} and measure {measure!r}; "
                         f"payers: {', '.join(map(str, df.payer.unique()))}")
    everything = rows[rows.kind == "all"]
    rows = (rows[rows.kind != "all"].sort_values("evppi_eur", ascending=False, kind="stable")
            .head(top).reset_index(drop=True))
    values = np.r_[rows.evppi_eur.to_numpy(), everything.evppi_eur.to_numpy()]
    div, unit = eur_scale(values)
    fig, ax = new_figure(7.5, 1.6 + 0.42 * len(rows))
    y = np.arange(len(rows))[::-1]
    colours = [OKABE_ITO["vermillion"] if k == "group" else OKABE_ITO["blue"]
               for k in rows.kind]
    ax.barh(y, rows.evppi_eur / div, color=colours, height=0.6, gid="evppi")
    if len(everything):
        ax.axvline(float(everything.evppi_eur.iloc[0]) / div, color="#555555",
                   linestyle="--", linewidth=0.9, gid="evpi", label=evpi_label(lang))
        ax.legend(loc="lower right")
    ax.set_yticks(y, [_label(p, k, lang) for p, k in zip(rows.parameter, rows.kind)])
    ax.set_xlim(left=0)
    ax.xaxis.set_major_formatter(axis_formatter(lang))
    ax.set_xlabel(voi_axis(text(unit, lang, price_year=price_year), lang))
    ax.grid(axis="y", visible=False)
    first = rows[rows.kind == "parameter"].head(1)
    best = float(first.evppi_eur.iloc[0]) if len(first) else 0.0
    title = voi_title(_label(first.parameter.iloc[0], "parameter", lang) if best > 0 else "",
                      fmt_eur(best, lang), payer_name(payer, lang), lang)
    return finish(fig, title, note, metadata, lang)


@chart
def interval_scopes(runs: dict[str, Results], lang: str = "en", measure: str = "net",
                    payer: str = "wlz") -> Figure:
    """Per koker, the mean net with its 95% interval from each run (keyed by what its
    intervals include, e.g. ``{"simulation": off, "simulation and parameters": on}``); the
    title compares the widths of ``payer``'s intervals."""
    named = named_runs({scope_short(k, lang): v for k, v in runs.items()})
    fig, table = draw_comparison(named, measure, lang)
    names, first = list(named), next(iter(named.values()))
    if payer not in set(table.payer):   # no such koker in these runs: the widest interval
        payer = str(table.assign(w=table["high"] - table["low"]).sort_values("w").payer.iloc[-1])
    rows = table[table.payer == payer].set_index("scenario")
    widths = (rows["high"] - rows["low"]).reindex(names)
    ratio = float(widths.iloc[-1] / widths.iloc[0]) if widths.iloc[0] > 0 else float("nan")
    title = scope_title(payer_name(payer, lang), ratio, lang)
    meta = {k: v for k, v in first.metadata.items() if k != "interval_includes"}
    return finish(fig, title, "", meta, lang)


__all__ = ["voi", "interval_scopes", "VOI_CHART_COLUMNS"]
