"""Each initiative type does what its rule says; volunteers make or break an initiative."""
from __future__ import annotations

import pytest

import simulate
from simulate.scenario.loader import initiative_types

BASE = {"population.size": 1500, "horizon_years": 5, "care.nursing_home_beds": 15}


def only(kind: str, village: dict | None = None, **extra):
    """The village with a single initiative of this type (the village's own switched off)."""
    over = {**BASE, **(village or {}), "initiatives.dorpsondersteuner.enabled": False,
            "initiatives.meeting_place.enabled": False,
            "initiatives.volunteer_transport.enabled": False,
            "initiatives.test.type": kind, **{f"initiatives.test.{k}": v for k, v in extra.items()}}
    return simulate.run(simulate.load_scenario("village", over), reps=2, seed=12)


def diff(res, what: str, kind: str = "event") -> float:
    """Scenario minus counterfactual of an event count, a service cost or a series total."""
    if kind == "event":
        t = res.events[res.events.event == what].groupby("arm")["count"].sum()
    elif kind == "service":
        t = res.costs[res.costs.service == what].groupby("arm").eur.sum()
    else:
        t = res.series[res.series.series == what].groupby("arm").value.sum()
    return float(t.get("scenario", 0) - t.get("counterfactual", 0))


def test_catalogue_has_every_type_of_the_seeds():
    assert set(initiative_types()) == set(simulate.scenario.schema.INITIATIVE_TYPES)


@pytest.mark.parametrize("kind, extra, what, where", [
    ("fall_prevention", {"capacity": 200}, "fall", "event"),
    ("day_activities", {"capacity": 60}, "dagbesteding", "service"),
    ("neighbour_help", {"capacity": 80}, "huishoudelijke_hulp", "service"),
    ("volunteer_transport", {"capacity": 150}, "wmo_vervoer", "service"),
    ("meeting_place", {"capacity": 150}, "lonely", "series"),
    ("carer_support", {"caseload_per_fte": 400}, "carer_dropout", "event"),
    ("meals", {"capacity": 100, "effects.progression_multiplier": 0.5}, "wlz_indication", "event"),
    ("dorpsondersteuner", {}, "huisarts", "service"),
    ("small_scale_housing", {"capacity": 30, "village": {"care.nursing_home_beds": 3}},
     "waiting", "series"),
])
def test_type_moves_its_outcome_down(kind, extra, what, where):
    res = only(kind, **extra)
    members = res.series[(res.series.series == "members.test") & (res.series.arm == "scenario")]
    assert members.value.max() > 0, f"{kind} finds members"
    assert diff(res, what, where) < 0, f"{kind} lowers {what}"


def test_initiative_without_volunteers_loses_its_effect():
    ok = only("meeting_place", capacity=150)
    none = simulate.run(simulate.load_scenario("village", {
        **BASE, "initiatives.dorpsondersteuner.enabled": False,
        "initiatives.volunteer_transport.enabled": False, "initiatives.meeting_place.capacity": 150,
        "volunteers.recruit_annual": 0.0}), reps=2, seed=12)
    q = none.series[(none.series.series == "quality.meeting_place") & (none.series.arm == "scenario")]
    assert q.value.max() == 0, "no volunteers: it never works"
    assert (none.decisions.decision == "collapse").any(), "and it collapses"
    assert diff(none, "lonely", "series") == 0 > diff(ok, "lonely", "series")
    vol = ok.hours[(ok.hours.kind == "volunteer") & (ok.hours.arm == "scenario")].hours.sum()
    assert vol > 0, "volunteer hours are reported (as hours, not euros)"


def test_overload_burns_volunteers_out():
    calm = simulate.run(simulate.load_scenario("village", {
        **BASE, "initiatives.dorpsondersteuner.enabled": False, "initiatives.meeting_place.enabled": False,
        "initiatives.volunteer_transport.enabled": False, "initiatives.nb.type": "neighbour_help",
        "initiatives.nb.volunteer_hours_per_participant": 20.0, "volunteers.burnout_hours": 744}),
        reps=2, seed=3)
    tired = simulate.run(simulate.load_scenario("village", {
        **BASE, "initiatives.dorpsondersteuner.enabled": False, "initiatives.meeting_place.enabled": False,
        "initiatives.volunteer_transport.enabled": False, "initiatives.nb.type": "neighbour_help",
        "initiatives.nb.volunteer_hours_per_participant": 20.0, "volunteers.burnout_hours": 5,
        "volunteers.burnout_multiplier": 10.0, "volunteers.recruit_annual": 0.02}), reps=2, seed=3)
    q = lambda r: r.series[(r.series.series == "quality.nb") & (r.series.arm == "scenario")].value.mean()  # noqa: E731
    assert q(tired) < q(calm), "overloaded volunteers leave and the initiative works less well"
