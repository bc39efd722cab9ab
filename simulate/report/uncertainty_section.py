"""The report's section on uncertainty: how many replications and why, how much of each
payer's spread the parameters cause, and which unknown is worth researching for whom.

From the run folder alone: the stopping rule's outcome (``metadata["stopping"]``), the split
of the spread (``spread.csv``, :mod:`simulate.analysis.spread`) and, when the run drew its
parameters and has replications enough for a regression on them (:data:`VOI_MIN_REPS`), the
expected value of partial perfect information per payer and parameter
(:func:`simulate.analysis.voi.voi_table`, the same numbers ``simulate voi`` writes) with its
chart, a sentence per payer ("knowing X is worth EUR y to the Wmo's decision") and the caveat
on precision.
"""
from __future__ import annotations

import html

import pandas as pd
from matplotlib.figure import Figure

from simulate.analysis.bands import price_year
from simulate.analysis.kokers import koker_replications, koker_summary
from simulate.analysis.voi import top_parameters, voi_table
from simulate.charts import voi as voi_chart
from simulate.report.html import figure_html, table_html
from simulate.report.tables import Table
from simulate.results.tables import Results, p_gain
from simulate.text.labels import both, payer_name
from simulate.text.numbers import fmt_eur, fmt_percent
from simulate.text.parameters import parameter_label
from simulate.text.replications import replications_sentence, spread_sentence, voi_caveat, whose
from simulate.text.uncertainty import parameter_count, scope_of, scope_sentence, voi_title

#: Fewer parameter sets than this give no value of information: the regression on a dozen
#: parameters needs a few dozen draws before BIC lets any signal through.
VOI_MIN_REPS = 32
#: Below half a euro an EVPPI is zero (the fit found no signal).
ZERO_EUR = 0.5


def _e(s: object) -> str:
    return html.escape(str(s))


def run_voi(results: Results) -> pd.DataFrame | None:
    """The value-of-information table of a run, with ``p_gain`` per payer (and ``total``);
    None when the run did not draw parameters or has fewer than :data:`VOI_MIN_REPS`
    replications."""
    if "parameters" not in results.tables or results.parameters.empty:
        return None
    if int(results.metadata.get("replications", 0)) < VOI_MIN_REPS:
        return None
    table = voi_table(results, measures=("net",))
    gains = koker_summary(results).set_index("payer").p_gain
    table["p_gain"] = table.payer.map(gains)
    per = koker_replications(results).groupby("replication").net.sum()
    table.loc[table.payer == "total", "p_gain"] = p_gain(per.to_numpy())
    return table


def voi_sentences(voi: pd.DataFrame, lang: str = "en") -> list[str]:
    """Per payer (and all together): what knowing its most valuable parameter is worth to
    its decision, or that no single parameter would change it."""
    out = []
    for payer in dict.fromkeys(voi.payer):
        top = top_parameters(voi, payer, n=1)
        who = whose(payer, lang)
        if top.empty or float(top.evppi_eur.iloc[0]) < ZERO_EUR:
            out.append(voi_title("", "", who, lang) + ".")
            continue
        r = top.iloc[0]
        out.append(voi_title(f"“{parameter_label(str(r.parameter), lang)}”",
                             fmt_eur(r.evppi_eur, lang), who, lang) + ".")
    return out


def voi_summary_table(voi: pd.DataFrame, lang: str = "en", top: int = 3) -> Table:
    """Per payer: the decision it would take now, its p(gain), its ``top`` parameters by
    EVPPI and the value of knowing all parameters (EVPI)."""
    rows = []
    for payer in dict.fromkeys(voi.payer):
        g = voi[voi.payer == payer]
        best = top_parameters(voi, payer, n=top)
        best = best[best.evppi_eur >= ZERO_EUR]
        evpi = g[g.kind == "all"].evppi_eur
        decision = both(lang, "scenario", "scenario") if g.decision.iloc[0] == "scenario" \
            else both(lang, "status quo", "huidige situatie")
        first = [payer_name(payer, lang), decision, fmt_percent(float(g.p_gain.iloc[0]), lang)]
        if best.empty:
            rows.append(first + [both(lang, "(none would change it)", "(geen zou het veranderen)"),
                                 fmt_eur(0.0, lang),
                                 fmt_eur(float(evpi.iloc[0]) if len(evpi) else 0.0, lang)])
            continue
        for i, r in enumerate(best.itertuples()):
            rows.append((first if i == 0 else ["", "", ""])
                        + [parameter_label(str(r.parameter), lang), fmt_eur(r.evppi_eur, lang),
                           fmt_eur(float(evpi.iloc[0]), lang) if i == 0 and len(evpi) else ""])
    return Table(both(lang, "Value of information per payer's decision",
                      "Waarde van informatie per besluit van een betaler"),
                 [both(lang, "payer", "betaler"), both(lang, "decision now", "besluit nu"),
                  both(lang, "p(gain)", "p(winst)"),
                  both(lang, "parameter", "parameter"), "EVPPI",
                  both(lang, "all parameters (EVPI)", "alle parameters (EVPI)")],
                 rows, both(lang, "EVPPI: what knowing the parameter before deciding is worth "
                                  "to the payer's decision (do the scenario or not), EUR net over "
                                  "the horizon.",
                            "EVPPI: wat het waard is de parameter te kennen voor het besluit "
                            "van de betaler (het scenario doen of niet), EUR saldo over de "
                            "horizon."))


def spread_table_view(spread: pd.DataFrame, lang: str = "en") -> Table:
    """The split of each payer's spread, as a report table."""
    rows = [[payer_name(r.quantity, lang), fmt_eur(r.sd_total_eur, lang),
             fmt_eur(r.sd_simulation_eur, lang),
             "–" if r.parameter_share != r.parameter_share else
             f"{fmt_percent(r.parameter_share, lang)} ({fmt_percent(r.share_low, lang)}–"
             f"{fmt_percent(r.share_high, lang)})",
             "–" if r.fit_share != r.fit_share else fmt_percent(r.fit_share, lang)]
            for r in spread.itertuples() if r.sd_total_eur > 0 or r.sd_simulation_eur > 0]
    m, n = int(spread.simulation_replications.iloc[0]), int(spread.replications.iloc[0])
    return Table(both(lang, "Where the spread of each payer's net comes from",
                      "Waar de spreiding van het saldo per betaler vandaan komt"),
                 [both(lang, "payer", "betaler"),
                  both(lang, "spread (sd), parameters drawn", "spreiding (sd), parameters getrokken"),
                  both(lang, "spread (sd), parameters fixed", "spreiding (sd), parameters vast"),
                  both(lang, "share from the parameters (95% interval)",
                       "aandeel van de parameters (95%-interval)"),
                  both(lang, "cross-check: linear fit on the parameters (adj. R²)",
                       "controle: lineaire fit op de parameters (gecorr. R²)")], rows,
                 both(lang, f"Standard deviation of the net over {n} replications with the "
                            f"parameters drawn and over {m} with them fixed (the same histories "
                            f"of the village); share = 1 - var(fixed) / var(drawn). The "
                            f"cross-check needs no second run but sees only the part linear in "
                            f"the parameters.",
                      f"Standaardafwijking van het saldo over {n} replicaties met getrokken "
                      f"parameters en over {m} met vaste (dezelfde geschiedenissen van het "
                      f"dorp); aandeel = 1 - var(vast) / var(getrokken). De controle vraagt "
                      f"geen tweede run maar ziet alleen het deel dat lineair is in de "
                      f"parameters."))


def section(results: Results, lang: str = "en") -> tuple[str, dict[str, Figure]]:
    """The section as HTML, and its figures (for ``figures/``)."""
    m = results.metadata
    title = both(lang, "Uncertainty and the value of information",
                 "Onzekerheid en de waarde van informatie")
    parts = [f"<h2>{_e(title)}</h2>",
             f"<p>{_e(scope_sentence(scope_of(m), lang, parameters=parameter_count(m)))} "
             f"{_e(replications_sentence(m, lang))}</p>"]
    figs: dict[str, Figure] = {}
    if "spread" in results.tables and len(results.spread):
        sp = results.spread
        payers = sp[sp.quantity != "total"]
        if len(payers):
            widest = str(payers.loc[payers.sd_total_eur.idxmax(), "quantity"])
            parts.append(f"<p>{_e(spread_sentence(sp, widest, lang))}</p>")
        parts.append(table_html(spread_table_view(sp, lang)))
    voi = run_voi(results)
    if voi is None:
        why = (both(lang, "The run did not draw its parameters, so there is no value of "
                          "information to compute.",
                    "De run trok zijn parameters niet, dus er is geen waarde van informatie "
                    "te berekenen.") if "parameters" not in results.tables else
               both(lang, f"The value of information needs at least {VOI_MIN_REPS} "
                          f"replications with the parameters drawn; this run has "
                          f"{m.get('replications', 0)} (run without --reps, or simulate voi).",
                    f"De waarde van informatie vraagt minstens {VOI_MIN_REPS} replicaties "
                    f"met getrokken parameters; deze run heeft er {m.get('replications', 0)} "
                    f"(draai zonder --reps, of simulate voi)."))
        parts.append(f"<p class='note'>{_e(why)}</p>")
        return "\n".join(parts), figs
    parts.append("<ul>" + "".join(f"<li>{_e(s)}</li>" for s in voi_sentences(voi, lang))
                 + "</ul>")
    parts.append(table_html(voi_summary_table(voi, lang)))
    single = voi[voi.kind == "parameter"]
    payer = str(single.loc[single.evppi_eur.idxmax(), "payer"]) if len(single) else "total"
    figs["voi"] = voi_chart(voi, payer=payer, lang=lang, metadata=m,
                            price_year=price_year(results))
    parts.append(figure_html("voi", figs["voi"]))
    parts.append(f"<p class='note'>{_e(voi_caveat(int(m.get('replications', 0)), lang))}</p>")
    return "\n".join(parts), figs


__all__ = ["section", "run_voi", "voi_sentences", "voi_summary_table", "VOI_MIN_REPS"]
