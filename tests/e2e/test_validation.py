"""The calibrated default village against public figures (issue 7).

Validation targets (data/validation_targets.csv) were not used in the fit; calibration targets
(data/targets.csv) were. Both are measured like ``simulate validate-model``: the status-quo arm,
the first 5 years, the scenario's own seed and 20 replications (the first 5 years of a 5-year
run equal those of the 20-year default run: streams are keyed by month). Tolerances and their
reasons are in docs/validation.md.
"""
from __future__ import annotations

import pytest

import simulate
from simulate.calibration import compare, load_targets
from simulate.calibration.metrics import window

#: Validation figures the default village misses, each documented in docs/validation.md. Strict:
#: when the model or the figure changes so that it passes, the test says so.
KNOWN_MISFITS: dict[str, str] = {}  # none since the merge with issue 4 (docs/validation.md 5.3)
VALIDATION = [pytest.param(t.id, marks=pytest.mark.xfail(strict=True, reason=KNOWN_MISFITS[t.id]))
              if t.id in KNOWN_MISFITS else t.id for t in load_targets("validation")]
FITTED = [t.id for t in load_targets("targets") if t.weight > 0]


@pytest.fixture(scope="module")
def report():
    sc = simulate.load_scenario("village", {"horizon_years": 5})
    return simulate.validate_model(sc, reps=20)


def _explain(row) -> str:
    return (f"model {row.model:.4g} [{row.ci_low:.4g}, {row.ci_high:.4g}] vs target "
            f"{row.target:.4g} +/- {row.tolerance:.0%} ({row.source[:80]})")


@pytest.mark.parametrize("target_id", VALIDATION)
def test_default_village_reproduces_validation_figure(report, target_id):
    row = report.table.set_index("id").loc[target_id]
    assert row.within, f"{target_id}: {_explain(row)}"


@pytest.mark.parametrize("target_id", FITTED)
def test_default_village_keeps_its_calibration(report, target_id):
    tables = report.results.tables
    table = compare(tables, load_targets("targets"), window(tables, 0, 5),
                    price_year=2022).set_index("id")
    row = table.loc[target_id]
    assert row.within, f"{target_id}: {_explain(row)}"


def test_validation_recomputes_from_the_run_folder(report, tmp_path):
    path = simulate.save(report.results, tmp_path / "run")
    again = simulate.validate_model(results=simulate.load_results(path))
    assert again.table["model"].to_numpy() == pytest.approx(report.table["model"].to_numpy()), \
        "the CSV tables of a run folder give the same validation"
