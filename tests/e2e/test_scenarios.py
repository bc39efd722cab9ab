"""Every ready scenario is valid, says what question it answers, and runs."""
from __future__ import annotations

from pathlib import Path

import pytest

import simulate
from simulate.scenario.loader import SCENARIO_DIR

FILES = sorted(SCENARIO_DIR.glob("*.toml"))
REQUIRED = {"village", "dorpsondersteuner", "pilot_cliff", "populatiebekostiging",
            "innovatiecontract", "pizza", "care_home_closes", "veenkolonien"}


def test_every_regime_and_initiative_type_runs_from_a_ready_scenario():
    from simulate.scenario.schema import INITIATIVE_TYPES, REGIMES
    scenarios = [simulate.load_scenario(f) for f in FILES]
    assert set(REGIMES) <= {sc.financing.regime for sc in scenarios}
    assert set(INITIATIVE_TYPES) <= {i.type for sc in scenarios for i in sc.initiatives.values()}


def test_the_ready_scenarios_exist():
    assert REQUIRED <= {f.stem for f in FILES}


@pytest.mark.parametrize("path", FILES, ids=[f.stem for f in FILES])
def test_scenario_has_a_question_and_runs(path: Path):
    assert "Question:" in path.read_text(encoding="utf-8")[:1500], "header states its question"
    sc = simulate.load_scenario(path, {"population.size": 300, "horizon_years": 6,
                                       "care.nursing_home_beds": 3})
    res = simulate.run(sc, reps=1, seed=1)
    assert set(res.costs.arm) == {"counterfactual", "scenario"}


def test_care_home_closure_cuts_beds_and_moves_clients_out():
    over = {"population.size": 1500, "horizon_years": 8, "initiatives.kleinschalig_wonen.enabled": False}
    closes = simulate.run(simulate.load_scenario("care_home_closes", over), reps=2, seed=2)
    s = closes.series[(closes.series.arm == "scenario")]
    beds = s[s.series == "beds"].groupby("month").value.first()
    assert beds.iloc[0] == 25 and beds.iloc[-1] == 0, "25 beds until year 5, then none"
    outside = s[s.series == "beds_outside"].groupby("month").value.mean()
    assert outside.iloc[72:].mean() > outside.iloc[:60].mean(), "more clients in beds elsewhere"
    wait = s[s.series == "waiting"].groupby("month").value.mean()
    assert wait.iloc[72:].mean() <= 1.0, "the zorgkantoor places them within the waiting norm"
    # with fixed capacity (no beds elsewhere) the closure makes residents wait at home
    fixed = simulate.run(simulate.load_scenario("care_home_closes",
                                                {**over, "care.capacity": "fixed"}), reps=2, seed=2)
    f = fixed.series[(fixed.series.arm == "scenario") & (fixed.series.series == "waiting")]
    fw = f.groupby("month").value.mean()
    assert fw.iloc[72:].mean() > fw.iloc[:60].mean(), "more residents wait after the closure"


def test_small_scale_housing_takes_residents_off_the_waiting_list():
    # fixed capacity: with beds elsewhere in the region nobody waits long for the house to help
    over = {"population.size": 1500, "horizon_years": 8, "care.capacity": "fixed"}
    with_housing = simulate.run(simulate.load_scenario("care_home_closes", over), reps=2, seed=2)
    without = simulate.run(simulate.load_scenario(
        "care_home_closes", {**over, "initiatives.kleinschalig_wonen.enabled": False}), reps=2, seed=2)
    def waiting(r):
        s = r.series[(r.series.arm == "scenario") & (r.series.series == "waiting")]
        return s[s.month >= 72].value.mean()
    assert waiting(with_housing) < waiting(without)
