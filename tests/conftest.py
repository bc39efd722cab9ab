"""Shared fixtures: small scenarios that run in well under a second."""
from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

import simulate

# Property tests: a bounded number of examples so the suite stays fast; CI (CI=true) uses a
# fixed sequence of examples so that it never fails by chance. HYPOTHESIS_PROFILE=thorough
# searches much longer, by hand.
_common = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True)
settings.register_profile("default", max_examples=40, **_common)
settings.register_profile("ci", max_examples=40, derandomize=True, **_common)
settings.register_profile("thorough", max_examples=1000, **_common)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE",
                                     "ci" if os.environ.get("CI") else "default"))

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


#: Test modules that run whole scenarios, notebooks, worker processes or reports (tens of
#: seconds each). They are marked ``slow`` so that ``pytest -m "not slow"`` is a fast loop;
#: the README's ``python -m pytest`` and CI run them all.
SLOW_MODULES = frozenset({
    "test_notebooks", "test_precision", "test_resume", "test_cli_experiments",
    "test_report_sensitivity", "test_report_sensitivity_origin", "test_report",
    "test_cli_calibration", "test_calibration", "test_validation", "test_executors",
    "test_regimes_compare", "test_readme", "test_incentives", "test_charts_funding",
    "test_price_level", "test_faults", "test_psa", "test_demography", "test_decisions",
    "test_sweep", "test_sensitivity", "test_rerun",
})


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.path.stem in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)
