"""The report, the Excel export and their commands: content generated from the numbers,
self-contained HTML, atomic additions that never overwrite, clear errors."""
from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import simulate  # noqa: E402
from simulate import charts  # noqa: E402
from simulate.analysis import koker_summary  # noqa: E402
from simulate.report import build_report, export_xlsx, key_findings, write_report  # noqa: E402
from simulate.report.assumptions import assumptions  # noqa: E402
from simulate.report.reproduce import recipe  # noqa: E402
from simulate.results.store import OutputError  # noqa: E402
from simulate.text import titles  # noqa: E402
from simulate.text.numbers import fmt_eur, fmt_percent  # noqa: E402

SMALL = ["--set", "population.size=400", "--set", "horizon_years=3",
         "--set", "care.nursing_home_beds=4"]


def cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "simulate", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=300)


def main(monkeypatch, capsys, *args) -> tuple[int, str, str]:
    """The console entry point in this process (faster than a subprocess): status, out, err."""
    from simulate.cli.main import main as entry
    monkeypatch.setattr(sys, "argv", ["simulate", *args])
    with pytest.raises(SystemExit) as exit_info:
        entry()
        sys.exit(0)
    out = capsys.readouterr()
    return exit_info.value.code or 0, out.out, out.err


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    """A small run made by `simulate run --report`, as a user would."""
    out = tmp_path_factory.mktemp("report") / "run"
    r = cli("run", *SMALL, "--reps", "3", "--seed", "11", "--out", str(out), "--report",
            "--quiet")
    assert r.returncode == 0, r.stderr
    assert f"report: {out / 'report.html'}" in r.stdout
    return out


#: Charts of the report beyond the run charts: the scenario comparison (status quo and
#: scenario side by side per koker) and the quick sensitivity analysis's tornado and Sobol.
REPORT_EXTRAS = ("compare_spending", "tornado", "sobol")


def test_run_report_is_self_contained_with_every_chart(run_dir):
    page = (run_dir / "report.html").read_text(encoding="utf-8")
    imgs = re.findall(r'<img class="chart" alt="([^"]+)" src="data:image/png;base64,', page)
    names = charts.chart_names(simulate.load_results(run_dir))
    assert set(charts.RUN_CHARTS) <= set(names), "every run chart, plus those that apply"
    assert len(imgs) == len(names) + len(REPORT_EXTRAS), \
        "every chart of the run, the comparison, tornado and Sobol, embedded as PNGs"
    for name in (*names, *REPORT_EXTRAS):
        assert f'id="fig-{name}"' in page, f"chart {name} in the report"
    assert not re.search(r'(src|href)="(https?:)?//', page), "no link to the network"
    assert "<script" not in page, "no script: nothing can fail in the console"
    for heading in ("The question", "The scenario in plain words", "Key findings", "Tables",
                    "Charts", "Scenario comparison", "Sensitivity analysis",
                    "Assumptions and sources", "How to reproduce this run"):
        assert f"<h2>{heading}</h2>" in page, heading


def test_default_report_runs_a_quick_sensitivity_and_says_so(run_dir):
    folder = run_dir / "sensitivity"
    for name in ("tornado.csv", "sobol.csv", "drivers.csv", "sensitivity.json"):
        assert (folder / name).is_file(), f"the quick analysis saved {name} in the run folder"
    assert not [p for p in folder.iterdir() if p.name.startswith(".")], "no temporary files"
    meta = json.loads((folder / "sensitivity.json").read_text())
    assert meta["oat"]["replications"] == 3 and meta["sobol"]["samples"] == 4, \
        "quick sizes: 3 paired replications per tornado point, Sobol N = 4"
    assert meta["seed"] == 11, "the run's seed"
    page = html.unescape((run_dir / "report.html").read_text(encoding="utf-8"))
    assert "This is a quick analysis" in page and "only rank the drivers" in page
    assert "--reps 3 --report --sensitivity" in page, "the command for the full analysis"
    assert "tornado: 17 points" in page and "x 3 paired replications" in page, "sizes used"
    assert "the scenario's own [sensitivity.ranges]" in page
    assert "What drives each koker's net result" in page and "Parameters varied" in page


CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium() -> str:
    """Path of a system chromium, or skip (CI installs Debian's chromium in .ci/run)."""
    pytest.importorskip("playwright.sync_api", reason="playwright (the dev extra) not installed")
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    pytest.skip("no chromium browser installed (apt-get install chromium)")


def test_report_renders_in_a_real_browser(run_dir):
    """Headless chromium opens report.html offline: every chart decodes, no console errors."""
    exe = chromium()
    from playwright.sync_api import sync_playwright
    problems: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 900})
            page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}")
                    if m.type in ("error", "warning") else None)
            page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
            page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
            page.goto((run_dir / "report.html").as_uri(), wait_until="load")
            images = page.evaluate("""Array.from(document.querySelectorAll('img.chart')).map(
                i => ({ok: i.complete && i.naturalWidth > 0, shown: i.getBoundingClientRect().width,
                       alt: i.alt}))""")
            heading = page.inner_text("h1")
            title = page.title()
        finally:
            browser.close()
    assert not problems, problems
    assert len(images) == len(charts.chart_names(simulate.load_results(run_dir))) + len(
        REPORT_EXTRAS), "every chart is in the page"
    assert all(i["ok"] for i in images), [i["alt"] for i in images if not i["ok"]]
    assert all(i["shown"] > 300 for i in images), "charts are drawn at a readable width"
    assert heading == "Where the costs and benefits of community care land"
    assert title.endswith(": village")


def test_findings_are_generated_from_the_numbers(run_dir):
    res = simulate.load_results(run_dir)
    ks = koker_summary(res).set_index("payer")
    sentences = key_findings(res, "en")
    first = sentences[0]
    assert first.startswith(f"The Wmo invests {fmt_eur(ks.investment['wmo'], 'en')} over 3 years"), first
    gains = ks.savings.clip(lower=0)
    others = gains.drop(ks.index[ks.investment > 1])      # kokers that do not invest
    if gains.sum() > 1 and others.sum() > 0:
        # one number for the chart title and the sentence (a Finding record): every koker
        # that does not invest counts; those with under 1% of the savings are not named
        share = fmt_percent(others.sum() / gains.sum(), "en")
        assert any(s.startswith(f"{share} of the savings land at") for s in sentences), sentences
        assert titles.wrong_pocket(ks.reset_index(), "en").startswith(share)
    page = (run_dir / "report.html").read_text(encoding="utf-8")
    assert first.replace("'", "&#x27;") in page, "the findings are in the report"
    nl = key_findings(res, "nl")
    assert nl[0].startswith(f"De Wmo investeert {fmt_eur(ks.investment['wmo'], 'nl')} over 3 jaar")


def test_assumptions_list_sources_and_mark_changed_values(run_dir):
    res = simulate.load_results(run_dir)
    rows = {a.key: a for a in assumptions(res.metadata)}
    assert "Kostenhandleiding" in rows["services.huishoudelijke_hulp.unit_cost_eur"].note
    assert rows["population.size"].changed and "400 (file: 2500)" == rows["population.size"].value
    assert not rows["population.low_income_share"].changed
    assert "assumption" in rows["population.low_income_share"].note
    assert rows["run.seed"].value.startswith("11"), "the seed of the run, not of the file"


def test_reproduce_command_gives_the_same_scenario(run_dir):
    res = simulate.load_results(run_dir)
    r = recipe(res.metadata)
    assert r.verified, "loading the file with the --set overrides gives the run's hash"
    assert "--set population.size=400" in r.command and "--seed 11 --reps 3" in r.command
    assert "--set run." not in r.command


def test_report_is_not_overwritten_without_force(run_dir, monkeypatch, capsys):
    before = (run_dir / "report.html").read_bytes()
    code, _, err = main(monkeypatch, capsys, "report", str(run_dir))
    assert code == 2 and "already exists" in err and "--force" in err
    assert "Traceback" not in err
    assert (run_dir / "report.html").read_bytes() == before, "earlier report untouched"


def test_report_force_nl_and_figures(run_dir, tmp_path, monkeypatch, capsys):
    run_dir = Path(shutil.copytree(run_dir, tmp_path / "copy"))   # leave the shared run alone
    few = {k: charts.RUN_CHARTS[k] for k in ("who_pays", "waiting_list")}
    monkeypatch.setattr(charts, "RUN_CHARTS", few)    # all formats of two charts: fast enough
    code, out, err = main(monkeypatch, capsys, "report", str(run_dir), "--force", "--lang", "nl",
                          "--figures")
    assert code == 0, err
    page = (run_dir / "report.html").read_text(encoding="utf-8")
    assert '<html lang="nl">' in page and "<h2>Belangrijkste uitkomsten</h2>" in page
    assert 'id="fig-tornado"' in page, "simulate report finds RUN_DIR/sensitivity by itself"
    files = sorted(p.name for p in (run_dir / "figures").iterdir())
    for name in (*few, *REPORT_EXTRAS):
        assert {f"{name}.png", f"{name}.svg", f"{name}.pdf"} <= set(files), name
    assert not [p for p in run_dir.iterdir() if p.name.startswith(".")], "no temporary files left"


def test_report_of_a_missing_folder_is_a_clear_error(tmp_path, monkeypatch, capsys):
    code, _, err = main(monkeypatch, capsys, "report", str(tmp_path / "nope"))
    assert code == 2 and "not a run folder" in err and "Traceback" not in err


def test_write_report_checks_before_drawing(run_dir, monkeypatch):
    calls = []
    monkeypatch.setattr(charts, "run_charts", lambda *a, **k: calls.append(1) or {})
    with pytest.raises(OutputError, match="already exists"):
        write_report(run_dir)
    assert not calls, "an existing report is refused before any chart is drawn"


def test_sensitivity_tables_in_the_run_folder_are_charted(small_results, tmp_path):
    run = simulate.save(small_results, tmp_path / "run")
    pd.DataFrame({"parameter": ["effect", "price"], "payer": "wmo", "low_value": [-5e5, -4e5],
                  "high_value": [-1e5, -3e5], "base": -3.5e5}).to_csv(run / "tornado.csv",
                                                                       index=False)
    page = build_report(simulate.load_results(run), run_dir=run, figures={})
    assert 'id="fig-tornado"' in page and 'id="fig-sobol"' not in page
    assert "effect moves the result for the Wmo most" in page


def test_compare_adds_a_comparison_chart(small_results, tmp_path):
    page = build_report(small_results, figures={}, compare=[small_results])
    assert 'id="fig-compare"' in page and "<h2>Scenario comparison</h2>" in page
    assert 'id="fig-compare_spending"' in page, "spending of every option, per koker"


def test_report_without_sensitivity_says_why(small_results, tmp_path):
    run = simulate.save(small_results, tmp_path / "run")
    page = html.unescape(build_report(simulate.load_results(run), run_dir=run, figures={}))
    assert 'id="fig-compare_spending"' in page, "the status quo and the scenario, always"
    assert 'id="fig-tornado"' not in page
    assert "This run has no sensitivity analysis (it was skipped" in page
    assert f"--out {run}/sensitivity" in page, "how to add one"


# -- Excel ---------------------------------------------------------------------------------

def test_export_xlsx_one_sheet_per_table_with_units(run_dir, monkeypatch, capsys):
    code, out, err = main(monkeypatch, capsys, "export", str(run_dir), "--xlsx")
    assert code == 0, err
    path = run_dir / "tables.xlsx"
    assert f"workbook: {path}" in out
    book = pd.read_excel(path, sheet_name=["about", "costs", "summary", "kokers"])
    from openpyxl import load_workbook
    sheets = load_workbook(path, read_only=True).sheetnames
    for name in ("about", "costs", "population", "events", "hours", "series", "summary",
                 "kokers", "wrong_pocket", "tornado", "sobol", "drivers"):
        assert name in sheets, f"sheet {name}"
    tornado = pd.read_excel(path, sheet_name="tornado")
    assert "swing_eur (EUR, price level 2022)" in tornado.columns, "units of the sensitivity"
    assert ("boot_low_eur (EUR, price level 2022, 95% bootstrap interval; intervals: "
            "simulation and parameters)") in book["summary"], "what the interval includes"
    assert "intervals include" in set(book["about"].item)
    assert "eur (EUR, price level 2022)" in book["costs"].columns
    assert "counterfactual_eur (EUR, price level 2022)" in book["summary"].columns
    csv = pd.read_csv(run_dir / "costs.csv")
    assert len(book["costs"]) == len(csv), "every row of the table"
    assert book["costs"]["eur (EUR, price level 2022)"].sum() == pytest.approx(csv.eur.sum())
    code, _, err = main(monkeypatch, capsys, "export", str(run_dir), "--xlsx")
    assert code == 2 and "already exists" in err


def test_export_without_format_is_a_clear_error(run_dir, monkeypatch, capsys):
    code, _, err = main(monkeypatch, capsys, "export", str(run_dir))
    assert code == 2 and "--xlsx" in err and "Traceback" not in err


def test_export_to_explicit_path(run_dir, tmp_path):
    out = export_xlsx(run_dir, tmp_path / "book.xlsx")
    assert out.exists() and out.stat().st_size > 0
    with pytest.raises(OutputError, match="already exists"):
        export_xlsx(run_dir, out)


def test_long_tables_continue_on_more_sheets(tmp_path):
    from openpyxl import load_workbook

    from simulate.report.export import write_workbook
    df = pd.DataFrame({"year": range(7), "eur (EUR)": [1.5, 2.0, float("nan"), 4, 5, 6, 7]})
    write_workbook({"costs": df}, tmp_path / "b.xlsx", max_rows=3)
    book = load_workbook(tmp_path / "b.xlsx", read_only=True)
    assert book.sheetnames == ["costs", "costs_2", "costs_3"], "3 + 3 + 1 rows"
    rows = [r for name in book.sheetnames for r in book[name].iter_rows(values_only=True)]
    assert rows.count(("year", "eur (EUR)")) == 3, "every sheet has the header"
    data = [r for r in rows if r[0] != "year"]
    assert [r[0] for r in data] == list(range(7))
    assert data[2][1:] in ((), (None,)), "NaN as an empty cell"
