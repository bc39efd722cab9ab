"""Payers as actors: who funds which initiative, and their yearly budget decision.

Each funding line of an initiative belongs to a payer actor (the municipality for the Wmo,
an insurer for its market share of the Zvw, the zorgkantoor for the Wlz, a fund, residents,
an investor, a regional budget holder). At each yearly budget moment an actor whose rule is
``own_benefit`` reviews each line it pays: it measures, year by year since the initiative
started, the savings *it* sees (the kokers it ``observes``, its market share), attributed to
the initiative by cost and with measurement noise; it extends their trend over its own
planning horizon (:func:`projected_benefits`) and values them discounted and, for an insurer,
only for the clients who stay with it (``switch_annual``). A long horizon therefore counts
the later savings of prevention that a short one never sees.
It continues when that value is at least ``continue_ratio`` x its cost over the same horizon,
grows its line when above ``grow_ratio``, and stops after ``stop_after`` failed reviews.
What it counts is its own *net* position (issue 13): the savings it sees, plus the transfers
a financing regime pays it because of the initiative (shared savings flowing back to the Wmo),
minus what it pays (the line's cost, and what an innovatiecontract makes it pay in): the
regime reports those transfers per koker and year (``Regime.counted_transfers``).
It measures either as an evaluation study would (``measurement = "evaluation"``: the
counterfactual plus noise) or as a municipality sees its own books (``"budget_trend"``: its
spending against its own trend before the initiative, or against comparable villages), and
first reviews a line after its evaluation period (``first_review_years``, or the line's
``review_after_years``).
An actor with rule ``committed`` pays for the line's whole term (a grant or a structural
budget). This is the seeds' wrong-pocket mechanism ([000], [002]; DOMAIN 2.3, M0) without
scripting the outcome: what a payer decides follows from where the savings land in the run.

The savings a payer estimates are the difference with the counterfactual arm of the same
replication (the model's "true" effect), plus noise with a standard deviation of
``measurement_error`` x the payer's yearly spend on the kokers it observes: an evaluation
against a benchmark measures a small difference of two large sums.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from simulate.scenario.schema import PAYERS, Payer, Scenario


@dataclass
class Line:
    """One actor's share of one initiative's cost, over a term."""
    initiative: str
    actor: str
    koker: int
    share: float
    start: int
    end: int
    scale: float = 1.0
    fails: int = 0
    pending: bool = False   # a candidate the budget holder has not started yet
    review_after: float | None = None   # years the initiative runs before the first review
    history: list[tuple[int, str, float]] = field(default_factory=list)

    def active(self, m: int) -> bool:
        return self.start <= m < self.end and self.scale > 0


def actors_of(sc: Scenario) -> dict[str, Payer]:
    """The scenario's payer actors, plus a committed actor for every koker not named."""
    out = dict(sc.payers)
    for koker in PAYERS:
        if koker not in out and not any(p.koker == koker for p in sc.payers.values()):
            out[koker] = Payer(koker=koker)
    return out


def funding_lines(sc: Scenario, actors: dict[str, Payer]) -> list[Line]:
    """Expand each initiative's funding: a line naming a koker is split over the actors
    paying from that koker by market share (e.g. insurers for the Zvw)."""
    lines = []
    horizon = sc.months
    for name, ini in sc.initiatives.items():
        for f in ini.funding:
            start = round(f.start_year * 12)
            end = horizon if f.end_year is None else round(f.end_year * 12)
            if f.payer in actors and actors[f.payer].koker != f.payer:
                shares = {f.payer: 1.0}  # one named actor, e.g. one insurer
            else:  # a koker: split over the actors paying from it by market share
                group = {a: p.market_share for a, p in actors.items() if p.koker == f.payer}
                total = sum(group.values()) or 1.0
                shares = {a: v / total for a, v in group.items()}
            for a, frac in shares.items():
                lines.append(Line(name, a, PAYERS.index(actors[a].koker), f.share * frac,
                                  start, end, review_after=f.review_after_years))
    return lines


def horizon_weights(horizon: float) -> np.ndarray:
    """Weight of each future year within a planning horizon (the last may be partial)."""
    n = max(1, math.ceil(horizon))
    w = np.ones(n)
    if horizon < n:
        w[-1] = max(horizon - (n - 1), 0.0) if horizon >= 1 else horizon
    return w


def projected_benefits(yearly: np.ndarray, horizon: float, trend_years: float,
                       min_years: int = 3) -> np.ndarray:
    """The yearly savings a payer expects over its horizon, from those it has measured.

    It fits a straight line through the measured yearly savings (prevention pays off more as
    the years go by) and extends it over its horizon, letting the growth go on for at most
    ``trend_years`` beyond the last measurement. With fewer than ``min_years`` (default three)
    years measured a trend is not to be trusted, so it expects the latest year again.
    """
    n = len(w := horizon_weights(horizon))
    t = np.arange(len(yearly), dtype=float)
    if len(yearly) >= max(2, min_years):
        slope, icept = np.polyfit(t, yearly, 1)
    else:
        slope, icept = 0.0, float(yearly[-1]) if len(yearly) else 0.0
    last = len(yearly) - 1
    ahead = np.minimum(np.arange(1, n + 1), trend_years)
    return (icept + slope * (last + ahead)) * (w > 0)


def benefit_cost_ratio(actor: Payer, yearly: np.ndarray, annual_cost: float,
                       discount_rate: float) -> float:
    """Value of the savings expected over the actor's horizon (discounted, and for an
    insurer only for the clients who stay) divided by the cost over the same horizon."""
    w = horizon_weights(actor.horizon_years)
    k = np.arange(1, len(w) + 1)
    disc = (1 + discount_rate) ** -k
    stay = (1 - actor.switch_annual) ** k
    expected = projected_benefits(yearly, actor.horizon_years, actor.trend_years,
                                  actor.trend_min_years)
    value = float((w * disc * stay * expected).sum())
    cost = annual_cost * float((w * disc).sum())
    return value / cost if cost > 0 else math.inf


def decide(line: Line, actor: Payer, ratio: float, month: int,
           may_grow: Callable[[Line, float], bool] | None = None) -> str:
    """Apply the actor's rule to one review; change the line; return what it decided.

    ``may_grow(line, new_scale)`` lets a regime refuse a growth the actor cannot pay for
    (a budget holder grows only within its reinvestment fund)."""
    if ratio >= actor.continue_ratio:
        line.fails = 0
        grow = min(actor.max_scale, line.scale * 1.25)
        if (actor.grow_ratio > 0 and ratio >= actor.grow_ratio and line.scale < actor.max_scale
                and (may_grow is None or may_grow(line, grow))):
            line.scale = grow
            verdict = "grow"
        else:
            verdict = "continue"
    else:
        line.fails += 1
        if line.fails >= actor.stop_after:
            line.scale = 0.0
            verdict = "stop"
        else:
            verdict = "doubt"
    line.history.append((month, verdict, ratio))
    return verdict
