"""The ledger: every euro booked to a month, a payer (koker) and a service, by double entry.

``eur[month, payer, service]`` holds what each payer paid (the ``transfers`` column holds
money moved between payers by a financing regime: what a payer pays out is positive, what it
receives negative, and each month's transfers sum to zero); ``cost[month, service]`` holds what
each service cost, computed independently from use and prices. The two must agree:
summed over payers, the bookings of a service equal its cost (:meth:`Ledger.check`). Hours of
unpaid help (mantelzorg, volunteers) are kept apart in ``hours`` and are never mixed into euros.
"""
from __future__ import annotations

import numpy as np

from simulate.scenario.schema import PAYERS

HOUR_KINDS: tuple[str, ...] = ("informal_care", "volunteer")
#: The service column that holds transfers between payers (they sum to zero every month).
TRANSFERS = "transfers"


class LedgerError(AssertionError):
    """Money was created or lost: the bookings do not add up to the costs."""


class Ledger:
    """Costs of one arm of one replication."""

    def __init__(self, months: int, services: tuple[str, ...],
                 arrays: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None):
        """``arrays``: (eur, cost, hours) to book into, zeros of the shapes below (a batch
        of groups keeps every group's books in one array: each group's ledger is a view)."""
        self.services = services
        if arrays is None:
            arrays = (np.zeros((months, len(PAYERS), len(services))),
                      np.zeros((months, len(services))), np.zeros((months, len(HOUR_KINDS))))
        self.eur: np.ndarray = arrays[0]
        self.cost: np.ndarray = arrays[1]
        self.hours: np.ndarray = arrays[2]

    def add_cost(self, month: int, service: int | np.ndarray, eur: float | np.ndarray) -> None:
        """Record what service(s) cost this month (before anyone pays)."""
        self.cost[month, service] += eur

    def book(self, month: int, payer: int | np.ndarray, service: int | np.ndarray,
             eur: float | np.ndarray) -> None:
        """Book payments; index arrays may repeat (accumulated with ``np.add.at``)."""
        np.add.at(self.eur[month], (payer, service), eur)  # type: ignore[arg-type]

    def transfer(self, month: int, amounts: np.ndarray) -> None:
        """Book money moving between payers (positive: received); must sum to zero."""
        total = float(np.sum(amounts))
        scale = max(1.0, float(np.abs(amounts).sum()))
        if abs(total) > 1e-9 * scale:
            raise LedgerError(f"month {month}: transfers sum to {total:.2f} EUR, not 0")
        self.eur[month, :, self.services.index(TRANSFERS)] -= amounts

    def add_hours(self, month: int, kind: str, hours: float) -> None:
        self.hours[month, HOUR_KINDS.index(kind)] += hours

    def check(self, rtol: float = 1e-9) -> None:
        """Raise :class:`LedgerError` unless payments equal costs for every month and service,
        and no booking is negative."""
        paid = self.eur.sum(axis=1)
        scale = max(1.0, float(np.abs(self.cost).max(initial=0.0)))
        if not np.allclose(paid, self.cost, rtol=rtol, atol=rtol * scale):
            bad = np.argwhere(~np.isclose(paid, self.cost, rtol=rtol, atol=rtol * scale))[0]
            raise LedgerError(f"month {bad[0]}, service {self.services[bad[1]]}: paid "
                              f"{paid[tuple(bad)]:.2f} EUR, cost {self.cost[tuple(bad)]:.2f} EUR")
        care = [j for j, s in enumerate(self.services) if s != TRANSFERS]
        if (self.eur[:, :, care] < 0).any() or (self.cost < 0).any():
            raise LedgerError("a negative cost or booking")
