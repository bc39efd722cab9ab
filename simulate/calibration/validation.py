"""Validation: the default village against public figures that calibration did not use.

:func:`validate_model` runs a scenario (or takes a finished run, e.g. from a run folder) and
compares the counterfactual arm (the status quo that statistics describe) over its first years
with ``data/validation_targets.csv``. The computation uses only the run's tidy tables
(``population``, ``events``, ``costs``), so anyone can recompute it from a run folder::

    res = simulate.load_results("results/20261123-120000-village")
    simulate.validate_model(results=res).table
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from simulate.calibration.compare import compare, format_comparison
from simulate.calibration.metrics import window
from simulate.calibration.targets import Target, load_targets
from simulate.results.tables import Results
from simulate.scenario import Scenario

DEFAULT_YEARS = 5


@dataclass
class ValidationReport:
    """The comparison table and the run it was computed from."""
    table: pd.DataFrame
    results: Results
    years: list[int]
    arm: str

    @property
    def passed(self) -> bool:
        """Every target within its tolerance."""
        return bool(self.table["within"].all())

    def __str__(self) -> str:
        m = self.results.metadata
        head = (f"{m.get('scenario_name', 'run')}: {self.arm} arm, years {self.years[0]}-"
                f"{self.years[-1]}, {m.get('replications', '?')} replications, seed "
                f"{m.get('seed', '?')}; model mean [95% interval over replications]\n")
        return head + format_comparison(self.table)


def validate_model(scenario: Scenario | None = None,
                   targets: str | Sequence[Target] = "validation", reps: int | None = None,
                   seed: int | None = None, years: int = DEFAULT_YEARS, jobs: int = 1,
                   results: Results | None = None, arm: str = "counterfactual"
                   ) -> ValidationReport:
    """Compare a run of ``scenario`` (or the given ``results``) with validation targets.

    ``years`` is the window measured from the start of the run; euros are compared at the
    target's price year (converted with the CPI from the scenario's ``price_year``). A
    scenario is run with its parameters at their values (``uncertainty.parameters`` off).
    """
    if results is None:
        if scenario is None:
            raise ValueError("give a scenario to run or the results of a run")
        from simulate.experiments.psa import with_parameters_off
        from simulate.experiments.runner import run
        # the model at its calibrated values: parameter draws (issue 16) would compare a
        # mixture of other models with the targets
        results = run(with_parameters_off(scenario), reps=reps, seed=seed, jobs=jobs)
    tg = load_targets(targets) if isinstance(targets, str) else list(targets)
    yrs = window(results.tables, 0, years)
    price_year = int(results.metadata["scenario"]["price_year"])
    table = compare(results.tables, tg, yrs, arm=arm, price_year=price_year)
    return ValidationReport(table=table, results=results, years=yrs, arm=arm)
