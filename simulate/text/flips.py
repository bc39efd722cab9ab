"""Words for whether the conclusion flips inside the sensitivity ranges
(:mod:`simulate.analysis.flips`): one sentence per payer for the report's sensitivity section,
one for its key findings. Parameters are named by :func:`simulate.text.parameters.parameter_label`.
"""
from __future__ import annotations

from simulate.analysis.flips import Flip, Running, Verdict, flipped
from simulate.text.labels import (
    both,
    initiative_name,
    is_plural,
    join_names,
    payer_name,
    payer_subject,
    verb,
)
from simulate.text.numbers import fmt_eur, fmt_number, fmt_percent
from simulate.text.parameters import parameter_label


def _noise(noise: bool | None, lang: str) -> str:
    return both(lang, ", within the noise", ", binnen de ruis") if noise else ""


def _end(end: str, lang: str) -> str:
    return (both(lang, "low end", "lage kant") if end == "low"
            else both(lang, "high end", "hoge kant"))


def _input(x: float, lang: str) -> str:
    return fmt_number(x, lang, 0 if x == int(x) or abs(x) >= 100 else 3)


def _subject(payer: str, lang: str) -> str:
    """'the Wmo', 'residents', 'all kokers together'."""
    if payer == "total":
        return both(lang, "all kokers together", "alle kokers samen")
    return payer_subject(payer, lang)


def flip_text(f: Flip, lang: str) -> str:
    """'Wmo: failed reviews before stopping, low end (1): net −€12k, within the noise'."""
    return (f"{parameter_label(f.parameter, lang)}, {_end(f.end, lang)} "
            f"({_input(f.input, lang)}): {both(lang, 'net', 'saldo')} "
            f"{fmt_eur(f.value, lang)}{_noise(f.noise, lang)}")


def _direction(sign: int, payer: str, lang: str) -> str:
    """'gains' / 'loses', agreeing with the payer ('residents gain', 'alle kokers winnen')."""
    who: str | list[str] = [payer, payer] if payer == "total" else payer   # plural
    return (verb(who, lang, "gains", "wint|winnen") if sign > 0
            else verb(who, lang, "loses", "verliest|verliezen"))


def verdict_sentence(v: Verdict, lang: str) -> str:
    """Whether a payer's sign at the scenario's values flips inside the ranges, and where."""
    who = payer_name(v.payer, lang)
    who = who[:1].upper() + who[1:]
    if not v.sign:
        return both(lang, f"{who}: no net effect at the scenario's values (gains nor losses), "
                         "so no sign to flip.",
                   f"{who}: geen netto-effect bij de waarden van het scenario (winst noch "
                   "verlies), dus geen teken dat kan omslaan.")
    does, net = _direction(v.sign, v.payer, lang), fmt_eur(v.base, lang)
    head = both(lang, f"{who}: {does} at the scenario's values (net {net}"
                     f"{_noise(v.base_noise, lang)})",
               f"{who}: {does} bij de waarden van het scenario (saldo {net}"
               f"{_noise(v.base_noise, lang)})")
    if not v.flips:
        return head + both(lang, "; the sign does not flip at either end of any range.",
                           "; het teken slaat aan geen van beide kanten van enig bereik om.")
    other = _direction(-v.sign, v.payer, lang)
    it = both(lang, "they" if v.payer == "total" or is_plural(v.payer) else "it", "ze")
    items = "; ".join(flip_text(f, lang) for f in v.flips)
    return head + both(lang, f"; {it} {other} instead at: {items}.",
                       f"; {it} {other} juist bij: {items}.")


def key_sentence(vs: list[Verdict], lang: str) -> str | None:
    """One key finding: for whom the conclusion flips inside the ranges (and whether only
    within the noise), and for whom it holds. None without verdicts."""
    signed = [v for v in vs if v.sign]
    if not signed:
        return None
    flips = flipped(signed)
    held = [_subject(v.payer, lang) for v in signed if not v.flips]
    if not flips:
        return both(lang, "Inside the sensitivity ranges the conclusion (gains or loses) does "
                         f"not flip for {join_names(held, lang)}.",
                   "Binnen de gevoeligheidsbereiken slaat de conclusie (winst of verlies) niet "
                   f"om voor {join_names(held, lang)}.")
    parts = []
    for v in flips:
        names = join_names(list(dict.fromkeys(
            parameter_label(f.parameter, lang) for f in v.flips)), lang)
        quiet = all(f.noise for f in v.flips)
        parts.append(f"{_subject(v.payer, lang)} ({names}"
                     + (both(lang, "; within the noise", "; binnen de ruis") if quiet else "")
                     + ")")
    out = both(lang, "Inside the sensitivity ranges the conclusion (gains or loses) flips for "
                     f"{join_names(parts, lang)}",
               "Binnen de gevoeligheidsbereiken slaat de conclusie (winst of verlies) om voor "
               f"{join_names(parts, lang)}")
    if held:
        out += both(lang, f"; it holds for {join_names(held, lang)}",
                    f"; ze houdt stand voor {join_names(held, lang)}")
    return out + "."


def running_sentence(rs: list[Running], lang: str) -> str:
    """For one initiative: the share of replications in which it still runs at the end at the
    scenario's values, and the ranges between whose ends that share changes by more than
    the noise (or that none does)."""
    name = initiative_name(rs[0].initiative, lang)
    base = fmt_percent(rs[0].base, lang)
    moved = [r for r in rs if r.changes]
    head = both(lang, f"Replications in which the {name} still runs at the end: {base} at the "
                      "scenario's values",
                f"Replicaties waarin de {name} aan het eind nog loopt: {base} bij de waarden "
                "van het scenario")
    if not moved:
        return head + both(lang, "; between the low and the high end of every range it changes "
                                 "by no more than the noise.",
                           "; tussen de lage en de hoge kant van elk bereik verandert dat niet "
                           "meer dan de ruis.")
    items = "; ".join(f"{parameter_label(r.parameter, lang)}: {fmt_percent(r.low, lang)} "
                      f"({_input(r.low_input, lang)}) → {fmt_percent(r.high, lang)} "
                      f"({_input(r.high_input, lang)})" for r in moved)
    return head + both(lang, f"; it changes by more than the noise between the ends of: {items}.",
                       f"; het verandert meer dan de ruis tussen de kanten van: {items}.")


__all__ = ["verdict_sentence", "key_sentence", "flip_text", "running_sentence"]
