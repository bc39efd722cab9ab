"""Bad input that used to get through: checked before any work, exit 2, key path and hint."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

import simulate
from simulate.cli.main import cli
from simulate.scenario import ScenarioError, load_scenario


@pytest.fixture
def no_model(monkeypatch):
    """Refused before the model: reaching it fails the test."""
    def refuse(*args, **kwargs):
        raise AssertionError("the model was run with bad input")
    monkeypatch.setattr(simulate.experiments.runner, "run", refuse)


def test_market_shares_over_one_are_refused_with_all_payers_named():
    with pytest.raises(ScenarioError) as exc:
        load_scenario("village", {"payers.menzis.market_share": 0.9})
    [p] = [p for p in exc.value.problems if "market shares" in p.message]
    assert p.path == "payers.menzis.market_share" and "sum to 1.3" in p.message
    assert "payers.vgz.market_share" in p.hint, "the hint names what to lower"
    assert load_scenario("village", {"payers.menzis.market_share": 0.5}), "below 1 is allowed"


def test_market_shares_and_other_problems_are_reported_together():
    with pytest.raises(ScenarioError) as exc:
        load_scenario("village", {"payers.menzis.market_share": 0.9, "horizon_years": -1})
    paths = {p.path for p in exc.value.problems}
    assert {"payers.menzis.market_share", "horizon_years"} <= paths, paths


def test_price_year_outside_the_index_is_refused_before_any_work(tmp_path, no_model):
    out = tmp_path / "run"
    r = CliRunner().invoke(cli, ["run", "--set", "price_year=1950", "--set",
                                 "population.size=100", "--price-year", "2024", "--reps", "2",
                                 "--out", str(out)])
    assert r.exit_code == 2, r.output
    assert "price_year 1950" in r.output and "no price index for 1950" in r.output
    assert list(tmp_path.iterdir()) == [], "no run folder and no .checkpoint-* left behind"


def test_zero_residents_stay_allowed():
    assert load_scenario("village", {"population.size": 0}).population.size == 0


def test_a_dotted_key_gets_a_hint_to_quote_it():
    with pytest.raises(ScenarioError) as exc:
        load_scenario("village", {"care.bed_changes.2.5": 0})
    assert """--set 'care.bed_changes."2.5"=0'""" in str(exc.value)
    assert load_scenario("village", {'care.bed_changes."2.5"': 0}).care.bed_changes["2.5"] == 0


def test_range_errors_separate_the_unit():
    with pytest.raises(ScenarioError) as exc:
        load_scenario("village", {"health.progression_annual.frail": 2})
    assert "[0, 1] (probability per year" in str(exc.value)


def test_wrong_pocket_sheet_has_no_negative_zero(small_results):
    import numpy as np

    from simulate.report.export import workbook_sheets
    wp = workbook_sheets(small_results)["wrong_pocket"]
    values = wp.select_dtypes("number").to_numpy().ravel()
    assert not np.signbit(values[values == 0]).any(), "no -0.0 cells"
