"""Other Zvw care by age: the part of the basic health insurance the model does not follow
state by state.

The model books GP consults, wijkverpleging, hospital days, ED visits and hip fractures to the
Zvw from residents' care states and events: about a fifth of what the Zvw spends on an older
village. The rest (planned medical-specialist care, pharmacy, mental health care, aids, dental,
paramedical care, ...) depends above all on age, so the service ``overige_zvw`` books it per
resident-month by age band. Without it the Zvw koker of a run would be a small fraction of the
real one and Zvw spend per resident could not be validated.

Its values are a residual, derived here from data and the model, not fitted:

    other(band) = Vektis cost per insured-year(band) at the scenario's price year
                  - the model's own Zvw services per resident-year(band), in the counterfactual

with the Vektis figures of men and women weighted by the village's own share of women in the
band. The model's own part per band is read from a run's census and events (use by state,
units per event), scaled so that its total equals the run's booked Zvw costs of those services
(which also hold the extra care of residents waiting for a bed). Regenerate after a change of
the care ladder or of the Zvw services, and paste the printed line into the scenario::

    python -m simulate.calibration.zvw_other scenarios/village.toml
"""
from __future__ import annotations

import argparse
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from simulate.calibration.runs import arm_tables, run_arms, with_values
from simulate.data import AGE_BANDS, table
from simulate.model.care.services import ServiceTable
from simulate.results.prices import price_factor
from simulate.scenario import EVENTS, STATES, Scenario, counterfactual_of, load_scenario

SERVICE = "overige_zvw"
VEKTIS_YEAR = 2018
DATA = "zvw_by_age"


def model_zvw_by_band(sc: Scenario, years: int = 5, reps: int = 4, size: int = 20_000,
                      seed: int | None = None, exclude: str = SERVICE) -> pd.DataFrame:
    """Per age band: residents' share of women and the model's own Zvw cost per resident-year
    (every Zvw service but ``exclude``), in the counterfactual's first ``years``."""
    beds = round(sc.care.nursing_home_beds * size / max(1, sc.population.size))
    cf = with_values(counterfactual_of(sc), {"horizon_years": years, "population.size": size,
                                             "care.nursing_home_beds": beds})
    tables = arm_tables(cf, run_arms(cf, sc.run.seed if seed is None else seed, reps))
    t = ServiceTable.from_scenario(cf)
    zvw = [j for j, n in enumerate(t.names) if sc.services[n].payer == "zvw" and n != exclude]
    pop = tables["population"]
    pop = pop[pop["year"] < cf.start_year + years]
    by = pop.groupby(["age_band", "state"])["residents"].sum().unstack("state").reindex(
        index=list(AGE_BANDS), columns=list(STATES)).fillna(0.0)
    ev = tables["events"].groupby(["age_band", "event"])["count"].sum().unstack("event").reindex(
        index=list(AGE_BANDS)).fillna(0.0)
    ev = ev.reindex(columns=list(EVENTS)).fillna(0.0)
    price = t.price[zvw]
    state_cost = by.to_numpy() @ (t.use[zvw] * 12 * price[:, None]).sum(axis=0)
    event_cost = ev.to_numpy() @ (t.per_event[zvw] * price[:, None]).sum(axis=0)
    band_cost = state_cost + event_cost
    costs = tables["costs"]
    booked = costs[costs["service"].isin([t.names[j] for j in zvw])]["eur"].sum()
    band_cost = band_cost * (booked / band_cost.sum() if band_cost.sum() > 0 else 1.0)
    residents = by.sum(axis=1).to_numpy()
    women = pop[pop["sex"] == "female"].groupby("age_band")["residents"].sum().reindex(
        list(AGE_BANDS)).fillna(0.0).to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        return pd.DataFrame({"female_share": np.where(residents > 0, women / residents, 0.5),
                             "model_eur": np.where(residents > 0, band_cost / residents, 0.0)},
                            index=pd.Index(AGE_BANDS, name="age_band"))


def other_by_band(model: pd.DataFrame, price_year: int) -> pd.DataFrame:
    """The Vektis figures at ``price_year``, the model's part and the residual per month."""
    v = pd.DataFrame(table(DATA)).set_index("age_band")[["men_2018", "women_2018"]]
    f = model["female_share"]
    vektis = (v["men_2018"] * (1 - f) + v["women_2018"] * f) * price_factor(VEKTIS_YEAR, price_year)
    out = v.copy()
    out["vektis_eur"] = vektis.round(0)
    out["model_eur"] = model["model_eur"].round(0)
    out["other_eur_month"] = (np.maximum(vektis - model["model_eur"], 0.0) / 12).round(2)
    return out


def toml_line(other: pd.DataFrame) -> str:
    """``per_resident_by_age = {...}`` for the scenario's ``[services.overige_zvw]``."""
    body = ", ".join(f'"{b}" = {v:g}' for b, v in other["other_eur_month"].items())
    return f"per_resident_by_age = {{ {body} }}"


def write_table(other: pd.DataFrame, path: Path) -> None:
    """Rewrite ``data/zvw_by_age.csv``: its comment header, then the raw and derived columns."""
    text = Path(path).read_text(encoding="utf-8")
    header = "".join(line + "\n" for line in text.splitlines() if line.startswith("#"))
    Path(path).write_text(header + other.reset_index().to_csv(index=False), encoding="utf-8")


def main() -> None:
    p = argparse.ArgumentParser(description="Derive services.overige_zvw (other Zvw care by "
                                            "age) from Vektis and the model's own Zvw services.")
    p.add_argument("scenario", nargs="?", default="village")
    p.add_argument("--years", type=int, default=5)
    p.add_argument("--reps", type=int, default=4)
    p.add_argument("--size", type=int, default=20_000)
    p.add_argument("--out", type=Path, default=Path(str(resources.files("simulate.data")
                                                         .joinpath(f"{DATA}.csv"))))
    a = p.parse_args()
    sc = load_scenario(a.scenario)
    other = other_by_band(model_zvw_by_band(sc, a.years, a.reps, a.size), sc.price_year)
    write_table(other, a.out)
    print(other.to_string())
    print(f"written: {a.out}\npaste into [services.{SERVICE}]:\n{toml_line(other)}")


if __name__ == "__main__":
    main()
