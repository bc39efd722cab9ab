"""Calibration: reproducible, improves the fit, recovers a known parameter, never overwrites."""
from __future__ import annotations

import dataclasses

import numpy as np
import pytest

import simulate
from simulate.calibration import load_targets
from simulate.calibration.fit import Evaluator, Settings, calibrate
from simulate.calibration.output import write_calibrated
from simulate.calibration.runs import with_values
from simulate.results.store import OutputError

TINY = {"population.size": 500, "care.nursing_home_beds": 5}
RUN = {"reps": 2, "seed": 5, "burn_in_years": 2, "window_years": 2}
KEY = "health.progression_annual.frail"
CARE_TARGETS = ("hbh_75_84", "hbh_85p", "wv_65p", "any_75_84", "any_85p", "frail_home_65p")


@pytest.fixture(scope="module")
def tiny():
    return simulate.load_scenario("village", TINY)


@pytest.fixture(scope="module")
def short_fit(tiny):
    return calibrate(tiny, "targets", [KEY, "health.recovery_annual.*"], maxiter=6, **RUN)


def test_same_inputs_same_fit(tiny, short_fit):
    again = calibrate(tiny, "targets", [KEY, "health.recovery_annual.*"], maxiter=6, **RUN)
    assert again.values == short_fit.values, "common random numbers: a deterministic fit"
    assert again.fit.equals(short_fit.fit)


def test_fit_is_no_worse_and_reports_non_convergence(short_fit):
    assert short_fit.objective <= short_fit.objective_start
    assert not short_fit.converged, "6 evaluations cannot converge"
    assert "Maximum number of function evaluations" in short_fit.message
    assert short_fit.evaluations <= 6 + 1
    assert set(short_fit.fit.id) == {t.id for t in load_targets("targets")}


def test_table_scale_keeps_ratios(short_fit, tiny):
    m = tiny.health.recovery_annual
    fitted = {k.split(".")[-1]: v for k, v in short_fit.values.items() if "recovery" in k}
    ratios = {k: fitted[k] / m[k] for k in m}
    assert max(ratios.values()) == pytest.approx(min(ratios.values()), rel=1e-3), \
        "KEY.* scales every state by one factor"


def test_fit_recovers_a_known_parameter():
    # a village large enough that the objective has no wide flat steps near the truth
    sc = simulate.load_scenario("village", {"population.size": 4000,
                                            "care.nursing_home_beds": 40})
    run = {**RUN, "burn_in_years": 3}
    start = sc.health.progression_annual["frail"]
    truth = round(start * 1.6, 4)
    care = [t for t in load_targets("targets") if t.id in CARE_TARGETS]
    made_up = Evaluator(with_values(sc, {KEY: truth}), care, Settings(**run)).table({})
    synthetic = [dataclasses.replace(t, value=float(made_up.set_index("id").loc[t.id, "model"]))
                 for t in care]
    res = calibrate(sc, synthetic, [KEY], maxiter=40, **run)
    assert res.values[KEY] == pytest.approx(truth, rel=0.1), \
        f"the fit finds the value that made the data ({truth}), starting from {start}"
    assert res.objective < 0.1 * res.objective_start


def test_calibrated_file_extends_the_original_and_is_never_overwritten(tmp_path, short_fit):
    source = simulate.scenario.find_scenario("village")
    out = write_calibrated(short_fit, source, tmp_path / "fit.toml", overrides=TINY)
    text = out.read_text()
    assert 'extends = "' in text and "village.toml" in text
    assert "converged: NO" in text, "the header says it did not converge"
    loaded = simulate.load_scenario(out)
    assert loaded.health.progression_annual["frail"] == short_fit.values[KEY]
    assert loaded.population.size == 500, "the --set values the fit ran with are kept"
    assert loaded.loneliness == short_fit.scenario.loneliness, "the rest comes from the base"
    before = out.read_text()
    with pytest.raises(OutputError, match="already exists"):
        write_calibrated(short_fit, source, out)
    assert out.read_text() == before


def test_bad_parameters_are_reported_at_once(tiny):
    with pytest.raises(simulate.ScenarioError) as exc:
        calibrate(tiny, "targets", ["health.progresion_annual.frail", "name"], maxiter=1, **RUN)
    text = str(exc.value)
    assert "did you mean 'progression_annual'?" in text, text
    assert "name: must be a number above 0" in text, text


def test_tied_parameters_take_one_value(tiny):
    """``a.b.x+y``: one free value given to two entries (Wlz at home and in a bed die alike)."""
    from simulate.calibration.fit import Parameters, check_parameters, tied
    key = "demography.mortality_multiplier.wlz_home+nursing_home"
    assert tied(key) == ["demography.mortality_multiplier.wlz_home",
                         "demography.mortality_multiplier.nursing_home"]
    assert not check_parameters(tiny, [key])
    assert check_parameters(tiny, ["demography.mortality_multiplier.wlz_home+bed"])
    par = Parameters(tiny, [key])
    half = float(f"{tiny.demography.mortality_multiplier['nursing_home'] / 2:.4g}")
    values = par.values(np.log(par.start * 0.5))
    assert values == {"demography.mortality_multiplier.wlz_home": half,
                      "demography.mortality_multiplier.nursing_home": half}


def test_processes_do_not_change_the_fit(tiny, short_fit):
    parallel = calibrate(tiny, "targets", [KEY, "health.recovery_annual.*"], maxiter=6, jobs=2,
                         **RUN)
    assert parallel.values == short_fit.values, "same numbers whatever the number of processes"


def test_an_evaluations_replications_in_one_batch_are_each_their_own_run(tiny):
    """Issue 15: run_arms advances an evaluation's replications as one batch (or one batch
    per process); each replication's arrays are exactly those of its run alone."""
    from concurrent.futures import ProcessPoolExecutor

    from simulate.calibration.runs import run_arms
    from simulate.model.arm import simulate_arm
    sc = with_values(tiny, {"horizon_years": 3, "uncertainty.parameters": False})
    alone = [simulate_arm(sc, 5, r) for r in range(3)]
    with ProcessPoolExecutor(2) as pool:
        for arms in (run_arms(sc, 5, 3), run_arms(sc, 5, 3, pool, jobs=2)):
            assert len(arms) == 3
            for a, b in zip(arms, alone):
                for name in ("eur", "events", "census"):
                    assert np.array_equal(getattr(a, name), getattr(b, name)), name
    assert not np.array_equal(alone[0].eur, alone[1].eur)
