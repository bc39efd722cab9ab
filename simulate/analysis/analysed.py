"""One analysis per run, built once, that charts, report, terminal and export all read.

The koker summary used to be recomputed by each of about fourteen consumers (every chart, each
report table, the findings, the export); now :func:`analyse` builds an :class:`Analysed` for a
:class:`~simulate.results.Results` once and keeps it with that object, and each table in it is
computed the first time it is asked for. A Results whose costs table or price level changed
(``reprice`` and ``at_price_level`` return new objects anyway) gets a fresh analysis.
"""
from __future__ import annotations

from functools import cached_property

import pandas as pd

from simulate.analysis import decisions
from simulate.analysis.bands import horizon_years, price_year, replications
from simulate.analysis.kokers import cumulative_net_data, koker_summary, koker_years
from simulate.results.tables import Results

_KEY = "_analysed"


class Analysed:
    """The numbers of one run that words and figures quote. Tables are returned as computed;
    callers must not change them in place (copy first)."""

    def __init__(self, results: Results):
        self.results = results

    @cached_property
    def kokers(self) -> pd.DataFrame:
        """Per payer: investment, savings, transfers, net with intervals, NPV, ROI, payback
        (:func:`~simulate.analysis.kokers.koker_summary` at the scenario's discount rate)."""
        return koker_summary(self.results)

    @cached_property
    def koker_years(self) -> pd.DataFrame:
        """Per replication, payer and year (:func:`~simulate.analysis.kokers.koker_years`)."""
        return koker_years(self.results)

    @cached_property
    def cumulative_net(self) -> pd.DataFrame:
        """Mean cumulative net per payer and year with bands and payback."""
        return cumulative_net_data(self.results)

    @cached_property
    def decisions(self) -> pd.DataFrame:
        """The scenario arm's decisions with their calendar year."""
        return decisions.decision_table(self.results)

    @cached_property
    def stops(self) -> pd.DataFrame:
        """Stops and collapses per initiative and payer (:func:`~.decisions.stop_summary`)."""
        return decisions.stop_summary(self.results)

    @cached_property
    def running(self) -> dict[str, tuple[int, int]]:
        """Per initiative: replications in which it runs with funding at the end, of all."""
        return decisions.running_at_end(self.results)

    @cached_property
    def replications(self) -> list[int]:
        return replications(self.results)

    @property
    def horizon_years(self) -> float:
        return horizon_years(self.results)

    @property
    def price_year(self) -> int:
        return price_year(self.results)


def analyse(results: Results) -> Analysed:
    """The :class:`Analysed` of ``results``, built on the first call and kept with it."""
    key = (id(results.tables.get("costs")), price_year(results))
    kept = results.__dict__.get(_KEY)
    if kept is None or kept[0] != key:
        kept = (key, Analysed(results))
        results.__dict__[_KEY] = kept
    return kept[1]
