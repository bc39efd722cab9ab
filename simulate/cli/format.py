"""Tables the command line prints: EUR amounts in thousands, signed, with intervals, in English
or Dutch.

One sign convention everywhere (terminal, report, Excel, charts), stated once under the tables
(:data:`simulate.text.labels.TEXT` ``sign_rule``): **+ the payer gains** (spends less, saves,
receives), **- it loses** (spends more, invests, pays). So the per-payer table shows
``net = counterfactual - scenario`` spending, the same number as the koker table's net
(savings - investment + transfers). ``EUR 0k`` for anything that rounds to zero (never ``+0k``
or ``-0k``). With ``lang="nl"`` headers, payer names and separators are Dutch
(``EUR +1.234k``) and the counterfactual is called the status quo.
"""
from __future__ import annotations

import pandas as pd

from simulate.analysis.questions import moved_money
from simulate.scenario import PAYERS
from simulate.text.labels import check_lang, payer_name, text
from simulate.text.numbers import fmt_percent


def eur(x: float, sign: bool = False, lang: str = "en") -> str:
    """``x`` euros as ``EUR 1,234k`` (``sign``: ``EUR +1,234k``; Dutch ``EUR +1.234k``);
    ``n/a`` for NaN; an amount that rounds to zero thousand prints as ``EUR 0k``."""
    if x != x:
        return "n/a"
    k = round(x / 1000)
    if k == 0:
        return "EUR 0k"
    s = f"{k:+,.0f}" if sign else f"{k:,.0f}"
    return "EUR " + (s.replace(",", ".") if check_lang(lang) == "nl" else s) + "k"


def interval(low: float, high: float, lang: str = "en") -> str:
    """A 95% interval of a signed quantity, ``EUR -12k .. EUR +30k`` (``n/a`` without one)."""
    if low != low or high != high:
        return "n/a"
    return f"{eur(low, True, lang)} .. {eur(high, True, lang)}"


def table(rows: list[list]) -> str:
    """Rows (the first is the header) as aligned text: first column left, others right."""
    widths = [max(len(str(x)) for x in col) for col in zip(*rows)]
    fmt = lambda cells: "  ".join(  # noqa: E731
        str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))
    return "\n".join([fmt(rows[0]), fmt(["-" * w for w in widths])] + [fmt(r) for r in rows[1:]])


def _head(lang: str, *keys: str) -> list[str]:
    return [text(f"cli_{k}", lang) for k in keys]


def format_summary(summary: pd.DataFrame, total_interval: tuple[float, float] | None = None,
                   lang: str = "en") -> str:
    """The per-payer table printed after a run: EUR spending over the horizon in both arms and
    the net for the payer (counterfactual - scenario: + the payer gains) with its interval;
    ``total_interval`` (low, high) of the total *difference* (scenario - counterfactual), from
    the run's ``intervals``, turned round like the rest. The net is split into the care effect
    (care and initiative costs) and the transfers the regime moved, which add up to it (when
    the summary has those columns), with the same sign."""
    split = "care_effect_eur" in summary and "transfers_eur" in summary
    rows = [_head(lang, "payer", "counterfactual", "scenario")
            + (_head(lang, "care_effect", "transfers") if split else [])
            + _head(lang, "net", "interval")]
    for _, r in summary.iterrows():
        rows.append([payer_name(r.payer, lang), eur(r.counterfactual_eur, lang=lang),
                     eur(r.scenario_eur, lang=lang)]
                    + ([eur(-r.care_effect_eur, True, lang), eur(-r.transfers_eur, True, lang)]
                       if split else [])
                    + [eur(-r.difference_eur, True, lang),
                       interval(-r.ci_high_eur, -r.ci_low_eur, lang)])
    cols = ["counterfactual_eur", "scenario_eur", "difference_eur"] + (
        ["care_effect_eur", "transfers_eur"] if split else [])
    total = summary[cols].sum()
    rows.append([text("cli_total", lang), eur(total.counterfactual_eur, lang=lang),
                 eur(total.scenario_eur, lang=lang)]
                + ([eur(-total.care_effect_eur, True, lang), eur(-total.transfers_eur, True, lang)]
                   if split else [])
                + [eur(-total.difference_eur, True, lang),
                   interval(-total_interval[1], -total_interval[0], lang) if total_interval
                   else "n/a"])
    return table(rows)


def total_interval(results) -> tuple[float, float] | None:
    """The t-interval of the total difference over all payers, from ``results.intervals``."""
    iv = results.tables.get("intervals")
    if iv is None:
        return None
    row = iv[(iv.group == "payer") & (iv["item"] == "total") & (iv.statistic == "difference")]
    return (float(row.t_low.iloc[0]), float(row.t_high.iloc[0])) if len(row) else None


def has_transfers(k: pd.DataFrame) -> bool:
    """Whether any payer received or paid transfers (a financing regime moved money)."""
    return moved_money(k)


def summary_heading(name: str, reps: int, seed: int, years: float, start: int, price: int,
                    lang: str = "en") -> str:
    """The line above :func:`format_summary`: what was run and what the euros are."""
    return text("cli_run_head", lang, name=name, reps=reps, seed=seed, years=f"{years:g}",
                start=start, price=price)


def kokers_heading(k: pd.DataFrame, lang: str = "en") -> str:
    """The line above :func:`format_kokers`, naming what ``net`` adds up."""
    return text("cli_kokers_head", lang, net=text("net_care_effect", lang))


def sign_rule(lang: str = "en") -> str:
    """The sign convention, stated once under the tables."""
    return text("sign_rule", lang)


def format_kokers(k: pd.DataFrame, lang: str = "en") -> str:
    """Investment, savings, the care effect (savings - investment), transfers (money a
    financing regime moved) and net per koker with the net's interval, as text; care effect
    + transfers = net; ``p(gain)``, the share of replications in which the koker gains. The
    transfers column is shown without a regime too (zero), so a reader never has to guess
    whether a net includes money moved between payers."""
    care = k.care_effect if "care_effect" in k else k.savings - k.investment
    tr = k.transfers if "transfers" in k else 0 * care
    rows = [_head(lang, "payer", "investment", "savings", "care_effect", "transfers", "net",
                  "interval_net", "p_gain", "payback")]
    for (_, r), c, t in zip(k.iterrows(), care, tr):
        pay = "-" if r.payback_year != r.payback_year else f"{r.payback_year:.0f}"
        gain = getattr(r, "p_gain", float("nan"))
        rows.append([payer_name(r.payer, lang), eur(r.investment, lang=lang),
                     eur(r.savings, True, lang), eur(c, True, lang), eur(t, True, lang),
                     eur(r.net, True, lang), interval(r.net_low, r.net_high, lang),
                     "n/a" if gain != gain else fmt_percent(gain, lang), pay])
    return table(rows)


def format_comparison(tidy: pd.DataFrame, names: list[str], lang: str = "en") -> str:
    """Net per koker (rows, in the order of ``PAYERS``) of each scenario (columns, in the
    order given), with its interval; ``-`` where a scenario has no such payer."""
    rows = [_head(lang, "payer") + list(names)]
    present = set(tidy.payer)
    for payer in [p for p in PAYERS if p in present]:
        cells = [payer_name(payer, lang)]
        for name in names:
            r = tidy[(tidy.payer == payer) & (tidy.scenario == name)]
            cells.append("-" if r.empty else
                         f"{eur(r.net_eur.iloc[0], True, lang)} "
                         f"({interval(r.net_low_eur.iloc[0], r.net_high_eur.iloc[0], lang)})")
        rows.append(cells)
    return table(rows)


def format_attribution(t: pd.DataFrame, lang: str = "en") -> str:
    """The Shapley table (payer, then one column per initiative, numbers in EUR) as text."""
    cols = list(t.columns)
    rows = [cols]
    for _, r in t.iterrows():
        rows.append([r[c] if isinstance(r[c], str) else eur(float(r[c]), True, lang)
                     for c in cols])
    return table(rows)
