"""Who pays for the initiatives, how the payers decide, and the financing regime, in plain
words (English or Dutch), from the scenario as resolved for a run (a plain dict).

An initiative's ``funding`` is a list of lines ``{payer, share, start_year, end_year}``; a
payer (``[payers.NAME]``) either pays for a line's whole term (``committed``) or reviews it
every year on the savings it sees itself within its horizon (``own_benefit``); the regime
(``[financing] regime``) may move money between payers. See ``docs/model.md``.
"""
from __future__ import annotations

from simulate.text.labels import is_plural, join_names, payer_name, payer_subject, verb
from simulate.text.numbers import fmt_percent

#: One line per financing regime: what it does, in plain words (docs/model.md, DOMAIN M0-M11).
REGIMES: dict[str, tuple[str, str]] = {
    "siloed": ("each koker pays its own costs and keeps its own savings",
               "elke koker betaalt zijn eigen kosten en houdt zijn eigen besparing"),
    "populatiebekostiging": (
        "the kokers {kokers} pay a regional budget holder a sum per resident by age and sex, "
        "set from each koker's own base-year costs; the holder pays their care costs and "
        "keeps part of a surplus in a fund for initiatives",
        "de kokers {kokers} betalen een regionale budgethouder een bedrag per inwoner naar "
        "leeftijd en geslacht, vastgesteld op de eigen kosten van elke koker in het basisjaar; "
        "de houder betaalt hun zorgkosten en houdt een deel van een overschot in een fonds "
        "voor initiatieven"),
    "shared_savings": ("part of every koker's measured savings goes to the payers that fund "
                       "the initiatives",
                       "een deel van de gemeten besparing van elke koker gaat naar de betalers "
                       "van de initiatieven"),
    "innovatiecontract": ("the initiatives' costs are re-divided over the kokers by the benefit "
                          "each measured",
                          "de kosten van de initiatieven worden herverdeeld over de kokers naar "
                          "de gemeten baat"),
    "pizza": ("government, residents and volunteers each carry a third of the initiatives",
              "overheid, bewoners en vrijwilligers dragen elk een derde van de initiatieven"),
    "pgb_collectief": ("members' use of a service moves to the initiative at a lower price",
                       "het gebruik van een dienst door deelnemers gaat tegen een lagere prijs "
                       "naar het initiatief"),
    "dienstencheck": ("members' use of a service moves to the initiative at a lower price, "
                      "without own contribution",
                      "het gebruik van een dienst door deelnemers gaat tegen een lagere prijs "
                      "naar het initiatief, zonder eigen bijdrage"),
    "right_to_challenge": ("the initiative may take over a Wmo service at a lower cost",
                           "het initiatief kan een Wmo-dienst goedkoper overnemen"),
    "social_impact_bond": ("an investor pre-finances the initiatives and is repaid by the "
                           "outcome payers if their measured savings reach the target",
                           "een investeerder financiert de initiatieven voor en wordt door de "
                           "uitkomstbetalers terugbetaald als hun gemeten besparing het doel "
                           "haalt"),
}


def _en(lang: str, en: str, nl: str) -> str:
    return en if lang == "en" else nl


def _term(line: dict, lang: str) -> str:
    """'' (whole horizon), ', from year 2', ', until year 2' or ', years 1-3'."""
    start, end = float(line.get("start_year") or 0), line.get("end_year")
    if end is None:
        return _en(lang, f", from year {start:g}", f", vanaf jaar {start:g}") if start else ""
    if not start:
        return _en(lang, f", until year {float(end):g}", f", tot jaar {float(end):g}")
    return _en(lang, f", years {start:g}–{float(end):g}", f", jaar {start:g}–{float(end):g}")


def funding_phrase(lines: list[dict], lang: str) -> str:
    """'the Wmo (50%) and residents (50%)' or 'funds (100%, until year 2) and the budget
    holder (100%, from year 2)': every funding line, in order of its start."""
    if not lines:
        return _en(lang, "nobody", "niemand")
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
        out.append(_en(lang, f"{who[:1].upper() + who[1:]} {pays} for the whole term of "
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
        out.append(_en(lang, f"{who} {rev} its funding every year and continues only if the "
                             f"savings it measures on {kokers}, over {h:g} years ahead, are "
                             "worth the cost.",
                       f"{who} {rev} de financiering elk jaar en gaat alleen door als de "
                       f"gemeten besparing bij {kokers}, over {h:g} jaar vooruit, de kosten "
                       "waard is."))
    return out


#: Dutch names of the regimes whose key is English (the others are Dutch words already).
REGIME_NAMES_NL: dict[str, str] = {"siloed": "gescheiden financiering per koker",
                                   "shared_savings": "gedeelde besparingen",
                                   "social_impact_bond": "social impact bond"}


def regime_sentence(info: dict, lang: str) -> str:
    """The financing regime, from which year, and what it does."""
    fin = info.get("financing") or {}
    regime = fin.get("regime", "siloed")
    words = REGIMES.get(regime, (regime, regime))[0 if lang == "en" else 1]
    kokers = (fin.get("populatiebekostiging") or {}).get("kokers") or []
    words = words.format(kokers=join_names([payer_name(k, lang) for k in kokers], lang))
    start = float(fin.get("regime_start_year") or 0)
    when = _en(lang, f" from year {start:g}", f" vanaf jaar {start:g}") if start and \
        regime != "siloed" else ""
    name = REGIME_NAMES_NL.get(regime, regime) if lang == "nl" else regime
    return _en(lang, f"Financing regime: {regime}{when} ({words}).",
               f"Financieringsregime: {name}{when} ({words}).")


__all__ = ["funding_phrase", "payer_sentences", "regime_sentence", "funders", "REGIMES"]
