"""Invariants checked at the end of every arm and replication: cheap, always on.

The ledger checks its own double entry (:meth:`simulate.model.financing.ledger.Ledger.check`) and
:func:`simulate.model.check_people` the flows of people. This module adds the rest of the
list in issue 8:

* no negative counts, costs, hours or capacities, and nothing that is not a finite number;
* every resident slot in exactly one state, and the census counting each living resident once;
* regime transfers (money moved between payers by a financing regime, the ledger's
  ``transfers`` column, the only place where negative euros are allowed) sum to zero in every
  year: :func:`check_transfers`;
* the two arms identical when the scenario equals its counterfactual (:func:`check_paired`).

A failure is a bug in the model, never a problem of the input: it raises
:class:`InvariantError` (an ``AssertionError``) with what was found.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np

from simulate.model.financing.ledger import TRANSFERS
from simulate.model.population.residents import N_STATES, NURSING_HOME, WLZ_HOME, Population

if TYPE_CHECKING:
    from simulate.model.result import ArmResult

#: Slot states beyond the care states: 6 died, 7 moved out (see population.residents).
N_SLOT_STATES = N_STATES + 2


class InvariantError(AssertionError):
    """The model broke one of its invariants (a bug: please report it with the run)."""


def check_arm(result: ArmResult, res: Population, beds: int) -> None:
    """Everything one arm must satisfy at its end; raise :class:`InvariantError` if not."""
    _check_numbers(result)
    check_residents(res, result.census[-1])
    _check_capacity(result, beds)


def _check_numbers(r: ArmResult) -> None:
    care = [j for j, s in enumerate(r.services) if s != TRANSFERS] if r.services else slice(None)
    if r.services and TRANSFERS in r.services:
        check_transfers(r.eur[:, :, r.services.index(TRANSFERS)], axis=1)
    arrays = {"eur": r.eur[:, :, care], "cost": r.cost, "hours": r.hours, "events": r.events,
              "census": r.census, **{f"series {k}": v for k, v in r.monthly.items()}}
    for name, a in arrays.items():
        a = np.asarray(a)
        if a.size and not np.isfinite(a).all():
            raise InvariantError(f"{name}: a value that is not a finite number")
        if a.size and (a < 0).any():
            raise InvariantError(f"{name}: a negative value ({a.min():g})")


def check_residents(res: Population, census: np.ndarray | None = None) -> None:
    """Each slot in exactly one known state; only Wlz clients at home wait for a bed; the
    last census (if given) counts each living resident exactly once."""
    state = res.view("state")
    counts = np.bincount(state.astype(np.int64), minlength=N_SLOT_STATES)
    if len(counts) > N_SLOT_STATES or (state < 0).any():
        raise InvariantError(f"a resident in an unknown state (states {np.unique(state)})")
    if counts.sum() != res.n:
        raise InvariantError(f"{res.n} slots but {counts.sum()} states counted")
    waiting = res.view("waiting")
    if (waiting & (state != WLZ_HOME)).any():
        raise InvariantError("a resident waits for a bed without being a Wlz client at home")
    if census is not None:
        by_state = census.reshape(-1, N_STATES).sum(axis=0)
        if not np.array_equal(by_state, counts[:N_STATES]):
            raise InvariantError(f"census by state {by_state} != residents by state "
                                 f"{counts[:N_STATES]}")


def _check_capacity(r: ArmResult, beds: int) -> None:
    """Admissions never fill more beds than there are (residents already in a bed at the
    start, or when beds are cut, keep theirs: occupancy may then exceed beds, but it never
    grows while it does). Clients placed in beds outside the village do not count."""
    nh = r.census[..., NURSING_HOME].sum(axis=tuple(range(1, r.census.ndim - 1)))
    outside = np.asarray(r.monthly.get("beds_outside", []))
    if len(outside):  # clients placed in beds outside the village take none of its beds
        at_census = np.minimum(np.arange(len(nh)) * 12 - 1, len(outside) - 1)
        nh = nh - np.where(at_census >= 0, outside[np.maximum(at_census, 0)], 0)
    series_beds = np.asarray(r.monthly.get("beds", []))
    if (series_beds < 0).any() or beds < 0:
        raise InvariantError("a negative number of beds")
    cap = max([beds, *series_beds.tolist()]) if len(series_beds) else beds
    over = nh[1:] > np.maximum(cap, nh[:-1])
    if over.any():
        raise InvariantError(f"nursing-home residents {nh.tolist()} grew above the beds {cap}")


def check_transfers(transfers: np.ndarray, axis: int = 1, atol: float = 1e-6) -> None:
    """Money a financing regime moves between payers (``transfers[..., payer, ...]``, what
    each payer receives, negative for what it gives) must sum to zero over payers: a regime
    redistributes money, it never creates or destroys it. Call it wherever a regime books
    transfers."""
    t = np.asarray(transfers, dtype=float)
    if t.size and not np.isfinite(t).all():
        raise InvariantError("transfers: a value that is not a finite number")
    total = t.sum(axis=axis)
    scale = max(1.0, float(np.abs(t).max(initial=0.0)))
    if not np.allclose(total, 0.0, rtol=0.0, atol=atol * scale):
        raise InvariantError(f"transfers between payers do not sum to zero (off by "
                             f"{np.abs(total).max():.2f} EUR)")


def check_paired(arms: Mapping[str, ArmResult]) -> None:
    """Both arms of a replication must be identical when their scenarios are the same: the
    common random numbers then leave no room for a difference."""
    a, b = arms["counterfactual"], arms["scenario"]
    for name in ("eur", "cost", "hours", "events", "census"):
        if not np.array_equal(getattr(a, name), getattr(b, name)):
            raise InvariantError(f"the arms differ in {name} although the scenario equals "
                                 "its counterfactual")
    if a.flows != b.flows:
        raise InvariantError(f"the arms' flows differ: {a.flows} != {b.flows}")
