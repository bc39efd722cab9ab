"""An attached sensitivity analysis must belong to the run, else the report says so plainly;
a full analysis is never called quick."""
from __future__ import annotations

import html
import json

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402

import simulate  # noqa: E402
from simulate.experiments.sensitivity import sensitivity  # noqa: E402
from simulate.report import build_report  # noqa: E402
from simulate.report import sensitivity as rs  # noqa: E402

TINY = {"population.size": 300, "horizon_years": 2, "care.nursing_home_beds": 3,
        "sensitivity.samples": 2, "sensitivity.replications": 1,
        "sensitivity.oat_replications": 1}


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """A tiny run with its own analysis, and a run of a longer horizon without one."""
    root = tmp_path_factory.mktemp("match")
    sc = simulate.load_scenario("village", TINY)
    run = simulate.save(simulate.run(sc, reps=2, seed=3), root / "run")
    sensitivity(sc, seed=3, out=run / "sensitivity")
    other_sc = simulate.load_scenario("village", {**TINY, "horizon_years": 3})
    other = simulate.save(simulate.run(other_sc, reps=2, seed=3), root / "other")
    return run, other


def test_an_analysis_of_the_run_itself_has_no_warning(runs):
    run, _ = runs
    a = rs.read_analysis(run / "sensitivity", simulate.load_results(run).metadata)
    assert a is not None and a.mismatch == (), f"its own analysis matches: {a.mismatch}"
    assert not a.quick and not a.reduced, "the scenario's own sizes: the full analysis"
    page = html.unescape(build_report(simulate.load_results(run), run_dir=run, figures={}))
    assert "class='warning'" not in page and "quick analysis" not in page


def test_an_analysis_of_another_scenario_is_flagged(runs):
    run, other = runs
    res = simulate.load_results(other)
    a = rs.read_analysis(run / "sensitivity", res.metadata)
    assert "horizon_years" in a.mismatch, f"the horizons differ: {a.mismatch}"
    page = html.unescape(build_report(res, run_dir=other, figures={},
                                      sensitivity_dir=run / "sensitivity"))
    assert "class='warning'>Warning: this sensitivity analysis" in page, \
        "a visible warning in the sensitivity section"
    assert "horizon_years" in page
    from simulate.charts.style import figure_provenance
    from simulate.report.html import sensitivity_figures
    figs = sensitivity_figures(other, res, "en", run / "sensitivity")
    assert figs and all("WARNING: analysis of another scenario" in figure_provenance(f)
                        for f in figs.values()), "the tornado/Sobol footnotes say so"
    nl = html.unescape(build_report(res, run_dir=other, figures={}, lang="nl",
                                    sensitivity_dir=run / "sensitivity"))
    assert "Let op: deze gevoeligheidsanalyse" in nl


def test_another_seed_is_a_mismatch_and_sizes_follow_the_analysis_own_scenario(runs, tmp_path):
    run, _ = runs
    meta = json.loads((run / "sensitivity" / "sensitivity.json").read_text())
    run_meta = simulate.load_results(run).metadata
    assert rs.mismatch({**meta, "seed": meta["seed"] + 1}, run_meta) == (
        f"seed {meta['seed'] + 1} (run: {run_meta['seed']})",)
    no_scenario = {k: v for k, v in meta.items() if k != "scenario"}
    assert rs.mismatch(no_scenario, run_meta) == () or \
        meta["scenario_hash"] != run_meta["scenario_hash"]
    assert any("scenario hash" in m for m in rs.mismatch(
        {**no_scenario, "scenario_hash": "0" * 16}, run_meta)), "only the hash to go by"
    bigger = {**run_meta, "scenario": {**run_meta["scenario"], "sensitivity": {
        **run_meta["scenario"]["sensitivity"], "samples": 64, "oat_replications": 8}}}
    a = rs.read_analysis(run / "sensitivity", bigger)
    assert not a.quick, "a run asking for larger sizes does not make the attached full " \
        "analysis (run at its own scenario's sizes) quick"
