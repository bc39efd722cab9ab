"""Members of an initiative leave: it never follows more residents than its capacity, and
nobody is a member after it stops (regression: `~self.running` on a Python bool made the
leave mask an index array, so leavers stayed members)."""
from __future__ import annotations

import simulate


def test_members_stay_within_capacity_and_leave_when_it_stops():
    # a village big enough to fill the places, so that the capacity is a binding limit
    sc = simulate.load_scenario("village", {"population.size": 3000, "horizon_years": 3,
                                            "initiatives.dorpsondersteuner.end_year": 2,
                                            "uncertainty.parameters": False})  # known places
    res = simulate.run(sc, reps=1, seed=7)
    s = res.series[(res.series.series == "members.dorpsondersteuner")
                   & (res.series.arm == "scenario")]
    ini = sc.initiatives["dorpsondersteuner"]   # places as planned: from the type catalogue
    capacity = ini.capacity + ini.caseload_per_fte * ini.fte
    assert capacity > 0, "the dorpsondersteuner has places"
    assert s.value.max() <= capacity, f"at most {capacity:g} members, got {s.value.max():g}"
    assert s[s.month.between(12, 23)].value.min() > 0.8 * capacity, "it fills up while running"
    assert s[s.month >= 24].value.max() == 0, "no members once it has stopped"
