"""The report's tables as headers and formatted cells (nl/en), ready for HTML.

Formatting lives here, the numbers come from :mod:`simulate.analysis` and
:func:`~simulate.results.summarise`, so the report's tables are the same numbers as the CSV
files and the Excel workbook.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from simulate.analysis.analysed import analyse
from simulate.analysis.bands import replications
from simulate.analysis.kokers import fair_share, wrong_pocket
from simulate.analysis.outcomes import initiative_status
from simulate.analysis.questions import moved_money as has_transfers
from simulate.results.tables import Results
from simulate.text.labels import both, initiative_name, payer_name, text
from simulate.text.numbers import fmt_eur, fmt_number, fmt_percent
from simulate.text.uncertainty import parameter_count, scope_of, scope_sentence


@dataclass(frozen=True)
class Table:
    """A titled table of text cells; ``note`` explains the columns."""
    title: str
    headers: list[str]
    rows: list[list[str]]
    note: str = ""


def _ci(lo: float, hi: float, lang: str) -> str:
    if math.isnan(lo) or math.isnan(hi):
        return "n/a"
    return f"{fmt_eur(lo, lang)} … {fmt_eur(hi, lang)}"


def koker_table(results: Results, lang: str) -> Table:
    """Investment, savings, care effect, transfers, net with interval, NPV, ROI and payback
    year per koker: care effect (savings - investment) + transfers = net, shown also when no
    regime moved money, so that no reader takes a transfer for a saving."""
    ks = analyse(results).kokers
    moved = has_transfers(ks)
    rows = []
    for _, r in ks.iterrows():
        payback = _payback(r.payback_year, r.share_paid_back, lang)
        rows.append([payer_name(r.payer, lang), fmt_eur(r.investment, lang),
                     fmt_eur(r.savings, lang), fmt_eur(r.care_effect, lang),
                     fmt_eur(r.transfers, lang), fmt_eur(r.net, lang),
                     _ci(r.net_low, r.net_high, lang), fmt_eur(r.npv, lang),
                     "–" if math.isnan(r.roi) else fmt_percent(r.roi, lang), payback])
    headers = both(lang, "koker|investment|savings|care effect|transfers|net|net, 95% interval|"
                        "NPV|ROI|payback year (share of replications)",
                  "koker|investering|besparing|zorgeffect|overdrachten|saldo|"
                  "saldo, 95%-interval|NCW|rendement|terugverdienjaar (deel van replicaties)"
                  ).split("|")
    note = both(lang, "Investment: extra spending on initiatives; savings: care costs avoided "
                     "(without minus with the scenario); "
               + "care effect = savings − investment (what care and initiatives did to the "
                 "koker); transfers: money received (+) or paid (−) under the financing regime"
               + ("" if moved else " (none moved in this run)")
               + "; net = care effect + transfers; "
               + "NPV discounted to the first year. Means over replications. Payback year: the "
                 "first year from which the mean cumulative net stays at or above zero (– when "
                 "the koker invests nothing or it never does); in brackets the share of "
                 "replications that pay back on their own.",
               "Investering: extra uitgaven aan initiatieven; besparing: vermeden zorgkosten "
               "(zonder min met het scenario); "
               + "zorgeffect = besparing − investering (wat zorg en initiatieven de koker "
                 "deden); overdrachten: geld ontvangen (+) of betaald (−) onder het "
                 "financieringsregime" + ("" if moved else " (geen in deze run)")
               + "; saldo = zorgeffect + overdrachten; "
               + "NCW verdisconteerd naar het eerste jaar. Gemiddelden over replicaties. "
                 "Terugverdienjaar: het eerste jaar vanaf wanneer het gemiddelde cumulatieve "
                 "saldo niet meer onder nul komt (– als de koker niets investeert of het nooit "
                 "gebeurt); tussen haakjes het deel van de replicaties dat op zichzelf "
                 "terugverdient.")
    note += " " + _gain_and_scope(results, lang) + " " + text("sign_rule", lang)
    return Table(both(lang, "Per koker over the horizon", "Per koker over de looptijd"),
                 headers, rows, note)


def _gain_and_scope(results: Results, lang: str) -> str:
    """What the intervals include (simulation only, or with parameters) and, per koker, the
    share of replications in which it gains (``p_gain``)."""
    m = results.metadata
    ks = analyse(results).kokers
    gains = "; ".join(f"{payer_name(r.payer, lang)} {fmt_percent(r.p_gain, lang)}"
                      for _, r in ks.iterrows() if r.p_gain == r.p_gain)
    return (scope_sentence(scope_of(m), lang, parameter_count(m)) + " "
            + both(lang, f"Share of replications in which the koker gains: {gains}.",
                   f"Deel van de replicaties waarin de koker wint: {gains}."))


def _payback(year: float, share: float, lang: str) -> str:
    """'2029 (75%)'; '– (25%)' when the mean never pays back; '–' for a koker that invests
    nothing (no share either)."""
    if math.isnan(share):
        return "–"
    pct = f" ({fmt_percent(share, lang)})"
    return ("–" if math.isnan(year) else str(int(year))) + pct


def initiative_table(results: Results, lang: str) -> Table | None:
    """Per initiative in its last year: participants, volunteers, funded scale, in how many
    replications it still runs, and who stopped funding it or whether it collapsed."""
    status = initiative_status(results)
    if status.empty:
        return None
    stops = analyse(results).stops
    funded = analyse(results).running
    n = len(replications(results))
    rows = []
    for _, r in status.iterrows():
        mine = stops[stops.initiative == r.initiative]
        what = [f"{payer_name(x.payer, lang)} {both(lang, 'stops', 'stopt')} "
                f"{x.replications}/{x['of']}" if x.decision == "stop" else
                f"{both(lang, 'collapses', 'valt om')} {x.replications}/{x['of']}"
                for _, x in mine.iterrows()]
        runs, of = funded.get(r.initiative, (0, n))
        rows.append([initiative_name(r.initiative, lang), fmt_number(r.members, lang, 0),
                     fmt_number(r.volunteers, lang, 0), fmt_number(r.scale, lang, 2),
                     f"{runs}/{of}", "; ".join(what) or "–"])
    headers = both(lang, "initiative|participants|volunteers|funded scale|runs at the end|"
                        "stops and collapses",
                  "initiatief|deelnemers|vrijwilligers|gefinancierde omvang|draait aan het eind|"
                  "stops en omvallen").split("|")
    note = both(lang, "Participants, volunteers and scale (1 = as planned): mean over the last "
                     "year and the replications, scenario arm. Runs at the end (with funding), "
                     "stops and collapses: replications in which it happened, of all "
                     "replications.",
               "Deelnemers, vrijwilligers en omvang (1 = zoals gepland): gemiddelde over het "
               "laatste jaar en de replicaties, scenario. Draait aan het eind, stops en omvallen: "
               "replicaties waarin het gebeurde, van alle replicaties.")
    return Table(both(lang, "Initiatives", "Initiatieven"), headers, rows, note)


def cost_table(results: Results, lang: str) -> Table:
    """Total cost per payer in both arms and the net for the payer (without minus with the
    scenario: + the payer gains, the one sign convention), split into the care effect and the
    transfers, which add up to it."""
    s = results.summary
    split = "care_effect_eur" in s and "transfers_eur" in s
    rows = [[payer_name(r.payer, lang), fmt_eur(r.counterfactual_eur, lang),
             fmt_eur(r.scenario_eur, lang)]
            + ([fmt_eur(-r.care_effect_eur, lang, sign=True),
                fmt_eur(-r.transfers_eur, lang, sign=True)] if split else [])
            + [fmt_eur(-r.difference_eur, lang, sign=True),
               _ci(-r.ci_high_eur, -r.ci_low_eur, lang)]
            for _, r in s.iterrows()]
    headers = both(lang, "payer|without scenario|with scenario|care effect|transfers|net|"
                         "95% interval",
                   "betaler|zonder scenario|met scenario|zorgeffect|overdrachten|saldo|"
                   "95%-interval").split("|")
    if not split:
        del headers[3:5]
    note = both(lang, "Net = without − with the scenario = care effect (care and initiative "
                      "costs) + transfers (received (+) or paid (−) between payers under the "
                      "regime). ",
                "Saldo = zonder − met het scenario = zorgeffect (zorg- en initiatiefkosten) + "
                "overdrachten (ontvangen (+) of betaald (−) tussen betalers onder het regime). "
                ) + scope_sentence(scope_of(results.metadata), lang,
                                   parameter_count(results.metadata))
    note += " " + text("sign_rule", lang)
    return Table(both(lang, "Costs per payer", "Kosten per betaler"), headers, rows, note)


def wrong_pocket_table(results: Results, lang: str) -> Table:
    """The wrong-pocket matrix: who invests (rows) x who saves (columns)."""
    m = wrong_pocket(results)
    rows = [[payer_name(i, lang)] + [fmt_eur(m.loc[i, j], lang) for j in m.columns]
            for i in m.index if m.loc[i].abs().sum() > 0] or [
        [payer_name(i, lang)] + ["–"] * len(m.columns) for i in m.index[:1]]
    headers = [both(lang, "invests \\ saves", "investeert \\ bespaart")] + [
        payer_name(j, lang) for j in m.columns]
    note = both(lang, "Each investor is credited with every koker's savings in proportion to its "
                     "share of the investment.",
               "Elke investeerder krijgt de besparing van elke koker toegerekend naar zijn aandeel "
               "in de investering.")
    return Table(both(lang, "Wrong-pocket matrix", "Wrong-pocket-matrix"), headers, rows, note)


def fair_share_table(results: Results, lang: str) -> Table:
    """What each koker would pay if it paid in proportion to its savings."""
    f = fair_share(results)
    rows = [[payer_name(r.payer, lang), fmt_eur(r.savings_eur, lang),
             fmt_percent(r.current_share, lang), fmt_percent(r.fair_share, lang),
             fmt_eur(r.fair_contribution_eur, lang)] for _, r in f.iterrows()]
    headers = both(lang, "koker|savings|pays now|fair share|fair contribution",
                  "koker|besparing|betaalt nu|eerlijk aandeel|eerlijke bijdrage").split("|")
    return Table(both(lang, "Fair-share co-financing key", "Eerlijke verdeelsleutel"), headers,
                 rows, both(lang, "Fair share: in proportion to positive savings.",
                           "Eerlijk aandeel: naar rato van de positieve besparing."))


def report_tables(results: Results, lang: str) -> list[Table]:
    """All tables of the report, in order."""
    tables = [koker_table(results, lang), initiative_table(results, lang),
              cost_table(results, lang), wrong_pocket_table(results, lang),
              fair_share_table(results, lang)]
    return [t for t in tables if t is not None]


__all__ = ["Table", "report_tables"]
