"""Indirect age standardisation of spending growth: what the village's own ageing implies.

RIVM's "demographic part" of the growth of care spending holds spending per resident of each
age (and sex) fixed and lets only the age mix change. A national figure of that kind does not fit
a village that ages faster than the nation. This module computes the same quantity for the
village itself: the growth of spending per resident that its *own* projected age mix implies
when spending per resident of a given age stays at a sourced profile (Vektis's Zvw spending by
age and sex, Wlz and Wmo use by age: ``data/zvw_by_age.csv``, ``data/age_profile.csv``). Each
koker's profile is scaled to the model's own spending of that koker in the start year, so only
the shape by age comes from the sources; a koker without a profile (public health, paid per
resident) grows with the number of residents. A model whose spending grows faster than this
has spending per resident of a given age that drifts upwards, which the demographic part of a
forecast by construction excludes (docs/validation.md, section 7.3).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from simulate.data import AGE_BANDS, table

SEXES = ("male", "female")
#: Kokers with an age profile; any other payer's spending per resident is flat by age.
PROFILED = ("zvw", "wlz", "wmo")


def age_profile(koker: str) -> np.ndarray:
    """Relative spending per resident of ``koker`` by [age band, sex] (only the shape counts)."""
    if koker == "zvw":
        z = table("zvw_by_age")
        return np.stack([np.asarray(z["men_2018"]), np.asarray(z["women_2018"])], axis=1)
    use = np.asarray(table("age_profile")[f"{koker}_users"], dtype=float)
    return np.repeat(use[:, None], len(SEXES), axis=1)


def residents_by_age(pop: pd.DataFrame, year: int, reps: list) -> np.ndarray:
    """Residents by [replication, age band, sex] on 1 January of ``year``."""
    p = pop[pop["year"] == year]
    s = p.groupby(["replication", "age_band", "sex"])["residents"].sum()
    idx = pd.MultiIndex.from_product([reps, AGE_BANDS, SEXES])
    return s.reindex(idx, fill_value=0).to_numpy(dtype=float).reshape(
        len(reps), len(AGE_BANDS), len(SEXES))


def koker_index(koker: str, mix: np.ndarray) -> np.ndarray:
    """Spending per resident (relative) of ``koker`` for each replication's age mix ``mix``
    ([replication, band, sex] residents); 1 for a koker without a profile."""
    whole = mix.sum(axis=(1, 2))
    if koker not in PROFILED:
        return np.ones_like(whole)
    return (mix * age_profile(koker)[None]).sum(axis=(1, 2)) / whole


def expected_growth(pop: pd.DataFrame, costs: pd.DataFrame, y0: int, y1: int, reps: list,
                    what: str = "all") -> np.ndarray:
    """Yearly growth of spending per resident (``what``: one koker, or ``all``) that the
    replications' own age mixes of ``y0`` and ``y1`` imply at constant spending per resident of
    each age and sex; per replication. ``costs``: the arm's care costs by payer (the weights of
    the kokers are their shares of the spending of ``y0``)."""
    m0, m1 = residents_by_age(pop, y0, reps), residents_by_age(pop, y1, reps)
    start = costs[costs["year"] == y0].groupby(["replication", "payer"])["eur"].sum()
    kokers = [what] if what != "all" else sorted(costs["payer"].unique())
    total = np.zeros(len(reps))
    growth = np.zeros(len(reps))
    for k in kokers:
        w = np.array([float(start.get((r, k), 0.0)) for r in reps])
        total += w
        growth += w * koker_index(k, m1) / koker_index(k, m0)
    return (growth / total) ** (1 / (y1 - y0)) - 1
