"""Key findings as sentences generated from the numbers of a run, in English or Dutch.

Each sentence is built from the analysis tables (:func:`~simulate.analysis.koker_summary`,
events, hours, series), never typed by hand, so the report says what this run found, with its
uncertainty: amounts whose 95% interval includes zero are called out as such.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from simulate.analysis.analysed import analyse
from simulate.analysis.bands import horizon_years, paired_total, replications, within_noise
from simulate.analysis.kokers import initiative_names
from simulate.analysis.outcomes import informal_care_change
from simulate.analysis.questions import NEGLIGIBLE_EUR as SMALL
from simulate.model.care.services import ServiceTable
from simulate.model.financing.ledger import TRANSFERS
from simulate.results.tables import Results
from simulate.scenario import from_dict
from simulate.text import findings as records
from simulate.text.labels import both, initiative_name, is_plural, join_names, payer_subject, verb
from simulate.text.numbers import fmt_eur, fmt_percent, fmt_years


def _interval(low: float, high: float, lang: str) -> str:
    if math.isnan(low) or math.isnan(high):
        return ""
    return both(lang, f" (95% interval {fmt_eur(low, lang)} to {fmt_eur(high, lang)})",
               f" (95%-interval {fmt_eur(low, lang)} tot {fmt_eur(high, lang)})")


def investment_by_initiative(results: Results) -> pd.DataFrame:
    """EUR each payer (rows) spends extra on each initiative (columns) over the horizon,
    scenario minus counterfactual, mean over replications."""
    inits = initiative_names(results)
    c = results.costs[results.costs.service.isin(inits)]
    signed = c.eur.where(c.arm == "scenario", -c.eur)
    n = len(replications(results))
    table = (c.assign(eur=signed).groupby(["payer", "service"]).eur.sum() / n).unstack(
        "service", fill_value=0.0)
    return table.reindex(columns=[i for i in inits if i in table.columns])


def investment_sentences(results: Results, ks: pd.DataFrame, years: str,
                         lang: str) -> list[str]:
    """Per investing payer, largest first: how much it invests, in which initiatives (when
    there are several), and how much of it comes back to that payer as its own savings."""
    out = []
    per_init = investment_by_initiative(results)
    c = results.costs
    care_payers = set(c.payer[~c.service.isin([*initiative_names(results), TRANSFERS])])
    for _, r in ks[ks.investment > SMALL].sort_values("investment", ascending=False).iterrows():
        who = payer_subject(r.payer, lang, capital=True)
        back = r.savings / r.investment if r.investment else float("nan")
        invests = verb(r.payer, lang, "invests", "investeert|investeren")
        saves = verb(r.payer, lang, "saves", "bespaart|besparen")
        itself = "themselves" if is_plural(r.payer) else "itself"
        row = per_init.loc[r.payer] if r.payer in per_init.index else pd.Series(dtype=float)
        row = row[row > SMALL]
        where = ""
        if len(per_init.columns) > 1 and len(row):
            where = " (" + ", ".join(f"{initiative_name(i, lang)} {fmt_eur(v, lang)}"
                                     for i, v in row.items()) + ")"
        s = both(lang, f"{who} {invests} {fmt_eur(r.investment, lang)} over {years} years{where}",
                f"{who} {invests} {fmt_eur(r.investment, lang)} over {years} jaar{where}")
        if r.payer not in care_payers:     # funds, an investor, a budget holder
            them, it = ("them", "they") if is_plural(r.payer) else ("it", "it")
            via = abs(r.transfers) > SMALL
            s += both(lang, f" (no care costs are booked to {them}, so {it} {saves} nothing "
                           "directly" + ("; what it gains comes through transfers" if via
                                         else "") + ").",
                     " (er worden geen zorgkosten op geboekt, dus geen directe besparing"
                     + ("; wat het wint komt via overdrachten" if via else "") + ").")
        elif r.savings >= -SMALL:
            s += both(lang, f" and {saves} {fmt_eur(r.savings, lang)} {itself} "
                           f"({fmt_percent(back, lang)} of the investment).",
                     f" en {saves} zelf {fmt_eur(r.savings, lang)} ({fmt_percent(back, lang)} "
                     "van de investering).")
        else:
            its = "their" if is_plural(r.payer) else "its"
            s += both(lang, f"; {its} own care costs rise by {fmt_eur(-r.savings, lang)}.",
                     f"; de eigen zorgkosten stijgen met {fmt_eur(-r.savings, lang)}.")
        out.append(s)
    if not out:
        out.append(both(lang, "No koker invests in initiatives in this scenario.",
                       "Geen koker investeert in initiatieven in dit scenario."))
    return out


def transfer_sentence(results: Results, ks: pd.DataFrame, years: str, lang: str) -> str | None:
    """Under a regime that moves money between payers: each payer's net transfers and who
    gains most after them."""
    regime = (results.metadata.get("scenario", {}).get("financing") or {}).get("regime", "?")
    found = records.transfers_of(ks, years, regime)
    return None if found is None else found.sentence(lang)


def decision_sentences(results: Results, lang: str) -> list[str]:
    """Payers that stop funding an initiative and initiatives that collapse, in how many
    replications, and which initiatives still run at the end; or that every review kept
    the funding."""
    d = analyse(results).decisions
    if d.empty:
        return []
    out = []
    for _, r in analyse(results).stops.iterrows():
        ini = initiative_name(str(r.initiative), lang)
        k, n, y = int(r.replications), int(r["of"]), int(r.first_year)
        if r.decision == "stop":
            who = payer_subject(str(r.payer), lang, capital=True)
            stops = verb(str(r.payer), lang, "stops", "stopt|stoppen")
            out.append(both(lang, f"{who} {stops} funding the {ini} in {k} of {n} replications "
                                 f"(first from {y}).",
                           f"{who} {stops} de financiering van de {ini} in {k} van {n} "
                           f"replicaties (eerst vanaf {y})."))
        else:
            out.append(both(lang, f"The {ini} collapses in {k} of {n} replications (first in {y}).",
                           f"De {ini} valt om in {k} van {n} replicaties (eerst in {y})."))
    if not out:
        reviews = int(d.decision.isin(["continue", "grow", "doubt"]).sum())
        out.append(both(lang, f"Every payer that reviews its funding keeps it ({reviews} yearly "
                             "reviews over all replications, none stops).",
                       f"Elke betaler die zijn financiering toetst houdt die aan ({reviews} "
                       "jaarlijkse toetsen over alle replicaties, geen enkele stopt)."))
    running = analyse(results).running
    if any(k < n for k, n in running.values()):
        parts = [f"{initiative_name(i, lang)} {k}/{n}" for i, (k, n) in running.items()]
        out.append(both(lang, "Replications in which each initiative still runs at the end: "
                             + ", ".join(parts) + ".",
                       "Replicaties waarin elk initiatief aan het eind nog draait: "
                       + ", ".join(parts) + "."))
    return out


def savings_sentence(ks: pd.DataFrame, lang: str) -> str | None:
    """The share of the (positive) savings that land outside the investing kokers."""
    found = records.savings_elsewhere_of(ks)
    return None if found is None else found.sentence(lang)


def age_only_services(results: Results) -> list[str]:
    """Services whose use depends on age only (e.g. other Zvw care), from the run's scenario."""
    services = results.metadata.get("scenario", {}).get("services", {})
    if not services:
        return []
    t = ServiceTable.from_scenario(from_dict({"services": services}))
    by_age_only = ~t.health_based & t.by_age.any(axis=1)
    return [n for n, keep in zip(t.names, by_age_only) if keep]


def life_years_sentences(results: Results, years: str, lang: str) -> list[str]:
    """Per payer whose care by age costs more with the scenario: what it saves on the care the
    initiatives change, against what it pays for care by age in the years residents live
    longer (costs in life-years gained)."""
    by_age = age_only_services(results)
    c = results.costs[~results.costs.service.isin([*initiative_names(results), TRANSFERS])]
    if not by_age or c.empty:
        return []
    n = len(replications(results))
    signed = c.eur.where(c.arm == "scenario", -c.eur) / n
    diff = c.assign(eur=signed, age=c.service.isin(by_age)).groupby(["payer", "age"]).eur.sum()
    out = []
    for payer in diff.index.get_level_values("payer").unique():
        extra = diff.get((payer, True), 0.0)
        saved = -diff.get((payer, False), 0.0)
        if extra <= SMALL or extra < 0.1 * abs(saved):
            continue
        who = payer_subject(payer, lang, capital=True)
        s_en = (f"{who} saves {fmt_eur(saved, lang)} over {years} years on the care the "
                f"initiatives change, but pays {fmt_eur(extra, lang)} more for care that depends "
                "on age only, because residents live longer (costs in life-years gained)")
        s_nl = (f"{who} bespaart {fmt_eur(saved, lang)} over {years} jaar op de zorg die de "
                f"initiatieven veranderen, maar betaalt {fmt_eur(extra, lang)} meer aan zorg die "
                "alleen van leeftijd afhangt, omdat bewoners langer leven (kosten in gewonnen "
                "levensjaren)")
        if saved < -SMALL:
            s_en = (f"{who} pays {fmt_eur(-saved, lang)} more over {years} years on the care "
                    f"the initiatives change, and {fmt_eur(extra, lang)} more for care that "
                    "depends on age only, because residents live longer (costs in life-years "
                    "gained)")
            s_nl = (f"{who} betaalt {fmt_eur(-saved, lang)} meer over {years} jaar aan de zorg "
                    f"die de initiatieven veranderen, en {fmt_eur(extra, lang)} meer aan zorg "
                    "die alleen van leeftijd afhangt, omdat bewoners langer leven (kosten in "
                    "gewonnen levensjaren)")
        out.append(both(lang, s_en, s_nl) + ".")
    return out


def net_sentences(results: Results, ks: pd.DataFrame, years: str, lang: str) -> list[str]:
    """All kokers together: net over the horizon, its NPV and the payback year."""
    cum = analyse(results).cumulative_net
    tot = cum[cum.payer == "total"].sort_values("year")
    final = tot.iloc[-1]
    npv = float(ks.npv.sum())
    gain = final["mean"] >= 0
    s = both(lang, f"All kokers together {'gain' if gain else 'lose'} "
                  f"{fmt_eur(abs(final['mean']), lang)} net over {years} years",
            f"Alle kokers samen {'winnen' if gain else 'verliezen'} netto "
            f"{fmt_eur(abs(final['mean']), lang)} over {years} jaar")
    s += _interval(final["low"], final["high"], lang)
    if within_noise(float(final["low"]), float(final["high"])):
        s += both(lang, ", an interval that includes zero", ", een interval dat nul bevat")
    s += both(lang, f"; discounted, the net present value is {fmt_eur(npv, lang)}.",
             f"; verdisconteerd is de netto contante waarde {fmt_eur(npv, lang)}.")
    if not (ks.investment > SMALL).any():
        return [s]
    share = float(tot.share_paid_back.iloc[0])
    n = len(replications(results))
    p = records.payback(float(tot.payback_year.iloc[0]), float(final["mean"]), years, True,
                        within_noise(float(final["low"]), float(final["high"])),
                        (round(share * n) if share == share else 0, n)).sentence(lang)
    return [s, p]


def uncertainty_sentence(ks: pd.DataFrame, reps: int, lang: str) -> str | None:
    """Kokers whose savings cannot be told apart from zero with this many replications."""
    unclear = ks[(ks.savings_low < 0) & (ks.savings_high > 0) & (ks.savings.abs() > SMALL)]
    if unclear.empty:
        return None
    names = join_names([payer_subject(p, lang) for p in unclear.payer], lang)
    return both(lang, f"For {names} the savings cannot be told apart from zero with {reps} "
                     "replications (the 95% interval includes zero); run more replications "
                     "for a firmer answer.",
               f"Voor {names} is de besparing met {reps} replicaties niet van nul te "
               "onderscheiden (het 95%-interval bevat nul); draai meer replicaties voor een "
               "steviger antwoord.")




fmt_count = records.count


def waiting_sentence(scenario: float, counterfactual: float, lang: str) -> str:
    """The mean waiting list for a nursing-home bed in both arms; 'nobody waits' when it
    rounds to zero."""
    return records.waiting(scenario, counterfactual).sentence(lang)


def care_sentences(results: Results, lang: str) -> list[str]:
    """Nursing-home admissions, deaths, the waiting list and mantelzorg hours."""
    n = len(replications(results))
    ev = results.events.groupby(["arm", "event"])["count"].sum() / n
    out = []
    adm = {a: float(ev.get((a, "nursing_home_admission"), 0.0)) for a in ("counterfactual", "scenario")}
    sc, cf = (fmt_count(adm[a], lang) for a in ("scenario", "counterfactual"))
    out.append(both(lang, f"Nursing-home admissions: {sc} with the scenario against {cf} without "
                         "(mean over replications).",
                   f"Opnames in het verpleeghuis: {sc} met het scenario tegen {cf} zonder "
                   "(gemiddelde over replicaties)."))
    w = results.series[results.series.series == "waiting"].groupby("arm").value.mean()
    out.append(waiting_sentence(float(w.get("scenario", np.nan)),
                                float(w.get("counterfactual", np.nan)), lang))
    change = informal_care_change(results)
    _, low, high = paired_total(results, "hours", "hours", where={"kind": "informal_care"})
    out.append(records.informal_care(change, within_noise(low, high)).sentence(lang))
    return out


def key_findings(results: Results, lang: str = "en") -> list[str]:
    """The report's key findings, in order: money (investment, where savings land, transfers,
    net), the payers' decisions, then care, then uncertainty."""
    ks = analyse(results).kokers
    years = fmt_years(horizon_years(results))
    out = investment_sentences(results, ks, years, lang)
    sav = savings_sentence(ks, lang)
    out += [sav] if sav else []
    out += life_years_sentences(results, years, lang)
    tr = transfer_sentence(results, ks, years, lang)
    out += [tr] if tr else []
    out += net_sentences(results, ks, years, lang)
    out += decision_sentences(results, lang)
    out += care_sentences(results, lang)
    unc = uncertainty_sentence(ks, len(replications(results)), lang)
    out += [unc] if unc else []
    return out
