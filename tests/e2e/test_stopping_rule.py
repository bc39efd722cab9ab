"""Runs whose number of replications a stopping rule chooses (issue 16): the count depends
only on the results, the first n replications are those of a run of n, the run says why it
stopped, the spread is split, the report has its uncertainty section, and rerun repeats it."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

import simulate
from simulate.cli.main import cli
from simulate.experiments.stopping import StopRule

TINY = {"population.size": 300, "horizon_years": 2, "care.nursing_home_beds": 3}
RULE = StopRule(block=2, min_reps=4, max_reps=10)


@pytest.fixture(scope="module")
def ruled():
    sc = simulate.load_scenario("village", TINY)
    return sc, simulate.run(sc, seed=3, jobs=1, rule=RULE, decompose=True)


def test_the_rule_chooses_a_count_in_blocks_and_says_why(ruled):
    _, res = ruled
    n = res.metadata["replications"]
    assert n in (4, 6, 8, 10)
    stop = res.metadata["stopping"]
    assert stop["block"] == 2 and stop["replications"] == n
    assert stop["reached"] == bool(res.stopping.reached.all())
    if n < RULE.max_reps:
        assert stop["reached"], "stops before the cap only when the rule is met"
    assert set(res.stopping.quantity) >= {"wmo", "wlz", "total"}


def test_the_chosen_replications_are_those_of_a_run_of_that_many(ruled):
    """Replication k draws the same numbers whatever the count: a rule run of n equals a run
    of n given by hand (so where it stopped depends only on the results)."""
    sc, res = ruled
    fixed = simulate.run(sc, reps=res.metadata["replications"], seed=3, jobs=1)
    assert res.summary.drop(columns="parameter_share").equals(fixed.summary)
    assert "parameter_share" not in fixed.summary, "no split without decompose"


def test_the_spread_is_split_against_the_same_histories_with_the_parameters_fixed(ruled):
    _, res = ruled
    sp = res.spread.set_index("quantity")
    n = res.metadata["replications"]
    assert (sp.replications == n).all() and (sp.simulation_replications == n).all()
    ok = sp.parameter_share.dropna()
    assert len(ok) and ((ok >= 0) & (ok <= 1)).all()
    assert (sp.share_low.dropna() <= sp.parameter_share.dropna() + 1e-12).all()


def test_rerun_repeats_the_rule_and_the_split(ruled, tmp_path):
    _, res = ruled
    folder = simulate.save(res, tmp_path / "run")
    again = simulate.rerun(folder, out=tmp_path / "again")
    assert again.identical, str(again)
    assert {"stopping", "spread"} <= set(again.tables)


def test_report_has_the_uncertainty_section(ruled, tmp_path):
    _, res = ruled
    folder = simulate.save(res, tmp_path / "run")
    from simulate.report import write_report
    page = write_report(folder).read_text()
    assert "Uncertainty and the value of information" in page
    assert "chosen by the stopping rule" in page or "stopping rule&#x27;s cap" in page
    assert "Where the spread of each payer" in page
    # fewer than 32 parameter sets: no EVPPI, and the report says why
    assert "The value of information needs at least 32" in page


def test_simulate_run_without_reps_says_how_many_and_why(tmp_path):
    args = ["run", "village", *[f"--set={k}={v}" for k, v in TINY.items()],
            "--set", "population.size=200", "--jobs", "1", "--no-decompose",
            "--out", str(tmp_path / "run")]
    r = CliRunner().invoke(cli, args)
    assert r.exit_code == 0, r.output
    assert "replications, chosen by the stopping rule" in r.output or \
           "the stopping rule's cap" in r.output
    assert "comes from the parameters" not in r.output, "--no-decompose: no split"
    r = CliRunner().invoke(cli, ["run", "village", *[f"--set={k}={v}" for k, v in TINY.items()],
                                 "--reps", "5", "--jobs", "1", "--out", str(tmp_path / "five")])
    assert r.exit_code == 0, r.output
    assert "5 replications, as given" in r.output
    assert "Share of each payer's spread that comes from the parameters" in r.output


def test_report_section_names_what_is_worth_researching_for_whom():
    """With parameters drawn and 32 replications the report computes the EVPPI from the run
    itself: a sentence per payer, the table, the chart and the caveat."""
    from simulate.report.uncertainty_section import section
    sc = simulate.load_scenario("village", TINY)
    res = simulate.run(sc, reps=32, seed=3, jobs=1)
    html, figs = section(res, "en")
    assert "Value of information per payer" in html and "voi" in figs
    assert "decision of the Wmo" in html and "decision of all kokers together" in html
    assert "do not quote the euros to the last digit" in html
    nl, _ = section(res, "nl")
    assert "Waarde van informatie per besluit" in nl


def test_voi_sentences_name_the_parameter_and_the_payer():
    import pandas as pd

    from simulate.report.uncertainty_section import voi_sentences
    voi = pd.DataFrame({
        "payer": ["wmo", "wmo", "total", "total"], "measure": "net",
        "parameter": ["initiatives.dorpsondersteuner.effects.progression_multiplier",
                      "health.lonely_multiplier"] * 2,
        "kind": "parameter", "evppi_eur": [0.0, 0.0, 8000.0, 100.0]})
    out = voi_sentences(voi, "en")
    assert out[0] == "No single parameter would change the decision of the Wmo (EVPPI 0)."
    assert out[1].startswith("Knowing “dorpsondersteuner: effect on decline” is worth")
    assert out[1].endswith("to the decision of all kokers together.")
