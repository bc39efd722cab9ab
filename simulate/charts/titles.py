"""Titles that state the finding, generated from the numbers a chart draws.

A chart's title should say what a reader learns ("The Wmo pays, the Wlz saves most"), not what
is drawn ("Investment and savings per koker"). Each function takes the data of one chart and
returns its title in English or Dutch; none of them looks anything up elsewhere.
"""
from __future__ import annotations

import math

import pandas as pd

from .labels import join_names, payer_subject
from .numbers import fmt_eur, fmt_number, fmt_percent

#: Amounts below this (EUR over the horizon) are treated as zero in words.
NEGLIGIBLE_EUR = 1.0


def _en(lang: str, en: str, nl: str) -> str:
    return en if lang == "en" else nl


def who_pays(summary: pd.DataFrame, lang: str) -> str:
    """From :func:`~simulate.analysis.koker_summary`: who invests and who saves most."""
    inv = summary[summary.investment > NEGLIGIBLE_EUR].sort_values("investment", ascending=False)
    sav = summary[summary.savings > NEGLIGIBLE_EUR].sort_values("savings", ascending=False)
    if inv.empty:
        return _en(lang, "No koker invests in initiatives in this scenario",
                   "Geen koker investeert in initiatieven in dit scenario")
    payers = join_names([payer_subject(p, lang) for p in inv.payer], lang)
    payers = payers[:1].upper() + payers[1:]
    verb = _en(lang, "pays" if len(inv) == 1 else "pay", "betaalt" if len(inv) == 1 else "betalen")
    if sav.empty:
        return _en(lang, f"{payers} {verb}; no koker saves", f"{payers} {verb}; geen koker bespaart")
    top = sav.payer.iloc[0]
    if top in set(inv.payer) and len(inv) == 1:
        return _en(lang, f"{payers} {verb} and saves most itself",
                   f"{payers} {verb} en bespaart zelf het meest")
    saver = payer_subject(top, lang)
    return _en(lang, f"{payers} {verb}, {saver} saves most", f"{payers} {verb}, {saver} bespaart het meest")


def wrong_pocket(summary: pd.DataFrame, lang: str) -> str:
    """Share of the (positive) savings that land outside the kokers that invest."""
    investors = set(summary.payer[summary.investment > NEGLIGIBLE_EUR])
    gains = summary.set_index("payer").savings.clip(lower=0)
    if not investors or gains.sum() <= NEGLIGIBLE_EUR:
        return _en(lang, "No savings to attribute to an investing koker",
                   "Geen besparing om aan een investerende koker toe te rekenen")
    outside = gains[[p for p in gains.index if p not in investors]].sum() / gains.sum()
    share = fmt_percent(outside, lang)
    if len(investors) == 1:
        return _en(lang, f"{share} of the savings land outside the koker that invests",
                   f"{share} van de besparing landt buiten de koker die investeert")
    return _en(lang, f"{share} of the savings land outside the kokers that invest",
               f"{share} van de besparing landt buiten de kokers die investeren")


def payback(total_payback: float, final_total: float, years: str, lang: str,
            invested: bool = True) -> str:
    """Whether all kokers together earn the investment back, and when."""
    if not invested:
        return _en(lang, "No koker invests: there is nothing to earn back",
                   "Geen koker investeert: er valt niets terug te verdienen")
    if not math.isnan(total_payback):
        y = int(total_payback)
        return _en(lang, f"Together the kokers earn the investment back by {y}",
                   f"Samen verdienen de kokers de investering terug in {y}")
    short = fmt_eur(-final_total, lang)
    return _en(lang, f"Together the kokers do not earn the investment back in {years} years "
                     f"({short} short)",
               f"Samen verdienen de kokers de investering niet terug in {years} jaar "
               f"({short} tekort)")


def flows(total: float, top_payer: str, top_share: float, years: str, lang: str) -> str:
    """Total spending and the payer that carries most of it."""
    who = payer_subject(top_payer, lang, capital=True)
    amount, share = fmt_eur(total, lang), fmt_percent(top_share, lang)
    return _en(lang, f"{who} pays {share} of the {amount} spent on care in {years} years",
               f"{who} betaalt {share} van de {amount} aan zorg in {years} jaar")


def ageing(start_share: float, end_share: float, lang: str) -> str:
    """The share of residents aged 65 and over, at the start and at the end."""
    a, b = fmt_percent(start_share, lang), fmt_percent(end_share, lang)
    if end_share >= start_share:
        return _en(lang, f"The village ages: 65+ grow from {a} to {b} of the residents",
                   f"Het dorp vergrijst: 65-plussers van {a} naar {b} van de inwoners")
    return _en(lang, f"The share of residents aged 65+ falls from {a} to {b}",
               f"Het aandeel 65-plussers daalt van {a} naar {b}")


def care_states(diff_end: float, end_year: int, lang: str) -> str:
    """How many fewer (or more) residents are frail or need care at the end."""
    n = fmt_number(abs(diff_end), lang, 0 if abs(diff_end) >= 10 else 1)
    if abs(diff_end) < 0.05:
        return _en(lang, f"In {end_year} as many residents are frail or need care with the "
                         "scenario as without", f"In {end_year} zijn met het scenario evenveel "
                   "inwoners kwetsbaar of zorgafhankelijk als zonder")
    fewer = diff_end < 0
    return _en(lang, f"In {end_year}, {n} {'fewer' if fewer else 'more'} residents are frail or "
                     "need care with the scenario",
               f"In {end_year} zijn met het scenario {n} inwoners {'minder' if fewer else 'meer'} "
               "kwetsbaar of zorgafhankelijk")


def waiting(scenario_mean: float, counterfactual_mean: float, lang: str) -> str:
    """Mean length of the nursing-home waiting list in both arms."""
    s = fmt_number(scenario_mean, lang, 1)
    c = fmt_number(counterfactual_mean, lang, 1)
    return _en(lang, f"On average {s} residents wait for a nursing-home bed (without the "
                     f"scenario: {c})", f"Gemiddeld wachten {s} inwoners op een verpleeghuisplek "
               f"(zonder het scenario: {c})")


def initiatives(mean_members: dict[str, float], lang: str) -> str:
    """Mean participants per month of each initiative."""
    if not mean_members:
        return _en(lang, "No initiatives in this scenario", "Geen initiatieven in dit scenario")
    parts = [f"{name.replace('_', ' ')} {fmt_number(v, lang)}" for name, v in mean_members.items()]
    return _en(lang, "Participants per month on average: " + ", ".join(parts),
               "Deelnemers per maand gemiddeld: " + ", ".join(parts))


def informal_care(change: float, lang: str) -> str:
    """Relative change in mantelzorg hours over the horizon (scenario vs counterfactual)."""
    p = fmt_percent(abs(change), lang, 1)
    if abs(change) < 0.0005:
        return _en(lang, "Mantelzorgers give as many hours with the scenario as without",
                   "Mantelzorgers geven met het scenario evenveel uren als zonder")
    more = change > 0
    return _en(lang, f"Mantelzorgers (informal carers) give {p} {'more' if more else 'fewer'} "
                     "hours with the scenario",
               f"Mantelzorgers geven met het scenario {p} {'meer' if more else 'minder'} uren")


def tornado(top_parameter: str, swing: float, payer: str, lang: str) -> str:
    """The parameter that moves the result most."""
    who = payer_subject(payer, lang)
    return _en(lang, f"{top_parameter} moves the result for {who} most ({fmt_eur(swing, lang)} "
                     "between low and high)",
               f"{top_parameter} beweegt de uitkomst voor {who} het meest ({fmt_eur(swing, lang)}"
               " tussen laag en hoog)")


def sobol(top_parameter: str, st: float, payer: str, lang: str) -> str:
    """The parameter with the largest total-order index."""
    who = payer_subject(payer, lang)
    return _en(lang, f"{top_parameter} explains up to {fmt_percent(st, lang)} of the variance "
                     f"for {who}",
               f"{top_parameter} verklaart tot {fmt_percent(st, lang)} van de variantie voor {who}")


def compare(best: str, value: float, measure: str, lang: str) -> str:
    """The scenario with the highest total of ``measure`` over all kokers."""
    return _en(lang, f"{best} gives the highest total {measure}: {fmt_eur(value, lang)}",
               f"{best} geeft het hoogste totale {measure}: {fmt_eur(value, lang)}")
