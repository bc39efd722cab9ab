"""The calibrate and validate-model commands: files, tables, clear errors, exit status 2."""
from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd

SMALL = ["--set", "population.size=400", "--set", "care.nursing_home_beds=4"]


def cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "simulate", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=300)


def test_calibrate_writes_a_new_scenario_and_refuses_to_overwrite(tmp_path):
    out = tmp_path / "fit.toml"
    args = ["calibrate", *SMALL, "--param", "health.progression_annual.frail", "--reps", "1",
            "--burn-in", "1", "--window", "1", "--maxiter", "3", "--out", str(out)]
    r = cli(*args)
    assert r.returncode == 0, r.stderr
    assert "DID NOT CONVERGE" in r.stdout, "3 evaluations cannot converge; the command says so"
    assert "hbh_75_84" in r.stdout, "the fit per target is printed"
    ok = cli("validate", str(out))
    assert ok.returncode == 0, ok.stderr
    before = out.read_text()
    again = cli(*args)
    assert again.returncode == 2 and "already exists" in again.stderr
    assert "Traceback" not in again.stderr and out.read_text() == before


def test_calibrate_bad_input_is_exit_2(tmp_path):
    bad = tmp_path / "t.csv"
    bad.write_text("id,metric\nx,incidence\n")
    r = cli("calibrate", "--targets", str(bad), "--out", str(tmp_path / "o.toml"))
    assert r.returncode == 2 and "missing columns" in r.stderr and "Traceback" not in r.stderr
    r = cli("calibrate", *SMALL, "--param", "health.no_such_key", "--maxiter", "2",
            "--out", str(tmp_path / "o.toml"))
    assert r.returncode == 2 and "health.no_such_key" in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "o.toml").exists()


def test_validate_model_prints_table_and_recomputes_from_run_folder(tmp_path):
    out = tmp_path / "run"
    r = cli("validate-model", *SMALL, "--set", "horizon_years=2", "--reps", "2", "--years", "2",
            "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert "within tolerance" in r.stdout and "deaths_80p" in r.stdout
    saved = pd.read_csv(out / "validation.csv")
    assert {"id", "model", "ci_low", "ci_high", "target", "within", "source"} <= set(saved.columns)
    again = cli("validate-model", "--run", str(out), "--years", "2")
    assert again.returncode == 0, again.stderr
    table = lambda text: [l for l in text.splitlines() if l.startswith("deaths_")]  # noqa: E731
    assert table(again.stdout) == table(r.stdout), "the run folder's tables give the same numbers"


def test_run_at_another_price_level(tmp_path):
    out = tmp_path / "run"
    r = cli("run", *SMALL, "--set", "horizon_years=1", "--reps", "1", "--price-year", "2024",
            "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert "price level 2024" in r.stdout
    meta = json.loads((out / "metadata.json").read_text())
    assert meta["price_year"] == 2024 and meta["model_price_year"] == 2022
    bad = cli("run", *SMALL, "--reps", "1", "--price-year", "1990", "--out", str(tmp_path / "b"))
    assert bad.returncode == 2 and "no price index for 1990" in bad.stderr
    assert "Traceback" not in bad.stderr and not (tmp_path / "b").exists()


def test_validate_model_projection_runs_20_years_and_recomputes_from_a_run(tmp_path):
    r = cli("validate-model", "--projection", "--set", "population.size=300", "--reps", "2",
            "--jobs", "1", "--out", str(tmp_path / "run"))
    assert r.returncode == 0, r.stderr
    assert "le65_2030" in r.stdout and "of 16 within tolerance" in r.stdout
    assert "measured on a run of the national variant" in r.stdout
    again = cli("validate-model", "--projection", "--run", str(tmp_path / "run"))
    assert again.returncode == 0, again.stderr
    rows = lambda out: [l for l in out.splitlines()  # noqa: E731
                        if l.startswith(("ratio_80_2045", "total_spend_growth"))]
    assert len(rows(r.stdout)) == 3
    assert rows(again.stdout) == rows(r.stdout), (
        "the run folder gives the same checks, the national variant's too (same seed and reps)")
