"""Read-only views of a running arm, for the parts that must not depend on the arm itself.

Financing reads the arm it finances (its ledger, residents, initiatives) and regimes read the
financing they belong to. Both see them through these protocols rather than the classes, so
that ``arm -> financing -> regimes`` imports in one direction only.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

if TYPE_CHECKING:
    from simulate.model.care.beds import BedQueue
    from simulate.model.care.services import ServiceTable
    from simulate.model.financing.ledger import Ledger
    from simulate.model.financing.payers import Line
    from simulate.model.initiatives.base import ActiveInitiative
    from simulate.model.population.insurance import Insurance
    from simulate.model.population.residents import Growing
    from simulate.model.streams import Streams
    from simulate.scenario.schema import Scenario


class YearArray(Protocol):
    """An array by year (``[year, ...]``) read by year or slice of years."""

    def __getitem__(self, key: Any) -> Any: ...


class Reference(Protocol):
    """The counterfactual arm a scenario arm is judged against: its finished
    :class:`~simulate.model.result.ArmResult`, or a
    :class:`~simulate.model.result.LiveReference` to it while both run in one batch (only
    the years that have ended may be read)."""

    @property
    def eur(self) -> YearArray: ...      # [year, payer, service] EUR

    @property
    def insurer_eur(self) -> YearArray | None: ...   # [year, insurer]


class ArmView(Protocol):
    """What financing may read of the arm it runs in."""

    sc: Scenario
    streams: Streams
    reference: Reference | None
    table: ServiceTable
    res: Growing
    insurance: Insurance
    ledger: Ledger
    beds: BedQueue
    services: tuple[str, ...]
    care_mask: np.ndarray
    init_mask: np.ndarray
    insurer_eur: np.ndarray
    inits: list[ActiveInitiative]

    def initiative(self, name: str) -> ActiveInitiative | None: ...

    def own_years(self, y0: int, y1: int, health_only: bool = False) -> np.ndarray: ...

    def initiative_years(self, y0: int, y1: int) -> dict[str, float]: ...

    def formal_units(self, j: int) -> float: ...

    def formal_users(self, j: int) -> float: ...


class FinancingView(Protocol):
    """What a regime may read of, and report to, the financing it belongs to."""

    sc: Scenario
    arm: ArmView
    lines: list[Line]

    def measured_savings(self, y0: int, y1: int, error: float, purpose: str) -> np.ndarray: ...

    def initiative_spend(self, y0: int, y1: int) -> np.ndarray: ...

    def log(self, month: int, initiative: str, actor: str, verdict: str, ratio: float) -> None: ...
