"""The regime interface: hooks a financing regime may use, each a no-op for ``siloed``.

A regime only moves money between payers (transfers that sum to zero), decides who pays an
initiative, or changes which services are used; it never scripts an outcome. Before
``financing.regime_start_year`` every regime behaves as ``siloed``.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from simulate.scenario.schema import PAYERS

if TYPE_CHECKING:  # pragma: no cover
    from simulate.model.financing.payers import Line
    from simulate.model.initiatives.base import ActiveInitiative
    from simulate.model.view import FinancingView

N_PAYERS = len(PAYERS)


def payer(name: str) -> int:
    return PAYERS.index(name)


#: The public kokers, the parties to an agreement between payers (shared savings, an
#: innovatiecontract). Residents, funds and investors are not party to it: residents' lower
#: co-payments are not a saving they must pay into a pot.
PUBLIC = np.isin(PAYERS, ["wmo", "zvw", "wlz", "wpg"])


class Regime:
    """Status quo (siloed, DOMAIN M0): each koker pays its own costs and keeps its own
    savings; payers decide about initiatives by their own rules; no transfers."""

    name = "siloed"

    def __init__(self, fin: FinancingView):
        self.fin = fin
        self.start = round(fin.sc.financing.regime_start_year * 12)
        #: the year-end transfers booked, by year (set by the financing runtime)
        self.booked: dict[int, np.ndarray] = {}

    def on(self, m: int) -> bool:
        """Whether the regime applies in month ``m``."""
        return m >= self.start

    def scale(self, m: int, ini: ActiveInitiative, funded: float) -> float:
        """The initiative's scale this month (default: what its funding lines pay for)."""
        return funded

    def payments(self, m: int, ini: ActiveInitiative, cost: float,
                 default: np.ndarray) -> np.ndarray:
        """Who pays the initiative's cost this month (default: its funding lines)."""
        return default

    def month_transfers(self, m: int) -> np.ndarray | None:
        """Transfers between payers this month (a vector over PAYERS summing to zero)."""
        return None

    def year_end(self, year: int) -> np.ndarray | None:
        """Transfers at the end of ``year`` (booked in its last month)."""
        return None

    def service_changes(self, m: int) -> ServiceChange | None:
        """Units of services moved to an initiative this month, and what it is paid."""
        return None

    # -- what reviewing payers count (issue 13: decisions on each actor's own net) -------
    def counted_transfers(self, actor: str, koker: int, year: int) -> float:
        """EUR the regime paid (positive) or took from (negative) koker ``koker`` in ``year``
        because of the initiatives, which a reviewing ``actor`` of that koker counts as part
        of its net position. Siloed: none."""
        return 0.0

    def kept_share(self, actor: str, year: int) -> float:
        """Share of the savings it measures in ``year`` that ``actor`` keeps under this regime
        (a budget holder keeps only part of a surplus). Siloed: all of them."""
        return 1.0

    def observed_kokers(self, actor: str) -> list[int] | None:
        """The kokers whose savings belong to ``actor`` under this regime, or None to leave
        it to the payer's ``observes`` setting."""
        return None

    def may_grow(self, line: Line, new_scale: float) -> bool:
        """Whether the line's actor can pay for growing it to ``new_scale`` (default: yes)."""
        return True


class ServiceChange:
    """Formal service use taken over by an initiative (vouchers, right to challenge)."""

    def __init__(self, n_services: int):
        self.reduction = np.zeros(n_services)   # units no longer delivered formally
        self.copay_users = np.zeros(n_services)  # users who no longer pay the eigen bijdrage
        self.revenue: dict[str, np.ndarray] = {}  # initiative -> EUR by payer


Siloed = Regime
