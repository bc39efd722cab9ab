"""Issue 17: the age-standardised spending growth (calibration/standardise.py) and the national
variant of the projection validation (calibration/projection.py)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import simulate
from simulate.calibration.projection import variant_of
from simulate.calibration.standardise import SEXES, age_profile, expected_growth
from simulate.data import AGE_BANDS


def _tables(mixes: dict[int, dict[str, float]], eur_per_resident: dict[str, np.ndarray]):
    """Population (one replication, women only) of ``mixes`` {year: {band: residents}} and
    costs per koker that are exactly ``eur_per_resident[koker][band]`` times residents."""
    pop, costs = [], []
    for year, mix in mixes.items():
        for band, n in mix.items():
            pop.append({"replication": 0, "year": year, "age_band": band, "sex": "female",
                        "residents": n})
        for koker, per in eur_per_resident.items():
            eur = sum(n * per[AGE_BANDS.index(b)] for b, n in mix.items())
            costs.append({"replication": 0, "year": year, "payer": koker, "eur": eur})
    return pd.DataFrame(pop), pd.DataFrame(costs)


def test_an_unchanged_age_mix_implies_no_growth():
    pop, costs = _tables({2025: {"40-44": 50, "85-89": 10}, 2035: {"40-44": 100, "85-89": 20}},
                         {"zvw": age_profile("zvw")[:, 1], "wpg": np.full(20, 42.0)})
    assert expected_growth(pop, costs, 2025, 2035, [0])[0] == pytest.approx(0.0, abs=1e-12)


def test_spending_that_follows_the_profile_grows_exactly_as_expected():
    """Analytic case: spending per resident of each age is the profile, so the model's growth
    per resident and the standardised expectation are one number; a koker without a profile
    (public health per resident) dilutes it by its share."""
    zvw, wlz = age_profile("zvw")[:, 1] * 1.0, age_profile("wlz")[:, 1] * 80_000
    mixes = {2025: {"40-44": 70, "80-84": 20, "90-94": 10},
             2045: {"40-44": 50, "80-84": 30, "90-94": 20}}
    pop, costs = _tables(mixes, {"zvw": zvw, "wlz": wlz, "wpg": np.full(20, 50.0)})
    per_res = [costs[costs.year == y].eur.sum() / sum(mixes[y].values()) for y in (2025, 2045)]
    model = (per_res[1] / per_res[0]) ** (1 / 20) - 1
    assert expected_growth(pop, costs, 2025, 2045, [0])[0] == pytest.approx(model, rel=1e-12)
    wlz_only = expected_growth(pop, costs, 2025, 2045, [0], "wlz")[0]
    share = lambda y: (0.122 * mixes[y]["80-84"] + 0.36 * mixes[y]["90-94"]) / 100  # noqa: E731
    assert wlz_only == pytest.approx((share(2045) / share(2025)) ** (1 / 20) - 1, rel=1e-9)
    assert wlz_only > model > 0, "an ageing mix raises the Wlz most"


def test_profiles_rise_with_age_and_cover_every_band_and_sex():
    for koker in ("zvw", "wlz", "wmo"):
        p = age_profile(koker)
        assert p.shape == (len(AGE_BANDS), len(SEXES))
        assert p[-1].min() > p[13].max(), f"{koker}: 95+ uses more than 65-69"


def test_the_national_variant_has_the_nations_pyramid_with_its_sources():
    sc = simulate.load_scenario("village")
    nl = variant_of(sc, "national")
    assert nl.population.age_structure == "nl_2023"
    assert nl.demography.care_move_annual == 0.0
    assert sc.population.age_structure == "drenthe_2023", "the scenario itself is unchanged"
    assert "7461BEV" in nl.sources["population.age_structure"].text
    with pytest.raises(ValueError, match="projection_variants.csv has national"):
        variant_of(sc, "regional")


def test_the_standardised_check_fails_a_model_whose_spending_per_age_drifts():
    """The row's target is the run's own expectation: spending that follows the profile
    passes, the same spending growing 2% a year faster at every age fails."""
    from simulate.calibration.projection import load_projection_targets, projection_table
    from simulate.results.tables import Results
    sc = simulate.load_scenario("village")
    rows = load_projection_targets()
    rows = rows[rows["id"] == "total_spend_growth_std"]
    profile = age_profile("zvw")[:, 1]
    years = range(sc.start_year, sc.start_year + 21)

    def run(drift: float) -> Results:
        pop, costs = [], []
        for rep in (0, 1):
            for k, year in enumerate(years):
                mix = {"40-44": 100 - 2 * k + rep, "85-89": 10 + k}
                pop += [{"arm": "counterfactual", "replication": rep, "year": year,
                         "age_band": b, "sex": "female", "state": "vital", "residents": n}
                        for b, n in mix.items()]
                eur = sum(n * profile[AGE_BANDS.index(b)] for b, n in mix.items())
                costs.append({"arm": "counterfactual", "replication": rep, "year": year,
                              "payer": "zvw", "service": "overige_zvw",
                              "eur": eur * (1 + drift) ** k})
        return Results({"population": pd.DataFrame(pop), "costs": pd.DataFrame(costs)})

    steady = projection_table(sc, run(0.0), rows).iloc[0]
    assert steady["target"] > 0.01 and steady["model"] == pytest.approx(steady["target"])
    assert steady["within"]
    drifting = projection_table(sc, run(0.02), rows).iloc[0]
    assert drifting["target"] == pytest.approx(steady["target"])
    assert drifting["model"] - drifting["target"] == pytest.approx(0.02, abs=0.002)
    assert not drifting["within"]
