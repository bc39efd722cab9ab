"""The actors' decisions, counted over replications and printed by `simulate run` (issue 14
point 2): who reviewed which initiative, kept paying, grew it, stopped it (in which year),
and which initiatives collapsed and ran again."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

import simulate
from simulate.analysis.decisions import decision_summary
from simulate.cli.main import cli
from simulate.cli.show import format_decisions

# parameters at their base values (issue 16): these count decisions of known cases
SMALL = {"population.size": 400, "horizon_years": 5, "uncertainty.parameters": False}


@pytest.fixture(scope="module")
def pilot():
    return simulate.run(simulate.load_scenario("pilot_cliff", SMALL), reps=3, seed=1, jobs=1,
                        progress=False)


def test_the_wmo_stops_the_pilot_on_its_own_savings_in_every_replication(pilot):
    """pilot_cliff: after two fund years the Wmo judges on its own savings, which are far
    below the cost (a strong case): it stops in every replication at its first review."""
    t = decision_summary(pilot)
    wmo = t[(t.initiative == "dorpsondersteuner") & (t.payer == "wmo")].iloc[0]
    assert wmo.reviewed == wmo.stopped == 3 and wmo.continued == 0
    rules = simulate.load_scenario("pilot_cliff").payers["wmo"]
    year = 2025 + int(rules.first_review_years) + int(rules.stop_after) - 1
    assert wmo.stop_year_median == year, "first review after its years, stop after its failures"
    text = format_decisions(t)
    assert "dorpsondersteuner, reviewed by wmo in 3 of 3 replications: kept paying in 0, " \
           f"grew it in 0, stopped in 3 (median year {year})" in text
    nl = format_decisions(t, "nl")
    assert nl.startswith("Besluiten (scenario-arm") and "getoetst door wmo in 3 van 3" in nl


def test_a_payer_stopping_is_not_a_collapse(pilot):
    """pilot_cliff: the Wmo stops the dorpsondersteuner in every replication and the model
    ends it two months later (no funding, no strength). That is the Wmo's stop, not a
    collapse of the initiative: it is counted as ended after its funding stopped."""
    t = decision_summary(pilot)
    own = t[(t.initiative == "dorpsondersteuner") & (t.payer == "-")].iloc[0]
    assert own.collapsed == 0 and own.unfunded == 3
    text = format_decisions(t)
    assert "dorpsondersteuner: never collapsed while funded; ended after its funding stopped " \
           "in 3 of 3 replications" in text and "collapsed in 3" not in text
    from simulate.analysis.decisions import stop_summary
    assert list(stop_summary(pilot).decision) == ["stop"], "the stop, no separate collapse"


def test_a_committed_payer_reviews_nothing_and_nothing_is_printed():
    res = simulate.run(simulate.load_scenario("dorpsondersteuner", SMALL), reps=2, seed=1,
                       jobs=1, progress=False)
    assert decision_summary(res).empty and format_decisions(decision_summary(res)) == ""


def test_collapses_and_restarts_are_counted():
    """Neighbour help loses its volunteers in a small village; with a restart after a year
    it runs again after collapsing, without one it stays down."""
    over = {**SMALL, "population.size": 500, "horizon_years": 6}
    sc = simulate.load_scenario("zorgzaam_dorp", {**over,
                                                   "initiatives.burenhulp.restart_after_years": 1})
    t = decision_summary(simulate.run(sc, reps=2, seed=1, jobs=1, progress=False))
    row = t[(t.initiative == "burenhulp") & (t.payer == "-")].iloc[0]
    assert row.collapsed >= 1 and row.restarted == row.collapsed, "each collapse restarts"
    stays = t[(t.initiative == "eettafel") & (t.payer == "-")].iloc[0]
    assert stays.collapsed == 2 and stays.restarted == 0
    assert (f"burenhulp: collapsed in {int(row.collapsed)} of 2 replications (median year"
            in format_decisions(t))


def test_run_prints_the_decisions_after_the_tables(tmp_path):
    result = CliRunner().invoke(cli, ["run", "pilot_cliff", "--set", "population.size=400",
                                      "--set", "horizon_years=6", "--reps", "2", "--jobs", "1",
                                      "--out", str(tmp_path / "run")])
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.index("Decisions (scenario arm") > out.index("payback"), "after the tables"
    assert "reviewed by wmo in 2 of 2 replications" in out


def test_a_regimes_own_decisions_are_named_not_counted_as_reviews():
    """Under a social impact bond the investor decides to invest (and may lose the bond):
    those are listed as they are, never as 'kept paying'."""
    sc = simulate.load_scenario("social_impact_bond", {"population.size": 400,
                                                       "horizon_years": 6,
                                                       "uncertainty.parameters": False})
    t = decision_summary(simulate.run(sc, reps=2, seed=1, jobs=1, progress=False))
    investor = t[t.payer == "investor"].iloc[0]
    assert investor.reviewed == 0 and "invest in 2" in investor.other
    text = format_decisions(t)
    assert "every initiative, investor (of 2 replications): " in text
    line = next(x for x in text.splitlines() if "investor" in x)
    assert "kept paying" not in line and "bond lost" in line, line
