"""Several scenarios side by side: the net result per koker of each, with its interval."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..results import Results
from ..scenario import Scenario
from .kokers import koker_summary


def compare_scenarios(scenarios: list[Scenario], reps: int | None = None,
                      seed: int | None = None, jobs: int = 1, out: Path | None = None
                      ) -> tuple[pd.DataFrame, Path | None]:
    """Run each scenario against its counterfactual; return a wide table of net per koker
    (and write ``comparison.csv`` with the tidy rows to ``out`` if given)."""
    from ..experiment import run
    from ..store import save
    rows = []
    for sc in scenarios:
        k = koker_summary(run(sc, reps=reps, seed=seed, jobs=jobs))
        for _, r in k.iterrows():
            rows.append({"scenario": sc.name, "payer": r.payer, "investment_eur": r.investment,
                         "savings_eur": r.savings, "transfers_eur": r.transfers,
                         "net_eur": r.net, "net_low_eur": r.net_low, "net_high_eur": r.net_high})
    tidy = pd.DataFrame(rows)
    wide = tidy.assign(net=tidy.apply(
        lambda r: f"{r.net_eur / 1e3:+,.0f}k ({r.net_low_eur / 1e3:+,.0f}k..{r.net_high_eur / 1e3:+,.0f}k)",
        axis=1)).pivot(index="payer", columns="scenario", values="net").reset_index()
    path = None
    if out is not None:
        meta = {"scenario_name": "compare", "scenarios": [s.name for s in scenarios],
                "seed": seed, "replications": reps}
        path = save(Results(tables={"comparison": tidy}, metadata=meta), out)
    return wide, path
