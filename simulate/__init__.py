"""simulate: where the costs and benefits of community care land across the Dutch kokers.

Public API (the CLI and the notebooks use the same functions)::

    import simulate
    scenario = simulate.load_scenario("village", overrides={"population.size": 5000})
    results = simulate.run(scenario, reps=10, seed=1, jobs=2)
    results.summary          # per payer: counterfactual, scenario, difference, interval
    simulate.save(results)   # results/<time>-<name>/; simulate.rerun(folder) repeats it
    simulate.sweep(scenario, {"initiatives.dorpsondersteuner.fte": [0.5, 1, 2]}, reps=10)
    simulate.sensitivity(scenario)   # tornado and Sobol over [sensitivity.ranges]
"""
from simulate import analysis  # noqa: E402,F401
from simulate.calibration.fit import calibrate  # noqa: E402
from simulate.calibration.validation import validate_model  # noqa: E402
from simulate.experiments.reproduce import rerun  # noqa: E402
from simulate.experiments.runner import run  # noqa: E402
from simulate.experiments.sensitivity import sensitivity  # noqa: E402
from simulate.experiments.sweep import sweep  # noqa: E402
from simulate.results.display import show_numbers  # noqa: E402
from simulate.results.store import load_results, save  # noqa: E402
from simulate.results.tables import Results  # noqa: E402
from simulate.scenario import ScenarioError, load_scenario  # noqa: E402
from simulate.version import __version__  # noqa: E402

show_numbers()   # euros without scientific notation in notebooks (display only)

__all__ = ["load_scenario", "run", "Results", "ScenarioError", "save", "load_results",
           "rerun", "sweep", "sensitivity", "calibrate", "validate_model", "show_numbers",
           "__version__"]
