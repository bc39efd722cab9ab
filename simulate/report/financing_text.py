"""Who pays for the initiatives, how the payers decide, and the financing regime, in plain
words (English or Dutch), from the scenario as resolved for a run (a plain dict).

An initiative's ``funding`` is a list of lines ``{payer, share, start_year, end_year}``; a
payer (``[payers.NAME]``) either pays for a line's whole term (``committed``) or reviews it
every year on the savings it sees itself within its horizon (``own_benefit``); the regime
(``[financing] regime``) may move money between payers. See ``docs/model.md``.
"""
from __future__ import annotations

from simulate.text.catalogue import TEXT
from simulate.text.labels import both, is_plural, join_names, payer_name, payer_subject, text, verb
from simulate.text.numbers import fmt_percent


def _term(line: dict, lang: str) -> str:
    """'' (whole horizon), ', from year 2', ', until year 2' or ', years 1-3'."""
    start, end = float(line.get("start_year") or 0), line.get("end_year")
    if end is None:
        return both(lang, f", from year {start:g}", f", vanaf jaar {start:g}") if start else ""
    if not start:
        return both(lang, f", until year {float(end):g}", f", tot jaar {float(end):g}")
    return both(lang, f", years {start:g}–{float(end):g}", f", jaar {start:g}–{float(end):g}")


def funding_phrase(lines: list[dict], lang: str) -> str:
    """'the Wmo (50%) and residents (50%)' or 'funds (100%, until year 2) and the budget
    holder (100%, from year 2)': every funding line, in order of its start."""
    if not lines:
        return both(lang, "nobody", "niemand")
    ordered = sorted(lines, key=lambda f: float(f.get("start_year") or 0))
    return join_names([f"{payer_subject(f['payer'], lang)} ({fmt_percent(f['share'], lang)}"
                       f"{_term(f, lang)})" for f in ordered], lang)


def funders(info: dict) -> list[str]:
    """The payer actors named in any initiative's funding, in order of appearance."""
    out: list[str] = []
    for ini in (info.get("initiatives") or {}).values():
        for f in ini.get("funding") or []:
            if f["payer"] not in out:
                out.append(f["payer"])
    return out


def payer_sentences(info: dict, lang: str) -> list[str]:
    """How each payer that funds an initiative decides: committed payers in one sentence,
    then one sentence per payer that reviews its funding on its own benefit."""
    payers = info.get("payers") or {}
    names = funders(info)
    committed = [p for p in names if (payers.get(p) or {}).get("rule", "committed") == "committed"]
    out = []
    if committed:
        who = join_names([payer_subject(p, lang) for p in committed], lang)
        pays = verb(committed, lang, "pays", "betaalt|betalen")
        its = "their" if is_plural(committed) else "its"
        out.append(both(lang, f"{who[:1].upper() + who[1:]} {pays} for the whole term of "
                             f"{its} funding lines (committed).",
                       f"{who[:1].upper() + who[1:]} {pays} voor de hele looptijd van de "
                       "financiering (vastgelegd)."))
    for p in names:
        spec = payers.get(p) or {}
        if spec.get("rule") != "own_benefit":
            continue
        kokers = join_names([payer_name(k, lang) for k in (spec.get("observes")
                                                             or [spec.get("koker", p)])], lang)
        who = payer_subject(p, lang, capital=True)
        rev = verb(p, lang, "reviews", "toetst|toetsen")
        h = float(spec.get("horizon_years", 1))
        out.append(both(lang, f"{who} {rev} its funding every year and continues only if the "
                             f"savings it measures on {kokers}, over {h:g} years ahead, are "
                             "worth the cost.",
                       f"{who} {rev} de financiering elk jaar en gaat alleen door als de "
                       f"gemeten besparing bij {kokers}, over {h:g} jaar vooruit, de kosten "
                       "waard is."))
    return out





def regime_sentence(info: dict, lang: str) -> str:
    """The financing regime, from which year, and what it does."""
    fin = info.get("financing") or {}
    regime = fin.get("regime", "siloed")
    kokers = (fin.get("populatiebekostiging") or {}).get("kokers") or []
    names = join_names([payer_name(k, lang) for k in kokers], lang)
    words = text(f"regime_{regime}", lang, kokers=names) if f"regime_{regime}" in TEXT else regime
    start = float(fin.get("regime_start_year") or 0)
    when = both(lang, f" from year {start:g}", f" vanaf jaar {start:g}") if start and \
        regime != "siloed" else ""
    name = text(f"regime_name_{regime}", lang) if f"regime_name_{regime}" in TEXT else regime
    return both(lang, f"Financing regime: {regime}{when} ({words}).",
               f"Financieringsregime: {name}{when} ({words}).")


__all__ = ["funding_phrase", "payer_sentences", "regime_sentence", "funders"]
