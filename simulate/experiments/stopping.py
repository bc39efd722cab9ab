"""How many replications: blocks until every payer's mean net and probability of gain are known.

A replication is one parameter set (when the scenario draws its parameters) and one history
of the village, both arms alike. The mean over replications then estimates what the payer can
expect given what we know, and its Monte Carlo standard error (SE) says how far the mean of
this run may lie from the mean of infinitely many; that error is the only part of the
uncertainty more replications remove. Health-economic guidelines (the Zorginstituut's
guideline for economic evaluations, ISPOR-SMDM good practice, Briggs et al. 2012) ask for
"enough" PSA draws for the results to be stable without fixing a number (Hatswell et al. 2018,
PharmacoEconomics 36:1421, survey this and propose judging the Monte Carlo error of the
outcomes instead of a round number). This module states the rule :func:`simulate.run` and
``simulate run`` use when the number of replications is not given:

* replications run in blocks of :attr:`StopRule.block`; replication ``k`` always draws the same
  numbers (:mod:`simulate.model.streams`, :mod:`simulate.experiments.psa`), so where the run
  stops depends only on results, and the same seed stops at the same count on any executor;
* after at least :attr:`StopRule.min_reps` replications, the run stops when, for every payer
  and for all payers together, (a) the SE of the mean net is at most :attr:`StopRule.relative`
  of the larger of the mean's size and :attr:`StopRule.materiality` of the payer's spending
  without the scenario (a mean near zero can never be known to a share of itself; "known to
  be immaterial" is then enough), and (b) the SE of ``p_gain`` is at most
  :attr:`StopRule.p_gain_se` (with ``p`` estimated as ``(k + 1) / (n + 2)`` so that 0 of n is
  not taken as certain);
* or when :attr:`StopRule.max_reps` is reached; the run then says which quantity was not.

"A stated share of the spread" would not do as a criterion: the SE is the spread divided by
``sqrt(n)``, so such a rule fixes ``n`` in advance whatever the results. One replication per
parameter set is the efficient design for means (O'Hagan, Stevenson and Madan 2007, Health
Econ 16:1009); the split of the spread into its simulation and parameter parts comes from a
second, smaller set of replications with the parameters fixed
(:mod:`simulate.analysis.spread`).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class StopRule:
    """The stated rule; the defaults are the ones ``simulate run`` uses."""
    #: Replications per block (the count is always min_reps + a whole number of blocks).
    block: int = 16
    #: No stop before this many: a spread estimated from fewer is itself too uncertain.
    min_reps: int = 32
    #: Never more than this many (about 3.5 CPU-minutes for the default village today).
    max_reps: int = 160
    #: SE of each payer's mean net at most this share of max(|mean|, materiality x spend):
    #: a 95% interval of the mean within about +-20% of it.
    relative: float = 0.10
    #: SE of each payer's probability of gain at most this (a 95% interval of about +-10 points).
    p_gain_se: float = 0.05
    #: A mean below this share of the payer's spending without the scenario is immaterial.
    materiality: float = 0.01

    def __post_init__(self) -> None:
        if self.block < 1 or not 2 <= self.min_reps <= self.max_reps:
            raise ValueError("StopRule needs block >= 1 and 2 <= min_reps <= max_reps")
        if not (0 < self.relative < 1 and 0 < self.p_gain_se < 0.5):
            raise ValueError("StopRule: relative in (0, 1) and p_gain_se in (0, 0.5)")

    def describe(self) -> dict[str, float | int]:
        """The rule's numbers, for metadata.json."""
        return {"block": self.block, "min_reps": self.min_reps, "max_reps": self.max_reps,
                "relative_se": self.relative, "p_gain_se": self.p_gain_se,
                "materiality": self.materiality}


#: The rule ``simulate run`` uses when neither --reps nor --precision is given.
DEFAULT_RULE = StopRule()

COLUMNS = ["quantity", "net_mean_eur", "se_eur", "target_se_eur", "p_gain", "p_gain_se",
           "mean_reached", "p_gain_reached", "reached", "replications", "replications_needed"]


def status(names: list[str], net: np.ndarray, spend: np.ndarray, rule: StopRule
           ) -> pd.DataFrame:
    """Per quantity (a payer, or the total): its mean net, the SE of that mean and its
    target, ``p_gain`` and its SE, whether each is reached, and a projection of the
    replications needed for both (from the current spread).

    ``net`` and ``spend`` are [quantity, replication] EUR over the horizon (what the payer
    gains, and what it spends without the scenario)."""
    net = np.atleast_2d(np.asarray(net, dtype=float))
    spend = np.atleast_2d(np.asarray(spend, dtype=float))
    n = net.shape[1]
    mean = net.mean(axis=1)
    sd = net.std(axis=1, ddof=1) if n > 1 else np.full(len(net), np.inf)
    se = sd / math.sqrt(n)
    target = rule.relative * np.maximum(np.abs(mean), rule.materiality * np.abs(spend.mean(axis=1)))
    exact = (np.ptp(net, axis=1) == 0) if n else np.zeros(len(net), bool)
    mean_ok = exact | (se <= target)
    k = (net > 0.5).sum(axis=1)                   # as results.tables.p_gain counts a gain
    p_tilde = (k + 1) / (n + 2)
    p_var = p_tilde * (1 - p_tilde)
    p_se = np.sqrt(p_var / n)
    p_ok = exact | (p_se <= rule.p_gain_se)
    with np.errstate(divide="ignore", invalid="ignore"):
        need_mean = np.where(mean_ok, n, np.ceil(n * (se / np.where(target > 0, target, np.nan))
                                                 ** 2))
    need_p = np.where(p_ok, n, np.ceil(p_var / rule.p_gain_se ** 2))
    needed = np.fmax(need_mean, need_p)
    return pd.DataFrame({"quantity": names, "net_mean_eur": mean, "se_eur": se,
                         "target_se_eur": target, "p_gain": k / max(n, 1), "p_gain_se": p_se,
                         "mean_reached": mean_ok, "p_gain_reached": p_ok,
                         "reached": mean_ok & p_ok, "replications": n,
                         "replications_needed": needed}, columns=COLUMNS)


def next_count(done: int, table: pd.DataFrame | None, rule: StopRule) -> int:
    """How many replications to have after the next block: ``min_reps`` first, then one
    block more while the rule is not met; ``done`` when it is met or at ``max_reps``."""
    if done < rule.min_reps:
        return min(rule.min_reps, rule.max_reps)
    if table is not None and bool(table.reached.all()):
        return done
    return min(done + rule.block, rule.max_reps)


__all__ = ["StopRule", "DEFAULT_RULE", "status", "next_count", "COLUMNS"]
