"""The command line: a run folder with tidy tables, clear errors, no tracebacks."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

FIXTURES = Path(__file__).parents[1] / "fixtures" / "invalid"
SMALL = ["--set", "population.size=400", "--set", "horizon_years=3",
         "--set", "care.nursing_home_beds=4"]


def cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "simulate", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=300)


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("runs") / "small"
    r = cli("run", *SMALL, "--reps", "2", "--seed", "3", "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert "Wmo" in r.stdout and "95% interval" in r.stdout and str(out) in r.stdout
    return out


def test_run_writes_tidy_tables(run_dir):
    cols = {
        "costs": ["arm", "replication", "year", "payer", "service", "eur"],
        "population": ["arm", "replication", "year", "age_band", "sex", "state", "residents"],
        "events": ["arm", "replication", "year", "age_band", "sex", "state", "event", "count"],
    }
    for name, expected in cols.items():
        df = pd.read_csv(run_dir / f"{name}.csv")
        assert list(df.columns) == expected, name
        assert set(df.arm) == {"counterfactual", "scenario"}
    states = set(pd.read_csv(run_dir / "population.csv").state)
    assert states <= {"vital", "prefrail", "frail", "homecare", "wlz_home", "nursing_home"}
    events = set(pd.read_csv(run_dir / "events.csv").event)
    assert {"death", "birth", "move_in", "move_out", "fall", "ed_visit"} <= events
    summary = pd.read_csv(run_dir / "summary.csv")
    assert {"payer", "difference_eur", "ci_low_eur", "ci_high_eur"} <= set(summary.columns)


def test_metadata_has_what_is_needed_to_repeat(run_dir):
    meta = json.loads((run_dir / "metadata.json").read_text())
    for key in ("scenario", "scenario_hash", "seed", "replications", "wall_seconds"):
        assert key in meta, key
    assert meta["seed"] == 3 and meta["replications"] == 2
    assert meta["scenario"]["population"]["size"] == 400
    assert {"simulate", "numpy", "simpy", "scipy"} <= set(meta["environment"])


def test_existing_out_is_refused(run_dir):
    before = sorted(p.name for p in run_dir.iterdir())
    r = cli("run", *SMALL, "--reps", "1", "--out", str(run_dir))
    assert r.returncode == 2 and "already exists" in r.stderr
    assert "Traceback" not in r.stderr
    assert sorted(p.name for p in run_dir.iterdir()) == before, "earlier run untouched"


def test_validate_exit_codes():
    ok = cli("validate", "scenarios/village.toml", cwd=Path(__file__).parents[2])
    assert ok.returncode == 0, ok.stderr
    bad = cli("validate", str(FIXTURES / "many_errors.toml"))
    assert bad.returncode == 2
    assert "did you mean 'population'?" in bad.stderr and "Traceback" not in bad.stderr


def test_bad_set_gives_clear_error():
    r = cli("run", "--set", "population.sise=3", "--reps", "1")
    assert r.returncode == 2 and "did you mean 'size'?" in r.stderr
    assert "Traceback" not in r.stderr


def test_default_run_folder_under_results(tmp_path):
    r = cli("run", *SMALL, "--reps", "1", "--quiet", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    runs = list((tmp_path / "results").iterdir())
    assert len(runs) == 1 and runs[0].name.endswith("-village")
    assert (runs[0] / "metadata.json").exists()


def test_lang_nl_makes_the_terminal_dutch(tmp_path):
    """--lang nl without --report: headers, payer names, status quo, Dutch separators and the
    sign convention in Dutch (issue 14, point 5)."""
    r = cli("run", *SMALL, "--reps", "2", "--seed", "3", "--lang", "nl", "--out",
            str(tmp_path / "nl"))
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert "Decisions" not in out, "the decisions block is Dutch too"
    assert "betaler" in out and "status quo" in out and "saldo" in out and "totaal" in out
    assert "bewoners" in out and "residents" not in out and "counterfactual" not in out
    assert "Tekens: + de betaler wint" in out and f"runmap: {tmp_path / 'nl'}" in out
    assert "replicaties" in out and "replications" not in out


def test_batch_changes_the_speed_not_the_numbers(run_dir, tmp_path):
    """--batch N (issue 15): replications advanced one at a time give the tables the default
    batch gave; N < 1 is a clear error (exit 2), never a traceback."""
    out = tmp_path / "one_at_a_time"
    r = cli("run", *SMALL, "--reps", "2", "--seed", "3", "--batch", "1", "--jobs", "1",
            "--quiet", "--out", str(out))
    assert r.returncode == 0, r.stderr
    for name in ("costs", "population", "events"):
        pd.testing.assert_frame_equal(pd.read_csv(out / f"{name}.csv"),
                                      pd.read_csv(run_dir / f"{name}.csv"))
    bad = cli("run", *SMALL, "--reps", "1", "--batch", "0", "--out", str(tmp_path / "bad"))
    assert bad.returncode == 2 and "--batch" in bad.stderr and ">=1" in bad.stderr
    assert "Traceback" not in bad.stderr and not (tmp_path / "bad").exists()
    assert "--batch N" in cli("run", "--help").stdout
