"""The report says when a payer's savings on the care an initiative changes are offset by care
by age in the years residents live longer (costs in life-years gained)."""
from __future__ import annotations

import pandas as pd

from simulate.report.findings import age_only_services, life_years_sentences
from simulate.results.tables import Results

SCENARIO = {"initiatives": {"dorpsondersteuner": {}},
            "services": {"wijkverpleging": {"payer": "zvw", "unit": "hour", "unit_cost_eur": 66.29,
                                            "use_per_month": {"homecare": 11}},
                         "overige_zvw": {"payer": "zvw", "unit": "EUR", "unit_cost_eur": 1.0,
                                         "per_resident_by_age": {"80-84": 600.0}},
                         "verpleeghuis": {"payer": "wlz", "unit": "day", "unit_cost_eur": 290.0,
                                          "use_per_month": {"nursing_home": 30.44}}}}


def _results(rows: list[tuple]) -> Results:
    costs = pd.DataFrame(rows, columns=["arm", "replication", "year", "payer", "service", "eur"])
    return Results(tables={"costs": costs}, metadata={"scenario": SCENARIO, "replications": 2})


def _run(zvw_state: float, zvw_age: float) -> Results:
    """Two replications; the scenario changes Zvw care by state and by age by the amounts given."""
    rows = []
    for rep in (0, 1):
        rows += [("counterfactual", rep, 2025, "zvw", "wijkverpleging", 1000.0),
                 ("scenario", rep, 2025, "zvw", "wijkverpleging", 1000.0 + zvw_state),
                 ("counterfactual", rep, 2025, "zvw", "overige_zvw", 5000.0),
                 ("scenario", rep, 2025, "zvw", "overige_zvw", 5000.0 + zvw_age),
                 ("scenario", rep, 2025, "wmo", "dorpsondersteuner", 300.0)]
    return _results(rows)


def test_only_services_by_age_alone_count_as_care_by_age():
    assert age_only_services(_run(0, 0)) == ["overige_zvw"]


def test_costs_in_life_years_gained_are_said_with_both_amounts():
    said = life_years_sentences(_run(-400.0, 250.0), "1", "en")
    assert len(said) == 1 and said[0].startswith("The Zvw saves €400"), said
    assert "€250 more for care that depends on age only" in said[0]
    nl = life_years_sentences(_run(-400.0, 250.0), "1", "nl")[0]
    assert "kosten in gewonnen levensjaren" in nl


def test_nothing_is_said_when_care_by_age_does_not_rise_or_is_small():
    assert life_years_sentences(_run(-400.0, -50.0), "1", "en") == [], "care by age fell"
    assert life_years_sentences(_run(-400.0, 20.0), "1", "en") == [], "under 10% of the saving"
