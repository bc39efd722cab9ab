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

from .data import table

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


def reprice(results, to_year: int):
    """A copy of run ``results`` with every euro at ``to_year`` prices.

    The model computes at the scenario's ``price_year``; this converts at output only
    (costs and summary tables), and records both years and the index in the metadata.
    """
    from .results import Results, summarise
    from_year = int(results.metadata["scenario"]["price_year"])
    f = price_factor(from_year, to_year)
    tables = dict(results.tables)
    costs = tables["costs"].copy()
    costs["eur"] = costs["eur"] * f
    tables["costs"] = costs
    tables["summary"] = summarise(costs)
    meta = {**results.metadata, "price_year": to_year, "model_price_year": from_year,
            "price_index": INDEX_NAME, "price_factor": f}
    return dataclasses.replace(results, tables=tables, metadata=meta) if isinstance(
        results, Results) else Results(tables=tables, metadata=meta)
