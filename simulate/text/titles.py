"""Titles that state the finding, generated from the numbers a chart draws.

A chart's title should say what a reader learns ("The Wmo pays, the Wlz saves most"), not what
is drawn ("Investment and savings per koker"). Each function takes the data of one chart and
returns its title in English or Dutch; none of them looks anything up elsewhere.
"""
from __future__ import annotations

import math

import pandas as pd

from simulate.text.labels import initiative_name, join_names, payer_subject, verb
from simulate.text.numbers import fmt_eur, fmt_number, fmt_percent

#: Amounts below this (EUR over the horizon) are treated as zero in words.
NEGLIGIBLE_EUR = 1.0


def _en(lang: str, en: str, nl: str) -> str:
    return en if lang == "en" else nl


def who_pays(summary: pd.DataFrame, lang: str) -> str:
    """From :func:`~simulate.analysis.koker_summary`: who invests and who saves most; under a
    regime that moves money between payers, also who gains most after the transfers."""
    inv = summary[summary.investment > NEGLIGIBLE_EUR].sort_values("investment", ascending=False)
    sav = summary[summary.savings > NEGLIGIBLE_EUR].sort_values("savings", ascending=False)
    if inv.empty:
        return _en(lang, "No koker invests in initiatives in this scenario",
                   "Geen koker investeert in initiatieven in dit scenario")
    payers = join_names([payer_subject(p, lang) for p in inv.payer], lang)
    payers = payers[:1].upper() + payers[1:]
    pays = verb(list(inv.payer), lang, "pays", "betaalt|betalen")
    if sav.empty:
        out = _en(lang, f"{payers} {pays}; no koker saves", f"{payers} {pays}; geen koker bespaart")
    else:
        top = sav.payer.iloc[0]
        saves = verb(top, lang, "saves", "bespaart|besparen")
        if top in set(inv.payer) and len(inv) == 1:
            out = _en(lang, f"{payers} {pays} and {saves} most itself",
                      f"{payers} {pays} en {saves} zelf het meest")
        else:
            saver = payer_subject(top, lang)
            out = _en(lang, f"{payers} {pays}, {saver} {saves} most",
                      f"{payers} {pays}, {saver} {saves} het meest")
    if "transfers" in summary and (summary.transfers.abs() > NEGLIGIBLE_EUR).any():
        best = summary.sort_values("net", ascending=False).payer.iloc[0]
        gains = verb(best, lang, "gains", "wint|winnen")
        who = payer_subject(best, lang)
        out += _en(lang, f"; after transfers {who} {gains} most",
                   f"; na overdrachten {gains} {who} het meest")
    return out


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
            invested: bool = True, noise: bool | None = None,
            paid_back: tuple[int, int] | None = None) -> str:
    """Whether all kokers together earn the investment back, and when (the payback year of the
    mean cumulative net); ``noise``: the 95% interval of the final cumulative net includes zero,
    then the title says the answer is within the noise; ``paid_back``: (k, n) replications that
    pay back, added when the answer is within the noise."""
    if not invested:
        return _en(lang, "No koker invests: there is nothing to earn back",
                   "Geen koker investeert: er valt niets terug te verdienen")
    of = ""
    if noise and paid_back is not None:
        k, n = paid_back
        of = _en(lang, f"; {k} of {n} replications pay back",
                 f"; {k} van {n} replicaties verdienen terug")
    if not math.isnan(total_payback):
        y = int(total_payback)
        if noise:
            return _en(lang, f"On average the kokers together earn the investment back by {y}, "
                             f"but within the noise{of}",
                       f"Gemiddeld verdienen de kokers samen de investering terug in {y}, maar "
                       f"binnen de ruis{of}")
        return _en(lang, f"Together the kokers earn the investment back by {y}",
                   f"Samen verdienen de kokers de investering terug in {y}")
    short = fmt_eur(-final_total, lang)
    return _en(lang, f"Together the kokers do not earn the investment back in {years} years "
                     f"({short} short){_noise(noise, lang)}{of}",
               f"Samen verdienen de kokers de investering niet terug in {years} jaar "
               f"({short} tekort){_noise(noise, lang)}{of}")


def flows(total: float, top_payer: str, top_share: float, years: str, lang: str) -> str:
    """Total spending and the payer that carries most of it."""
    who = payer_subject(top_payer, lang, capital=True)
    amount, share = fmt_eur(total, lang), fmt_percent(top_share, lang)
    pays = verb(top_payer, lang, "pays", "betaalt|betalen")
    return _en(lang, f"{who} {pays} {share} of the {amount} spent on care in {years} years",
               f"{who} {pays} {share} van de {amount} aan zorg in {years} jaar")


def ageing(start_share: float, end_share: float, lang: str) -> str:
    """The share of residents aged 65 and over, at the start and at the end."""
    a, b = fmt_percent(start_share, lang), fmt_percent(end_share, lang)
    if a == b:   # equal when rounded: one decimal shows the change, or it stays put
        a, b = fmt_percent(start_share, lang, 1), fmt_percent(end_share, lang, 1)
        if a == b:
            return _en(lang, f"The share of residents aged 65+ stays at {b}",
                       f"Het aandeel 65-plussers blijft {b}")
    if end_share >= start_share:
        return _en(lang, f"The village ages: 65+ grow from {a} to {b} of the residents",
                   f"Het dorp vergrijst: 65-plussers van {a} naar {b} van de inwoners")
    return _en(lang, f"The share of residents aged 65+ falls from {a} to {b}",
               f"Het aandeel 65-plussers daalt van {a} naar {b}")


def _noise(noise: bool | None, lang: str) -> str:
    """' (within the noise)' when the paired 95% interval of a change includes zero."""
    return _en(lang, " (within the noise)", " (binnen de ruis)") if noise else ""


def care_states(diff_end: float, end_year: int, lang: str, noise: bool | None = None) -> str:
    """How many fewer (or more) residents are frail or need care at the end; ``noise``: the
    paired 95% interval of that number includes zero."""
    n = fmt_number(abs(diff_end), lang, 0)   # whole residents: 0.5 of a person reads oddly
    if abs(diff_end) < 0.5:
        return _en(lang, f"In {end_year} as many residents are frail or need care with the "
                         "scenario as without", f"In {end_year} zijn met het scenario evenveel "
                   "inwoners kwetsbaar of zorgafhankelijk als zonder")
    fewer = diff_end < 0
    if n in ("0", "1"):   # a mean of 0.5 to 1.5 persons: say "about one", in the singular
        return _en(lang, f"In {end_year}, about one {'fewer' if fewer else 'more'} resident is "
                         "frail or needs care with the scenario",
                   f"In {end_year} is met het scenario ongeveer één inwoner "
                   f"{'minder' if fewer else 'meer'} kwetsbaar of zorgafhankelijk"
                   ) + _noise(noise, lang)
    return _en(lang, f"In {end_year}, {n} {'fewer' if fewer else 'more'} residents are frail or "
                     "need care with the scenario",
               f"In {end_year} zijn met het scenario {n} inwoners {'minder' if fewer else 'meer'} "
               "kwetsbaar of zorgafhankelijk") + _noise(noise, lang)


def waiting(scenario_mean: float, counterfactual_mean: float, lang: str) -> str:
    """Mean length of the nursing-home waiting list in both arms ('nobody' below 0.05)."""
    if scenario_mean < 0.05 and counterfactual_mean < 0.05:
        return _en(lang, "Nobody waits for a nursing-home bed, with or without the scenario",
                   "Niemand wacht op een verpleeghuisplek, met of zonder het scenario")
    s = fmt_number(scenario_mean, lang, 1 if scenario_mean < 10 else 0)
    c = fmt_number(counterfactual_mean, lang, 1 if counterfactual_mean < 10 else 0)
    return _en(lang, f"On average {s} residents wait for a nursing-home bed (without the "
                     f"scenario: {c})", f"Gemiddeld wachten {s} inwoners op een verpleeghuisplek "
               f"(zonder het scenario: {c})")


def initiatives(mean_members: dict[str, float], lang: str) -> str:
    """How many take part in the initiatives a month on average, and where most do."""
    if not mean_members:
        return _en(lang, "No initiatives in this scenario", "Geen initiatieven in dit scenario")
    total = fmt_number(sum(mean_members.values()), lang)
    top = max(mean_members, key=lambda name: mean_members[name])
    name, n = initiative_name(top, lang), fmt_number(mean_members[top], lang)
    if len(mean_members) == 1:
        return _en(lang, f"The {name} has {n} participants a month on average",
                   f"De {name} heeft gemiddeld {n} deelnemers per maand")
    return _en(lang, f"The initiatives have {total} participants a month on average; the "
                     f"{name} the most ({n})",
               f"De initiatieven hebben gemiddeld {total} deelnemers per maand; de {name} de "
               f"meeste ({n})")


def informal_care(change: float, lang: str, noise: bool | None = None) -> str:
    """Relative change in mantelzorg hours over the horizon (scenario vs counterfactual);
    ``noise``: the paired 95% interval of the change includes zero."""
    p = fmt_percent(abs(change), lang, 1)
    if abs(change) < 0.0005:
        return _en(lang, "Mantelzorgers give as many hours with the scenario as without",
                   "Mantelzorgers geven met het scenario evenveel uren als zonder")
    more = change > 0
    return _en(lang, f"Mantelzorgers (informal carers) give {p} {'more' if more else 'fewer'} "
                     "hours with the scenario",
               f"Mantelzorgers geven met het scenario {p} {'meer' if more else 'minder'} uren"
               ) + _noise(noise, lang)


def tornado(top_parameter: str, swing: float, payer: str, lang: str) -> str:
    """The parameter that moves a payer's net result most, and by how much."""
    who = payer_subject(payer, lang)
    return _en(lang, f"{top_parameter} moves the result for {who} most ({fmt_eur(swing, lang)} "
                     "between its low and high value)",
               f"{top_parameter} beweegt de uitkomst voor {who} het meest ({fmt_eur(swing, lang)}"
               " tussen zijn lage en hoge waarde)")


#: Half-widths above this make a Sobol index a ranking, not a share to quote.
ROUGH_SOBOL = 0.1


def sobol(top_parameter: str, st: float, payer: str, lang: str, conf: float = 0.0) -> str:
    """The parameter with the largest total-order index: as a share of the variance when the
    index is precise, else (small samples: wide intervals, indices beyond 0..1) as a rank."""
    who = payer_subject(payer, lang)
    if 0 <= st <= 1 and not conf > ROUGH_SOBOL:
        return _en(lang, f"{top_parameter} explains up to {fmt_percent(st, lang)} of the "
                         f"variance for {who}",
                   f"{top_parameter} verklaart tot {fmt_percent(st, lang)} van de variantie "
                   f"voor {who}")
    index = f"{fmt_number(st, lang, 2)} ± {fmt_number(conf, lang, 2)}"
    return _en(lang, f"{top_parameter} ranks first for {who} (total-order index {index}: a "
                     "rough ranking from few samples)",
               f"{top_parameter} staat bovenaan voor {who} (totale-orde-index {index}: een "
               "ruwe rangorde uit weinig trekkingen)")


def compare(best: str, value: float, measure: str, lang: str, noise: bool | None = None,
            runner_up: str | None = None) -> str:
    """The scenario with the highest total of ``measure`` over all kokers; ``noise``: it cannot
    be told apart from ``runner_up`` (the next highest), so no scenario is named the winner."""
    if noise and runner_up is not None:
        return _en(lang, f"No scenario clearly gives the highest total {measure}: {best} "
                         f"({fmt_eur(value, lang)}) and {runner_up} are within the noise",
                   f"Geen scenario geeft duidelijk het hoogste totale {measure}: {best} "
                   f"({fmt_eur(value, lang)}) en {runner_up} liggen binnen de ruis")
    return _en(lang, f"{best} gives the highest total {measure}: {fmt_eur(value, lang)}",
               f"{best} geeft het hoogste totale {measure}: {fmt_eur(value, lang)}")


def spending(name: str, diff: float, years: str, noise: bool | None,
             more: tuple[str, str, str] | None, lang: str) -> str:
    """How much more or less all kokers together spend with the scenario than in the status
    quo; ``noise``: the paired 95% interval includes zero (None: unknown, one replication);
    ``more``: (subject, verb, amount) of the koker whose spending rises most."""
    amount = fmt_eur(abs(diff), lang)
    if abs(diff) <= NEGLIGIBLE_EUR:
        return _en(lang, f"With {name} the kokers together spend as much as in the status quo",
                   f"Met {name} geven de kokers samen evenveel uit als in de status quo")
    less = diff < 0
    out = _en(lang, f"With {name} the kokers together spend {amount} {'less' if less else 'more'}"
                    f" than in the status quo over {years} years",
              f"Met {name} geven de kokers samen {amount} {'minder' if less else 'meer'} uit "
              f"dan in de status quo over {years} jaar")
    out += _noise(noise, lang)
    if more is not None:
        who, spends, x = more
        out += _en(lang, f"; {who} {spends} {x} more", f"; {who} {spends} {x} meer uit")
    return out


def cheapest(option: str, total: float, years: str, lang: str, noise: bool | None = None,
             runner_up: str | None = None) -> str:
    """The option (status quo or a scenario) in which all kokers together spend least;
    ``noise``: it cannot be told apart from ``runner_up`` (the next cheapest)."""
    if noise and runner_up is not None:
        return _en(lang, f"No option clearly costs the kokers least: {option} "
                         f"({fmt_eur(total, lang)} over {years} years) and {runner_up} are "
                         "within the noise",
                   f"Geen optie kost de kokers duidelijk het minst: {option} "
                   f"({fmt_eur(total, lang)} over {years} jaar) en {runner_up} liggen binnen "
                   "de ruis")
    return _en(lang, f"{option} costs the kokers least: {fmt_eur(total, lang)} over {years} years",
               f"{option} kost de kokers het minst: {fmt_eur(total, lang)} over {years} jaar")


def funding(stops: pd.DataFrame, running: dict[str, tuple[int, int]], lang: str) -> str:
    """The most frequent stop or collapse (from :func:`simulate.charts.funding.stop_summary`)
    and how many replications the initiative still runs in at the end; or that nothing stops."""
    if stops.empty:
        if not running:
            return _en(lang, "No initiatives in this scenario", "Geen initiatieven in dit scenario")
        return _en(lang, "No payer stops funding and no initiative collapses",
                   "Geen betaler stopt de financiering en geen initiatief valt om")
    r = stops.iloc[0]
    ini = initiative_name(str(r.initiative), lang)
    k, n = int(r.replications), int(r["of"])
    if r.decision == "stop":
        who = payer_subject(str(r.payer), lang, capital=True)
        stops_ = verb(str(r.payer), lang, "stops", "stopt|stoppen")
        out = _en(lang, f"{who} {stops_} funding the {ini} in {k} of {n} replications "
                        f"(first in {r.first_year})",
                  f"{who} {stops_} de financiering van de {ini} in {k} van {n} replicaties "
                  f"(eerst in {r.first_year})")
    else:
        out = _en(lang, f"The {ini} collapses in {k} of {n} replications (first in {r.first_year})",
                  f"De {ini} valt om in {k} van {n} replicaties "
                  f"(eerst in {r.first_year})")
    alive, of = running.get(str(r.initiative), (0, n))
    return out + _en(lang, f"; it runs at the end in {alive} of {of}",
                     f"; aan het eind draait het in {alive} van {of}")


def transfers(summary: pd.DataFrame, years: str, lang: str) -> str:
    """Who pays most and who receives most in transfers over the horizon (net amounts)."""
    t = summary.set_index("payer").transfers
    payer, receiver = str(t.idxmin()), str(t.idxmax())
    if t.abs().max() <= NEGLIGIBLE_EUR:
        return _en(lang, "No transfers between payers in this scenario",
                   "Geen overdrachten tussen betalers in dit scenario")
    who, to = payer_subject(payer, lang, capital=True), payer_subject(receiver, lang)
    pays = verb(payer, lang, "pays", "betaalt|betalen")
    gets = verb(receiver, lang, "receives", "ontvangt|ontvangen")
    return _en(lang, f"{who} {pays} {fmt_eur(-t[payer], lang)} net in transfers over {years} "
                     f"years; {to} {gets} most ({fmt_eur(t[receiver], lang)})",
               f"{who} {pays} netto {fmt_eur(-t[payer], lang)} aan overdrachten over {years} "
               f"jaar; {to} {gets} het meest ({fmt_eur(t[receiver], lang)})")
