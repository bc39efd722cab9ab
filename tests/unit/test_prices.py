"""Price index: euros of one year at another year's price level."""
from __future__ import annotations

import pytest

import simulate
from simulate.results.prices import convert, cpi, price_factor, reprice


def test_chained_cpi_matches_the_published_index():
    # CBS 83136NED publishes CPI 2022 = 121.43 (2015 = 100); chaining the rounded yearly
    # changes of 83131NED must land within 0.05% of it
    assert cpi(2015) == 100.0
    assert cpi(2022) == pytest.approx(121.43, rel=5e-4)


def test_conversion_is_consistent():
    assert price_factor(2022, 2022) == 1.0, "same year: no change"
    assert price_factor(2022, 2023) == pytest.approx(1.038), "CPI 2023: +3.8%"
    there_and_back = convert(convert(100.0, 2018, 2024), 2024, 2018)
    assert there_and_back == pytest.approx(100.0, rel=1e-12), "a round trip returns the amount"
    assert convert(100.0, 2018, 2022) > 100.0, "prices rose from 2018 to 2022"


def test_unknown_year_is_a_clear_error():
    with pytest.raises(ValueError, match="no price index for 1990"):
        cpi(1990)


def test_reprice_scales_costs_and_summary(small_results):
    f = price_factor(2022, 2024)
    out = reprice(small_results, 2024)
    assert out.costs.eur.sum() == pytest.approx(small_results.costs.eur.sum() * f, rel=1e-12)
    assert out.summary.difference_eur.sum() == pytest.approx(
        small_results.summary.difference_eur.sum() * f, rel=1e-9)
    assert out.metadata["price_year"] == 2024 and out.metadata["model_price_year"] == 2022
    assert small_results.metadata.get("price_year") is None, "the original is unchanged"
    assert isinstance(out, simulate.Results)
