"""The report's section on financing regimes: one village under every applicable regime.

From a :class:`~simulate.analysis.regimes.RegimeComparison` (``simulate regimes SCENARIO
--out DIR``): a paragraph on what was compared, the tables (share of replications in which
each initiative still runs, the all-koker care cost without transfers, the net per koker as
care effect + transfers, outcomes), each with intervals, and the chart. The same section is
written on its own as ``regimes.html`` in the comparison's folder, and a run's report includes
it when given the folder (``simulate report RUN_DIR --regimes DIR``).
"""
from __future__ import annotations

import html
from pathlib import Path

from simulate.analysis.regimes import RegimeComparison
from simulate.charts.regimes import regime_comparison
from simulate.report.html import CSS, figure_html, table_html
from simulate.report.tables import Table
from simulate.results.atomic import write_new
from simulate.text.labels import both, payer_name
from simulate.text.numbers import fmt_eur, fmt_number

REPORT_NAME = "regimes.html"


def _pct(x: float) -> str:
    return "–" if x != x else f"{x:.0%}"


def _ci(low: float, high: float, lang: str, eur: bool = True, decimals: int = 0) -> str:
    if low != low or high != high:
        return "–"
    f = (lambda v: fmt_eur(v, lang, sign=True)) if eur else (
        lambda v: fmt_number(v, lang, decimals))
    return f"{f(low)} … {f(high)}"


def running_table(cmp: RegimeComparison, lang: str = "en") -> list[Table]:
    """Per initiative: rows regimes, columns years, the share of replications in which it
    runs at the end of the year; the last year's interval."""
    out = []
    r = cmp.running
    for name in dict.fromkeys(r.initiative):
        g = r[r.initiative == name]
        years = sorted(g.year.unique())
        rows = []
        for regime in cmp.regimes:
            h = g[g.regime == regime].set_index("year").reindex(years)
            last = h.iloc[-1]
            rows.append([regime] + [_pct(v) for v in h.share]
                        + [f"{_pct(last.low)} … {_pct(last.high)}"])
        out.append(Table(both(lang, f"{name}: share of replications in which it runs",
                             f"{name}: deel van de replicaties waarin het draait"),
                         ["regime", *[str(y) for y in years],
                          both(lang, f"{years[-1]}, 95% interval", f"{years[-1]}, 95%-interval")],
                         rows, both(lang, "At the end of each year; Wilson interval.",
                                   "Aan het eind van elk jaar; Wilson-interval.")))
    return out


def care_table(cmp: RegimeComparison, lang: str = "en") -> Table:
    """All-koker care cost without transfers, per regime."""
    rows = [[r.regime, fmt_eur(r.counterfactual_eur, lang), fmt_eur(r.scenario_eur, lang),
             fmt_eur(r.difference_eur, lang, sign=True), _ci(r.low_eur, r.high_eur, lang)]
            for r in cmp.care.itertuples()]
    return Table(both(lang, "Care cost of all kokers together", "Zorgkosten van alle kokers samen"),
                 both(lang, "regime|without scenario|with scenario|difference|95% interval",
                     "regime|zonder scenario|met scenario|verschil|95%-interval").split("|"),
                 rows, both(lang, "Care and initiatives over all payers over the horizon, "
                                 "transfers left out (they move money, they cost nothing); "
                                 "negative: the village's care costs less.",
                           "Zorg en initiatieven over alle betalers over de looptijd, zonder "
                           "overdrachten (die verplaatsen geld, ze kosten niets); negatief: de "
                           "zorg in het dorp kost minder."))


def net_table(cmp: RegimeComparison, lang: str = "en") -> Table:
    """Per regime and koker: care effect, transfers, net with interval."""
    rows = [[r.regime, payer_name(r.payer, lang), fmt_eur(r.care_effect, lang, sign=True),
             fmt_eur(r.transfers, lang, sign=True), fmt_eur(r.net, lang, sign=True),
             _ci(r.net_low, r.net_high, lang)]
            for r in cmp.net.itertuples() if max(abs(r.net), abs(r.care_effect)) > 1.0]
    return Table(both(lang, "Net per koker", "Saldo per koker"),
                 both(lang, "regime|koker|care effect|transfers|net|net, 95% interval",
                     "regime|koker|zorgeffect|overdrachten|saldo|saldo, 95%-interval").split("|"),
                 rows, both(lang, "care effect = savings − investment; net = care effect + "
                                 "transfers; positive: the koker gains.",
                           "zorgeffect = besparing − investering; saldo = zorgeffect + "
                           "overdrachten; positief: de koker wint."))


def gain_table(cmp: RegimeComparison, lang: str = "en") -> Table:
    """Per regime and initiative: the probability that it survives and that the total care
    cost of all kokers falls, with Wilson intervals."""
    rows = [[r.regime, r.initiative, _pct(r.p_survives),
             f"{_pct(r.survives_low)} … {_pct(r.survives_high)}", _pct(r.p_total_cost_falls),
             f"{_pct(r.falls_low)} … {_pct(r.falls_high)}"] for r in cmp.gain.itertuples()]
    return Table(both(lang, "Probability of gain", "Kans op winst"),
                 both(lang, "regime|initiative|survives|95% interval|total care cost falls|"
                           "95% interval",
                     "regime|initiatief|blijft bestaan|95%-interval|totale zorgkosten dalen|"
                     "95%-interval").split("|"), rows,
                 both(lang, "The share of replications in which the initiative still runs with "
                           "funding in the last month, and in which all kokers together pay "
                           "less for care; Wilson interval. With the parameters drawn, each "
                           "replication is one plausible world.",
                     "Het deel van de replicaties waarin het initiatief in de laatste maand "
                     "nog draait met financiering, en waarin alle kokers samen minder aan zorg "
                     "betalen; Wilson-interval. Met getrokken parameters is elke replicatie "
                     "één aannemelijke wereld."))


def outcome_table(cmp: RegimeComparison, lang: str = "en") -> Table:
    """Per regime and outcome: the difference with its interval."""
    rows = [[r.regime, r.outcome, r.unit, fmt_number(r.difference, lang, 1),
             _ci(r.low, r.high, lang, eur=False, decimals=1)] for r in cmp.outcomes.itertuples()]
    return Table(both(lang, "Outcomes", "Uitkomsten"),
                 both(lang, "regime|outcome|unit|difference|95% interval",
                     "regime|uitkomst|eenheid|verschil|95%-interval").split("|"), rows,
                 both(lang, "With minus without the scenario, over the horizon.",
                     "Met min zonder het scenario, over de looptijd."))


def intro(cmp: RegimeComparison, lang: str = "en") -> str:
    m = cmp.metadata
    return both(lang, f"The village of {m.get('scenario_name', '?')} under each financing regime "
                     f"that applies to it ({', '.join(cmp.regimes)}), {m.get('replications')} "
                     f"replications with seed {m.get('seed')}: only the regime changes, and all "
                     "runs share their random numbers, so differences between regimes are the "
                     "regimes' own. Intervals are 95%.",
               f"Het dorp van {m.get('scenario_name', '?')} onder elk financieringsregime dat "
               f"erop van toepassing is ({', '.join(cmp.regimes)}), {m.get('replications')} "
               f"replicaties met seed {m.get('seed')}: alleen het regime verandert en alle runs "
               "delen hun toevalsgetallen, dus verschillen tussen regimes komen door de regimes. "
               "Intervallen zijn 95%.")


def section_html(cmp: RegimeComparison, lang: str = "en", with_chart: bool = True) -> str:
    """The section as HTML (a heading, the paragraph, the tables and the chart)."""
    parts = [f"<h2>{html.escape(both(lang, 'Financing regimes side by side', 'Financieringsregimes naast elkaar'))}</h2>",
             f"<p>{html.escape(intro(cmp, lang))}</p>"]
    tables = [*running_table(cmp, lang), care_table(cmp, lang), net_table(cmp, lang),
              *([gain_table(cmp, lang)] if not cmp.gain.empty else []), outcome_table(cmp, lang)]
    parts += [table_html(t) for t in tables]
    if with_chart:
        parts.append(figure_html("regimes", regime_comparison(cmp, lang=lang)))
    return "\n".join(parts)


def write_section(cmp: RegimeComparison, folder: str | Path, lang: str = "en",
                  force: bool = False) -> Path:
    """Write the section on its own as ``regimes.html`` in ``folder``; return the path."""
    target = Path(folder) / REPORT_NAME
    page = (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8"><title>'
            f"{html.escape(str(cmp.metadata.get('scenario_name', '')))}: regimes</title>"
            f"<style>{CSS}</style></head><body>{section_html(cmp, lang)}</body></html>\n")
    def write(tmp: Path) -> None:
        tmp.write_text(page, encoding="utf-8")
    write_new(target, write, force=force)
    return target
