"""Fixes after a domain audit of the model (issue 7): each test fails on the old behaviour.

* an initiative without volunteers delivered nothing but counted as fully staffed;
* small-scale housing billed the Wlz twice and took residents without a Wlz indication;
* a Right to Challenge dropped the users' eigen bijdrage;
* residents paid into the pot of shared savings and of an innovatiecontract.
"""
from __future__ import annotations

import numpy as np
import pytest

import simulate
from simulate.model.initiatives.base import RUNNING, make_initiatives
from simulate.model.population.residents import HOMECARE, WLZ_HOME, Residents
from simulate.scenario.schema import PAYERS

SMALL = {"population.size": 1500, "horizon_years": 5, "care.nursing_home_beds": 15}


def scenario_series(res, name: str):
    return res.series[(res.series.series == name) & (res.series.arm == "scenario")]


def transport_only(recruit: float):
    """The village with volunteer transport as its only initiative."""
    return simulate.run(simulate.load_scenario("village", {
        **SMALL, "initiatives.dorpsondersteuner.enabled": False,
        "initiatives.meeting_place.enabled": False, "volunteers.recruit_annual": recruit}),
        reps=2, seed=4)


def service_diff(res, service: str) -> float:
    t = res.costs[res.costs.service == service].groupby("arm").eur.sum()
    return float(t.get("scenario", 0) - t.get("counterfactual", 0))


def test_transport_without_volunteers_delivers_nothing_and_collapses():
    none = transport_only(0.0)
    members = scenario_series(none, "members.volunteer_transport")
    quality = scenario_series(none, "quality.volunteer_transport")
    assert members.value.max() == 0, "no volunteers: no places, nobody is driven"
    assert quality.value.max() == 0, "no volunteers: it never works"
    assert (none.decisions.decision == "collapse").any(), "and it collapses"
    assert service_diff(none, "wmo_vervoer") == 0, "no Wmo taxi ride is replaced"


def test_transport_with_volunteers_still_works():
    ok = transport_only(0.25)   # the village's default recruitment
    assert scenario_series(ok, "members.volunteer_transport").value.max() > 0, "members join"
    assert scenario_series(ok, "volunteers.volunteer_transport").value.max() > 0
    assert service_diff(ok, "wmo_vervoer") < 0, "volunteers drive: fewer Wmo taxi rides"


def housing_initiative():
    sc = simulate.load_scenario("care_home_closes", {"population.size": 200})
    ini = next(i for i in make_initiatives(sc) if i.spec.effects.replaces_bed)
    ini.status, ini.ramp = RUNNING, 1.0
    return ini


def test_housing_admits_only_wlz_clients_waiting_ones_first():
    ini = housing_initiative()
    places = ini.places()
    n = 4 * places
    res = Residents(n)
    state = np.array([HOMECARE, WLZ_HOME] * (n // 2), dtype=np.int8)
    res.append({"age_m": np.full(n, 85 * 12, dtype=np.int32), "state": state})
    waiting = np.zeros(n, dtype=bool)
    waiting[1::4] = True        # half of the Wlz clients wait for a bed: exactly the places
    res.view("waiting")[:] = waiting
    joined, _ = ini.step(res, np.zeros(n, dtype=np.float32))   # u = 0: everyone is found
    members = ini.members(res)
    assert joined == places == members.sum(), f"the house fills its {places} places"
    assert (res.view("state")[members] == WLZ_HOME).all(), "no member without a Wlz indication"
    assert members[waiting].all(), "those waiting for a bed come first"


@pytest.fixture(scope="module")
def care_home_closes():
    # fixed capacity: the region's beds are full too, so clients wait at home (with capacity
    # that follows demand the zorgkantoor places them elsewhere: tests/test_demography.py)
    over = {"population.size": 1500, "horizon_years": 8, "care.capacity": "fixed"}
    def run(enabled: bool):  # noqa: E306
        return simulate.run(simulate.load_scenario(
            "care_home_closes", {**over, "initiatives.kleinschalig_wonen.enabled": enabled}),
            reps=2, seed=2)
    return run(True), run(False)


def test_housing_replaces_wlz_care_at_home_and_shortens_the_wait(care_home_closes):
    house, none = care_home_closes
    wlz_home = lambda r: r.costs[(r.costs.arm == "scenario")  # noqa: E731
                                 & (r.costs.service == "wlz_thuis")].eur.sum()
    assert wlz_home(house) < wlz_home(none), "the house's VPT replaces Wlz care at home"
    members = scenario_series(house, "members.kleinschalig_wonen")
    assert members.value.max() > 0, "the house has residents"
    months = members[members.value > 0].month.unique()
    wait = lambda r: scenario_series(r, "waiting")  # noqa: E731
    w1 = wait(house)[wait(house).month.isin(months)].value.mean()
    w0 = wait(none)[wait(none).month.isin(months)].value.mean()
    mean_members = members[members.month.isin(months)].value.mean()
    assert 0 < w0 - w1 <= 1.5 * mean_members, (
        f"the waiting list shrinks by about the house's members: {w0 - w1:.1f} "
        f"vs {mean_members:.1f}")
    # with no double billing, Wlz care at home falls by at least 3/4 of a client-month
    # (EUR 2,500) per member-month of the house (members' care states may still change)
    saved = wlz_home(none) - wlz_home(house)          # both summed over the replications
    member_months = members.value.sum()
    assert saved >= 0.75 * 2500 * member_months, (
        f"Wlz at home saves {saved:,.0f} over {member_months:.0f} member-months")


def residents_paid(res, service: str) -> float:
    c = res.costs[(res.costs.arm == "scenario") & (res.costs.payer == "residents")
                  & (res.costs.service == service)]
    return float(c.eur.sum())


def test_right_to_challenge_keeps_the_eigen_bijdrage():
    """Same users with and without the regime (the initiative works only via the regime
    here: no effect on anyone's health), so the same eigen bijdrage for household help."""
    over = {"population.size": 800, "horizon_years": 5, "care.nursing_home_beds": 8,
            "initiatives.cooperatie.capacity": 0, "initiatives.cooperatie.fixed_cost_eur": 0.0,
            "initiatives.cooperatie.per_participant_eur": 0.0}
    rtc = simulate.run(simulate.load_scenario("right_to_challenge", over), reps=2, seed=6)
    sil = simulate.run(simulate.load_scenario(
        "right_to_challenge", {**over, "financing.regime": "siloed"}), reps=2, seed=6)
    accepted = (rtc.decisions.decision == "challenge accepted").sum()
    assert accepted == 2, "the municipality accepts in both replications"
    assert residents_paid(rtc, "huishoudelijke_hulp") < residents_paid(sil, "huishoudelijke_hulp")
    copay_rtc = residents_paid(rtc, "huishoudelijke_hulp") + residents_paid(rtc, "cooperatie")
    assert copay_rtc == pytest.approx(residents_paid(sil, "huishoudelijke_hulp"), rel=1e-9), (
        "the users' eigen bijdrage is the same whoever delivers the household help")


@pytest.mark.parametrize("regime, extra", [
    ("shared_savings", {"financing.shared_savings.share_to_investors": 0.5}),
    ("innovatiecontract", {"financing.innovatiecontract.measure_years": 2}),
])
def test_residents_are_no_party_to_an_agreement_between_payers(regime, extra):
    over = {"population.size": 800, "horizon_years": 6, "care.nursing_home_beds": 8,
            "financing.regime": regime, **extra}
    res = simulate.run(simulate.load_scenario("dorpsondersteuner", over), reps=2, seed=8)
    tr = res.costs[(res.costs.service == "transfers") & (res.costs.arm == "scenario")]
    by_payer = tr.groupby("payer").eur.sum().reindex(PAYERS, fill_value=0.0)
    assert (tr.eur != 0).any(), f"{regime} moves money between payers"
    for outsider in ("residents", "funds", "investor"):
        assert by_payer[outsider] == 0, f"{outsider} neither pay into nor share the pot"
    assert by_payer.sum() == pytest.approx(0, abs=1e-6), "transfers sum to zero"
