"""Several scenarios side by side: the net result per koker of each, with its interval."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from simulate.analysis.kokers import koker_summary
from simulate.results.tables import Results
from simulate.scenario import PAYERS, Scenario


def unique_names(names: list[str]) -> list[str]:
    """The scenario names, with a repeated name numbered ("village", "village (2)") so that
    every column of the comparison is one scenario."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        label = name if seen[name] == 1 else f"{name} ({seen[name]})"
        while label in out or (label != name and label in names):  # may be a real name too
            seen[name] += 1
            label = f"{name} ({seen[name]})"
        out.append(label)
    return out


def compare_scenarios(scenarios: list[Scenario], reps: int | None = None,
                      seed: int | None = None, jobs: int = 1, out: Path | None = None
                      ) -> tuple[pd.DataFrame, Path | None]:
    """Run each scenario against its counterfactual; return a wide table of net per koker
    (rows in the order of ``PAYERS``, one column per scenario, in the order given, with
    repeated names numbered) and write ``comparison.csv`` with the tidy rows to ``out`` if
    given. The tidy rows are also in ``wide.attrs["tidy"]``. Every euro is at the first
    scenario's ``price_year`` (others are converted with the CPI)."""
    from simulate.experiments.preflight import check_price_year
    from simulate.experiments.runner import run
    from simulate.results.prices import at_price_level
    from simulate.results.store import save
    names = unique_names([sc.name for sc in scenarios])
    level = scenarios[0].price_year if scenarios else None  # one price level for all columns
    for sc in scenarios:                    # refuse an unconvertible level before any run
        if sc.price_year != level:
            check_price_year(sc, level)
    rows = []
    for name, sc in zip(names, scenarios):
        results = run(sc, reps=reps, seed=seed, jobs=jobs)
        k = koker_summary(at_price_level(results, level) if level is not None else results)
        for _, r in k.iterrows():
            rows.append({"scenario": name, "payer": r.payer, "investment_eur": r.investment,
                         "savings_eur": r.savings, "transfers_eur": r.transfers,
                         "net_eur": r.net, "net_low_eur": r.net_low, "net_high_eur": r.net_high})
    tidy = pd.DataFrame(rows)
    wide = _wide(tidy, names)
    path = None
    if out is not None:
        meta = {"scenario_name": "compare", "scenarios": names, "seed": seed,
                "replications": reps, "price_year": level}
        path = save(Results(tables={"comparison": tidy}, metadata=meta), out)
    wide.attrs["tidy"] = tidy
    return wide, path


def _wide(tidy: pd.DataFrame, names: list[str]) -> pd.DataFrame:
    """Net (interval) as text per payer and scenario; '-' where a scenario lacks the payer."""
    if tidy.empty:
        return pd.DataFrame(columns=["payer", *names])
    text = tidy.apply(lambda r: f"{r.net_eur / 1e3:+,.0f}k ({r.net_low_eur / 1e3:+,.0f}k.."
                      f"{r.net_high_eur / 1e3:+,.0f}k)", axis=1)
    wide = tidy.assign(net=text).pivot(index="payer", columns="scenario", values="net")
    payers = [p for p in PAYERS if p in wide.index]
    wide = wide.reindex(index=payers, columns=names).fillna("-")
    wide.columns.name = None
    return wide.reset_index()
