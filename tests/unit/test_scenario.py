"""Loading and validating scenario files: every error at once, with key path and a hint."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

import simulate
from simulate.scenario import ScenarioError, load_scenario, parse_override

INVALID = Path(__file__).parents[1] / "fixtures" / "invalid"


def problems_of(path, overrides=None) -> list[str]:
    with pytest.raises(ScenarioError) as exc:
        load_scenario(path, overrides)
    return [str(p) for p in exc.value.problems]


def test_default_scenario_is_valid():
    sc = load_scenario()
    assert sc.name == "village" and sc.population.size == 2500
    assert "dorpsondersteuner" in sc.initiatives


def test_every_error_is_reported_at_once():
    found = problems_of(INVALID / "many_errors.toml")
    expected = ["populaton: unknown key (did you mean 'population'?)",
                "name: expected text", "horizon_years: -1 is outside the valid range",
                "mortality_multiplier.vital: expected a number",
                "mortality_multiplier.frial: unknown key (did you mean 'frail'?)",
                "initiatives.d.type: 'dorpsondersteunr' is not one of the allowed values "
                "(did you mean 'dorpsondersteuner'?)"]
    for text in expected:
        assert any(text in p for p in found), f"missing {text!r} in {found}"
    assert all("many_errors.toml" in p for p in found), "every problem names its file"


@pytest.mark.parametrize("fixture, words", [
    ("cycle_a.toml", "cyclic extends"),
    ("missing_parent.toml", "file not found"),
    ("bad_syntax.toml", "invalid TOML"),
    ("not_utf8.toml", "not UTF-8"),
    ("funding_sum.toml", "in year 0 the active shares sum to 0.7"),
    ("funding_sum.toml", "funding[2].payer: unknown payer 'gemeente'"),
    ("funding_sum.toml", "after the horizon"),
    ("unknown_service.toml", "huisartz: unknown service (did you mean 'huisarts'?)"),
    ("unknown_service.toml", "services.extra.payer: 'gemeente' is not one of the allowed"),
    ("unknown_service.toml", "services.extra.unit_cost_eur: -5 is outside the valid range"),
])
def test_broken_file_gives_clear_problem(fixture, words):
    found = problems_of(INVALID / fixture)
    assert any(words in p for p in found), f"expected {words!r} in {found}"


def test_overrides_are_validated_like_the_file():
    found = problems_of("village", {"population.sise": 5, "health.lonely_multiplier": -1})
    assert any("population.sise: unknown key (did you mean 'size'?)" in p for p in found)
    assert any("health.lonely_multiplier: -1 is outside" in p for p in found)


def test_overrides_change_values_and_extends_merges():
    sc = load_scenario("village", {"population.size": 5000, "horizon_years": 15})
    assert sc.population.size == 5000 and sc.months == 180
    assert sc.population.age_structure == "drenthe_2023", "untouched keys keep values"


def test_parse_override_reads_toml_values():
    assert parse_override("population.size=5000") == ("population.size", 5000)
    assert parse_override("a.b=0.5") == ("a.b", 0.5)
    assert parse_override("a=[1, 2]") == ("a", [1, 2])
    assert parse_override("financing.regime=siloed") == ("financing.regime", "siloed")


def test_scenario_is_frozen():
    sc = load_scenario()
    with pytest.raises(dataclasses.FrozenInstanceError):
        sc.population.size = 3  # type: ignore[misc]
    with pytest.raises(TypeError):
        sc.demography.mortality_multiplier["vital"] = 9


def test_run_does_not_change_the_scenario(small_scenario):
    before = simulate.scenario.to_dict(small_scenario)
    simulate.run(small_scenario, reps=1, seed=1)
    assert simulate.scenario.to_dict(small_scenario) == before


def test_counterfactual_overrides_are_checked(tmp_path):
    f = tmp_path / "cf.toml"
    f.write_text(f'extends = "{Path(simulate.scenario.loader.SCENARIO_DIR, "village.toml")}"\n'
                 '[counterfactual]\noverrides = { "care.nursing_home_bedz" = 3 }\n')
    found = problems_of(f)
    assert any("counterfactual.overrides -> care.nursing_home_bedz" in p for p in found), found


def test_an_initiative_nobody_pays_for_is_an_error():
    found = problems_of("village", {"initiatives.dorpsondersteuner.funding": []})
    assert any("initiatives.dorpsondersteuner.funding: no one pays" in p for p in found), found
