"""Sources are data and every value knows where it comes from (issue 12, issue 14 point 1).

A file gives a value's source next to it (``sources.KEY = "..."``); the loader validates it
and records, per value, the file of the ``extends`` chain, the initiative type's default or
the ``--set`` override that set it. ``simulate show`` prints them.
"""
from __future__ import annotations

import glob
from pathlib import Path

import pytest
from click.testing import CliRunner

import simulate
from simulate.cli.main import cli
from simulate.scenario import ScenarioError, from_dict, scenario_hash, to_dict
from simulate.scenario.loader import initiative_types, type_sources
from simulate.scenario.paths import is_model_parameter
from simulate.scenario.provenance import OVERRIDE, rows, source_of

READY = sorted(glob.glob(str(Path(__file__).resolve().parents[2] / "scenarios" / "*.toml")))


def write(tmp_path: Path, text: str, name: str = "mine.toml") -> Path:
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    return f


def test_a_source_is_read_as_data_next_to_its_value():
    sc = simulate.load_scenario("village")
    src = sc.sources["services.huisarts.unit_cost_eur"]
    assert "Kostenhandleiding 2022" in src.text and src.year == 2022
    assert sc.sources["health.lonely_multiplier"].assumption
    assert sc.sources["health.progression_annual.frail"].text.startswith("calibrated")


def test_a_multi_line_value_keeps_its_value_and_its_source():
    """The comment scraper read `funding = [` as the value "[": now the value is the list
    and the source is the text its file wrote beside it."""
    sc = simulate.load_scenario("populatiebekostiging")
    key = "initiatives.dorpsondersteuner.funding"
    assert [f.payer for f in sc.initiatives["dorpsondersteuner"].funding] == \
        ["funds", "budget_holder"]
    assert sc.origins[key].endswith("populatiebekostiging.toml")
    assert "two pilot years paid by a fund" in source_of(sc, key).text


@pytest.mark.parametrize("path", READY, ids=lambda p: Path(p).stem)
def test_every_sourced_number_names_a_year_or_says_what_it_is(path):
    """The project's standard, checked on the data: a number's source names its year, or says
    it is an assumption, an estimate, a fit, a definition or a design choice."""
    sc = simulate.load_scenario(path)
    vague = [(r.key, r.source.text) for r in rows(sc)
             if r.source and is_model_parameter(r.key)
             and isinstance(r.value, (int, float)) and not isinstance(r.value, bool)
             and r.source.year is None and not r.source.assumption]
    assert not vague, vague


def test_origins_name_the_file_of_the_chain_the_type_default_and_the_override():
    sc = simulate.load_scenario("populatiebekostiging", {"population.size": 700})
    assert Path(sc.origins["payers.wmo.rule"]).name == "pilot_cliff.toml", \
        "the inherited own_benefit rule names the file three up the chain"
    assert Path(sc.origins["payers.wmo.koker"]).name == "village.toml"
    assert sc.origins["initiatives.dorpsondersteuner.fte"] == "type dorpsondersteuner"
    assert sc.origins["population.size"] == OVERRIDE
    assert "payers.wmo.continue_ratio" not in sc.origins, "a schema default has no origin"
    assert source_of(sc, "population.size") is None, "an override has no file's source"
    assert "cao Sociaal Werk" in source_of(sc, "initiatives.dorpsondersteuner.cost_per_fte_eur").text


def test_a_value_changed_by_a_child_file_does_not_borrow_the_parents_source(tmp_path):
    f = write(tmp_path, 'extends = "village"\nname = "mine"\n[population]\nsize = 900\n'
                        'low_income_share = 0.4\nsources.low_income_share = "CBS 2024"\n')
    sc = simulate.load_scenario(f)
    assert Path(sc.origins["population.size"]) == f.resolve()
    assert source_of(sc, "population.size") is None, "village's source was for 2,500"
    assert source_of(sc, "population.low_income_share").text == "CBS 2024"
    assert "Trendbureau Drenthe 2023" in source_of(sc, "population.age_structure").text, \
        "inherited with its value"


def test_a_source_for_a_value_the_file_does_not_set_is_refused_with_a_hint(tmp_path):
    f = write(tmp_path, 'extends = "village"\n[population]\nsize = 900\n'
                        'sources.sise = "CBS 2024"\nsources.low_income_share = 3\n'
                        'carer_available_share = 7\n')
    with pytest.raises(ScenarioError) as exc:
        simulate.load_scenario(f)
    text = str(exc.value)
    assert "population.sources.sise: names a value this file does not set" in text
    assert "did you mean 'size'?" in text
    assert "population.sources.low_income_share: expected the source as text" in text
    assert "population.carer_available_share: 7 is outside the valid range" in text, \
        "the values are checked in the same pass"


def test_sources_and_origins_survive_metadata_but_do_not_change_the_hash():
    sc = simulate.load_scenario("pilot_cliff")
    again = from_dict(to_dict(sc))
    assert again.sources == sc.sources and again.origins == sc.origins
    assert scenario_hash(sc) == scenario_hash(simulate.scenario.loader.dataclasses.replace(
        sc, sources={}, origins={})), "where a value comes from is not what is simulated"


def test_the_type_catalogue_gives_sources_without_mixing_them_into_the_defaults():
    catalogue = initiative_types()
    assert all("sources" not in spec for spec in catalogue.values())
    assert "Fokkema 2007" in type_sources()["dorpsondersteuner"][
        "effects.loneliness_recovery_multiplier"]


def test_show_lists_values_with_their_origin_and_source():
    result = CliRunner().invoke(cli, ["show", "populatiebekostiging", "payers.wmo",
                                      "--set", "payers.wmo.horizon_years=2"])
    assert result.exit_code == 0, result.output
    lines = {line.split()[0]: line for line in result.output.splitlines()
             if line.startswith("payers.wmo.")}
    assert "pilot_cliff.toml" in lines["payers.wmo.rule"]
    assert "own_benefit" in lines["payers.wmo.rule"]
    assert "--set" in lines["payers.wmo.horizon_years"]
    assert "schema default" in lines["payers.wmo.continue_ratio"]
    assert "populatiebekostiging.toml <- pilot_cliff.toml <- dorpsondersteuner.toml <- " \
           "village.toml" in result.output
    assert not [k for k in lines if not k.startswith("payers.wmo")], "KEYS filter the list"


def test_show_refuses_a_bad_scenario_cleanly():
    result = CliRunner().invoke(cli, ["show", "villag"])
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_no_module_reads_scenario_text_with_regular_expressions():
    """Sources are data: nothing scrapes comments or values out of TOML text any more."""
    package = Path(simulate.__file__).parent
    for module in package.rglob("*.py"):
        text = module.read_text(encoding="utf-8")
        if "import re" in text.split():
            assert "read_text" not in text or ".toml" not in text, module
