"""Shared fixtures: small scenarios that run in well under a second."""
from __future__ import annotations

import pytest

import simulate

SMALL = {"population.size": 600, "horizon_years": 5, "care.nursing_home_beds": 6,
         "run.replications": 3}


@pytest.fixture(scope="session")
def small_scenario():
    """The default village, shrunk: 600 residents over 5 years."""
    return simulate.load_scenario("village", SMALL)


@pytest.fixture(scope="session")
def small_results(small_scenario):
    """Three paired replications of the small village."""
    return simulate.run(small_scenario, reps=3, seed=7)
