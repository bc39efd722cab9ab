"""Other Zvw care by age (services.overige_zvw): booked by age band, derived as the residual of
Vektis spending by age over the model's own Zvw services, shared by insurers by the age of their
insured (issue 7: Zvw spend per resident)."""
from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

import simulate
from simulate.calibration.zvw_other import SERVICE, model_zvw_by_band, other_by_band, toml_line
from simulate.data import AGE_BANDS, table
from simulate.model.arm import EV
from simulate.model.care.services import MonthCounts, ServiceTable, service_units
from simulate.model.population.insurance import Insurance
from simulate.model.population.residents import Residents
from simulate.results.prices import price_factor


def _counts(by_band: np.ndarray, n_states: int, n_events: int) -> MonthCounts:
    return MonthCounts(by_state=np.zeros(n_states), no_carer=np.zeros(n_states), waiting=0,
                       events=np.zeros(n_events), by_band=by_band)


def test_a_service_by_age_costs_its_band_rate_times_the_residents_of_each_band():
    sc = simulate.load_scenario("village")
    t = ServiceTable.from_scenario(sc)
    j = t.names.index(SERVICE)
    by_band = np.zeros(len(AGE_BANDS))
    by_band[AGE_BANDS.index("80-84")] = 10
    by_band[AGE_BANDS.index("20-24")] = 100
    units = service_units(t, _counts(by_band, t.use.shape[1], t.per_event.shape[1]))
    rates = sc.services[SERVICE].per_resident_by_age
    assert units[j] == pytest.approx(10 * rates["80-84"] + 100 * rates["20-24"]), \
        "units = sum over bands of residents x units per resident-month"
    others = [k for k in range(len(t.names)) if k != j]
    assert np.all(units[others] == 0), "no resident in any care state: no state-based care"


def test_the_scenario_uses_the_derived_table():
    derived = pd.DataFrame(table("zvw_by_age")).set_index("age_band")["other_eur_month"]
    given = simulate.load_scenario("village").services[SERVICE].per_resident_by_age
    assert {b: given[b] for b in AGE_BANDS} == pytest.approx(derived.to_dict()), \
        "village.toml's overige_zvw equals data/zvw_by_age.csv: rerun " \
        "`python -m simulate.calibration.zvw_other` and paste its line"


def test_the_residual_plus_the_models_own_part_gives_vektis_by_age():
    sc = simulate.load_scenario("village")
    model = model_zvw_by_band(sc, years=1, reps=1, size=4000, seed=3)
    other = other_by_band(model, sc.price_year)
    old = ["70-74", "75-79", "80-84", "85-89"]
    assert (model.loc[old, "model_eur"].diff().dropna() > 0).all(), \
        "older residents use more of the model's own Zvw care (GP, wijkverpleging, hospital)"
    total = other["other_eur_month"] * 12 + model["model_eur"]
    assert total.to_numpy() == pytest.approx(other["vektis_eur"].to_numpy(), abs=1.0), \
        "residual + model = Vektis at the scenario's price year, in every band"
    raw = pd.DataFrame(table("zvw_by_age")).set_index("age_band")
    lo = raw[["men_2018", "women_2018"]].min(axis=1) * price_factor(2018, sc.price_year)
    hi = raw[["men_2018", "women_2018"]].max(axis=1) * price_factor(2018, sc.price_year)
    assert ((other["vektis_eur"] >= lo - 1) & (other["vektis_eur"] <= hi + 1)).all(), \
        "the sex-weighted figure lies between the men's and the women's"
    assert toml_line(other).startswith('per_resident_by_age = { "0-4" = ')


def test_insurers_bear_other_zvw_care_by_the_age_of_their_insured():
    sc = simulate.load_scenario("village")
    only = {SERVICE: sc.services[SERVICE]}
    t = ServiceTable.from_scenario(dataclasses.replace(sc, services=only))
    ins = Insurance(sc)
    res = Residents(4)
    res.append({"age_m": np.array([85, 85, 30, 30], np.int32) * 12,
                "state": np.zeros(4, np.int8)})
    res.view("insurer")[:] = [0, 0, 1, 2]
    shares = ins.zvw_shares(res, t, {}, EV)
    rates = sc.services[SERVICE].per_resident_by_age
    old, young = rates["85-89"], rates["30-34"]
    assert shares == pytest.approx(np.array([2 * old, young, young]) / (2 * old + 2 * young)), \
        "each insurer's share is the age-based care of its own insured"


def test_capitation_weights_are_the_vektis_profile():
    raw = pd.DataFrame(table("zvw_by_age")).set_index("age_band")
    weights = pd.DataFrame(table("capitation_weights")).set_index("age_band")["vektis_2018"]
    assert weights.to_numpy() == pytest.approx(
        ((raw.men_2018 + raw.women_2018) / 2).to_numpy(), abs=0.51), \
        "the population budget is risk-adjusted with the same Vektis figures, men and women averaged"
