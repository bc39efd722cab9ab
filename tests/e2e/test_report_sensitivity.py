"""The report's sensitivity analysis: quick by default with --report, the full one with
--sensitivity, none with --no-sensitivity; the default ranges for a scenario without its own."""
from __future__ import annotations

import dataclasses
import html
import json

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402
from click.testing import CliRunner  # noqa: E402

import simulate  # noqa: E402
from simulate.cli.main import cli  # noqa: E402
from simulate.report import build_report  # noqa: E402
from simulate.report import sensitivity as rs  # noqa: E402
from simulate.scenario.schema import Sensitivity  # noqa: E402

TINY = ["--set", "population.size=300", "--set", "horizon_years=2",
        "--set", "care.nursing_home_beds=3", "--set", "sensitivity.samples=2",
        "--set", "sensitivity.replications=1", "--set", "sensitivity.oat_replications=1"]


def test_run_report_with_sensitivity_has_tornado_and_sobol(tmp_path):
    out = tmp_path / "run"
    r = CliRunner().invoke(cli, ["run", *TINY, "--reps", "2", "--quiet", "--report",
                                 "--sensitivity", "--out", str(out)])
    assert r.exit_code == 0, r.output
    assert "sensitivity (full)" in r.output
    assert (out / "sensitivity" / "tornado.csv").exists() and (out / "sensitivity" / "sobol.csv").exists()
    page = (out / "report.html").read_text(encoding="utf-8")
    for fig in ("tornado", "sobol", "compare_spending", "who_pays", "wrong_pocket",
                "cumulative_net", "money_flows", "population_pyramid", "care_states",
                "waiting_list", "initiatives"):
        assert f'id="fig-{fig}"' in page, f"the report charts {fig}"
    assert "quick analysis" not in page, "the scenario's own sizes: the full analysis"
    again = CliRunner().invoke(cli, ["report", str(out), "--force", "--lang", "nl",
                                     "--sensitivity", str(out / "sensitivity")])
    assert again.exit_code == 0, again.output
    nl = html.unescape((out / "report.html").read_text(encoding="utf-8"))
    assert 'id="fig-tornado"' in nl, "the analysis of --sensitivity DIR is charted"
    assert "Gevarieerde parameters" in nl and "<h2>Gevoeligheidsanalyse</h2>" in nl


def test_no_sensitivity_skips_it_and_the_report_says_so(tmp_path):
    out = tmp_path / "run"
    r = CliRunner().invoke(cli, ["run", *TINY, "--reps", "2", "--quiet", "--report",
                                 "--no-sensitivity", "--out", str(out)])
    assert r.exit_code == 0, r.output
    assert not (out / "sensitivity").exists(), "no analysis was run"
    page = html.unescape((out / "report.html").read_text(encoding="utf-8"))
    assert 'id="fig-tornado"' not in page and 'id="fig-sobol"' not in page
    assert 'id="fig-compare_spending"' in page, "the comparison is always there"
    assert "This run has no sensitivity analysis (it was skipped" in page


def test_sensitivity_and_no_sensitivity_together_are_refused(tmp_path):
    out = tmp_path / "run"
    r = CliRunner().invoke(cli, ["run", *TINY, "--reps", "2", "--quiet", "--report",
                                 "--sensitivity", "--no-sensitivity", "--out", str(out)])
    assert r.exit_code == 2 and "not both" in r.output
    assert not out.exists(), "refused before any work"


def test_quick_sizes_never_exceed_the_scenarios_own():
    sc = simulate.load_scenario("village")
    assert rs.quick_sizes(sc) == {"samples": 4, "reps": 1, "oat_reps": 3}, \
        "the village's [sensitivity] is larger: the quick sizes"
    small = simulate.load_scenario("village", {"sensitivity.samples": 2,
                                               "sensitivity.oat_replications": 1})
    assert rs.quick_sizes(small) == {"samples": 2, "reps": 1, "oat_reps": 1}, \
        "a scenario's own smaller sizes are kept"


@pytest.fixture(scope="module")
def no_ranges():
    """The village, tiny, without [sensitivity.ranges] of its own."""
    sc = simulate.load_scenario("village", {"population.size": 300, "horizon_years": 2,
                                            "care.nursing_home_beds": 3})
    return dataclasses.replace(sc, sensitivity=Sensitivity(samples=2, replications=1,
                                                           oat_replications=1))


def test_a_scenario_without_ranges_gets_the_default_set(no_ranges, tmp_path):
    used, source = rs.ranges_for(no_ranges)
    village = simulate.load_scenario("village").sensitivity.ranges
    assert source == "default" and dict(used.sensitivity.ranges) == dict(village), \
        "the village's ranges, each with its reason"
    dorp_free = dataclasses.replace(no_ranges, initiatives={})
    used, source = rs.ranges_for(dorp_free)
    assert source == "default" and used.sensitivity.ranges, "those that apply remain"
    assert not any(k.startswith("initiatives.") for k in used.sensitivity.ranges), \
        "ranges of initiatives the scenario lacks are skipped"
    run = simulate.save(simulate.run(no_ranges, reps=2, seed=3), tmp_path / "run")
    done = rs.run_for_report(no_ranges, run, "quick", seed=3)
    assert done is not None and done.folder == run / "sensitivity"
    page = html.unescape(build_report(simulate.load_results(run), run_dir=run, figures={}))
    assert "the default set was used" in page and 'id="fig-tornado"' in page
    meta = json.loads((run / "sensitivity" / "sensitivity.json").read_text())
    assert set(meta["parameters"]) == set(village), "the analysis varied the default set"


def test_no_ranges_at_all_means_no_analysis_and_the_report_says_why(no_ranges, tmp_path,
                                                                    monkeypatch):
    monkeypatch.setattr(rs, "DEFAULT_RANGES_FILE", tmp_path / "missing.toml")
    assert rs.ranges_for(no_ranges) == (None, "")
    run = simulate.save(simulate.run(no_ranges, reps=2, seed=3), tmp_path / "run")
    assert rs.run_for_report(no_ranges, run, "quick") is None
    assert not (run / "sensitivity").exists()
    page = html.unescape(build_report(simulate.load_results(run), run_dir=run, figures={}))
    assert "No sensitivity analysis: this scenario has no [sensitivity.ranges]" in page
    with pytest.raises(ValueError, match="mode must be one of"):
        rs.run_for_report(no_ranges, run, "medium")


def test_ranges_and_drivers_tables(tmp_path):
    from simulate.report.sensitivity_section import drivers_table, ranges_table
    pd = pytest.importorskip("pandas")
    pd.DataFrame({"payer": ["wmo", "wmo", "zvw", "zvw"], "measure": "net",
                  "parameter": ["a.fte_cost", "b.caseload"] * 2, "base_input": [65000, 100] * 2,
                  "low_input": [55000, 40] * 2, "high_input": [75000, 80] * 2,
                  "reason": ["cao 2023", "assumption"] * 2}).to_csv(tmp_path / "tornado.csv")
    t = ranges_table(tmp_path, "en")
    assert [r[0] for r in t.rows] == ["a.fte_cost", "b.caseload"], "one row per parameter"
    assert t.rows[0][1:4] == ["65,000", "55,000", "75,000"] and t.rows[0][4] == "cao 2023"
    assert t.rows[1][4] == "(base value outside the range) assumption", \
        "a base value outside its range is flagged"
    pd.DataFrame({"payer": ["total", "wmo"], "rank": [1, 1], "parameter": ["x", "y"],
                  "ranked_by": ["tornado", "sobol"], "ST": [float("nan"), 0.4],
                  "ST_conf": [float("nan"), 0.1], "swing_eur": [1e5, float("nan")],
                  "swing_ci_low_eur": [5e4, float("nan")],
                  "swing_ci_high_eur": [1.5e5, float("nan")]}).to_csv(tmp_path / "drivers.csv")
    d = drivers_table(tmp_path, "nl")
    assert [r[0] for r in d.rows] == ["Wmo", "alle kokers"], "kokers in order, total last"
    assert d.rows[0][4] == "–" and d.rows[0][5] == "0,40 ± 0,10"
    assert d.rows[1][4] == "€ 100k [€ 50k … € 150k]" and d.rows[1][3] == "tornado-uitslag"
