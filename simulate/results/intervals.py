"""Intervals for every quantity a run reports: the ``intervals`` table.

One row per quantity and statistic, long format::

    group, item, unit, statistic, mean, t_low, t_high, boot_low, boot_high, replications

* ``group``: payer (every koker, and ``total``), service, hours (unpaid help) or event;
* ``statistic``: counterfactual, scenario, or difference (scenario - counterfactual, from the
  paired replications);
* totals are over the whole horizon, means over replications; ``t_*`` is the t-interval and
  ``boot_*`` the seeded BCa bootstrap interval at the run's level (95%).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from simulate.model.financing.ledger import HOUR_KINDS
from simulate.results import stats
from simulate.scenario import EVENTS, PAYERS

ARMS = ("counterfactual", "scenario")


def interval_table(reps: list[dict], services: tuple[str, ...], seed: int,
                   level: float = stats.LEVEL) -> pd.DataFrame:
    """The intervals of every reported total, from the arm results of each replication."""
    blocks = [("payer", list(PAYERS) + ["total"], "eur", _payer_totals),
              ("service", list(services), "eur", lambda a: a.eur.sum(axis=(0, 1))),
              ("hours", list(HOUR_KINDS), "hours", lambda a: a.hours.sum(axis=0)),
              ("event", list(EVENTS), "count", lambda a: a.events.sum(axis=(0, 2, 3, 4)))]
    labels, cf, sc = [], [], []
    for group, items, unit, total in blocks:
        labels.append(pd.DataFrame({"group": group, "item": items, "unit": unit}))
        cf.append(np.stack([total(r["counterfactual"]) for r in reps], axis=1))
        sc.append(np.stack([total(r["scenario"]) for r in reps], axis=1))
    return stats.paired_table(pd.concat(labels, ignore_index=True), np.vstack(cf),
                              np.vstack(sc), level=level, seed=seed)


def _payer_totals(arm) -> np.ndarray:
    per_payer = arm.eur.sum(axis=(0, 2))
    return np.append(per_payer, per_payer.sum())


def bootstrap_columns(summary: pd.DataFrame, intervals: pd.DataFrame) -> pd.DataFrame:
    """The summary with the bootstrap interval of each payer's difference added
    (``boot_low_eur``, ``boot_high_eur``)."""
    diff = intervals[(intervals.group == "payer") & (intervals.statistic == "difference")]
    boot = diff.set_index("item")[["boot_low", "boot_high"]]
    out = summary.copy()
    out["boot_low_eur"] = out.payer.map(boot.boot_low)
    out["boot_high_eur"] = out.payer.map(boot.boot_high)
    return out
