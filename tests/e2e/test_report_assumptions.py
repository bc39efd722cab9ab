"""The report's assumptions include the initiative-type defaults with their sources, print
values readably, and the plain words describe a change in nursing-home beds."""
from __future__ import annotations

import pytest

import simulate
from simulate.report.assumptions import assumptions
from simulate.report.scenario_text import describe, fmt_value
from simulate.scenario.loader import to_dict


@pytest.fixture(scope="module")
def metadata():
    sc = simulate.load_scenario("village", {"population.size": 300, "horizon_years": 2,
                                            "initiatives.dorpsondersteuner.fte": 2})
    return simulate.run(sc, reps=1, seed=1).metadata


def test_initiative_type_defaults_are_listed_with_their_sources(metadata):
    rows = {a.key: a for a in assumptions(metadata)}
    eff = rows["initiatives.dorpsondersteuner.effects.progression_multiplier"]
    assert eff.value == "0.75" and "assumption" in eff.note
    assert eff.origin == "initiative_types.toml [dorpsondersteuner]", eff.origin
    cost = rows["initiatives.dorpsondersteuner.cost_per_fte_eur"]
    assert "cao Sociaal Werk" in cost.note, "the catalogue's source for the cost per FTE"
    assert "initiatives.meeting_place.detection_annual" in rows, "every initiative of the run"
    assert "initiatives.dorpsondersteuner.service_use_multiplier" not in rows
    fte = rows["initiatives.dorpsondersteuner.fte"]
    assert fte.changed and fte.value == "2 (file: 1)" and fte.origin == "--set", fte
    assert rows["population.size"].origin == "--set" and rows["population.size"].note == "", \
        "an override has no source of the file's: the file's source was for its own value"
    unit = rows["services.huisarts.unit_cost_eur"]
    assert unit.origin == "village.toml" and "Kostenhandleiding 2022" in unit.note
    assert "population.age_weights" not in rows, "schema defaults are left to simulate show"


def test_inherited_values_name_the_file_of_the_chain_they_come_from():
    sc = simulate.load_scenario("populatiebekostiging", {"population.size": 300,
                                                         "horizon_years": 2})
    rows = {a.key: a for a in assumptions({"scenario": to_dict(sc)})}
    rule = rows["payers.wmo.rule"]
    assert rule.value == "own_benefit" and rule.origin == "pilot_cliff.toml", rule
    funding = rows["initiatives.dorpsondersteuner.funding"]
    assert funding.origin == "populatiebekostiging.toml" and "[" not in funding.value, funding
    assert funding.value.startswith("payer funds, share 1"), funding.value
    assert rows["payers.wmo.koker"].origin == "village.toml"


def test_values_are_printed_for_people_not_as_python(metadata):
    rows = assumptions(metadata)
    funding = {a.key: a for a in rows}["initiatives.volunteer_transport.funding"]
    assert funding.value == ("payer wmo, share 0.5, start_year 0; payer residents, share 0.5, "
                             "start_year 0"), "the funding lines as resolved for the run"
    assert not funding.changed and funding.origin == "village.toml"
    assert not [a.value for a in rows if "{'" in a.value or "['" in a.value], \
        "no Python reprs in the assumptions table"
    assert fmt_value({"huisarts": 0.85}) == "huisarts 0.85"
    assert fmt_value(["frail", "homecare"]) == "frail, homecare"


def test_plain_words_describe_the_bed_closure():
    info = to_dict(simulate.load_scenario("care_home_closes"))
    en = " ".join(describe(info, 3, 1, "en"))
    assert "Nursing-home beds within reach of the village: 25 at the start; from year 5 " \
           "(2030) 0 (25 fewer)" in en, en
    nl = " ".join(describe(info, 3, 1, "nl"))
    assert "vanaf jaar 5 (2030) 0 (25 minder)" in nl
    village = " ".join(describe(to_dict(simulate.load_scenario("village")), 3, 1, "en"))
    assert "Nursing-home beds within reach" not in village, "no change, no sentence"
