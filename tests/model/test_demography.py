"""Issue 17: mortality by calendar year, smooth pyramids, beds outside the village."""
from __future__ import annotations

import numpy as np
import pytest

import simulate
from simulate.data import table
from simulate.model.arm import simulate_arm
from simulate.model.population.pyramid import FIGURES, fit_pyramid
from simulate.model.population.rates import make_rates, period_life_expectancy


def test_life_expectancy_rises_with_the_trend_and_stays_flat_without_it():
    on = simulate.load_scenario("village")
    off = simulate.load_scenario("village", {"demography.mortality_improvement": False})
    le_on = [period_life_expectancy(on, y, 65).mean() for y in (2025, 2045)]
    le_off = [period_life_expectancy(off, y, 65).mean() for y in (2025, 2045)]
    assert le_off[0] == pytest.approx(le_off[1]), "one life table: no trend"
    # fitted to the Kernprognose 2015-2060: about +0.12 years a year at 65
    assert 0.09 < (le_on[1] - le_on[0]) / 20 < 0.15
    r = make_rates(on)
    assert (np.diff(r.death_by_year[:, :, 80], axis=0) < 0).all(), "death rates fall each year"


def test_stored_pyramids_are_the_smooth_fits_of_their_published_figures():
    figures = table("age_figures")
    ages = table("age_structure")
    nl = np.asarray(ages["nl_2023"])
    cols: dict[str, dict[str, float]] = {}
    for c, f, v in zip(figures["column"], figures["figure"], figures["value"]):
        cols.setdefault(c, {})[f] = float(v)
    for col, figs in cols.items():
        stored = np.asarray(ages[col]) / np.sum(ages[col])
        np.testing.assert_allclose(stored, fit_pyramid(nl, figs), atol=1e-5, err_msg=col)
        for name, value in figs.items():
            assert FIGURES[name](stored) == pytest.approx(value, abs=1e-4), (col, name)
        ratio = stored / (nl / nl.sum())
        # smooth: the ratio to the national pyramid changes gradually from band to band, never
        # a jump (the old stepped column: log(1.30 / 1.05) = 0.21 from 60-64 to 65-69 and 0
        # elsewhere, a change of slope of 0.21)
        steps = np.diff(np.log(ratio))
        assert np.abs(np.diff(steps)).max() < 0.05, col
        assert stored[13] < stored[12], f"{col}: 65-69 smaller than 60-64, as in the cohorts"


def test_pyramids_agree_with_figures_they_were_not_fitted_to():
    """De Staat van Groningen: more residents 65+ than under 20 in Pekela and Veendam since
    2018, in Stadskanaal since 2013 (veenkolonien_region.md 1a)."""
    ages = table("age_structure")
    for col in ("pekela_2021", "veendam_2021", "stadskanaal_2018"):
        v = np.asarray(ages[col]) / np.sum(ages[col])
        assert FIGURES["share_65_plus"](v) > FIGURES["under_20"](v), col


def _arm(**sets):
    sc = simulate.load_scenario("village", {"population.size": 1500, "horizon_years": 6,
                                            "initiatives.dorpsondersteuner.enabled": False,
                                            "initiatives.meeting_place.enabled": False,
                                            "initiatives.volunteer_transport.enabled": False,
                                            **sets})
    return sc, simulate_arm(sc, seed=7, replication=0)


def test_closing_the_home_moves_clients_out_and_the_wlz_keeps_paying_their_beds():
    ev = simulate.scenario.EVENTS.index("move_to_care")
    wlz = simulate.scenario.PAYERS.index("wlz")
    _, open_ = _arm()
    _, closed = _arm(**{"care.bed_changes": {"1": 0}})
    _, fixed = _arm(**{"care.bed_changes": {"1": 0}, "care.capacity": "fixed"})
    assert closed.events[:, ev].sum() > open_.events[:, ev].sum()
    assert fixed.events[:, ev].sum() == 0, "fixed capacity: no beds outside the village"
    assert closed.monthly["beds_outside"][-1] > 0
    assert closed.monthly["waiting"][24:].mean() < fixed.monthly["waiting"][24:].mean()
    # the Wlz pays the beds elsewhere: closing the home does not make it cheaper
    assert closed.eur[:, wlz].sum() >= open_.eur[:, wlz].sum()
    assert fixed.eur[:, wlz].sum() < closed.eur[:, wlz].sum(), (
        "only when nobody is placed does waiting at home make the Wlz cheaper")


def test_closing_a_full_home_moves_its_residents_and_does_not_make_the_wlz_cheaper():
    """Issue 17: a home with a full waiting list closes in year 1. Its residents are moved to
    beds in the region (not discharged), and with no home of its own to wait for every new
    client takes a regional bed in the month of the indication, as a client of a village with
    a free bed is admitted at once: nobody waits at home on cheaper Wlz care because the home
    closed, so the Wlz's spending does not fall (it rises: the open home's waiting list ends)."""
    wlz = simulate.scenario.PAYERS.index("wlz")
    ev = simulate.scenario.EVENTS.index("move_to_care")
    full = {"care.nursing_home_beds": 8, "care.accept_outside_share": 0.2}
    _, open_ = _arm(**full)
    _, closed = _arm(**full, **{"care.bed_changes": {"1": 0}})
    wait_open = np.asarray(open_.monthly["waiting"])[12:]
    assert wait_open.mean() >= 3, "the open home is full, with a waiting list"
    in_home = np.asarray(closed.monthly["state.nursing_home"]) - np.asarray(
        closed.monthly["beds_outside"])
    assert in_home[11] > 0 and (in_home[12:] == 0).all(), "the closed home's residents moved"
    moves = lambda arm: arm.events[1:, ev].sum()  # noqa: E731
    assert moves(closed) >= moves(open_) + in_home[11], "each of them moved (move_to_care)"
    # nobody waits for a home that is gone: at most a newcomer now and then, until next month
    assert np.asarray(closed.monthly["waiting"])[12:].mean() < 0.2
    assert closed.eur[:, wlz].sum() >= open_.eur[:, wlz].sum()


def test_projection_checks_a_short_run_and_refuses_one_too_short():
    from simulate.calibration.projection import projection_table, validate_projection
    sc = simulate.load_scenario("village", {"population.size": 400})
    report = validate_projection(sc, reps=2, jobs=1)
    table = report.table.set_index("id")
    assert len(table) == 16 and table["model"].notna().all()
    assert table.loc["share_65_2035_nl", "run"] == "national"
    assert table.loc["le60_women_2040", "model"] > table.loc["le60_men_2040", "model"]
    short = simulate.run(simulate.load_scenario("village", {"population.size": 200,
                                                            "horizon_years": 5}), reps=1)
    with pytest.raises(ValueError, match="needs 15 years; the run has 5"):
        projection_table(sc, short)


def test_the_municipality_stops_paying_for_clients_placed_in_a_bed_elsewhere():
    """Issue 17: a client placed outside the village moved (``move_to_care``): the village's
    Wmo and public health no longer pay for them; the Wlz still pays their bed. The Wmo service
    here is given a use in the nursing home so that the placed clients would cost it."""
    sc, arm = _arm(**{"care.bed_changes": {"1": 0}, "services.begeleiding.use_per_month":
                      {"frail": 1.4, "homecare": 3, "wlz_home": 3, "nursing_home": 5}})
    m = arm.monthly
    outside = np.asarray(m["beds_outside"])
    assert outside[-12:].min() > 0, "closing the home places clients elsewhere"
    in_village_nh = np.asarray(m["state.nursing_home"]) - outside
    hours = (1.4 * np.asarray(m["state.frail"]) + 3 * np.asarray(m["state.homecare"])
             + 3 * np.asarray(m["state.wlz_home"]) + 5 * in_village_nh)
    j = arm.services.index("begeleiding")
    assert arm.cost[:, j].sum() == pytest.approx(64.0 * hours.sum(), rel=1e-9)
    residents = np.asarray(m["residents"]) - outside
    k = arm.services.index("publieke_gezondheid")
    assert arm.cost[:, k].sum() == pytest.approx(3.5 * residents.sum(), rel=1e-9)
    # the Wlz pays every bed, inside the village or not
    nh = arm.services.index("verpleeghuis")
    assert arm.cost[:, nh].sum() == pytest.approx(
        290.0 * 30.44 * np.asarray(m["state.nursing_home"]).sum(), rel=1e-9)


def test_newcomers_age_bands_are_exactly_what_numpy_choice_draws():
    """``draw_numbers`` computes the bands as ``Generator.choice(p=...)`` does, without its
    checks (a speed step of issue 15): the same bands and the generator left at the same
    place, for weights with empty bands and sizes from one newcomer up. If numpy changes
    its ``choice``, this fails (and the model's numbers would move)."""
    from simulate.model.population.residents import N_BANDS, N_TRAIT_DRAWS, draw_numbers
    pick = np.random.default_rng(5)
    for t in range(300):
        w = pick.random(N_BANDS) * (pick.random(N_BANDS) < 0.6) * pick.integers(1, 40)
        if not w.sum() > 0:
            continue
        k = int(pick.integers(1, 40))
        a = np.random.Generator(np.random.Philox(t))
        b = np.random.Generator(np.random.Philox(t))
        want = a.choice(N_BANDS, size=k, p=w / w.sum())
        want_u = a.random((N_TRAIT_DRAWS, k))
        band, u = draw_numbers(b, k, w)
        assert np.array_equal(band, want) and np.array_equal(u, want_u), t
        assert a.random() == b.random(), "the generator is left where choice leaves it"
        assert (w[band] > 0).all(), "nobody is drawn into an empty band"


def _arrivals_afresh(sc, women, alive, births_rng, in_rng, base):
    """The newcomers of a month computed from scratch (before the step of issue 15 that keeps
    the bands' cumulative shares per count)."""
    from simulate.model.population.demography import IN_MIGRANT_MAX_BAND, OLDER_BANDS
    from simulate.model.population.residents import draw_numbers
    d = sc.demography
    k_born = births_rng.poisson(d.births_per_1000_women_15_49 / 1000 / 12 * women)
    born = births_rng.random(k_born) if k_born else np.empty(0)
    alive += k_born
    k = in_rng.poisson(d.in_migration_per_1000 / 1000 / 12 * alive)
    k_old = in_rng.poisson(d.older_in_migration_per_1000 / 1000 / 12 * alive)
    weights = np.zeros_like(base)
    if k:
        young = base.copy()
        young[IN_MIGRANT_MAX_BAND:] = 0.0
        weights += k * young / young.sum() if young.sum() > 0 else 0.0
    if k_old:
        old = np.zeros_like(base)
        old[OLDER_BANDS] = base[OLDER_BANDS]
        weights += k_old * old / old.sum() if old.sum() > 0 else 0.0
    if not weights.sum() > 0:
        return born, np.empty(0, dtype=np.int64), None
    band, u = draw_numbers(in_rng, k + k_old, weights)
    return born, band, u


@pytest.mark.parametrize("weights", [{}, {"95+": 1.0}, {"20-24": 2.0, "70-74": 1.0}])
def test_newcomers_drawn_with_kept_band_shares_are_those_drawn_afresh(weights):
    """``ArrivalDraws`` keeps each count's cumulative band shares (issue 15): month after
    month, the same newborns, bands and traits as computing them afresh, also for villages
    whose weights leave the young or the older newcomers no band."""
    from simulate.model.population.demography import ArrivalDraws
    from simulate.model.population.residents import age_weights
    sc = simulate.load_scenario("village", {"population.age_weights": weights} if weights
                                else {})
    base = age_weights(sc)
    kept = ArrivalDraws(sc, base)
    pick = np.random.default_rng(3)
    seen = 0
    for t in range(400):
        women, alive = int(pick.integers(0, 4000)), int(pick.integers(0, 40000))
        gens = [np.random.Generator(np.random.Philox(t + 1000 * (j % 2))) for j in range(4)]
        got = kept.draw(women, alive, gens[0], gens[1])
        born, band, u = _arrivals_afresh(sc, women, alive, gens[2], gens[3], base)
        assert np.array_equal(got.born, born) and np.array_equal(got.band, band), t
        assert (got.u.size == 0 and u is None) or np.array_equal(got.u, u), t
        assert gens[1].random() == gens[3].random(), "the generator is left at the same place"
        seen += len(band)
    assert len(kept._cdf) < 400, "counts repeat: the shares are reused"
    assert seen > 1000 or weights == {"95+": 1.0}, "only the 95+ has no newcomers' ages"
