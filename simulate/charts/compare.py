"""Several scenarios side by side per koker: net (or savings, investment, NPV) over the horizon
with 95% intervals, one bar per scenario within each koker's group."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from simulate.analysis.analysed import analyse
from simulate.analysis.bands import price_year
from simulate.analysis.kokers import koker_replications
from simulate.charts.style import CYCLE, chart, finish, new_figure
from simulate.results.tables import Results, require_results, t_interval
from simulate.scenario import PAYERS
from simulate.text import titles
from simulate.text.labels import payer_name, text
from simulate.text.numbers import axis_formatter, eur_scale

MEASURES: tuple[str, ...] = ("net", "savings", "investment", "npv")


def named_runs(runs: Mapping[str, Results] | Sequence[Results]) -> dict[str, Results]:
    """Runs by display name: a mapping as given, a list named by scenario (made unique); a
    clear TypeError for one run or a table instead of several runs."""
    if isinstance(runs, (Results, pd.DataFrame, str)) or not isinstance(runs, (Mapping, Sequence)):
        raise TypeError("compare_scenarios takes several runs: a dict {name: results} or a list "
                        f"of Results, not a {type(runs).__name__}")
    for r in (runs.values() if isinstance(runs, Mapping) else runs):
        require_results(r, "compare_scenarios")
    if isinstance(runs, Mapping):
        return dict(runs)
    out: dict[str, Results] = {}
    for r in runs:
        name = str(r.metadata.get("scenario_name", "run"))
        k, base = 1, name
        while name in out:
            k += 1
            name = f"{base} ({k})"
        out[name] = r
    return out


def comparison_table(runs: Mapping[str, Results] | Sequence[Results],
                     measure: str = "net") -> pd.DataFrame:
    """Per scenario and payer: ``measure`` over the horizon with its interval (mean, low,
    high); payers where every scenario is zero are left out."""
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {', '.join(MEASURES)} (got {measure!r})")
    rows = []
    for name, res in named_runs(runs).items():
        ks = analyse(res).kokers
        rows.append(pd.DataFrame({"scenario": name, "payer": ks.payer, "mean": ks[measure],
                                  "low": ks[f"{measure}_low"], "high": ks[f"{measure}_high"]}))
    table = pd.concat(rows, ignore_index=True)
    active = table.groupby("payer")["mean"].apply(lambda v: v.abs().max() > 1.0)
    table = table[table.payer.map(active)]
    order = {p: i for i, p in enumerate(PAYERS)}
    return table.sort_values(["payer", "scenario"], key=lambda s: s.map(order) if s.name == "payer"
                             else s.map({n: i for i, n in enumerate(named_runs(runs))})
                             ).reset_index(drop=True)


def replication_totals(results: Results, measure: str = "net") -> pd.Series:
    """``measure`` summed over all kokers, per replication (index: replication)."""
    return koker_replications(results).groupby("replication")[measure].sum()


def same_replications(a: Results, b: Results) -> bool:
    """Whether two runs share seed and replications, so that their replications pair up
    (common random numbers: replication k of both runs starts from the same streams)."""
    return (a.metadata.get("seed") is not None and a.metadata.get("seed") == b.metadata.get("seed")
            and a.metadata.get("replications") == b.metadata.get("replications"))


def within_noise_of(a: pd.Series, b: pd.Series, paired: bool = False) -> bool | None:
    """Whether two options' per-replication totals cannot be told apart: the paired 95%
    interval of a - b includes zero (``paired``), else their two 95% intervals overlap. None
    with a single replication (there is no interval)."""
    if paired and a.index.equals(b.index):
        _, low, high = t_interval((a - b).to_numpy(dtype=float))
        return None if low != low else bool(low <= 0 <= high)
    _, a_lo, a_hi = t_interval(a.to_numpy(dtype=float))
    _, b_lo, b_hi = t_interval(b.to_numpy(dtype=float))
    if a_lo != a_lo or b_lo != b_lo:
        return None
    return bool(a_lo <= b_hi and b_lo <= a_hi)


@chart
def grouped_bars(ax, table: pd.DataFrame, column: str, groups: Sequence[str],
                 colours: Sequence, payers: Sequence[str], div: float, lang: str) -> Any:
    """Horizontal bars per koker, one per group (a scenario, an arm), with their 95% intervals
    (``table``: payer, ``column``, mean, low, high in EUR; ``div`` scales to the axis unit)."""
    h = 0.8 / len(groups)
    for k, (name, colour) in enumerate(zip(groups, colours)):
        g = table[table[column] == name].set_index("payer").reindex(payers)
        y = np.arange(len(payers))[::-1] + 0.4 - h * (k + 0.5)
        err = np.nan_to_num(np.vstack([g["mean"] - g["low"], g["high"] - g["mean"]]), nan=0.0)
        ax.barh(y, g["mean"].fillna(0) / div, xerr=err / div, height=h * 0.9, color=colour,
                capsize=2, label=name, gid=f"{column}:{name}")
    ax.set_yticks(np.arange(len(payers))[::-1], [payer_name(p, lang) for p in payers])


def draw_comparison(named: dict[str, Results], measure: str, lang: str
                    ) -> tuple[Figure, pd.DataFrame]:
    """The grouped bars of several named runs (per koker one bar per run, with 95% intervals)
    on a new figure, with its axis; returns the figure and the table drawn."""
    table = comparison_table(named, measure)
    payers = list(dict.fromkeys(table.payer))
    names = list(named)
    div, unit = eur_scale(np.r_[table["low"].fillna(0), table["high"].fillna(0), table["mean"]])
    fig, ax = new_figure(7.5, 1.8 + 0.25 * len(payers) * len(names))
    grouped_bars(ax, table, "scenario", names, list(CYCLE), payers, div, lang)
    ax.axvline(0, color="black", linewidth=0.8)
    ax.xaxis.set_major_formatter(axis_formatter(lang))
    first = next(iter(named.values()))
    ax.set_xlabel(text("compare_x", lang, measure=text(f"measure_{measure}", lang),
                       unit=text(unit, lang, price_year=price_year(first))))
    ax.grid(axis="y", visible=False)
    ax.legend(loc="best")
    return fig, table


def compare_scenarios(runs: Mapping[str, Results] | Sequence[Results], lang: str = "en",
                      measure: str = "net") -> Figure:
    """Grouped bars: per koker one bar per scenario, with 95% intervals."""
    named = named_runs(runs)
    fig, table = draw_comparison(named, measure, lang)
    names, first, m_name = list(named), next(iter(named.values())), text(f"measure_{measure}", lang)
    totals = table.groupby("scenario")["mean"].sum().sort_values(ascending=False)
    best = str(totals.index[0])
    runner = str(totals.index[1]) if len(totals) > 1 else None
    noise = (None if runner is None else
             within_noise_of(replication_totals(named[best], measure),
                             replication_totals(named[runner], measure),
                             paired=same_replications(named[best], named[runner])))
    title = titles.compare(best, float(totals.iloc[0]), m_name, lang, noise=noise,
                           runner_up=runner)
    meta = {**first.metadata, "scenario_name": " vs ".join(names)}
    reps = {r.metadata.get("replications") for r in named.values()}
    sub = text("interval", lang, reps="/".join(str(r) for r in sorted(reps, key=str)))
    return finish(fig, title, sub, meta, lang)
