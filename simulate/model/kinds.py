"""Which groups can advance in one batch, and the order of the batches when they cannot.

The groups of a batch (:mod:`simulate.model.arm`) may each have their own scenario: the
numbers that differ are arrays over groups, each group keeps its own initiatives (in one
order over the batch: :func:`~simulate.model.initiatives.batch.union_order`), financing and
books, and a scenario arm may read its counterfactual in the same batch while both run.
What they must share is the horizon, the health insurers and the services with their payers
(the stacked service tables): groups that differ in these run as separate batches, which
gives each group the same numbers (a group's numbers never depend on its batch).
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

from simulate.model.initiatives.batch import union_order
from simulate.model.population.insurance import insurers_of
from simulate.model.result import ArmResult
from simulate.scenario.schema import Scenario

Reference = ArmResult | int | None


def batch_kind(sc: Scenario) -> tuple:
    """What the groups of one batch share: the horizon, the number of health insurers, the
    services and their payers. Their initiatives may differ (a counterfactual has none, or
    those it keeps), if in one order (:func:`batch_kinds`)."""
    return (sc.months, insurers_of(sc), tuple((n, s.payer) for n, s in sc.services.items()))


def batch_kinds(scenarios: Sequence[Scenario]) -> list[list[int]]:
    """The groups (indices of ``scenarios``) split into those that can share a batch, each
    kind in the groups' order: by :func:`batch_kind`, and apart where two groups order the
    same initiatives differently."""
    kinds: dict[tuple, list[int]] = {}
    for k, sc in enumerate(scenarios):
        kinds.setdefault(batch_kind(sc), []).append(k)
    out: list[list[int]] = []
    for idx in kinds.values():
        if union_order([list(scenarios[k].initiatives) for k in idx]) is not None:
            out.append(idx)
            continue
        by_inits: dict[tuple, list[int]] = {}   # the same initiatives in other orders
        for k in idx:
            by_inits.setdefault(tuple(scenarios[k].initiatives), []).append(k)
        out += by_inits.values()
    return out


def by_kind(kinds: list[list[int]], refs: Sequence[Reference],
            run: Callable[[list[int], list[Reference]], list[ArmResult]]) -> list[ArmResult]:
    """Each kind as its own batch (``run(groups, their references)``); a kind whose groups
    are judged against groups of another kind runs after it, with their finished results
    (a reference in the same kind becomes its index there)."""
    out: list[ArmResult | None] = [None] * len(refs)
    todo = list(kinds)
    while todo:
        ready = next((idx for idx in todo if all(
            not isinstance(ref, int) or ref in idx or out[ref] is not None
            for ref in (refs[k] for k in idx))), None)
        if ready is None:
            raise ValueError("the groups' references run in a circle")
        todo.remove(ready)
        local = {k: i for i, k in enumerate(ready)}
        mine = [local.get(r, out[r]) if isinstance(r, int) else r
                for r in (refs[k] for k in ready)]
        for k, res in zip(ready, run(ready, mine)):
            out[k] = res
    return [res for res in out if res is not None]
