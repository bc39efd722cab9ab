"""Services as a table: payer, unit cost, use by state and per event; monthly cost per service.

Use is an expected number of units per resident-month in a state (hours of household help,
GP consults, nursing-home days), so the month's cost of a service is a dot product of the
residents counted per state with its use. Nothing here loops over residents.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from simulate.data import AGE_BANDS
from simulate.model.population.rates import state_vector
from simulate.scenario.schema import EVENTS, PAYERS, STATES, Scenario


@dataclass(frozen=True)
class ServiceTable:
    """All services of a scenario as arrays (rows are services)."""
    names: tuple[str, ...]
    payer: np.ndarray          # [svc] index into PAYERS
    price: np.ndarray          # [svc] EUR per unit
    use: np.ndarray            # [svc, state] units per resident-month
    no_carer: np.ndarray       # [svc, state] extra units without an informal carer
    per_event: np.ndarray      # [svc, event] units per event
    waiting: np.ndarray        # [svc] extra units per month while waiting for a bed
    per_resident: np.ndarray   # [svc] units per resident-month, any state
    by_age: np.ndarray         # [svc, age band] units per resident-month, any state
    copay: np.ndarray          # [svc] EUR per user-month paid by residents

    @property
    def health_based(self) -> np.ndarray:
        """[svc] True where use depends on residents' care state or events, False for care
        by age or per resident only: what an evaluation of an initiative looks at."""
        return ((self.use != 0).any(axis=1) | (self.no_carer != 0).any(axis=1)
                | (self.per_event != 0).any(axis=1) | (self.waiting != 0))

    @classmethod
    def from_scenario(cls, sc: Scenario) -> ServiceTable:
        items = list(sc.services.items())
        def rows(get):  # noqa: E306 - tiny local helper
            return np.array([get(s) for _, s in items]).reshape(len(items), -1)
        return cls(
            names=tuple(n for n, _ in items),
            payer=np.array([PAYERS.index(s.payer) for _, s in items], dtype=int),
            price=np.array([s.unit_cost_eur for _, s in items], dtype=float),
            use=rows(lambda s: state_vector(s.use_per_month)),
            no_carer=rows(lambda s: state_vector(s.extra_without_carer)),
            per_event=rows(lambda s: state_vector(s.units_per_event, states=EVENTS)),
            waiting=np.array([s.waiting_extra for _, s in items], dtype=float),
            per_resident=np.array([s.per_resident_month for _, s in items], dtype=float),
            by_age=rows(lambda s: state_vector(s.per_resident_by_age, states=AGE_BANDS)),
            copay=np.array([s.copay_eur_per_month for _, s in items], dtype=float),
        )


@dataclass
class MonthCounts:
    """What the services need to know about one month, counted over residents.

    With :func:`service_units` and :func:`service_users` this is the one-village form of the
    services' month, the formula written for a reader: the model's monthly step uses the
    stacked form over all groups (:class:`simulate.model.care.batch.ServiceBatch`), which the
    tests check against this one group by group (``tests/model/test_service_batch.py``)."""
    by_state: np.ndarray          # [state] residents living in the village
    no_carer: np.ndarray          # [state] of whom without an informal carer
    waiting: int                  # waiting at home for a bed
    events: np.ndarray            # [event] events this month
    by_band: np.ndarray           # [age band] residents living in the village


def service_units(table: ServiceTable, c: MonthCounts) -> np.ndarray:
    """Units of each service used this month, before initiatives take any over."""
    return grouped_units(table, slice(None), c.by_state[None], c.no_carer[None],
                         np.array([c.waiting]), c.events[None], c.by_band[None])[0]


def grouped_units(table: ServiceTable, rows: slice | np.ndarray, by_state: np.ndarray,
                  no_carer: np.ndarray, waiting: np.ndarray, events: np.ndarray,
                  by_band: np.ndarray) -> np.ndarray:
    """Units of the services ``rows`` used this month by each group of residents (e.g. the
    insured of each insurer): counts have a leading group axis, the result is [group, service]."""
    return (by_state @ table.use[rows].T + no_carer @ table.no_carer[rows].T
            + waiting[:, None] * table.waiting[rows] + events @ table.per_event[rows].T
            + by_state.sum(axis=1)[:, None] * table.per_resident[rows]
            + by_band @ table.by_age[rows].T)


#: The payers that are the village's municipality (Wmo, public health per inhabitant): they
#: no longer pay for residents who left the village for a bed elsewhere (registered where
#: their bed is, that municipality supports them; the Wlz pays their bed and their insurer
#: their Zvw care wherever they live): ``care.batch.ServiceBatch.moved_away``.
MUNICIPAL_PAYERS: tuple[str, ...] = ("wmo", "wpg")


def service_users(table: ServiceTable, c: MonthCounts) -> np.ndarray:
    """Residents who use each state-based service this month (for the eigen bijdrage);
    services by age only have no users in this sense (no eigen bijdrage per user)."""
    return (((table.use + table.no_carer) > 0) * c.by_state).sum(axis=1)


def monthly_costs(table: ServiceTable, units: np.ndarray, users: np.ndarray
                  ) -> tuple[np.ndarray, np.ndarray]:
    """Cost per service this month, and the part paid by residents as eigen bijdrage."""
    cost = np.maximum(units, 0.0) * table.price
    copay = np.minimum(table.copay * np.maximum(users, 0.0), cost)
    return cost, copay


def state_counts(state: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:
    """Residents per care state (dead and moved-out slots are not counted)."""
    s = state if mask is None else state[mask]
    return np.bincount(s, minlength=len(STATES) + 2)[: len(STATES)].astype(float)
