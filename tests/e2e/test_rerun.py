"""Reproducibility: the metadata holds what is needed to repeat a run, and ``rerun``
repeats it into a new folder and compares every table."""
from __future__ import annotations

import json

import pandas as pd
import pytest
from click.testing import CliRunner

import simulate
from simulate.cli.main import cli
from simulate.results.store import OutputError
from simulate.results.tables import OPTIONAL_TABLES, TABLES

SMALL = ["--set", "population.size=300", "--set", "horizon_years=2",
         "--set", "care.nursing_home_beds=3"]


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("rerun") / "original"
    result = CliRunner().invoke(cli, ["run", *SMALL, "--reps", "2", "--seed", "4", "--quiet",
                                      "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_metadata_holds_everything_to_repeat_the_run(run_dir):
    meta = json.loads((run_dir / "metadata.json").read_text())
    for key in ("scenario", "scenario_hash", "seed", "replications", "jobs", "scenario_file",
                "overrides", "environment", "command", "created"):
        assert key in meta, f"metadata.json lacks {key}"
    assert meta["overrides"] == {"population.size": 300, "horizon_years": 2,
                                 "care.nursing_home_beds": 3}
    assert meta["scenario_file"].endswith("scenarios/village.toml")
    assert (meta["seed"], meta["replications"]) == (4, 2) and meta["jobs"] >= 1
    assert {"simulate", "python", "numpy", "scipy", "simpy", "pandas"} <= set(meta["environment"])


def test_rerun_is_identical_and_writes_a_new_folder(run_dir):
    before = {p.name: p.read_bytes() for p in run_dir.iterdir()}
    report = simulate.rerun(run_dir)
    assert report.identical, str(report)
    assert set(report.tables) == set(TABLES) - set(OPTIONAL_TABLES) | {"parameters"}, \
        "every table compared, with the parameter sets the village's replications drew"
    assert report.repeat == run_dir.with_name("original-rerun") and report.repeat.exists()
    assert {p.name: p.read_bytes() for p in run_dir.iterdir()} == before, "original untouched"
    meta = json.loads((report.repeat / "metadata.json").read_text())
    assert meta["rerun_of"] == str(run_dir) and meta["overrides"]["population.size"] == 300


def test_cli_rerun_reports_a_changed_table_with_exit_1(run_dir, tmp_path):
    tampered = tmp_path / "tampered"
    tampered.mkdir()
    for p in run_dir.iterdir():
        (tampered / p.name).write_bytes(p.read_bytes())
    costs = pd.read_csv(tampered / "costs.csv")
    costs.loc[3, "eur"] += 1.0
    costs.to_csv(tampered / "costs.csv", index=False)
    result = CliRunner().invoke(cli, ["rerun", str(tampered)])
    assert result.exit_code == 1, result.output
    assert "DIFFERENT" in result.stdout and f"costs: 1 of {len(costs)} rows differ" in result.stdout
    assert "row 3:" in result.stdout, "the first differing row is shown"
    assert "same: population" in result.stdout


def test_cli_rerun_identical_exits_0(run_dir, tmp_path):
    result = CliRunner().invoke(cli, ["rerun", str(run_dir), "--out", str(tmp_path / "again")])
    assert result.exit_code == 0, result.output
    assert "identical: every table" in result.stdout


@pytest.mark.parametrize("metadata, words", [
    (None, "is not a run folder (no metadata.json)"),
    ("{not json", "cannot be read"),
    ("[1, 2]", "does not hold a run's metadata"),
    ('{"scenario": {}, "replications": 1}', "'seed' is missing"),
    ('{"scenario": {"horizon_years": -1}, "seed": 1, "replications": 1}',
     "metadata.json: horizon_years: -1 is outside the valid range"),
])
def test_cli_rerun_of_a_folder_that_is_no_run_exits_2(tmp_path, metadata, words):
    folder = tmp_path / "run"
    folder.mkdir()
    if metadata is not None:
        (folder / "metadata.json").write_text(metadata)
    result = CliRunner().invoke(cli, ["rerun", str(folder)])
    assert result.exit_code == 2, result.output
    assert words in result.stderr and "Traceback" not in result.output


def test_rerun_refuses_an_existing_out(run_dir):
    with pytest.raises(OutputError, match="already exists"):
        simulate.rerun(run_dir, out=run_dir)


def test_compare_tables_finds_nan_and_text_differences():
    from simulate.experiments.reproduce import compare_tables
    a = pd.DataFrame({"x": [1.0, float("nan")], "y": ["a", "b"]})
    assert compare_tables(a, a.copy()) == "", "NaN equals NaN"
    b = a.copy()
    b.loc[1, "y"] = "c"
    assert compare_tables(a, b).startswith("1 of 2 rows differ; row 1")
    assert "rows vs" in compare_tables(a, a.iloc[:1])
