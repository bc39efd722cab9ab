"""The financing of one arm: funding lines, payers' yearly reviews and the regime's transfers.

The yearly budget moment is a SimPy process: at the end of each year the payers review the
lines they pay (:mod:`simulate.model.financing.payers`) and the regime settles its yearly transfers
(:mod:`simulate.model.financing.regimes`). Each month the initiatives' scale follows what their
active lines pay for, and their cost is booked to those payers.
"""
from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING

import numpy as np
import simpy

from simulate.model.financing import measure
from simulate.model.financing.payers import (
    Line,
    actors_of,
    benefit_cost_ratio,
    decide,
    funding_lines,
)
from simulate.model.financing.regimes import REGIMES
from simulate.scenario.schema import PAYERS, Scenario

if TYPE_CHECKING:  # pragma: no cover
    from simulate.model.initiatives.base import ActiveInitiative
    from simulate.model.view import ArmView, Reference


#: Regimes that measure savings against the counterfactual.
MEASURING_REGIMES = ("shared_savings", "innovatiecontract", "social_impact_bond")


def needs_reference(sc: Scenario) -> bool:
    """Whether an arm of ``sc`` uses the counterfactual's costs: a payer that reviews its
    funding on its own benefit, or a regime that measures savings."""
    if sc.financing.regime in MEASURING_REGIMES:
        return True
    actors = actors_of(sc)
    return any(actors[l.actor].rule == "own_benefit" for l in funding_lines(sc, actors))


class Financing:
    """Who pays for the initiatives of one arm, and how that changes over the years."""

    def __init__(self, sc: Scenario, arm: ArmView):
        self.sc, self.arm = sc, arm
        self.actors = actors_of(sc)
        self.lines = funding_lines(sc, self.actors)
        self.regime = REGIMES[sc.financing.regime](self)
        self.decisions: list[dict] = []
        #: years whose year end (transfers, reviews) has run: their books are final
        self.years_ended = 0

    # -- monthly ----------------------------------------------------------------------
    def funded(self, m: int, name: str) -> float:
        """Share of an initiative's planned size its active lines pay for this month."""
        return sum(l.share * l.scale for l in self.lines if l.initiative == name and l.active(m))

    def set_scale(self, m: int, ini: ActiveInitiative) -> None:
        ini.scale = self.regime.scale(m, ini, self.funded(m, ini.name))
        if ini.scale <= 0 and any(l.pending for l in self.lines if l.initiative == ini.name):
            ini.ramp, ini.weak_months = 0.0, 0  # a candidate not started yet waits, unbuilt

    def payments(self, m: int, ini: ActiveInitiative, cost: float) -> np.ndarray:
        """EUR per payer for an initiative's cost this month."""
        default = np.zeros(len(PAYERS))
        lines = [l for l in self.lines if l.initiative == ini.name and l.active(m)]
        weight = sum(l.share * l.scale for l in lines)
        if weight > 0:
            for l in lines:
                default[l.koker] += cost * l.share * l.scale / weight
        elif cost > 0:
            # no active line pays: only a regime that funds initiatives itself (pizza, a
            # social impact bond) gets here, and it replaces this default below
            default[PAYERS.index("funds")] += cost
        return self.regime.payments(m, ini, cost, default)

    # -- yearly (SimPy) ---------------------------------------------------------------
    def process(self, env: simpy.Environment, months: int) -> Generator:
        """The budget moment at the end of every year."""
        for year in range(months // 12):
            yield env.timeout((year + 1) * 12 - env.now)
            # the regime settles the year first, so that the payers' reviews count its
            # transfers of the year just ended (and a budget holder knows its fund)
            t = self.regime.year_end(year)
            if t is not None:
                self.regime.booked[year] = t
                self.arm.ledger.transfer(12 * year + 11, t)
            self.review(year)
            self.keep_to_budgets(year)
            # this arm's year has ended: a scenario arm judged against it may read it
            # (:class:`~simulate.model.result.LiveReference`)
            self.years_ended = year + 1

    def review(self, year: int) -> None:
        """Each payer with rule ``own_benefit`` reviews the lines it pays for next year, once
        the initiative has run for the line's evaluation period, on its own net position."""
        m = (year + 1) * 12
        if self.arm.reference is None:
            return
        for line in self.lines:
            actor = self.actors[line.actor]
            ini = self.arm.initiative(line.initiative)
            if actor.rule != "own_benefit" or not line.active(m) or ini is None or not ini.running:
                continue
            started = round(ini.spec.start_year * 12)
            wait = actor.first_review_years if line.review_after is None else line.review_after
            if m - started < round(12 * wait) or m <= line.start:
                continue
            yearly = self.net_yearly(line, started // 12, year + 1)
            cost = 12 * ini.planned_monthly_cost() * line.share * line.scale
            ratio = benefit_cost_ratio(actor, yearly, cost, self.sc.financing.discount_rate)
            verdict = decide(line, actor, ratio, m, self.regime.may_grow)
            self.log(m, line.initiative, line.actor, verdict, ratio)

    def keep_to_budgets(self, year: int) -> None:
        """A payer with a yearly budget for initiatives cuts all its lines in proportion when
        next year's planned spending would exceed it."""
        m = (year + 1) * 12
        for name, actor in self.actors.items():
            if actor.budget_eur <= 0:
                continue
            mine = [l for l in self.lines if l.actor == name and l.active(m)]
            planned = sum(12 * ini.planned_monthly_cost() * l.share * l.scale for l in mine
                          if (ini := self.arm.initiative(l.initiative)) is not None)
            if planned > actor.budget_eur:
                cut = actor.budget_eur / planned
                for l in mine:
                    l.scale *= cut
                    self.log(m, l.initiative, name, "cut to budget", cut)

    def net_yearly(self, line: Line, y0: int, y1: int) -> np.ndarray:
        """What the line's actor gains in each year [y0, y1) because of the initiative,
        before paying for it: the share it keeps of the savings it measures (a budget holder
        returns part of a surplus), plus the transfers the regime pays it (shared savings
        flowing back) or makes it pay (an innovatiecontract's share), attributed to the
        initiative like the savings."""
        out = self.measured_yearly(line, y0, y1)
        col = self.insurer_index(line.actor)
        for i, y in enumerate(range(y0, y1)):
            out[i] *= self.regime.kept_share(line.actor, y)
            t = self.regime.counted_transfers(line.actor, line.koker, y)
            if t:
                share = (self.insurer_share(col, y) if col is not None
                         else self.actors[line.actor].market_share)
                out[i] += t * share * measure.attribution(self, line, y)
        return out

    def measured_yearly(self, line: Line, y0: int, y1: int) -> np.ndarray:
        """The savings the line's actor measures in each year [y0, y1), by its own way of
        measuring (:mod:`simulate.model.financing.measure`)."""
        if self.actors[line.actor].measurement == "budget_trend":
            return np.array([measure.budget_trend(self, line, y0, y) for y in range(y0, y1)])
        return np.array([measure.evaluation(self, line, y) for y in range(y0, y1)])

    def insurer_share(self, col: int, y: int) -> float:
        """Insurer ``col``'s share of the Zvw care costs in year ``y``."""
        year = self.arm.insurer_eur[12 * y: 12 * y + 12]
        total = year.sum()
        return float(year[:, col].sum() / total) if total > 0 else 0.0

    def observed(self, actor: str) -> list[int]:
        """The kokers whose savings ``actor`` counts: those its regime makes its own (a
        budget holder: exactly the kokers its budget covers), else its ``observes``."""
        mine = self.regime.observed_kokers(actor)
        if mine is not None:
            return list(mine)
        p = self.actors[actor]
        return [PAYERS.index(k) for k in (p.observes or [p.koker])]

    def attributed_savings(self, line: Line, y0: int, y1: int) -> float:
        """The line actor's true savings over years [y0, y1), attributed to the initiative
        by its share of all initiative spending, times the actor's market share."""
        actor = self.actors[line.actor]
        spend = self.arm.initiative_years(y0, y1)
        frac = spend.get(line.initiative, 0.0) / sum(spend.values()) if sum(spend.values()) else 0
        i = self.insurer_index(line.actor)
        reference = self._reference()
        if i is not None and reference.insurer_eur is not None:  # its own insured only
            ref = reference.insurer_eur[y0:y1, i].sum()
            return (ref - self.arm.insurer_eur[12 * y0: 12 * y1, i].sum()) * frac
        saved = self.true_savings(y0, y1)[self.observed(line.actor)].sum()
        return saved * frac * actor.market_share

    def insurer_index(self, actor: str) -> int | None:
        """The actor's column in the per-insurer Zvw costs, if it is one of several insurers."""
        ins = self.arm.insurance
        return ins.names.index(actor) if ins.k > 1 and actor in ins.names else None

    # -- measurements used by regimes ---------------------------------------------------
    def true_savings(self, y0: int, y1: int) -> np.ndarray:
        """Counterfactual minus own care costs per koker over years [y0, y1)."""
        ref = self._reference().eur[y0:y1][:, :, self.arm.care_mask].sum(axis=(0, 2))
        return ref - self.arm.own_years(y0, y1)

    def _reference(self) -> Reference:
        """The counterfactual arm this arm is measured against (reviews run only with one)."""
        if self.arm.reference is None:
            raise RuntimeError("savings are measured against the counterfactual arm; none given")
        return self.arm.reference

    def measured_savings(self, y0: int, y1: int, error: float, purpose: str) -> np.ndarray:
        """True savings per koker plus noise of ``error`` x each koker's health-based spend."""
        spend = self.arm.own_years(y0, y1, health_only=True)
        z = self.arm.streams.generator(f"financing.measure.{purpose}", y1 * 12).standard_normal(
            len(PAYERS))
        return self.true_savings(y0, y1) + error * spend * z

    def initiative_spend(self, y0: int, y1: int) -> np.ndarray:
        """What each payer paid for initiatives over years [y0, y1)."""
        led = self.arm.ledger.eur[12 * y0: 12 * y1][:, :, self.arm.init_mask]
        return led.sum(axis=(0, 2))

    def log(self, month: int, initiative: str, actor: str, verdict: str, ratio: float) -> None:
        self.decisions.append({"month": month, "initiative": initiative, "payer": actor,
                               "decision": verdict, "benefit_cost_ratio": ratio})
