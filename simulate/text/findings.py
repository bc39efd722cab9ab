"""Findings as records: what was found, its numbers, and whether it is within the noise,
rendered either as a chart title or as a sentence of the report.

A finding used to be written twice, once as a chart's title (:mod:`simulate.text.titles`) and
once as a report sentence (:mod:`simulate.report.findings`), with its own cut-offs each time, so
the two could disagree (the waiting-list title knew no one-sided "nobody waits"; the report's
mantelzorg sentence ignored the noise). Now the caller builds one :class:`Finding` from the
numbers and asks it for ``title(lang)`` or ``sentence(lang)``; both renderings read the same
fields and the thresholds of :mod:`simulate.analysis.questions`.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from simulate.analysis.questions import NEGLIGIBLE_EUR, NOBODY, investors, moved_by
from simulate.text.labels import both, join_names, payer_subject, verb
from simulate.text.numbers import fmt_eur, fmt_number, fmt_percent

#: A relative change below this (0.05%) is "as many" in words: it rounds to 0.0%.
SAME_SHARE = 0.0005


@dataclass(frozen=True)
class Finding:
    """One thing a run found. ``what`` names the question (``waiting``, ``informal_care``,
    ``savings_elsewhere``); ``numbers`` are the values the words need; ``noise`` is True when
    the 95% interval of the change includes zero (None: no interval, e.g. one replication)."""
    what: str
    numbers: Mapping[str, Any] = field(default_factory=dict)
    noise: bool | None = None

    def title(self, lang: str) -> str:
        """The finding as a chart title (no final full stop)."""
        return _RENDER[self.what](self, lang, False)

    def sentence(self, lang: str) -> str:
        """The finding as a sentence of the report (ends with a full stop)."""
        return _RENDER[self.what](self, lang, True) + "."


def _noise(f: Finding, lang: str) -> str:
    return both(lang, " (within the noise)", " (binnen de ruis)") if f.noise else ""


def count(x: float, lang: str) -> str:
    """A mean count of people or events: whole numbers, one decimal only below 10."""
    return fmt_number(x, lang, 1 if abs(x) < 10 else 0)


def waiting(scenario: float, counterfactual: float) -> Finding:
    """The mean waiting list for a nursing-home bed with and without the scenario."""
    return Finding("waiting", {"scenario": scenario, "counterfactual": counterfactual})


def _waiting(f: Finding, lang: str, sentence: bool) -> str:
    s, c = float(f.numbers["scenario"]), float(f.numbers["counterfactual"])
    if s < NOBODY and c < NOBODY:
        return both(lang, "Nobody waits for a nursing-home bed, with or without the scenario",
                    "Niemand wacht op een verpleeghuisplek, met of zonder het scenario")
    sc, cf = count(s, lang), count(c, lang)
    if s < NOBODY:
        return both(lang, f"Nobody waits for a nursing-home bed with the scenario (without it, "
                          f"{cf} on average)",
                    f"Met het scenario wacht niemand op een verpleeghuisplek (zonder gemiddeld "
                    f"{cf})")
    if c < NOBODY:
        return both(lang, f"On average {sc} residents wait for a nursing-home bed with the "
                          "scenario; without it nobody waits",
                    f"Gemiddeld wachten {sc} inwoners op een verpleeghuisplek met het scenario; "
                    "zonder wacht niemand")
    return both(lang, f"On average {sc} residents wait for a nursing-home bed (without the "
                      f"scenario: {cf})",
                f"Gemiddeld wachten {sc} inwoners op een verpleeghuisplek (zonder het scenario: "
                f"{cf})")


def informal_care(change: float, noise: bool | None = None) -> Finding:
    """Relative change in mantelzorg hours over the horizon (scenario vs counterfactual)."""
    return Finding("informal_care", {"change": change}, noise)


def _informal_care(f: Finding, lang: str, sentence: bool) -> str:
    change = float(f.numbers["change"])
    apart = both(lang, "; these hours are reported apart from the euros",
                 "; die uren staan los van de euro's") if sentence else ""
    if abs(change) < SAME_SHARE:
        return both(lang, "Mantelzorgers give as many hours with the scenario as without",
                    "Mantelzorgers geven met het scenario evenveel uren als zonder") + apart
    p, more = fmt_percent(abs(change), lang, 1), change > 0
    return both(lang, f"Mantelzorgers (informal carers) give {p} {'more' if more else 'fewer'} "
                      "hours with the scenario",
                f"Mantelzorgers geven met het scenario {p} {'meer' if more else 'minder'} uren"
                ) + _noise(f, lang) + apart


def savings_elsewhere(share: float, investors: int, where: list[str]) -> Finding:
    """The share of the (positive) savings that land outside the ``investors`` kokers that
    invest, and ``where`` (payers, largest first) they land."""
    return Finding("savings_elsewhere", {"share": share, "investors": investors,
                                         "where": tuple(where)})


def _savings_elsewhere(f: Finding, lang: str, sentence: bool) -> str:
    share, n, where = float(f.numbers["share"]), int(f.numbers["investors"]), f.numbers["where"]
    one = n == 1
    if not where or share <= 0:
        return both(lang, f"All savings land at the koker{'' if one else 's'} that invest"
                          f"{'s' if one else ''}",
                    f"Alle besparingen landen bij de koker{'' if one else 's'} die "
                    f"{'investeert' if one else 'investeren'}")
    pct = fmt_percent(share, lang)
    if sentence:
        names = join_names([payer_subject(p, lang) for p in where], lang)
        return both(lang, f"{pct} of the savings land at {names}",
                    f"{pct} van de besparing landt bij {names}")
    return both(lang, f"{pct} of the savings land outside the koker{'' if one else 's'} that "
                      f"invest{'s' if one else ''}",
                f"{pct} van de besparing landt buiten de koker{'' if one else 's'} die "
                f"{'investeert' if one else 'investeren'}")


def transfers_of(summary: pd.DataFrame, years: str, regime: str = "") -> Finding | None:
    """From a koker summary: the money a financing regime moved between payers over ``years``
    (each payer's net transfers, received + or paid -) and who gains most after them; None
    when no money was moved."""
    moved = moved_by(summary)
    if moved.empty:
        return None
    best = summary.sort_values("net", ascending=False).iloc[0]
    return Finding("transfers", {"moved": dict(moved), "years": years, "regime": regime,
                                 "best": str(best.payer), "best_net": float(best.net)})


def _transfers(f: Finding, lang: str, sentence: bool) -> str:
    moved, years = f.numbers["moved"], f.numbers["years"]
    best, net = f.numbers["best"], float(f.numbers["best_net"])
    if not sentence:     # the title: who pays most and who receives most
        payer, receiver = min(moved, key=moved.get), max(moved, key=moved.get)
        who, to = payer_subject(payer, lang, capital=True), payer_subject(receiver, lang)
        pays = verb(payer, lang, "pays", "betaalt|betalen")
        gets = verb(receiver, lang, "receives", "ontvangt|ontvangen")
        return both(lang, f"{who} {pays} {fmt_eur(-moved[payer], lang)} net in transfers over "
                          f"{years} years; {to} {gets} most ({fmt_eur(moved[receiver], lang)})",
                    f"{who} {pays} netto {fmt_eur(-moved[payer], lang)} aan overdrachten over "
                    f"{years} jaar; {to} {gets} het meest ({fmt_eur(moved[receiver], lang)})")
    items = join_names([f"{payer_subject(p, lang)} "
                        f"{verb(p, lang, 'pays' if v < 0 else 'receives', 'betaalt|betalen' if v < 0 else 'ontvangt|ontvangen')} "
                        f"{fmt_eur(abs(v), lang)}" for p, v in moved.items()], lang)
    regime = f.numbers["regime"] or "?"
    gains = verb(best, lang, "gains", "wint|winnen")
    if net > NEGLIGIBLE_EUR:
        after = both(lang, f"After these transfers {payer_subject(best, lang)} {gains} most: "
                           f"net {fmt_eur(net, lang)}",
                     f"Na deze overdrachten {gains} {payer_subject(best, lang)} het meest: "
                     f"saldo {fmt_eur(net, lang)}")
    else:                # the highest net is not a gain: say that no koker gains
        after = both(lang, f"After these transfers no koker gains (highest net "
                           f"{fmt_eur(net, lang)})",
                     f"Na deze overdrachten wint geen koker (hoogste saldo {fmt_eur(net, lang)})")
    return both(lang, f"Under {regime}, money moves between payers over {years} years (net, "
                      f"with minus without the scenario): {items}. ",
                f"Onder {regime} gaat er over {years} jaar geld tussen betalers (netto, met min "
                f"zonder het scenario): {items}. ") + after


def payback(year: float, final: float, years: str, invested: bool = True,
            noise: bool | None = None, paid_back: tuple[int, int] | None = None) -> Finding:
    """Whether all kokers together earn the investment back: ``year`` the payback year of the
    mean cumulative net (NaN: never), ``final`` that net at the end, ``noise`` whether its 95%
    interval includes zero, ``paid_back`` (k, n) replications that pay back on their own."""
    return Finding("payback", {"year": year, "final": final, "years": years,
                               "invested": invested, "paid_back": paid_back}, noise)


def _payback(f: Finding, lang: str, sentence: bool) -> str:
    year, final, years = float(f.numbers["year"]), float(f.numbers["final"]), f.numbers["years"]
    paid_back = f.numbers["paid_back"]
    if not f.numbers["invested"]:
        return both(lang, "No koker invests: there is nothing to earn back",
                    "Geen koker investeert: er valt niets terug te verdienen")
    of = ""
    if paid_back is not None and paid_back[1] > 1 and (sentence or f.noise):
        k, n = paid_back
        of = both(lang, f"; {k} of {n} replications pay back on their own",
                  f"; {k} van {n} replicaties verdienen op zichzelf terug")
    if math.isnan(year):
        if sentence:
            return both(lang, f"Together they do not earn the investment back within {years} "
                              "years (the mean cumulative net ends below zero)",
                        f"Samen verdienen ze de investering niet terug binnen {years} jaar (het "
                        "gemiddelde cumulatieve saldo eindigt onder nul)") + _noise(f, lang) + of
        short = fmt_eur(-final, lang)
        return both(lang, f"Together the kokers do not earn the investment back in {years} "
                          f"years ({short} short)",
                    f"Samen verdienen de kokers de investering niet terug in {years} jaar "
                    f"({short} tekort)") + _noise(f, lang) + of
    y = int(year)
    if f.noise:
        if sentence:
            return both(lang, f"On average over the replications they earn the investment back "
                              f"by {y}, but that is within the noise: the interval of the net "
                              "includes zero",
                        f"Gemiddeld over de replicaties verdienen ze de investering terug in "
                        f"{y}, maar dat valt binnen de ruis: het interval van het saldo bevat "
                        "nul") + of
        return both(lang, f"On average the kokers together earn the investment back by {y}, "
                          f"but within the noise{of}",
                    f"Gemiddeld verdienen de kokers samen de investering terug in {y}, maar "
                    f"binnen de ruis{of}")
    if sentence:
        return both(lang, f"Together they earn the investment back by {y} (the first year from "
                          "which the mean cumulative net stays at or above zero)",
                    f"Samen verdienen ze de investering terug in {y} (het eerste jaar vanaf "
                    "wanneer het gemiddelde cumulatieve saldo niet meer onder nul komt)") + of
    return both(lang, f"Together the kokers earn the investment back by {y}",
                f"Samen verdienen de kokers de investering terug in {y}")


_RENDER: dict[str, Callable[[Finding, str, bool], str]] = {
    "waiting": _waiting, "informal_care": _informal_care,
    "savings_elsewhere": _savings_elsewhere, "transfers": _transfers, "payback": _payback,
}


def savings_elsewhere_of(summary: pd.DataFrame) -> Finding | None:
    """From a koker summary: where the (positive) savings land relative to the investing
    kokers; None when no koker invests or nothing is saved. Payers that get less than 1% of
    the savings are counted in the share but not named."""
    invest = set(investors(summary))
    gains = summary.set_index("payer").savings.clip(lower=0)
    if not invest or gains.sum() <= NEGLIGIBLE_EUR:
        return None
    others = gains.drop(index=[p for p in invest if p in gains.index])
    named = others[others > 0.01 * gains.sum()].sort_values(ascending=False)
    return savings_elsewhere(float(others.sum() / gains.sum()), len(invest), list(named.index))
