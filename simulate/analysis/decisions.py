"""What the actors decided in a run, counted over the replications.

The payers review the lines they fund once a year inside the model (continue, grow, doubt,
stop: ``model/financing/payers.py``) and initiatives collapse when their volunteers leave
(``model/arm.py``); ``Results.decisions`` logs each event. :func:`decision_summary` counts,
per initiative and payer of the scenario arm, in how many replications each outcome
happened, with the median calendar year of the first stop, and per initiative the
replications in which it collapsed and in which it ran again afterwards (a restart, read from
its ``quality`` series: zero while it does not run).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from simulate.results.tables import Results

#: The columns of :func:`decision_summary`.
COLUMNS = ["initiative", "payer", "replications", "reviewed", "continued", "grew", "doubted",
           "stopped", "stop_year_median", "collapsed", "collapse_year_median", "restarted",
           "other"]
#: The verdicts of a payer's yearly review (``model/financing/payers.py``).
REVIEWS = ("continue", "grow", "doubt", "stop")


def decision_summary(res: Results) -> pd.DataFrame:
    """One row per initiative and payer that reviewed it (``payer`` is ``-`` for the
    initiative's own collapses and restarts): counts of replications, first-stop years."""
    d = res.decisions if "decisions" in res.tables else pd.DataFrame()
    if d.empty:
        return pd.DataFrame(columns=COLUMNS)
    d = d[d.arm == "scenario"]
    reps = int(res.metadata.get("replications") or res.costs.replication.nunique())
    start = int((res.metadata.get("scenario") or {}).get("start_year", 0))
    rows = []
    for (name, payer), every in d[d.payer != "-"].groupby(["initiative", "payer"], sort=True):
        g = every[every.decision.isin(REVIEWS)]
        by_rep = g.groupby("replication").decision
        first_stop = g[g.decision == "stop"].groupby("replication").month.min()
        rows.append({"initiative": name, "payer": payer, "replications": reps,
                     "other": _others(every), "reviewed": int(by_rep.ngroups),
                     "continued": int(by_rep.apply(lambda s: "stop" not in set(s)).sum()),
                     "grew": int(by_rep.apply(lambda s: "grow" in set(s)).sum()),
                     "doubted": int(by_rep.apply(lambda s: "doubt" in set(s)).sum()),
                     "stopped": int(len(first_stop)),
                     "stop_year_median": _median_year(first_stop, start)})
    for name, g in d[d.decision == "collapse"].groupby("initiative", sort=True):
        first = g.groupby("replication").month.min()
        rows.append({"initiative": name, "payer": "-", "replications": reps,
                     "other": _others(d[(d.initiative == name) & (d.payer == "-")]),
                     "collapsed": int(len(first)),
                     "collapse_year_median": _median_year(first, start),
                     "restarted": _restarts(res, name, first)})
    return pd.DataFrame(rows, columns=COLUMNS)


def _others(g: pd.DataFrame) -> str:
    """Decisions other than the yearly review and collapse (a regime's own: 'invest', 'bond
    lost', 'challenge refused: ...'), each with the replications it happened in."""
    rest = g[~g.decision.isin((*REVIEWS, "collapse"))]
    counts = rest.groupby("decision", sort=True).replication.nunique()
    return "; ".join(f"{k} in {int(n)}" for k, n in counts.items())


def _median_year(months: pd.Series, start: int) -> float:
    """The median calendar year of events in these months (NaN if there are none)."""
    return float(start + np.floor(np.median(months.to_numpy()) / 12)) if len(months) else np.nan


def _restarts(res: Results, name: str, collapsed_at: pd.Series) -> int:
    """Replications where the initiative runs again (quality above zero) after collapsing."""
    if "series" not in res.tables:
        return 0
    s = res.series
    q = s[(s.arm == "scenario") & (s.series == f"quality.{name}") & (s.value > 0)]
    last_run = q.groupby("replication").month.max()
    later = last_run.reindex(collapsed_at.index).fillna(-1)
    return int((later > collapsed_at).sum())


__all__ = ["decision_summary", "COLUMNS"]
