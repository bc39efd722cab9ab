"""What the actors decided in a run, counted over the replications.

The payers review the lines they fund once a year inside the model (continue, grow, doubt,
stop: ``model/financing/payers.py``) and initiatives collapse when their volunteers leave
(``model/arm.py``); ``Results.decisions`` logs each event. :func:`decision_summary` counts,
per initiative and payer of the scenario arm, in how many replications each outcome
happened, with the median calendar year of the first stop, and per initiative the
replications in which it collapsed and in which it ran again afterwards (a restart, read from
its ``quality`` series: zero while it does not run).

A payer that stops funding is not a collapse of the initiative. The model ends an initiative
whose strength (funding scale times volunteers) stays too low, so an initiative whose payers
all stopped ends a few months later with the same event as one whose volunteers left. Here
an end while the initiative had no funding at all (its ``scale`` series is 0 in the month
before) is
counted apart, as ``unfunded`` ("ended after its funding stopped"); ``collapsed`` counts only
ends while it still had funding (:func:`collapse_events`). The tables charts draw and the report
quotes come from here too: each decision with its calendar year, stops and collapses per
initiative, which initiatives still run at the end, and the transfers per payer and year.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from simulate.analysis.bands import mean_band, replications, scenario_info
from simulate.analysis.kokers import koker_years
from simulate.analysis.questions import NEGLIGIBLE_EUR
from simulate.results.tables import Results

#: The columns of :func:`decision_summary`.
COLUMNS = ["initiative", "payer", "replications", "reviewed", "continued", "grew", "doubted",
           "stopped", "stop_year_median", "collapsed", "collapse_year_median", "restarted",
           "unfunded", "other"]
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
    ends = collapse_events(res, d)
    for name, g in ends.groupby("initiative", sort=True):
        real = g[g.funded]
        first = real.groupby("replication").month.min()
        rows.append({"initiative": name, "payer": "-", "replications": reps,
                     "other": _others(d[(d.initiative == name) & (d.payer == "-")]),
                     "collapsed": int(len(first)),
                     "collapse_year_median": _median_year(first, start),
                     "restarted": _restarts(res, name, first),
                     "unfunded": int(g[~g.funded].replication.nunique())})
    return pd.DataFrame(rows, columns=COLUMNS)


def collapse_events(res: Results, decisions: pd.DataFrame | None = None) -> pd.DataFrame:
    """The scenario arm's ``collapse`` events with a column ``funded``: False when the
    initiative had no funding in the month before (its ``scale`` series is 0: a payer stopped and
    nobody else pays), so it ended for want of money, not because it fell apart."""
    d = res.decisions if decisions is None else decisions
    d = d[(d.arm == "scenario") & (d.decision == "collapse")] if "arm" in d else \
        d[d.decision == "collapse"]
    if d.empty or "series" not in res.tables:
        return d.assign(funded=True)
    s = res.series
    scale = s[(s.arm == "scenario") & s.series.str.startswith("scale.")]
    scale = scale.assign(initiative=scale.series.str.slice(len("scale.")))
    at = scale.set_index(["initiative", "replication", "month"]).value
    # the month before: in the month it ends the series already records it as not running
    keys = pd.MultiIndex.from_arrays([d.initiative, d.replication, d.month - 1])
    funded = at.reindex(keys).fillna(1.0).to_numpy() > 0   # no series: count as funded
    return d.assign(funded=funded)


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


__all__ = ["decision_summary", "collapse_events", "COLUMNS"]


#: The decisions a run logs, in the order charts stack them.
VERDICTS: tuple[str, ...] = ("continue", "grow", "doubt", "cut to budget", "stop", "collapse")


def decision_table(results: Results) -> pd.DataFrame:
    """The scenario arm's decisions with the calendar year they apply from (column ``year``)."""
    d = results.tables.get("decisions")
    if d is None or d.empty:
        return pd.DataFrame(columns=["replication", "month", "year", "initiative", "payer",
                                     "decision", "benefit_cost_ratio"])
    d = d[d.arm == "scenario"]
    start = int(scenario_info(results).get("start_year", 0))
    return d.assign(year=start + d.month.astype(int) // 12).reset_index(drop=True)


def decisions_per_year(results: Results) -> pd.DataFrame:
    """Decisions per calendar year and verdict, per replication (count / replications)."""
    d = decision_table(results)
    n = len(replications(results))
    return (d.groupby(["year", "decision"]).size().div(n).unstack("decision", fill_value=0.0)
            .reindex(columns=[v for v in VERDICTS if v in set(d.decision)]))


def stop_summary(results: Results) -> pd.DataFrame:
    """Per initiative and payer that stopped it (payer ``-`` for a collapse while it still
    had funding; an end after all funding stopped is the stop's doing, not a collapse): in
    how many replications it happened, out of how many, and the first year it happened."""
    d = decision_table(results)
    unfunded = collapse_events(results).query("not funded")
    gone = set(zip(unfunded.initiative, unfunded.replication, unfunded.month))
    d = d[(d.decision == "stop") | ((d.decision == "collapse") & ~pd.Series(
        [k in gone for k in zip(d.initiative, d.replication, d.month)], index=d.index,
        dtype=bool))]
    n = len(replications(results))
    rows = [{"initiative": ini, "payer": payer, "decision": dec,
             "replications": g.replication.nunique(), "of": n, "first_year": int(g.year.min())}
            for (ini, payer, dec), g in d.groupby(["initiative", "payer", "decision"])]
    cols = ["initiative", "payer", "decision", "replications", "of", "first_year"]
    out = pd.DataFrame(rows, columns=cols)
    return out.sort_values(["replications", "decision"], ascending=[False, False],
                           kind="stable").reset_index(drop=True)


def running_at_end(results: Results) -> dict[str, tuple[int, int]]:
    """Per initiative: in how many replications it runs with funding in the last month (its
    ``scale`` > 0), out of how many.

    Not ``quality`` > 0 (as :func:`simulate.analysis.initiative_status` counts): an initiative
    that restarts after a collapse without any payer has quality but no scale, no places and
    no cost, and collapses again; it does not run in any sense a reader means."""
    s = results.series
    s = s[(s.arm == "scenario") & s.series.str.startswith("scale.")]
    last = s[s.month == s.month.max()]
    n = len(replications(results))
    return {name.split(".", 1)[1]: (int((g.value > 0).sum()), n)
            for name, g in last.groupby("series")}


def transfer_years(results: Results) -> pd.DataFrame:
    """Per payer with transfers and year: mean transfers received (+) or paid (−), scenario
    minus counterfactual, with a 95% interval over replications."""
    ky = koker_years(results)
    band = mean_band(ky, ["payer", "year"], "transfers", replications(results))
    moved = ky.groupby("payer").transfers.apply(lambda v: bool((v.abs() > NEGLIGIBLE_EUR).any()))
    return band[band.payer.map(moved)].reset_index(drop=True)
