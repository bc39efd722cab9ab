"""Every parameter of the scenario schema has a short name for people in English and Dutch
(issue 14, point 6), used by the tornado and Sobol charts and the report."""
from __future__ import annotations

import pandas as pd
import pytest

from simulate import charts
from simulate.text.parameters import LABELS, parameter_label, schema_paths


def test_every_schema_parameter_has_a_label_in_both_languages():
    paths = set(schema_paths())
    assert len(paths) > 100, "the walker reaches the nested tables (services.*, financing...)"
    assert paths == set(LABELS), "labels for exactly the schema's parameters, none stale"
    for path in paths:
        en, nl = LABELS[path]
        assert en.strip() and nl.strip(), path
        assert len(en) <= 60 and len(nl) <= 60, f"{path}: a label is short"


def test_names_chosen_by_the_scenario_fill_the_wildcards():
    assert parameter_label("initiatives.dorpsondersteuner.caseload_per_fte", "en") == \
        "dorpsondersteuner: participants per FTE"
    assert parameter_label("initiatives.dorpsondersteuner.caseload_per_fte", "nl") == \
        "dorpsondersteuner: deelnemers per fte"
    # English keys of initiatives read in Dutch words in Dutch
    assert parameter_label("initiatives.meeting_place.fte", "nl").startswith("ontmoetingsplek:")
    en = parameter_label("services.wlz_thuis.unit_cost_eur", "en")
    assert en.startswith("wlz thuis") and en.endswith("unit cost")
    assert parameter_label("services.wlz_thuis.unit_cost_eur", "nl") == \
        "wlz thuis: kostprijs per eenheid"


def test_keys_of_table_valued_parameters_are_named():
    assert parameter_label("health.progression_annual.frail", "nl") == \
        "achteruitgang naar volgende zorgfase per jaar, kwetsbaar (Wmo)"
    assert parameter_label(
        "initiatives.dorpsondersteuner.effects.service_use_multiplier.huisarts", "en") == \
        "dorpsondersteuner: effect on use of huisarts (GP)"
    assert parameter_label("care.bed_changes.2028", "en") == "nursing-home beds from year 2028"


def test_unknown_path_is_shown_as_written_and_unknown_language_refused():
    assert parameter_label("no.such.key", "en") == "no.such.key"
    with pytest.raises(ValueError, match="lang"):
        parameter_label("population.size", "de")


def _tornado() -> pd.DataFrame:
    return pd.DataFrame({
        "parameter": ["initiatives.dorpsondersteuner.caseload_per_fte", "some.custom.thing"],
        "label": ["caseload_per_fte", "my own label"],
        "payer": "wmo", "low_value": [-50_000.0, -10_000.0], "high_value": [40_000.0, 5_000.0],
        "base": -5_000.0, "low_input": [20.0, 1.0], "high_input": [60.0, 2.0]})


@pytest.mark.parametrize("lang,word", [("en", "participants per FTE"),
                                       ("nl", "deelnemers per fte")])
def test_tornado_rows_and_title_use_the_label(lang, word):
    fig = charts.tornado(_tornado(), payer="wmo", lang=lang)
    ax = fig.axes[0]
    rows = [t.get_text() for t in ax.get_yticklabels()]
    assert any(word in r for r in rows)
    assert "my own label (1 – 2)" in rows, "a path the schema does not know keeps its label"
    assert not any("caseload_per_fte" in r for r in rows)
    assert word in fig._suptitle.get_text() or word in ax.get_title() or any(
        word in t.get_text() for t in fig.texts)
