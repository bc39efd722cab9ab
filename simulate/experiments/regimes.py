"""Run one village under every financing regime that applies to it, with common random numbers.

``compare_regimes("pizza", reps=8)`` runs the scenario once per regime, changing only
``financing.regime`` (all else, the seed included, stays), and returns a
:class:`~simulate.analysis.regimes.RegimeComparison`: per regime the share of replications in
which each initiative runs year by year, the all-koker care cost without transfers, the net per
koker split into care effect and transfers, and outcomes, each with intervals. Because every
regime's run uses the same seed, the arms share their random numbers: the counterfactual arms
are identical and differences between regimes are the regimes' own.

The command ``simulate regimes SCENARIO`` calls this function; notebooks call it too.
"""
from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from simulate.analysis.regimes import RegimeComparison, regime_tables
from simulate.scenario import Scenario
from simulate.scenario.fields import REGIMES

#: Regimes that need nothing more than initiatives to pay for.
GENERAL: tuple[str, ...] = ("siloed", "populatiebekostiging", "shared_savings",
                            "innovatiecontract", "social_impact_bond")


def applicable_regimes(sc: Scenario) -> list[str]:
    """The regimes that can finance this village, in the order of ``REGIMES``: the general
    ones when it has initiatives; pizza when one of them works with volunteers; the voucher
    regimes and the right to challenge when the initiative they name is in the scenario; and
    always the scenario's own regime."""
    out = {sc.financing.regime}
    if sc.initiatives:
        out |= set(GENERAL)
    if any(i.volunteers_fixed > 0 or i.volunteers_per_participant > 0
           for i in sc.initiatives.values()):
        out.add("pizza")
    if sc.financing.voucher.initiative in sc.initiatives:
        out |= {"pgb_collectief", "dienstencheck"}
    if sc.financing.right_to_challenge.initiative in sc.initiatives:
        out.add("right_to_challenge")
    return [r for r in REGIMES if r in out]


def under_regime(sc: Scenario, regime: str) -> Scenario:
    """The same scenario financed under ``regime`` (nothing else changes)."""
    if regime not in REGIMES:
        raise ValueError(f"unknown regime {regime!r}; choose from {', '.join(REGIMES)}")
    return dataclasses.replace(sc, financing=dataclasses.replace(sc.financing, regime=regime))


def compare_regimes(scenario: Scenario | str | Path, reps: int | None = None,
                    seed: int | None = None, jobs: int | None = 1,
                    regimes: list[str] | None = None, progress: Any = False,
                    level: float = 0.95) -> RegimeComparison:
    """Run ``scenario`` under each of ``regimes`` (default :func:`applicable_regimes`) with
    the same seed and replications; return the side-by-side tables."""
    from simulate.experiments.runner import as_scenario, run
    sc = as_scenario(scenario)
    chosen = regimes or applicable_regimes(sc)
    seed = sc.run.seed if seed is None else seed
    reps = sc.run.replications if reps is None else reps
    runs = {}
    for i, regime in enumerate(chosen):
        if callable(progress):
            progress(i, len(chosen))
        runs[regime] = run(under_regime(sc, regime), reps=reps, seed=seed, jobs=jobs,
                           progress=progress is True)
    if callable(progress):
        progress(len(chosen), len(chosen))
    return regime_tables(runs, level, metadata={
        "scenario_name": sc.name, "own_regime": sc.financing.regime, "seed": seed,
        "replications": reps, "horizon_years": sc.horizon_years, "start_year": sc.start_year,
        "price_year": sc.price_year})


def save_comparison(cmp: RegimeComparison, out: str | Path | None = None) -> Path:
    """Write the comparison's tables to a new run folder (``regime_*`` tables); return it."""
    from simulate.results.store import save
    from simulate.results.tables import Results
    meta = {**cmp.metadata, "scenario_name": f"{cmp.metadata.get('scenario_name', 'run')}-regimes"}
    meta.pop("scenario", None)
    return save(Results(tables=cmp.tables(), metadata=meta), None if out is None else Path(out))


def load_comparison(folder: str | Path) -> RegimeComparison:
    """Read a folder written by :func:`save_comparison` (``simulate regimes --out``)."""
    import pandas as pd

    from simulate.analysis.regimes import GAIN_COLUMNS
    from simulate.results.store import read_metadata
    folder = Path(folder)
    running, care, net, outcomes = (pd.read_csv(folder / f"regime_{k}.csv")
                                    for k in ("running", "care", "net", "outcomes"))
    gain_file = folder / "regime_gain.csv"   # absent in folders written before it existed
    gain = pd.read_csv(gain_file) if gain_file.is_file() else pd.DataFrame(columns=GAIN_COLUMNS)
    return RegimeComparison(running, care, net, outcomes, metadata=read_metadata(folder),
                            gain=gain)


__all__ = ["compare_regimes", "applicable_regimes", "under_regime", "save_comparison",
           "load_comparison"]
