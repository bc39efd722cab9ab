"""Initial states consistent with the model's own dynamics, from a burn-in run.

``data/initial_states.csv`` gives, per 5-year age band, the share of residents in each care
state on the first day of a run. If those shares disagree with the care ladder's hazards, the
first years of every run drift towards the model's own balance and that drift would look like
an effect. :func:`burn_in_shares` runs the counterfactual arm of a scenario for many years
(a large village, so that old age bands have enough residents) and reads the state shares by
age band from the census at the end: after 30 years every resident aged 30 or more has lived their
adult life under the model's hazards. The run starts ``years`` before the scenario's start year,
so its end is the scenario's first day, at that year's death rates. The burn-in has a bed for everyone who wants one: the village ages during 30
years, and a fixed number of beds would end in a waiting list that belongs to that future, not
to the first day; the run's own bed queue starts from these shares.
:func:`write_initial_states` writes them into the table, keeping the ``lonely`` and ``alone``
columns. Regenerate after a calibration with::

    python -m simulate.calibration.burnin scenarios/village.toml
"""
from __future__ import annotations

import argparse
from importlib import resources
from pathlib import Path

import pandas as pd

from simulate.calibration.runs import arm_tables, run_arms, with_values
from simulate.data import AGE_BANDS, table
from simulate.scenario import STATES, Scenario, counterfactual_of, load_scenario

HEADER = """\
# Residents' starting state by 5-year age band. Shares per row sum to 1 over the six care states.
# Care-state shares: from a burn-in of the calibrated default village (simulate.calibration.burnin):
#   the counterfactual arm of scenarios/village.toml with {size:,} residents and a bed for everyone who wants one,
#   run for {years} years ({reps} replications, seed {seed}); the shares are the census by age band at the
#   end, pooled over sexes and replications, so the first day of a run agrees with the model's own
#   dynamics (docs/validation.md). Regenerate with: python -m simulate.calibration.burnin
# lonely: severe loneliness; 65-74 8.4%, 75-84 11%, 85+ 14.8% (Gezondheidsmonitor 2016/2020, VZinfo) [A];
#   under 65 10% [A: 18+ severe 11%, 2020].
# alone: living alone [E] (CBS household statistics, rounded; not in shared/data).
"""


def burn_in_shares(sc: Scenario, years: int = 30, reps: int = 4, size: int = 20_000,
                   seed: int | None = None) -> pd.DataFrame:
    """State shares (rows: age bands, columns: states) at the end of a long counterfactual run."""
    # the burn-in ends on the scenario's first day: with death rates falling by calendar year
    # (issue 17) the residents must have aged under the rates up to then, not 30 years later
    long = with_values(counterfactual_of(sc), {
        "horizon_years": years, "population.size": size, "care.nursing_home_beds": size,
        "start_year": sc.start_year - years})
    tables = arm_tables(long, run_arms(long, sc.run.seed if seed is None else seed, reps))
    pop = tables["population"]
    last = pop[pop["year"] == pop["year"].max()]
    counts = (last.groupby(["age_band", "state"])["residents"].sum().unstack("state")
              .reindex(index=list(AGE_BANDS), columns=list(STATES)).fillna(0.0))
    empty = counts.sum(axis=1) == 0
    counts.loc[empty, "vital"] = 1.0
    return counts.div(counts.sum(axis=1), axis=0)


def write_initial_states(shares: pd.DataFrame, path: Path, **provenance) -> None:
    """Write the table: new state shares (4 decimals, rows re-normalised), old lonely/alone."""
    old = pd.DataFrame(table("initial_states")).set_index("age_band")
    rounded = shares.round(4)
    rounded["vital"] += 1 - rounded.sum(axis=1)  # rows sum to 1 after rounding
    out = pd.concat([rounded.round(4), old[["lonely", "alone"]]], axis=1)
    out.index.name = "age_band"
    Path(path).write_text(HEADER.format(**provenance) + out.reset_index().to_csv(index=False))


def main() -> None:
    p = argparse.ArgumentParser(description="Regenerate data/initial_states.csv by a burn-in.")
    p.add_argument("scenario", nargs="?", default="village")
    p.add_argument("--years", type=int, default=30)
    p.add_argument("--reps", type=int, default=4)
    p.add_argument("--size", type=int, default=20_000)
    p.add_argument("--out", type=Path, default=Path(str(resources.files("simulate.data")
                                                         .joinpath("initial_states.csv"))))
    a = p.parse_args()
    sc = load_scenario(a.scenario)
    shares = burn_in_shares(sc, a.years, a.reps, a.size)
    write_initial_states(shares, a.out, size=a.size, years=a.years, reps=a.reps, seed=sc.run.seed)
    print(shares.round(3).to_string())
    print(f"written: {a.out}")


if __name__ == "__main__":
    main()
