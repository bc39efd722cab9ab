"""`simulate compare` and `simulate attribute`: readable tables, unique scenario names, and a
compare folder refused with exit 2 (not a traceback) where a run folder is needed."""
from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner

from simulate.cli.main import cli

TINY = ["--set", "population.size=200", "--set", "horizon_years=2",
        "--set", "care.nursing_home_beds=2", "--reps", "2", "--jobs", "1"]


@pytest.fixture(scope="module")
def compared(tmp_path_factory):
    out = tmp_path_factory.mktemp("cmp") / "cmp"
    r = CliRunner().invoke(cli, ["compare", "village", "village", *TINY, "--out", str(out)])
    assert r.exit_code == 0, r.output
    return out, r.output


def test_same_scenario_twice_gets_unique_names(compared):
    out, text = compared
    assert "village (2)" in text, "a repeated name is numbered"
    tidy = pd.read_csv(out / "comparison.csv")
    assert set(tidy.scenario) == {"village", "village (2)"}
    assert "NaN" not in text and "2 replications, seed" in text and "2 years from" in text


def test_compare_rows_follow_the_payer_order_of_run(compared):
    _, text = compared
    lines = text.split("-: no such payer):")[1].strip().split("\n\n")[0].splitlines()
    payers = [line.split()[0] for line in lines[2:]]
    assert payers == ["Wmo", "Zvw", "Wlz", "Wpg", "residents"], payers


@pytest.mark.parametrize("command", [["report"], ["export", "--xlsx"],
                                     ["validate-model", "--run"]])
def test_a_compare_folder_is_not_a_run_folder(compared, command):
    out, _ = compared
    r = CliRunner().invoke(cli, [*command, str(out)])
    assert r.exit_code == 2, r.output
    assert "not a `simulate run` folder" in r.output and "simulate compare" in r.output
    assert not isinstance(r.exception, (AttributeError, KeyError))


def test_report_compare_with_a_compare_folder_exits_2(compared, tmp_path):
    out, _ = compared
    run = tmp_path / "run"
    ok = CliRunner().invoke(cli, ["run", *TINY, "--quiet", "--out", str(run)])
    assert ok.exit_code == 0, ok.output
    r = CliRunner().invoke(cli, ["report", str(run), "--compare", str(out)])
    assert r.exit_code == 2 and "not a `simulate run` folder" in r.output
    assert not (run / "report.html").exists(), "nothing written"


def test_attribute_prints_eur_with_a_sign_note():
    r = CliRunner().invoke(cli, ["attribute", "dorpsondersteuner", *TINY])
    assert r.exit_code == 0, r.output
    assert "EUR " in r.output and "positive: the initiative saves" in r.output
    assert ".0 " not in r.output and not any(c.endswith(".0") for c in r.output.split())


def test_jobs_default_to_every_cpu_in_every_command():
    for name in ("compare", "attribute", "validate-model", "calibrate", "run", "sweep"):
        jobs = next(p for p in cli.commands[name].params if p.name == "jobs")
        assert callable(jobs.default), f"{name}: --jobs defaults to the CPUs, like run"
    sets = next(p for p in cli.commands["attribute"].params if p.name == "sets")
    assert sets.help, "attribute --set has help text"


def test_scenarios_at_different_price_years_are_compared_at_the_first_level():
    import simulate
    from simulate.experiments.compare import compare_scenarios
    from simulate.results.prices import PriceYearError, price_factor
    base = {"population.size": 200, "horizon_years": 2, "care.nursing_home_beds": 2}
    a = simulate.load_scenario("dorpsondersteuner", base)
    b = simulate.load_scenario("dorpsondersteuner", {**base, "price_year": 2024})
    wide, _ = compare_scenarios([a, b], reps=2, seed=3, jobs=1)
    tidy = wide.attrs["tidy"].set_index(["scenario", "payer"]).net_eur
    wmo_a, wmo_b = tidy[("dorpsondersteuner", "wmo")], tidy[("dorpsondersteuner (2)", "wmo")]
    assert wmo_a != 0
    assert wmo_b == pytest.approx(wmo_a / price_factor(2022, 2024), rel=1e-9), \
        "the same euros stated at 2024 prices are worth less at 2022 prices"
    old = simulate.load_scenario("dorpsondersteuner", {**base, "price_year": 1950})
    with pytest.raises(PriceYearError, match="1950"):
        compare_scenarios([a, old], reps=2, seed=3, jobs=1)
