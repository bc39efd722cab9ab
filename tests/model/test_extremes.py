"""Valid but extreme scenarios run to the end (or are refused with a reason); none hangs."""
from __future__ import annotations

import numpy as np
import pytest

import simulate
from simulate.cli.main import format_summary
from simulate.model.arm import simulate_arm
from simulate.scenario import STATES

# parameters at their base values (issue 16): the amounts below are exact at those values
BASE = {"population.size": 200, "horizon_years": 2, "care.nursing_home_beds": 2,
        "uncertainty.parameters": False}


def run(overrides: dict, reps: int = 2) -> simulate.Results:
    return simulate.run(simulate.load_scenario("dorpsondersteuner", {**BASE, **overrides}), reps=reps,
                        seed=5)


def residents(res: simulate.Results, arm: str = "scenario") -> np.ndarray:
    s = res.series[(res.series.series == "residents") & (res.series.arm == arm)]
    return s.value.to_numpy()


@pytest.mark.timeout(60)
def test_zero_residents():
    res = simulate.run(simulate.load_scenario("dorpsondersteuner", {**BASE, "population.size": 0}),
                       reps=2, seed=5)
    assert (residents(res) == 0).all(), "nobody lives there, nobody is born or moves in"
    s = res.summary.set_index("payer")
    assert list(s.index) == ["wmo"], "only the dorpsondersteuner's salary is paid"
    assert s.loc["wmo", "difference_eur"] == pytest.approx(2 * 75000), "2 years x EUR 75k"
    assert "Wmo" in format_summary(res.summary)


@pytest.mark.timeout(60)
def test_zero_residents_and_no_initiative_books_nothing():
    res = run({"population.size": 0, "initiatives": {}})
    assert res.costs.empty and res.summary.empty, "no costs at all"
    assert format_summary(res.summary).splitlines()[-1].startswith("total")


@pytest.mark.timeout(60)
def test_one_resident_and_one_replication():
    res = run({"population.size": 1}, reps=1)
    assert residents(res)[0] in (0, 1, 2), "one resident (plus perhaps a newcomer)"
    assert res.summary.ci_low_eur.isna().all(), "no interval from one replication"
    assert "n/a" in format_summary(res.summary), "an interval that cannot be computed shows n/a"


@pytest.mark.timeout(60)
def test_a_payer_missing_from_some_replications_counts_as_zero():
    res = run({"population.size": 2}, reps=6)
    seen = res.costs.groupby("payer").replication.nunique()
    assert seen["residents"] < 6, "residents pay in only some replications (seed 5)"
    s = res.summary.set_index("payer")
    assert (s.replications == 6).all(), "every payer is averaged over all 6 replications"
    paid = res.costs[(res.costs.payer == "residents") & (res.costs.arm == "scenario")].eur.sum()
    assert s.loc["residents", "scenario_eur"] == pytest.approx(paid / 6), \
        "the mean counts the replications without costs as zero"


@pytest.mark.timeout(60)
def test_everyone_in_the_oldest_age_band():
    res = run({"population.age_weights": {"95+": 1}, "population.size": 300})
    start = res.population[(res.population.year == 2025) & (res.population.arm == "scenario")]
    assert set(start.age_band) == {"95+"}, "everyone starts aged 95 or older"
    moved_in = res.events[res.events.event == "move_in"]["count"].sum()
    assert moved_in == 0, "newcomers come from the working-age part of the structure: none"
    deaths = res.events[res.events.event == "death"]["count"].sum()
    assert deaths > 0.3 * 300 * 2 * 2, "most of the very old die within two years"


@pytest.mark.timeout(60)
def test_no_beds_ever_with_fixed_capacity():
    res = run({"care.nursing_home_beds": 0, "care.capacity": "fixed",
               "population.age_weights": {"85-89": 1}})
    admissions = res.events[res.events.event == "nursing_home_admission"]["count"].sum()
    assert admissions == 0, "no beds: nobody is admitted"
    waiting = res.series[res.series.series == "waiting"].value
    assert waiting.max() > 0, "with fixed capacity Wlz clients wait at home instead"


@pytest.mark.timeout(60)
def test_no_beds_of_its_own_with_capacity_that_follows_demand():
    res = run({"care.nursing_home_beds": 0, "care.capacity": "follows_demand",
               "population.age_weights": {"85-89": 1}})
    admissions = res.events[res.events.event == "nursing_home_admission"]["count"].sum()
    assert admissions == 0, "no home of its own: nobody is admitted in the village"
    placed = res.events[res.events.event == "move_to_care"]["count"].sum()
    assert placed > 0, "the zorgkantoor places the Wlz clients in beds in the region"
    waiting = res.series[res.series.series == "waiting"].value
    assert waiting.max() == 0, "nothing to wait for: every client takes a regional bed at once"


@pytest.mark.timeout(60)
def test_a_horizon_of_one_month():
    res = run({"horizon_years": 1 / 12})
    assert res.series.month.max() == 0, "one monthly step"
    assert set(res.costs.year) == {2025}
    assert len(res.population.year.unique()) == 2, "census at the start and at the end"


@pytest.mark.timeout(120)
def test_sixty_years():
    sc = simulate.load_scenario("village", {**BASE, "population.size": 100,
                                            "horizon_years": 60})
    arm = simulate_arm(sc, seed=2, replication=0)
    assert arm.eur.shape[0] == 60 and arm.census.shape[0] == 61
    assert arm.flows["end"] == arm.census[-1].sum()


@pytest.mark.timeout(120)
def test_a_million_residents_for_one_month():
    sc = simulate.load_scenario("dorpsondersteuner", {"population.size": 1_000_000,
                                                      "horizon_years": 1 / 12,
                                            "care.nursing_home_beds": 10_000})
    arm = simulate_arm(sc, seed=1, replication=0)
    assert arm.census[0].sum() == 1_000_000, "everyone counted at the start"
    share_old = arm.census[0][13:].sum() / 1_000_000
    assert 0.2 < share_old < 0.33, "about 26.5% aged 65+ in the Veenkolonien structure"
    assert arm.cost.sum() > 0 and arm.census.shape[-1] == len(STATES)


def test_a_million_residents_for_twenty_years_is_estimated_not_refused():
    """Big but feasible: the preflight lets it through (about 0.5 GB per process)."""
    from simulate.experiments.preflight import estimate_memory
    sc = simulate.load_scenario("village", {"population.size": 1_000_000})
    assert estimate_memory(sc, reps=1) < 2 * 2**30
