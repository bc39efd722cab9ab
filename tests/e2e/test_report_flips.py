"""End to end (issue 13 point 3): `simulate run --report` on a tiny pilot_cliff (the Wmo reviews
the dorpsondersteuner's funding line) says whether the conclusion flips inside the ranges,
agreeing with its own tornado table, and whether the initiative's running share moves."""
from __future__ import annotations

import html

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from click.testing import CliRunner  # noqa: E402

from simulate.analysis.flips import sign  # noqa: E402
from simulate.cli.main import cli  # noqa: E402

pytestmark = pytest.mark.slow

TINY = ["scenarios/pilot_cliff.toml", "--set", "population.size=300",
        "--set", "horizon_years=6", "--set", "sensitivity.samples=2",
        "--set", "sensitivity.replications=1", "--set", "sensitivity.oat_replications=2"]


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    out = tmp_path_factory.mktemp("flips") / "run"
    r = CliRunner().invoke(cli, ["run", *TINY, "--reps", "2", "--quiet", "--report",
                                 "--out", str(out)])
    assert r.exit_code == 0, r.output
    return out


def test_the_report_says_whether_the_total_flips_as_its_tornado_shows(run):
    t = pd.read_csv(run / "sensitivity" / "tornado.csv")
    assert {"base_ci_low_eur", "low_ci_high_eur", "high_ci_low_eur"} <= set(t.columns)
    total = t[(t.payer == "total") & (t.measure == "net")]
    base = sign(float(total.base.iloc[0]))
    flips = base != 0 and bool(((total[["low_value", "high_value"]].map(sign)) == -base)
                               .to_numpy().any())
    page = html.unescape((run / "report.html").read_text(encoding="utf-8"))
    assert "Does the conclusion flip inside the ranges?" in page
    assert "Inside the sensitivity ranges the conclusion (gains or loses)" in page
    assert ("flips for all kokers together" in page) == flips, "the words follow the table"


def test_the_running_share_is_kept_and_reported_for_a_reviewing_payer(run):
    t = pd.read_csv(run / "sensitivity" / "tornado.csv")
    rows = t[(t.payer == "total") & (t.measure == "net")].set_index("parameter")
    review = rows.loc["payers.wmo.first_review_years"]
    # a later first review leaves the Wmo fewer chances to stop the line before the end
    assert (review["running.high.dorpsondersteuner"]
            >= review["running.low.dorpsondersteuner"])
    cost = rows.loc["initiatives.dorpsondersteuner.cost_per_fte_eur"]
    assert 0 <= cost["running.base.dorpsondersteuner"] <= 1
    page = html.unescape((run / "report.html").read_text(encoding="utf-8"))
    assert "Replications in which the dorpsondersteuner still runs at the end" in page
    r = CliRunner().invoke(cli, ["report", str(run), "--force", "--lang", "nl"])
    assert r.exit_code == 0, r.output
    nl = html.unescape((run / "report.html").read_text(encoding="utf-8"))
    assert "Slaat de conclusie om binnen de bereiken?" in nl
    assert "Replicaties waarin de dorpsondersteuner aan het eind nog loopt" in nl


def test_the_workbook_names_the_unit_of_the_running_columns(run):
    r = CliRunner().invoke(cli, ["export", str(run), "--xlsx"])
    assert r.exit_code == 0, r.output
    tornado = pd.read_excel(run / "tables.xlsx", sheet_name="tornado")
    assert ("running.high.dorpsondersteuner (share of replications in which the initiative "
            "still runs at the end, 0-1)") in tornado.columns
    assert any(c.startswith("low_ci_low_eur (EUR") for c in tornado.columns)
