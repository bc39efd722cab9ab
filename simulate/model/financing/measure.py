"""How a reviewing payer measures what an initiative saved it in one year (issue 13, point 2).

Two ways, chosen per payer (``payers.<name>.measurement``):

* ``evaluation``: as an evaluation study would, the difference with the counterfactual arm of
  the same replication (the model's true effect on the kokers the payer observes), plus noise
  of ``measurement_error`` x its spend on those kokers' health-based care: an evaluation
  against a benchmark measures a small difference of two large sums.
* ``budget_trend``: what a municipality actually sees, its own spending on the kokers it
  observes against its own trend before the initiative started (a straight line through the
  years before it, flat when there is one; with none, the initiative's first year). Ageing
  raises that spending, so it hides savings. With ``compare_villages`` the payer instead
  extends its base year by the growth of comparable villages without the initiative (the
  counterfactual arm stands for them), known only up to ``comparison_error`` x its spend.

Either measurement is attributed to the initiative by its share of all initiative spending
that year, and scaled to the payer's market share (an insurer: its own insured).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    from simulate.model.financing.payers import Line
    from simulate.model.view import ArmView
    from simulate.scenario.schema import Payer


class Financing(Protocol):
    """What a measurement reads of the financing (:class:`.runtime.Financing`)."""

    arm: ArmView
    actors: dict[str, Payer]

    def observed(self, actor: str) -> list[int]: ...

    def insurer_index(self, actor: str) -> int | None: ...

    def insurer_share(self, col: int, y: int) -> float: ...

    def attributed_savings(self, line: Line, y0: int, y1: int) -> float: ...


def attribution(fin: Financing, line: Line, y: int) -> float:
    """The initiative's share of all initiative spending in year ``y``."""
    spend = fin.arm.initiative_years(y, y + 1)
    total = sum(spend.values())
    return spend.get(line.initiative, 0.0) / total if total else 0.0


def own_spend(fin: Financing, actor: str, y: int, reference: bool = False) -> float:
    """The actor's care spending in year ``y`` on the kokers it observes (its own insured
    for an insurer); ``reference``: in the counterfactual arm (comparable villages)."""
    col = fin.insurer_index(actor)
    ref_arm = fin.arm.reference
    if reference and ref_arm is None:
        raise ValueError("comparable villages need the counterfactual arm")
    if col is not None:
        if reference and ref_arm is not None and ref_arm.insurer_eur is not None:
            return float(ref_arm.insurer_eur[y, col])
        return float(fin.arm.insurer_eur[12 * y: 12 * y + 12, col].sum())
    obs = fin.observed(actor)
    share = fin.actors[actor].market_share
    if reference and ref_arm is not None:
        ref = ref_arm.eur[y][:, fin.arm.care_mask].sum(axis=1)
        return float(ref[obs].sum()) * share
    return float(fin.arm.own_years(y, y + 1)[obs].sum()) * share


def budget_trend(fin: Financing, line: Line, y0: int, y: int) -> float:
    """Savings the line's actor reads from its own books in year ``y`` for an initiative
    that started in year ``y0``."""
    actor = fin.actors[line.actor]
    own = own_spend(fin, line.actor, y)
    if actor.compare_villages:
        base = max(y0 - 1, 0)
        ref0, ref = own_spend(fin, line.actor, base, True), own_spend(fin, line.actor, y, True)
        z = fin.arm.streams.generator(f"financing.compare.{line.actor}", 12 * y).standard_normal()
        growth = (ref / ref0 if ref0 > 0 else 1.0) + actor.comparison_error * z
        expected = own_spend(fin, line.actor, base) * growth
    else:
        pre = np.array([own_spend(fin, line.actor, k) for k in range(y0)])
        if len(pre) >= 2:
            slope, icept = np.polyfit(np.arange(len(pre), dtype=float), pre, 1)
            expected = icept + slope * y
        else:
            expected = pre[0] if len(pre) else own_spend(fin, line.actor, y0)
    return (expected - own) * attribution(fin, line, y)


def evaluation(fin: Financing, line: Line, y: int) -> float:
    """Savings an evaluation study measures for the line's actor in year ``y``: the true
    savings attributed to the initiative, plus noise of ``measurement_error`` x the actor's
    spend on the health-based care of the kokers it observes (care by age only, such as other
    Zvw care, is not what an evaluation of an initiative compares)."""
    actor = fin.actors[line.actor]
    col = fin.insurer_index(line.actor)
    spend = fin.arm.own_years(y, y + 1, health_only=True)[fin.observed(line.actor)].sum() * (
        fin.insurer_share(col, y) if col is not None else actor.market_share)
    z = fin.arm.streams.generator(
        f"financing.review.{line.actor}.{line.initiative}", 12 * y).standard_normal()
    return fin.attributed_savings(line, y, y + 1) + actor.measurement_error * spend * z
