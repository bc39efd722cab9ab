"""``extends`` from a user's own file anywhere: relative to the file, else a ready scenario."""
from __future__ import annotations

import pytest

from simulate.scenario import ScenarioError, load_scenario
from simulate.scenario.loader import SCENARIO_DIR


def test_a_file_elsewhere_extends_a_ready_scenario(tmp_path):
    f = tmp_path / "mine.toml"
    f.write_text('extends = "village.toml"\n[population]\nsize = 321\n')
    sc = load_scenario(f)
    assert sc.population.size == 321, "own value on top"
    assert sc.name == load_scenario("village").name, "the rest from scenarios/village.toml"
    g = tmp_path / "short.toml"
    g.write_text('extends = "village"\n')
    assert load_scenario(g).population.size == load_scenario("village").population.size


def test_a_file_beside_wins_over_the_ready_scenario(tmp_path):
    (tmp_path / "village.toml").write_text(
        (SCENARIO_DIR / "village.toml").read_text().replace('name = "village"', 'name = "local"'))
    f = tmp_path / "mine.toml"
    f.write_text('extends = "village.toml"\n')
    assert load_scenario(f).name == "local", "the path relative to the file comes first"


def test_a_missing_parent_names_both_places_and_suggests(tmp_path):
    f = tmp_path / "mine.toml"
    f.write_text('extends = "vilage.toml"\n')
    with pytest.raises(ScenarioError) as exc:
        load_scenario(f)
    text = str(exc.value)
    assert "extends: file not found: vilage.toml" in text
    assert str(tmp_path) in text and str(SCENARIO_DIR) in text, "both places looked in"
    assert "did you mean 'village'?" in text
