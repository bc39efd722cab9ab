"""Euros of one year at the price level of another, with the CBS consumer price index (CPI).

The scenario's unit costs are stated at its ``price_year`` (2022 for the default village: the
Zorginstituut Kostenhandleiding reference prices) and the model computes at that level. Sourced
figures from other years (a Wmo spend per inhabitant in 2023, a Vektis cost in 2018) are
brought to the scenario's price level before they are compared with the model, and a run's
costs can be shown at another price level with :func:`reprice`. The index is the CBS CPI,
all items (StatLine 83131NED), the CPI with which the tatooheene encoding of the
Kostenhandleiding brings its 2022 reference prices to 2023 and 2024 (dutch_statistics.md
section 3); the yearly changes are in ``data/price_index.csv``.
"""
from __future__ import annotations

import dataclasses

import numpy as np

from simulate.data import table

INDEX_NAME = "CBS CPI all items (StatLine 83131NED), 2015 = 100"


class PriceYearError(ValueError):
    """A year outside the price index table."""


def cpi(year: int) -> float:
    """The CPI of ``year`` (2015 = 100), chained from the published yearly changes."""
    t = table("price_index")
    years = np.asarray(t["year"], dtype=int)
    if year not in years:
        raise PriceYearError(f"no price index for {year}; data/price_index.csv covers "
                         f"{years.min()}-{years.max()}")
    growth = 1 + np.asarray(t["cpi_change_pct"]) / 100
    base = int(np.flatnonzero(years == 2015)[0])
    index = np.ones(len(years))
    index[base + 1:] = np.cumprod(growth[base + 1:])
    index[:base] = 1 / np.cumprod(growth[base:0:-1])[::-1]
    return float(100 * index[int(np.flatnonzero(years == year)[0])])


def price_factor(from_year: int, to_year: int) -> float:
    """Multiply euros of ``from_year`` by this to express them at ``to_year`` prices."""
    return 1.0 if from_year == to_year else cpi(to_year) / cpi(from_year)


def convert(eur: float, from_year: int, to_year: int) -> float:
    """``eur`` at ``from_year`` prices, expressed at ``to_year`` prices."""
    return eur * price_factor(from_year, to_year)


#: Columns in euros of the run tables (besides the ``intervals`` rows whose unit is ``eur``).
EUR_COLUMNS: dict[str, tuple[str, ...]] = {
    "costs": ("eur",),
    "summary": ("counterfactual_eur", "scenario_eur", "care_effect_eur", "transfers_eur",
                "difference_eur", "ci_low_eur", "ci_high_eur", "boot_low_eur", "boot_high_eur"),
    "precision": ("difference_eur", "half_width_eur", "target_eur"),
}
#: Columns of the ``intervals`` table that hold the row's amount (euros when unit is ``eur``).
INTERVAL_VALUES: tuple[str, ...] = ("mean", "t_low", "t_high", "boot_low", "boot_high")


def run_price_year(metadata: dict) -> int:
    """The price level of the euros in a run folder: the ``price_year`` it was shown at
    (``simulate run --price-year``), else its scenario's ``price_year``."""
    year = metadata.get("price_year")
    if year is None:
        year = (metadata.get("scenario") or {}).get("price_year", 2022)
    return int(year)


def reprice(results, to_year: int):
    """A copy of run ``results`` with every euro at ``to_year`` prices.

    The model computes at the scenario's ``price_year``; this converts at output only. Every
    euro of every table is scaled by the same CPI factor (costs, summary with its t and
    bootstrap intervals, the ``eur`` rows of ``intervals``, precision): a linear scaling
    carries means and interval bounds exactly, so the folder stays at ONE price level. The
    metadata records it once (``price_year``), with the model's level (``model_price_year``)
    and the index. Results already repriced are converted from their current level.
    """
    from simulate.results.tables import Results
    model_year = int(results.metadata.get("model_price_year",
                                          results.metadata["scenario"]["price_year"]))
    from_year = run_price_year(results.metadata)
    f = price_factor(from_year, to_year)
    tables = {name: _scaled(name, df, f) for name, df in results.tables.items()}
    meta = {**results.metadata, "price_year": int(to_year), "model_price_year": model_year,
            "price_index": INDEX_NAME, "price_factor": price_factor(model_year, to_year)}
    return dataclasses.replace(results, tables=tables, metadata=meta) if isinstance(
        results, Results) else Results(tables=tables, metadata=meta)


def _scaled(name: str, df, f: float):
    """Table ``name`` with its euro columns multiplied by ``f`` (other tables unchanged)."""
    if f == 1.0 or df is None:
        return df
    out = df.copy()
    if name == "intervals" and "unit" in out:
        rows = out["unit"] == "eur"
        for col in INTERVAL_VALUES:
            if col in out:
                out[col] = out[col].astype(float)
                out.loc[rows, col] = out.loc[rows, col] * f
        return out
    for col in EUR_COLUMNS.get(name, ()):
        if col in out:
            out[col] = out[col].astype(float) * f
    return out


def at_price_level(results, year: int):
    """``results`` at ``year`` prices: unchanged if they are already, else :func:`reprice`
    (for putting runs shown at different price levels side by side)."""
    return results if run_price_year(results.metadata) == int(year) else reprice(results, year)
