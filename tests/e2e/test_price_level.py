"""A run shown at another price level (``simulate run --price-year``) is at ONE price level:
every euro of every table converted, the level recorded once in the metadata and used by every
reader (labels, export, the reproduce recipe, rerun, comparisons)."""
from __future__ import annotations

import json

import pandas as pd
import pytest
from click.testing import CliRunner

from simulate.analysis.bands import price_year
from simulate.cli.main import cli
from simulate.report.export import workbook_sheets
from simulate.report.reproduce import recipe
from simulate.results.prices import at_price_level, price_factor, reprice
from simulate.results.store import load_results

SMALL = ["--set", "population.size=300", "--set", "horizon_years=2",
         "--set", "care.nursing_home_beds=3", "--reps", "3", "--seed", "7", "--jobs", "1",
         "--quiet"]


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """The same run at the model's price level (2022) and shown at 2024 prices."""
    root = tmp_path_factory.mktemp("prices")
    for name, extra in (("r22", []), ("r24", ["--price-year", "2024"])):
        r = CliRunner().invoke(cli, ["run", *SMALL, *extra, "--out", str(root / name)])
        assert r.exit_code == 0, r.output
    return root / "r22", root / "r24"


def test_every_euro_table_is_converted_and_bootstrap_columns_kept(runs):
    r22, r24 = runs
    f = price_factor(2022, 2024)
    s22, s24 = pd.read_csv(r22 / "summary.csv"), pd.read_csv(r24 / "summary.csv")
    assert list(s24.columns) == list(s22.columns), "the bootstrap columns are kept"
    assert {"boot_low_eur", "boot_high_eur"} <= set(s24.columns)
    for col in ("difference_eur", "ci_low_eur", "ci_high_eur", "boot_low_eur", "boot_high_eur"):
        pd.testing.assert_series_equal(s24[col], s22[col] * f, rtol=1e-9, check_names=False,
                                       obj=f"summary.{col} scaled by the CPI factor")
    i22, i24 = pd.read_csv(r22 / "intervals.csv"), pd.read_csv(r24 / "intervals.csv")
    eur = i22.unit == "eur"
    assert eur.any() and (~eur).any(), "intervals hold euro and other rows"
    for col in ("mean", "t_low", "t_high", "boot_low", "boot_high"):
        assert i24.loc[eur, col].to_numpy() == pytest.approx(
            i22.loc[eur, col].to_numpy() * f, rel=1e-9, nan_ok=True), f"eur rows of {col} converted"
        assert i24.loc[~eur, col].to_numpy() == pytest.approx(
            i22.loc[~eur, col].to_numpy(), nan_ok=True), f"hours and counts of {col} unchanged"


def test_one_price_level_in_metadata_used_by_labels_and_export(runs):
    r22, r24 = runs
    meta = json.loads((r24 / "metadata.json").read_text())
    assert meta["price_year"] == 2024 and meta["scenario"]["price_year"] == 2022, \
        "the display level is recorded once; the scenario keeps the level of its unit costs"
    res = load_results(r24)
    assert price_year(res) == 2024, "readers use the display price level"
    assert price_year(load_results(r22)) == 2022
    sheets = workbook_sheets(res)
    assert "eur (EUR, price level 2024)" in sheets["costs"].columns
    assert ("boot_low_eur (EUR, price level 2024, 95% bootstrap interval; intervals: "
            "simulation and parameters)") in sheets["summary"]


def test_recipe_and_rerun_carry_the_price_year(runs, tmp_path):
    _, r24 = runs
    r = recipe(json.loads((r24 / "metadata.json").read_text()))
    assert "--price-year 2024" in r.command and "reprice(res, 2024)" in r.python
    again = CliRunner().invoke(cli, ["rerun", str(r24), "--out", str(tmp_path / "again"),
                                     "--jobs", "1"])
    assert again.exit_code == 0, again.output
    assert "identical" in again.output


def test_runs_at_different_price_levels_are_compared_at_one(runs):
    r22, r24 = runs
    a, b = load_results(r22), load_results(r24)
    b22 = at_price_level(b, 2022)
    assert price_year(b22) == 2022
    assert b22.summary.difference_eur.to_numpy() == pytest.approx(
        a.summary.difference_eur.to_numpy(), rel=1e-9), "2024 run brought back to 2022 prices"
    assert at_price_level(a, 2022) is a, "already at that level: unchanged"
    twice = reprice(reprice(a, 2024), 2023)
    assert twice.costs.eur.sum() == pytest.approx(a.costs.eur.sum() * price_factor(2022, 2023))
    assert twice.metadata["model_price_year"] == 2022


def test_validation_of_a_repriced_run_uses_the_model_price_level(runs):
    r22, r24 = runs
    out = [CliRunner().invoke(cli, ["validate-model", "--run", str(r), "--years", "2"])
           for r in (r22, r24)]
    assert all(o.exit_code == 0 for o in out), [o.output for o in out]
    assert out[0].output == out[1].output, "same run, same comparison with the targets"


def test_report_compare_converts_other_runs_to_the_report_level(runs, monkeypatch):
    import simulate.report as report
    r22, r24 = runs
    seen = {}

    def capture(results, lang="en", run_dir=None, compare=(), **kw):
        seen["levels"] = [price_year(results)] + [price_year(o) for o in compare]
        return "<html></html>"
    monkeypatch.setattr(report, "build_report", capture)
    monkeypatch.setattr(report.charts, "run_charts", lambda *a, **k: {})
    monkeypatch.setattr(report, "extra_figures", lambda *a, **k: {})
    report.write_report(r24, compare=[r22], force=True)
    assert seen["levels"] == [2024, 2024], "the 2022 run is converted to the report's 2024"
    (r24 / "report.html").unlink()


def test_report_states_the_run_folders_own_price_level():
    """A run shown at 2024 prices says so in the report's plain words, not the model's 2022."""
    import simulate
    from simulate.report import build_report
    from simulate.results.prices import reprice
    sc = simulate.load_scenario("village", {"population.size": 300, "horizon_years": 2,
                                            "care.nursing_home_beds": 3})
    res = reprice(simulate.run(sc, reps=2, seed=4, jobs=1, progress=False), 2024)
    page = build_report(res)
    assert "amounts in euros at the 2024 price level" in page
    assert "at the 2022 price level" not in page
