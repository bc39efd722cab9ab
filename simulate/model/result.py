"""What one arm of one replication returns: plain arrays, indexed by named axes; and the
counterfactual arm as a scenario arm reads it while both run in one batch."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np


@dataclass
class ArmResult:
    """Everything one arm produced, as arrays indexed by the axes named in the comments."""
    eur: np.ndarray         # [year, payer, service] EUR
    cost: np.ndarray        # [year, service] EUR
    hours: np.ndarray       # [year, kind] hours of unpaid help
    events: np.ndarray      # [year, event, age_band, sex, state] counts
    census: np.ndarray      # [census, age_band, sex, state] residents on 1 January (+ the end)
    monthly: dict[str, np.ndarray] = field(default_factory=dict)  # per-month series
    flows: dict[str, int] = field(default_factory=dict)
    decisions: list[dict] = field(default_factory=list)
    services: tuple[str, ...] = ()  # labels of the service axis of eur and cost
    insurer_eur: np.ndarray | None = None  # [year, insurer] Zvw care costs of each insurer


def by_year(a: np.ndarray, years: int) -> np.ndarray:
    """Monthly ``a`` [month, ...] summed by year [year, ...] (a last year cut short is
    padded with zeros): the one reduction both an :class:`ArmResult` and a
    :class:`LiveReference` are made with, so that both give the same numbers to the last bit
    (each year's sum depends on its own twelve months only)."""
    pad = years * 12 - len(a)
    a = np.concatenate([a, np.zeros((pad,) + a.shape[1:])]) if pad else a
    return a.reshape((years, 12) + a.shape[1:]).sum(axis=1)


class YearEnds(Protocol):
    """How many years of an arm have ended (``Financing.years_ended``)."""

    years_ended: int


class ReferenceNotReady(RuntimeError):
    """A scenario arm read a year of its counterfactual that has not ended yet."""


class _EndedYears:
    """One by-year array of a running arm, readable only for the years that have ended:
    ``x[y]``, ``x[y0:y1]``, ``x[y0:y1, i]`` give exactly what the finished arm's
    :class:`ArmResult` array gives."""

    def __init__(self, monthly: np.ndarray, years: int, clock: YearEnds, what: str):
        self._monthly, self._years, self._clock, self._what = monthly, years, clock, what
        self._cache: tuple[int, np.ndarray] | None = None

    def _touched(self, key: Any) -> range:
        first = key[0] if isinstance(key, tuple) else key
        if isinstance(first, slice):
            return range(*first.indices(self._years))
        if isinstance(first, (int, np.integer)):
            y = int(first) + (self._years if first < 0 else 0)
            return range(y, y + 1)
        raise TypeError(f"the counterfactual's {self._what} is read by year or slice of "
                        f"years, not by {first!r}")

    def __getitem__(self, key: Any) -> Any:
        ended = self._clock.years_ended
        touched = self._touched(key)
        if len(touched) and max(touched) >= ended:
            raise ReferenceNotReady(
                f"the counterfactual's {self._what} was read for year {max(touched)}, but "
                f"only years before {ended} have ended: a scenario arm may judge against its "
                "counterfactual only the years both have finished")
        if self._cache is None or self._cache[0] != ended:
            # the years that have ended never change again: a year's last bookings (its
            # December, the regime's transfers at its end) come before it counts as ended
            self._cache = (ended, by_year(self._monthly, self._years))
        return self._cache[1][key]


class LiveReference:
    """The counterfactual arm of the same batch as the scenario arm that is judged against
    it, read while both run: ``eur`` and ``insurer_eur`` by year, exactly as its finished
    :class:`ArmResult` has them, for the years that have ended (its year-end settled);
    reading a later year raises :class:`ReferenceNotReady`."""

    def __init__(self, eur: np.ndarray, insurer_eur: np.ndarray, years: int,
                 clock: YearEnds):
        """``eur`` [month, payer, service] and ``insurer_eur`` [month, insurer]: the arm's
        monthly books (filled as it runs); ``clock.years_ended``: how many of its years
        have ended (its financing's year end has run)."""
        self._eur = _EndedYears(eur, years, clock, "costs")
        self._insurer = _EndedYears(insurer_eur, years, clock, "insurers' costs")

    @property
    def eur(self) -> _EndedYears:
        return self._eur

    @property
    def insurer_eur(self) -> _EndedYears:
        return self._insurer
