"""Tables the command line prints: EUR amounts in thousands, signed differences, intervals.

One format for every command (``run``, ``compare``, ``attribute``): ``EUR +23k`` for a
signed amount, ``EUR 0k`` for anything that rounds to zero (never ``+0k`` or ``-0k``), and
intervals with the same signs as the differences they belong to.
"""
from __future__ import annotations

import pandas as pd

from simulate.scenario import PAYERS


def eur(x: float, sign: bool = False) -> str:
    """``x`` euros as ``EUR 1,234k`` (``sign``: ``EUR +1,234k``); ``n/a`` for NaN; an amount
    that rounds to zero thousand prints as ``EUR 0k``."""
    if x != x:
        return "n/a"
    k = round(x / 1000)
    if k == 0:
        return "EUR 0k"
    return "EUR " + (f"{k:+,.0f}k" if sign else f"{k:,.0f}k")


def interval(low: float, high: float) -> str:
    """A 95% interval of a signed quantity, ``EUR -12k .. EUR +30k`` (``n/a`` without one)."""
    if low != low or high != high:
        return "n/a"
    return f"{eur(low, sign=True)} .. {eur(high, sign=True)}"


def table(rows: list[list]) -> str:
    """Rows (the first is the header) as aligned text: first column left, others right."""
    widths = [max(len(str(x)) for x in col) for col in zip(*rows)]
    fmt = lambda cells: "  ".join(  # noqa: E731
        str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))
    return "\n".join([fmt(rows[0]), fmt(["-" * w for w in widths])] + [fmt(r) for r in rows[1:]])


def format_summary(summary: pd.DataFrame, total_interval: tuple[float, float] | None = None,
                   lang: str = "en") -> str:
    """The per-payer table printed after a run: EUR totals over the horizon, with intervals;
    ``total_interval`` (low, high) of the total difference, from the run's ``intervals``. The
    difference is split into the care effect (care and initiative costs) and the transfers
    the regime moved, which add up to it (when the summary has those columns)."""
    split = "care_effect_eur" in summary and "transfers_eur" in summary
    rows = [["payer", "counterfactual", "scenario"]
            + (["care effect", "transfers"] if split else [])
            + ["difference", "95% interval"]]
    for _, r in summary.iterrows():
        rows.append([r.payer, eur(r.counterfactual_eur), eur(r.scenario_eur)]
                    + ([eur(r.care_effect_eur, sign=True), eur(r.transfers_eur, sign=True)]
                       if split else [])
                    + [eur(r.difference_eur, sign=True), interval(r.ci_low_eur, r.ci_high_eur)])
    cols = ["counterfactual_eur", "scenario_eur", "difference_eur"] + (
        ["care_effect_eur", "transfers_eur"] if split else [])
    total = summary[cols].sum()
    rows.append(["total", eur(total.counterfactual_eur), eur(total.scenario_eur)]
                + ([eur(total.care_effect_eur, sign=True), eur(total.transfers_eur, sign=True)]
                   if split else [])
                + [eur(total.difference_eur, sign=True),
                   interval(*total_interval) if total_interval else "n/a"])
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
    return "transfers" in k and bool((k.transfers.fillna(0).abs() > 0.5).any())


def kokers_heading(k: pd.DataFrame) -> str:
    """The line above :func:`format_kokers`, naming what ``net`` adds up."""
    return ("Where costs and benefits land (EUR over the horizon; care effect = savings - "
            "investment, net = care effect + transfers; positive: the payer gains):")


def format_kokers(k: pd.DataFrame) -> str:
    """Investment, savings, the care effect (savings - investment), transfers (money a
    financing regime moved) and net per koker with the net's interval, as text; care effect
    + transfers = net; ``p(gain)``, the share of replications in which the koker gains."""
    care = k.care_effect if "care_effect" in k else k.savings - k.investment
    tr = k.transfers if "transfers" in k else 0 * care
    rows = [["payer", "investment", "savings", "care effect", "transfers", "net",
             "95% interval (net)", "p(gain)", "payback"]]
    for (_, r), c, t in zip(k.iterrows(), care, tr):
        pay = "-" if r.payback_year != r.payback_year else f"{r.payback_year:.0f}"
        gain = getattr(r, "p_gain", float("nan"))
        rows.append([r.payer, eur(r.investment), eur(r.savings, sign=True), eur(c, sign=True),
                     eur(t, sign=True), eur(r.net, sign=True), interval(r.net_low, r.net_high),
                     "n/a" if gain != gain else f"{gain:.0%}", pay])
    return table(rows)


def format_comparison(tidy: pd.DataFrame, names: list[str]) -> str:
    """Net per koker (rows, in the order of ``PAYERS``) of each scenario (columns, in the
    order given), with its interval; ``-`` where a scenario has no such payer."""
    rows = [["payer"] + list(names)]
    present = set(tidy.payer)
    for payer in [p for p in PAYERS if p in present]:
        cells = [payer]
        for name in names:
            r = tidy[(tidy.payer == payer) & (tidy.scenario == name)]
            cells.append("-" if r.empty else
                         f"{eur(r.net_eur.iloc[0], sign=True)} "
                         f"({interval(r.net_low_eur.iloc[0], r.net_high_eur.iloc[0])})")
        rows.append(cells)
    return table(rows)


def format_attribution(t: pd.DataFrame) -> str:
    """The Shapley table (payer, then one column per initiative, numbers in EUR) as text."""
    cols = list(t.columns)
    rows = [cols]
    for _, r in t.iterrows():
        rows.append([r[c] if isinstance(r[c], str) else eur(float(r[c]), sign=True)
                     for c in cols])
    return table(rows)
