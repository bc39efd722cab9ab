"""Does the conclusion flip inside the sensitivity ranges?

The conclusion of a run, per payer and for the total over all kokers, is the sign of its net
result (counterfactual - scenario over the horizon): it gains, it loses, or nothing happens.
The tornado (:func:`simulate.experiments.sensitivity.tornado_table`) runs every parameter at
the low and at the high end of its range, the others at the scenario's own values. The
conclusion **flips** at an end when the net there has the opposite sign of the net at the
scenario's values (a move to or from "nothing happens" is no flip: neither sign is a
conclusion). A flip is **within the noise** when the 95% interval over the paired
replications of the net at that end includes zero, so the replications do not settle which
sign it has there. Both questions use :mod:`simulate.analysis.questions` (no thresholds of
their own).
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from simulate.analysis.questions import negligible, within_noise


def sign(amount: float) -> int:
    """+1 (the payer gains), -1 (it loses) or 0 (a negligible amount)."""
    return 0 if negligible(amount) else (1 if amount > 0 else -1)


@dataclass(frozen=True)
class Flip:
    """One end of one range at which a payer's conclusion flips."""
    parameter: str
    end: str                 # "low" or "high"
    input: float             # the parameter's value at that end
    value: float             # mean net EUR there
    noise: bool | None       # the interval of the net there includes zero (None: no interval)


@dataclass(frozen=True)
class Verdict:
    """A payer's (or the total's) conclusion at the scenario's values, and where it flips."""
    payer: str
    base: float              # mean net EUR at the scenario's own values
    base_noise: bool | None  # the base's own interval includes zero
    flips: tuple[Flip, ...]

    @property
    def sign(self) -> int:
        return sign(self.base)


def _interval(row: pd.Series, end: str) -> bool | None:
    lo, hi = row.get(f"{end}_ci_low_eur"), row.get(f"{end}_ci_high_eur")
    if lo is None or hi is None:
        return None      # a tornado table from before the intervals were kept
    return within_noise(float(lo), float(hi))


def verdicts(tornado: pd.DataFrame, measure: str = "net") -> list[Verdict]:
    """Per payer in the tornado (in its order, the total included): the sign at base and the
    ends of ranges where it flips. Empty for an empty table."""
    if tornado.empty:
        return []
    t = tornado[tornado.measure == measure] if "measure" in tornado else tornado
    out = []
    for payer in dict.fromkeys(t.payer):
        rows = t[t.payer == payer]
        first = rows.iloc[0]
        base = float(first.base)
        flips = []
        for _, r in rows.sort_values("parameter", kind="stable").iterrows():
            for end in ("low", "high"):
                value = float(r[f"{end}_value"])
                if sign(base) and sign(value) == -sign(base):
                    flips.append(Flip(str(r.parameter), end, float(r[f"{end}_input"]), value,
                                      _interval(r, end)))
        out.append(Verdict(str(payer), base, _interval(first, "base"), tuple(flips)))
    return out


def flipped(vs: list[Verdict]) -> list[Verdict]:
    """The verdicts with at least one flip."""
    return [v for v in vs if v.flips]


@dataclass(frozen=True)
class Running:
    """How the share of replications in which an initiative still runs at the end moves
    between the low and the high end of one range."""
    initiative: str
    parameter: str
    base: float              # share at the scenario's values
    low: float
    high: float
    low_input: float
    high_input: float
    noise: bool | None       # the paired interval of high - low includes zero

    @property
    def changes(self) -> bool:
        """More than the noise: the interval of the change excludes zero (and it moved)."""
        return self.noise is False and self.high != self.low


def running_changes(tornado: pd.DataFrame) -> list[Running]:
    """Per initiative and parameter, the running-at-the-end shares the tornado kept
    (columns ``running.*.NAME``); empty for a tornado without them."""
    names = [c.split(".", 2)[2] for c in tornado.columns if c.startswith("running.base.")]
    if not names or tornado.empty:
        return []
    rows = tornado.drop_duplicates("parameter")
    out = []
    for name in names:
        for _, r in rows.iterrows():
            out.append(Running(name, str(r.parameter), float(r[f"running.base.{name}"]),
                               float(r[f"running.low.{name}"]), float(r[f"running.high.{name}"]),
                               float(r.low_input), float(r.high_input),
                               within_noise(float(r[f"running.ci_low.{name}"]),
                                            float(r[f"running.ci_high.{name}"]))))
    return out


__all__ = ["Flip", "Verdict", "verdicts", "flipped", "sign", "Running", "running_changes"]
