"""Target values from a run's tables, checked on tables small enough to compute by hand."""
from __future__ import annotations

import pandas as pd
import pytest

from simulate.calibration import compare
from simulate.calibration.metrics import model_values, window
from simulate.calibration.targets import Target
from simulate.results.prices import price_factor


def target(id, metric, what, ages="all", value=1.0, scale=1.0, price_year=None, tol=0.1):
    return Target(id=id, metric=metric, what=what, ages=ages, value=value, scale=scale,
                  unit="u", year="2020", price_year=price_year, population="p", source="s",
                  tag="E", tolerance=tol, weight=1.0)


@pytest.fixture
def tables():
    """One replication, one year: 80 residents aged 85-89 (50 vital, 20 homecare, 10 in a
    nursing home) and 20 aged 65-69 (all vital); 4 deaths at 85-89 (1 at home, 3 in the home),
    2 Wlz indications; EUR 1,000 of huishoudelijke hulp (wmo 800, residents 200)."""
    pop = pd.DataFrame({"replication": 0, "year": 2025, "sex": "female",
                        "age_band": ["85-89"] * 3 + ["65-69"],
                        "state": ["vital", "homecare", "nursing_home", "vital"],
                        "residents": [50, 20, 10, 20]})
    ev = pd.DataFrame({"replication": 0, "year": 2025, "sex": "female", "age_band": "85-89",
                       "state": ["vital", "nursing_home", "homecare"],
                       "event": ["death", "death", "wlz_indication"], "count": [1, 3, 2]})
    costs = pd.DataFrame({"replication": 0, "year": 2025, "payer": ["wmo", "residents"],
                          "service": "huishoudelijke_hulp", "eur": [800.0, 200.0]})
    return {"population": pop, "events": ev, "costs": costs}


def test_each_metric_by_hand(tables):
    ts = [target("prev", "prevalence", "homecare+nursing_home|all", "85+"),
          target("home", "prevalence", "homecare|home", "85+"),
          target("dr", "event_rate", "death|all", "85-89", scale=1000),
          target("flow", "event_rate", "wlz_indication|homecare", "all"),
          target("place", "death_place", "nursing_home", "all"),
          target("wmo", "spend", "gross:wmo"),
          target("svc", "spend", "services:huishoudelijke_hulp")]
    got = model_values(tables, ts, [2025], arm=None).set_index("id")["model"]
    assert got["prev"] == pytest.approx(30 / 80), "homecare + nursing home among 85+"
    assert got["home"] == pytest.approx(20 / 70), "homecare among those living at home"
    assert got["dr"] == pytest.approx(1000 * 4 / 80), "deaths per 1000 residents 85-89"
    assert got["flow"] == pytest.approx(2 / 20), "indications per homecare resident"
    assert got["place"] == pytest.approx(3 / 4), "share of deaths in the nursing home"
    assert got["wmo"] == pytest.approx(1000 / 100), "gross cost of wmo services per resident"
    assert got["svc"] == pytest.approx(10.0)


def test_share_of_events_by_age(tables):
    """Issue 17: the age profile of a flow, e.g. Wlz entries at 85+ among those at 75+."""
    ev = tables["events"]
    extra = pd.DataFrame({"replication": 0, "year": 2025, "sex": "male", "age_band": "75-79",
                          "state": "homecare", "event": "wlz_indication", "count": [6]})
    tables = {**tables, "events": pd.concat([ev, extra], ignore_index=True)}
    ts = [target("old", "event_age_share", "wlz_indication|75+", "85+"),
          target("young", "event_age_share", "wlz_indication|all", "75-84"),
          target("none", "event_age_share", "wlz_indication|65-69", "65-69")]
    got = model_values(tables, ts, [2025], arm=None).set_index("id")["model"]
    assert got["old"] == pytest.approx(2 / 8) and got["young"] == pytest.approx(6 / 8)
    assert pd.isna(got["none"]), "no events in the denominator: no share"


def test_spend_is_compared_at_the_target_price_year(tables):
    t = target("wmo", "spend", "gross:wmo", price_year=2018)
    got = model_values(tables, [t], [2025], arm=None, price_year=2022)["model"].iloc[0]
    assert got == pytest.approx(10.0 / price_factor(2018, 2022)), "model EUR 2022 -> EUR 2018"


def test_compare_gives_error_and_verdict(tables):
    ts = [target("in", "prevalence", "homecare|all", "85+", value=0.26, tol=0.1),
          target("out", "prevalence", "homecare|all", "85+", value=0.5, tol=0.1)]
    table = compare(tables, ts, [2025], arm=None).set_index("id")
    assert table.loc["in", "model"] == pytest.approx(0.25)
    assert table.loc["in", "relative_error"] == pytest.approx(0.25 / 0.26 - 1)
    assert table.loc["in", "within"] and not table.loc["out", "within"]


def test_window_counts_years_from_the_start(tables):
    assert window(tables, 0, 5) == [2025], "only the years the run has"
