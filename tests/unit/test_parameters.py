"""data/parameters.csv: every number of the default village with its source, never stale."""
from __future__ import annotations

import pytest

import simulate
from simulate.calibration.fit import current_value
from simulate.calibration.parameters import packaged, parameter_table

DESCRIBED = ("population", "demography", "health", "loneliness", "informal_care", "acute",
             "care")


@pytest.fixture(scope="module")
def table():
    return packaged()


def test_every_row_equals_the_default_scenario(table):
    sc = simulate.load_scenario("village")
    for _, row in table.iterrows():
        assert current_value(sc, row.key) == pytest.approx(float(row.value)), \
            f"{row.key}: parameters.csv is stale (python -m simulate.calibration.parameters)"


def test_every_number_of_the_described_sections_is_listed(table):
    listed = set(table.key)
    fresh = parameter_table()
    missing = [k for k in fresh.key if k.split(".")[0] in DESCRIBED and k not in listed]
    assert not missing, f"not in parameters.csv: {missing}"


def test_every_row_names_a_source_and_unit(table):
    for _, row in table.iterrows():
        assert len(row.source) >= len("assumption"), f"{row.key}: a source or the word assumption"
        assert row.unit, f"{row.key}: a unit"
    tags = set(table.tag)
    assert tags <= {"A", "B", "C", "E", "assumption", "calibrated", "definition", ""}, tags
