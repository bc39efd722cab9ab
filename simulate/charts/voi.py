"""The value-of-information chart: per uncertain parameter, what knowing it is worth to one
payer's decision (EVPPI, :mod:`simulate.analysis.voi`).

It takes the ``voi`` table (columns ``payer``, ``measure``, ``parameter``, ``kind``,
``evppi_eur``; as :func:`simulate.analysis.voi.voi_table` returns), not a Results.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from simulate.charts.style import OKABE_ITO, chart, finish, new_figure
from simulate.text.labels import payer_name, text
from simulate.text.numbers import axis_formatter, eur_scale, fmt_eur
from simulate.text.uncertainty import voi_axis, voi_title

VOI_CHART_COLUMNS: tuple[str, ...] = ("payer", "measure", "parameter", "kind", "evppi_eur")


def _label(path: str) -> str:
    return ".".join(path.split(".")[-2:])


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
                   linestyle="--", linewidth=0.9, gid="evpi")
    ax.set_yticks(y, [_label(p) + (" (group)" if k == "group" else "")
                      for p, k in zip(rows.parameter, rows.kind)])
    ax.set_xlim(left=0)
    ax.xaxis.set_major_formatter(axis_formatter(lang))
    ax.set_xlabel(voi_axis(text(unit, lang, price_year=price_year), lang))
    ax.grid(axis="y", visible=False)
    first = rows[rows.kind == "parameter"].head(1)
    best = float(first.evppi_eur.iloc[0]) if len(first) else 0.0
    title = voi_title(_label(first.parameter.iloc[0]) if best > 0 else "",
                      fmt_eur(best, lang), payer_name(payer, lang), lang)
    return finish(fig, title, note, metadata, lang)


__all__ = ["voi", "VOI_CHART_COLUMNS"]
