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
from simulate.results.store import load_results, save  # noqa: E402
from simulate.results.tables import Results  # noqa: E402
from simulate.scenario import ScenarioError, load_scenario  # noqa: E402
from simulate.version import __version__  # noqa: E402

#: Submodules reachable as ``simulate.NAME`` after ``import simulate``, imported only when
#: first used (charts and the report pull in matplotlib; the model does not need them).
LAZY = {"charts": "simulate.charts", "report": "simulate.report", "text": "simulate.text",
        "executors": "simulate.experiments.executors", "experiments": "simulate.experiments",
        "results": "simulate.results", "model": "simulate.model"}


def __getattr__(name: str):
    """``simulate.charts.who_pays(...)`` after a plain ``import simulate`` (PEP 562)."""
    if name in LAZY:
        import importlib
        module = importlib.import_module(LAZY[name])
        globals()[name] = module
        return module
    raise AttributeError(f"module 'simulate' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *LAZY])


__all__ = ["load_scenario", "run", "Results", "ScenarioError", "save", "load_results",
           "rerun", "sweep", "sensitivity", "calibrate", "validate_model", "__version__"]
