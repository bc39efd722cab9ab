"""One village under every regime: does the initiative keep running, what does care cost all
kokers together, and who ends up with what (the comparison of
:func:`simulate.experiments.regimes.compare_regimes`)."""
from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from simulate.analysis.regimes import RegimeComparison
from simulate.charts.style import CYCLE, chart, finish, new_figure, year_axis
from simulate.text.labels import both, payer_name, text
from simulate.text.numbers import axis_formatter, eur_scale


def main_initiative(cmp: RegimeComparison) -> str | None:
    """The initiative whose survival differs most between regimes (ties: the first)."""
    r = cmp.running
    if r.empty:
        return None
    spread = r.groupby(["initiative", "regime"]).share.mean().groupby("initiative").agg(
        lambda s: s.max() - s.min())
    order = list(dict.fromkeys(r.initiative))
    return max(order, key=lambda n: (round(float(spread.get(n, 0.0)), 9), -order.index(n)))


def _err(mean: pd.Series, low: pd.Series, high: pd.Series) -> np.ndarray:
    return np.nan_to_num(np.vstack([mean - low, high - mean]), nan=0.0)


@chart
def regime_comparison(cmp: RegimeComparison, initiative: str | None = None,
                      lang: str = "en") -> Figure:
    """Three panels: the share of replications in which ``initiative`` (default: the one
    whose survival differs most between regimes) runs, year by year, per regime with its
    interval; the all-koker care cost difference without transfers per regime, with the
    share of replications in which it falls; and the net per koker per regime. Every number
    with its 95% interval."""
    regimes = cmp.regimes
    colours = {r: CYCLE[i % len(CYCLE)] for i, r in enumerate(regimes)}
    name = initiative or main_initiative(cmp)
    fig, axes = new_figure(7.5, 9.0, nrows=3)
    ax = axes[0]
    for regime in regimes:
        g = cmp.running[(cmp.running.regime == regime) & (cmp.running.initiative == name)]
        g = g.sort_values("year")
        ax.plot(g.year, g.share * 100, color=colours[regime], label=regime, gid=f"run:{regime}")
        ax.fill_between(g.year, g.low * 100, g.high * 100, color=colours[regime], alpha=0.12)
    ax.set_ylim(-2, 102)
    ax.set_ylabel(both(lang, f"{name} runs (% of replications)",
                      f"{name} draait (% van replicaties)"))
    year_axis(ax)
    ax.legend(loc="lower left", ncols=2)

    ax = axes[1]
    care = cmp.care.set_index("regime").reindex(regimes)
    div, unit = eur_scale(np.r_[care.low_eur.fillna(0), care.high_eur.fillna(0),
                                care.difference_eur])
    y = np.arange(len(regimes))[::-1]
    ax.barh(y, care.difference_eur / div, color=[colours[r] for r in regimes],
            xerr=_err(care.difference_eur, care.low_eur, care.high_eur) / div, capsize=2,
            gid="care")
    falls = cmp.gain.groupby("regime").p_total_cost_falls.first() if not cmp.gain.empty \
        else pd.Series(dtype=float)
    ax.set_yticks(y, [r if r not in falls.index else r + "\n" + both(   # p(it falls)
        lang, f"falls in {falls[r]:.0%}", f"daalt in {falls[r]:.0%}") for r in regimes])
    ax.axvline(0, color="black", linewidth=0.8)
    ax.xaxis.set_major_formatter(axis_formatter(lang))
    py = cmp.metadata.get("price_year", "")
    ax.set_xlabel(both(lang, "care cost of all kokers, with minus without, no transfers",
                      "zorgkosten alle kokers, met min zonder, zonder overdrachten")
                  + f" ({text(unit, lang, price_year=py)})")

    ax = axes[2]
    net = cmp.net[cmp.net.net.abs().groupby(cmp.net.payer).transform("max") > 1.0]
    payers = list(dict.fromkeys(net.payer))
    div, unit = eur_scale(np.r_[net.net_low.fillna(0), net.net_high.fillna(0), net.net])
    h = 0.8 / max(len(regimes), 1)
    for k, regime in enumerate(regimes):
        g = net[net.regime == regime].set_index("payer").reindex(payers)
        yy = np.arange(len(payers))[::-1] + 0.4 - h * (k + 0.5)
        ax.barh(yy, g.net.fillna(0) / div, height=h * 0.9, color=colours[regime],
                xerr=_err(g.net, g.net_low, g.net_high) / div, capsize=1.5,
                gid=f"net:{regime}")
    ax.set_yticks(np.arange(len(payers))[::-1], [payer_name(p, lang) for p in payers])
    ax.axvline(0, color="black", linewidth=0.8)
    ax.xaxis.set_major_formatter(axis_formatter(lang))
    ax.set_xlabel(both(lang, "net per koker (care effect + transfers; positive: gains)",
                      "saldo per koker (zorgeffect + overdrachten; positief: wint)")
                  + f" ({text(unit, lang, price_year=py)})")
    return finish(fig, finding(cmp, name, lang),
                  both(lang, "Same village, seed and replications under each regime (common "
                            "random numbers); bands and bars: 95% intervals.",
                      "Zelfde dorp, seed en replicaties onder elk regime (gemeenschappelijke "
                      "toevalsgetallen); banden en balken: 95%-intervallen."),
                  cmp.metadata, lang)


def finding(cmp: RegimeComparison, name: str | None, lang: str = "en") -> str:
    """The chart's title: under which regime the initiative most often still runs at the
    end, and how often."""
    r = cmp.running[cmp.running.initiative == name] if name else cmp.running
    if r.empty:
        return both(lang, "No initiative to compare", "Geen initiatief om te vergelijken")
    last = r[r.year == r.year.max()]
    best = last.loc[last.share.idxmax()]
    worst = last.loc[last.share.idxmin()]
    if best.share == worst.share:
        return both(lang, f"{name} still runs at the end in {best.share:.0%} of replications "
                         "under every regime",
                   f"{name} draait aan het eind nog in {best.share:.0%} van de replicaties "
                   "onder elk regime")
    return both(lang, f"{name} still runs at the end in {best.share:.0%} of replications "
                     f"under {best.regime}, {worst.share:.0%} under {worst.regime}",
               f"{name} draait aan het eind nog in {best.share:.0%} van de replicaties onder "
               f"{best.regime}, {worst.share:.0%} onder {worst.regime}")


__all__ = ["regime_comparison", "main_initiative", "finding"]
