"""Errors that guide further (issue 14 point 7): each mistake a new user makes gets a message
that says what to write instead."""
from __future__ import annotations

from pathlib import Path

import pytest

import simulate
from simulate.scenario import ScenarioError
from simulate.scenario.errors import readable


def problems(text: str, tmp_path: Path, overrides: dict | None = None) -> str:
    f = tmp_path / "mine.toml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as exc:
        simulate.load_scenario(f, overrides)
    return str(exc.value)


def test_a_calendar_year_where_an_offset_belongs_gets_the_offset(tmp_path):
    text = problems('extends = "village"\n[care]\nbed_changes = { "2028" = 5 }\n', tmp_path)
    assert "care.bed_changes.2028: year 2028 is outside the horizon (0 to 20)" in text
    assert "did you mean 3, the year 2028?" in text
    text = problems('extends = "village"\n[initiatives.meeting_place]\nstart_year = 2030\n',
                    tmp_path)
    assert "did you mean 5, the year 2030?" in text


def test_a_dutch_decimal_comma_gets_a_hint_about_points(tmp_path):
    text = problems('extends = "village"\n[population]\nlow_income_share = 0,35\n', tmp_path)
    assert "0,35 is written with a decimal comma" in text and "write 0.35" in text
    assert "Expected newline" not in text, "instead of the TOML parser's words"
    text = problems('extends = "village"\n[population]\nsize = 2.500.000\n', tmp_path)
    assert "write 2_500_000" in text
    text = problems('extends = "village"\n[population]\nsize = 2.500\n', tmp_path)
    assert "expected a whole number, got 2.5" in text and "2_500" in text
    text = problems('extends = "village"\n', tmp_path, {"population.low_income_share": "0,3"})
    assert "write 0.3" in text


def test_a_mistyped_scenario_name_gets_did_you_mean():
    with pytest.raises(ScenarioError) as exc:
        simulate.load_scenario("popolatiebekostiging")
    assert "did you mean 'populatiebekostiging'?" in str(exc.value)


def test_problems_are_counted_in_plain_grammar(tmp_path):
    one = problems('extends = "village"\n[population]\nsize = -1\n', tmp_path)
    assert one.startswith("1 problem in the scenario:") and "problem(s)" not in one
    two = problems('extends = "village"\n[population]\nsize = -1\nlow_income_share = 2\n',
                   tmp_path)
    assert two.startswith("2 problems in the scenario:")


def test_ranges_read_as_people_write_them(tmp_path):
    text = problems('extends = "village"\n[population]\nsize = 60000000\n', tmp_path)
    assert "60 million is outside the valid range [0, 50 million] (residents)" in text
    assert "e+07" not in text
    assert readable(100_000) == "100,000" and readable(0.25) == "0.25"
    assert readable(2**63 - 1) == "9.223e+18" or "e" not in readable(1e7)
