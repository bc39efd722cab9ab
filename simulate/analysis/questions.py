"""The yes/no questions charts, report, terminal and export ask of the numbers, each decided
once, with one threshold.

"Did this payer invest?", "was money transferred?", "is this change within the noise?" used to
be answered in several places with different cut-offs (0.5 EUR in one, 1 EUR in others), so a
chart could show transfers the terminal table left out. Every caller now asks here.
"""
from __future__ import annotations

import math

import pandas as pd

#: EUR over the horizon (or in a year, for yearly rows) below which an amount counts as zero:
#: it is rounding in the ledger's float sums, not a euro anybody paid.
NEGLIGIBLE_EUR = 1.0
#: Mean counts of people below this are "nobody" (they round to 0.0).
NOBODY = 0.05


def negligible(amount: float) -> bool:
    """Whether an amount in EUR counts as zero (NaN counts as zero too: nothing measured)."""
    return not abs(amount) > NEGLIGIBLE_EUR


def investors(summary: pd.DataFrame) -> list[str]:
    """Payers of a koker summary that invest in initiatives, largest investment first."""
    inv = summary[summary.investment > NEGLIGIBLE_EUR]
    return list(inv.sort_values("investment", ascending=False, kind="stable").payer)


def moved_money(summary: pd.DataFrame) -> bool:
    """Was money transferred? Whether a financing regime moved money between payers: some
    payer's net transfers in a koker summary (or one year of it) are not negligible."""
    return "transfers" in summary and bool(
        (summary.transfers.fillna(0).abs() > NEGLIGIBLE_EUR).any())


def moved_by(summary: pd.DataFrame) -> pd.Series:
    """Net transfers per payer (index) that are not negligible: what each received (+) or
    paid (-)."""
    if "transfers" not in summary:
        return pd.Series(dtype=float)
    t = summary.set_index("payer").transfers.fillna(0)
    return t[t.abs() > NEGLIGIBLE_EUR]


def active(summary: pd.DataFrame) -> pd.Series:
    """Rows of a koker summary where something happened: investment, savings or transfers
    (a budget holder may only receive and pay transfers)."""
    keep = (summary.investment.abs() > NEGLIGIBLE_EUR) | (summary.savings.abs() > NEGLIGIBLE_EUR)
    if "transfers" in summary:
        keep |= summary.transfers.fillna(0).abs() > NEGLIGIBLE_EUR
    return keep


def within_noise(low: float, high: float) -> bool | None:
    """Whether a 95% interval includes zero; None when there is none (one replication)."""
    if math.isnan(low) or math.isnan(high):
        return None
    return bool(low <= 0 <= high)
