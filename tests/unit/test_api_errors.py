"""The Python API's answers to the slips students make most: a clear message that says what to
pass, never an AttributeError from deep inside pandas or the model."""
from __future__ import annotations

import pandas as pd
import pytest

import simulate
from simulate import charts
from simulate.analysis import fair_share, koker_summary, outcomes, wrong_pocket
from simulate.results.tables import Results
from simulate.text import titles


def test_run_accepts_a_ready_scenarios_name(small_scenario):
    """simulate.run("village") loads the scenario instead of failing on 'str'.run (running the
    full village would be slow here: the step that turns the name into a scenario is tested)."""
    from simulate.experiments.runner import as_scenario
    assert as_scenario("village") == simulate.load_scenario("village"), "a name loads it"
    assert as_scenario(small_scenario) is small_scenario, "a Scenario passes through as is"


def test_run_with_a_path_gives_the_same_numbers(tmp_path):
    """A TOML path runs exactly like the scenario loaded from it."""
    path = tmp_path / "tiny.toml"
    path.write_text('extends = "village.toml"\nhorizon_years = 1\n[population]\nsize = 150\n')
    direct = simulate.run(simulate.load_scenario(path), reps=1, seed=3)
    by_path = simulate.run(str(path), reps=1, seed=3)
    pd.testing.assert_frame_equal(direct.summary, by_path.summary)


@pytest.mark.parametrize("bad", [3, ["village"], pd.DataFrame()])
def test_run_rejects_what_is_not_a_scenario(bad):
    with pytest.raises(TypeError, match=r"simulate.run\(\) takes a scenario"):
        simulate.run(bad)


@pytest.mark.parametrize("reps", ["3", 2.5, True])
def test_run_rejects_reps_that_are_not_whole_numbers(small_scenario, reps):
    with pytest.raises(TypeError, match="reps must be a whole number"):
        simulate.run(small_scenario, reps=reps, seed=1)


def test_run_rejects_a_text_seed(small_scenario):
    with pytest.raises(TypeError, match="seed must be a whole number"):
        simulate.run(small_scenario, reps=1, seed="1")


def test_missing_table_names_the_tables_there_are(small_results):
    with pytest.raises(AttributeError) as info:
        small_results.costz  # noqa: B018  (the attribute access is what is tested)
    message = str(info.value)
    assert "no table 'costz'" in message, message
    assert "costs" in message and "summary" in message, f"lists the tables: {message}"


def test_missing_dunder_stays_a_plain_attribute_error(small_results):
    """copy and pickle probe for dunders; their AttributeError must stay as they expect."""
    import copy
    assert copy.copy(small_results).tables is small_results.tables, "copy still works"
    assert not hasattr(small_results, "__array__"), "hasattr still answers False"


@pytest.mark.parametrize("func", [wrong_pocket, koker_summary, fair_share, outcomes])
def test_analysis_given_a_table_says_pass_the_results(func, small_results):
    with pytest.raises(TypeError, match=r"pass results itself"):
        func(small_results.costs)


def test_analysis_given_a_results_without_costs_says_what_it_needs(small_results):
    only_summary = Results(tables={"summary": small_results.summary}, metadata={})
    with pytest.raises(ValueError, match=r"wrong_pocket\(\) needs the table\(s\) costs"):
        wrong_pocket(only_summary)


@pytest.mark.parametrize("chart", [charts.who_pays, charts.care_states,
                                   charts.population_pyramid, charts.wrong_pocket_heatmap])
def test_run_chart_given_a_table_says_pass_the_results(chart, small_results):
    with pytest.raises(TypeError, match=r"takes the Results of simulate.run"):
        chart(small_results.costs)


@pytest.mark.parametrize("chart", [charts.tornado, charts.sobol])
def test_table_chart_given_a_results_says_which_table(chart, small_results):
    with pytest.raises(TypeError, match=rf"pass the {chart.__name__} table"):
        chart(small_results)


def test_run_chart_without_the_needed_table_names_it(small_results):
    only_costs = Results(tables={"costs": small_results.costs}, metadata={})
    with pytest.raises(AttributeError, match=r"no table 'population'"):
        charts.population_pyramid(only_costs)


@pytest.mark.parametrize("start, end, expected", [
    (0.271, 0.2714, "stays at 27.1%"),          # equal at one decimal: no "grow from 27% to 27%"
    (0.2712, 0.2740, "from 27.1% to 27.4%"),    # equal at 0 decimals: one decimal shows it
    (0.25, 0.30, "from 25% to 30%"),
])
def test_ageing_title_never_grows_from_a_share_to_the_same_share(start, end, expected):
    title = titles.ageing(start, end, "en")
    assert expected in title, title


@pytest.mark.parametrize("diff, expected", [
    (0.5, "about one more resident is"), (-1.4, "about one fewer resident is"),
    (2.6, "3 more residents are"), (0.3, "as many residents"),
])
def test_care_states_title_counts_whole_residents(diff, expected):
    title = titles.care_states(diff, 2030, "en")
    assert expected in title, title
    assert ".5" not in title and ".4" not in title, f"no fractional persons: {title}"


@pytest.mark.parametrize("make", [lambda r: r, lambda r: r.costs, lambda r: {"a": r.costs},
                                  lambda r: [r, r.summary]])
def test_compare_scenarios_says_it_takes_several_runs(make, small_results):
    with pytest.raises(TypeError, match=r"compare_scenarios"):
        charts.compare_scenarios(make(small_results))
