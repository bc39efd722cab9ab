"""The payers' decisions and the money moved between them, as tables: which payer stopped
which initiative in how many replications, which initiatives still run at the end, and each
payer's transfers per year. Charts draw them; the report and the terminal quote them.
"""
from __future__ import annotations

import pandas as pd

from simulate.analysis.bands import mean_band, replications, scenario_info
from simulate.analysis.kokers import koker_years
from simulate.analysis.questions import NEGLIGIBLE_EUR
from simulate.results.tables import Results

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
    """Per initiative and payer that stopped it (payer ``-`` for a collapse): in how many
    replications it happened, out of how many, and the first year it happened."""
    d = decision_table(results)
    d = d[d.decision.isin(["stop", "collapse"])]
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
