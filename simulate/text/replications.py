"""Words for how many replications a run made and why, and for the two parts of the spread.

Used by the terminal after ``simulate run`` and by the report: the stopping rule's outcome
(:mod:`simulate.experiments.stopping`, recorded in ``metadata["stopping"]``), and the share
of each payer's spread that comes from the parameters (:mod:`simulate.analysis.spread`).
"""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from simulate.text.labels import both, join_names, payer_name, payer_subject
from simulate.text.numbers import fmt_number, fmt_percent


def _pct(x: float, lang: str) -> str:
    return fmt_percent(x, lang)


def replications_sentence(metadata: dict[str, Any], lang: str = "en") -> str:
    """How many replications ran and why: the stopping rule met (or its cap), a precision
    target, or a count given by hand."""
    n = int(metadata.get("replications", 0))
    rule = metadata.get("stopping")
    if isinstance(rule, dict):
        how = both(lang,
                   f"blocks of {rule['block']} from {rule['min_reps']} up to {rule['max_reps']}, "
                   f"until the Monte Carlo standard error of each payer's mean net is at most "
                   f"{_pct(rule['relative_se'], lang)} of its size (or of "
                   f"{_pct(rule['materiality'], lang)} of the payer's spending, when smaller) and "
                   f"that of its p(gain) at most {rule['p_gain_se'] * 100:.0f} points",
                   f"blokken van {rule['block']} vanaf {rule['min_reps']} tot hoogstens "
                   f"{rule['max_reps']}, tot de Monte-Carlo-standaardfout van het gemiddelde "
                   f"saldo van elke betaler hoogstens {_pct(rule['relative_se'], lang)} daarvan "
                   f"is (of van {_pct(rule['materiality'], lang)} van de uitgaven van de "
                   f"betaler, als dat kleiner is) en die van p(winst) hoogstens "
                   f"{rule['p_gain_se'] * 100:.0f} punten")
        if rule.get("reached"):
            return both(lang, f"{n} replications, chosen by the stopping rule ({how}): met "
                              f"after {n}.",
                        f"{n} replicaties, gekozen door de stopregel ({how}): gehaald na {n}.")
        names = join_names([payer_name(p, lang) for p in rule.get("not_reached", [])], lang)
        need = fmt_number(int(rule.get("needed", n)), lang)
        return both(lang, f"{n} replications, the stopping rule's cap ({how}): NOT met for "
                          f"{names}, which would need about {need}; quote those means and "
                          f"p(gain) as rougher than the rule asks.",
                    f"{n} replicaties, het maximum van de stopregel ({how}): NIET gehaald "
                    f"voor {names}, waarvoor er ongeveer {need} nodig zouden zijn; die "
                    f"gemiddelden en p(winst) zijn grover dan de regel vraagt.")
    if isinstance(metadata.get("precision"), dict):
        return both(lang, f"{n} replications, chosen by the precision target (--precision).",
                    f"{n} replicaties, gekozen door het precisiedoel (--precision).")
    return both(lang, f"{n} replications, as given (--reps or the scenario's "
                      f"[run] replications); no stopping rule.",
                f"{n} replicaties, zoals opgegeven (--reps, of het aantal in [run] van het "
                f"scenario); geen stopregel.")


#: A payer whose net spreads less than this share of the widest spread is left out of the
#: words (a share of a spread of a few euros says nothing).
SHOWN_SPREAD = 0.01


def _shares(spread: pd.DataFrame) -> pd.DataFrame:
    sd = spread.sd_total_eur.astype(float)
    return spread[np.isfinite(spread.parameter_share.astype(float))
                  & (sd >= SHOWN_SPREAD * sd.max())]


def whose(payer: str, lang: str = "en") -> str:
    """A payer after "the net of" / "the decision of": 'the Wlz', 'residents', 'all kokers
    together'."""
    if payer == "total":
        return both(lang, "all kokers together", "alle kokers samen")
    return payer_subject(payer, lang)


def spread_sentence(spread: pd.DataFrame, payer: str, lang: str = "en") -> str:
    """'Of the spread in the Wlz's net, about 48% comes from the parameters (95% interval
    20% to 65%), the rest from the village's own randomness.' Empty without a share."""
    row = _shares(spread)[lambda d: d.quantity == payer]
    if row.empty:
        return ""
    r = row.iloc[0]
    who = whose(payer, lang)
    fit = r.get("fit_share", float("nan"))
    check = "" if fit != fit else both(
        lang, f" A linear fit of the net on the drawn parameters, which needs no second run, "
              f"explains about {_pct(fit, lang)} of it.",
        f" Een lineaire fit van het saldo op de getrokken parameters, die geen tweede run "
        f"vraagt, verklaart er ongeveer {_pct(fit, lang)} van.")
    return both(lang,
                f"Of the spread in the net of {who}, about {_pct(r.parameter_share, lang)} comes "
                f"from the parameters (95% interval {_pct(r.share_low, lang)} to "
                f"{_pct(r.share_high, lang)}), the rest from the village's own randomness.",
                f"Van de spreiding in het saldo van {who} komt ongeveer "
                f"{_pct(r.parameter_share, lang)} van de parameters (95%-interval "
                f"{_pct(r.share_low, lang)} tot {_pct(r.share_high, lang)}), de rest van het "
                f"toeval in het dorp zelf.") + check


def spread_line(spread: pd.DataFrame, lang: str = "en") -> str:
    """One line with every payer's share, for the terminal. Empty without shares."""
    rows = _shares(spread)
    if rows.empty:
        return ""
    m = int(rows.simulation_replications.iloc[0])
    parts = [f"{payer_name(r.quantity, lang)} {_pct(r.parameter_share, lang)} "
             f"({_pct(r.share_low, lang)}-{_pct(r.share_high, lang)})"
             for r in rows.itertuples()]
    return both(lang, f"Share of each payer's spread that comes from the parameters (95% "
                      f"interval; the simulation's part from {m} replications with the "
                      f"parameters fixed): ",
                f"Aandeel van de spreiding per betaler dat van de parameters komt "
                f"(95%-interval; het deel van de simulatie uit {m} replicaties met vaste "
                f"parameters): ") + ", ".join(parts)


def voi_caveat(replications: int, lang: str = "en") -> str:
    """What the EVPPI figures can and cannot carry at this number of replications."""
    return both(lang,
                f"The value of information is a regression on {replications} parameter sets "
                f"(Strong, Oakley and Brennan 2014): rank the parameters by it, but do not "
                f"quote the euros to the last digit; with so few draws small values are "
                f"rough and biased upward, and a value of 0 means the replications cannot "
                f"tell the parameter's signal from chance.",
                f"De waarde van informatie is een regressie op {replications} "
                f"parametersets (Strong, Oakley en Brennan 2014): rangschik de parameters "
                f"erop, maar citeer de euro's niet tot op het laatste cijfer; met zo weinig "
                f"trekkingen zijn kleine waarden grof en naar boven vertekend, en een waarde "
                f"0 betekent dat de replicaties het signaal van de parameter niet van toeval "
                f"kunnen onderscheiden.")


__all__ = ["replications_sentence", "spread_sentence", "spread_line", "voi_caveat", "whose",
           "SHOWN_SPREAD"]
