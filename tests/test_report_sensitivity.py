"""A run with --report --sensitivity charts its own tornado and Sobol indices."""
from __future__ import annotations

from click.testing import CliRunner

from simulate.cli import cli

TINY = ["--set", "population.size=300", "--set", "horizon_years=2",
        "--set", "care.nursing_home_beds=3", "--set", "sensitivity.samples=2",
        "--set", "sensitivity.replications=1", "--set", "sensitivity.oat_replications=1"]


def test_run_report_with_sensitivity_has_tornado_and_sobol(tmp_path):
    out = tmp_path / "run"
    r = CliRunner().invoke(cli, ["run", *TINY, "--reps", "2", "--quiet", "--report",
                                 "--sensitivity", "--out", str(out)])
    assert r.exit_code == 0, r.output
    assert (out / "sensitivity" / "tornado.csv").exists() and (out / "sensitivity" / "sobol.csv").exists()
    html = (out / "report.html").read_text(encoding="utf-8")
    for fig in ("tornado", "sobol", "who_pays", "wrong_pocket", "cumulative_net", "money_flows",
                "population_pyramid", "care_states", "waiting_list", "initiatives"):
        assert f'id="fig-{fig}"' in html, f"the report charts {fig}"
    again = CliRunner().invoke(cli, ["report", str(out), "--force", "--lang", "nl",
                                     "--sensitivity", str(out / "sensitivity")])
    assert again.exit_code == 0, again.output
    assert 'id="fig-tornado"' in (out / "report.html").read_text(encoding="utf-8")
