"""Which parameters drive each koker's net result: the tornado and the Sobol indices together.

Sobol indices divide the variance of a payer's net result over the Sobol points among the
parameters. When few replications are run per point, much of that variance can be the
village's own randomness (``noise_share`` in the Sobol table: the variance over independent
replications at the tornado's base point, an upper bound, since the Sobol points share
random numbers), and the total indices of parameters that stir the simulation (who joins an
initiative, who declines) absorb it. So, per payer:

* if the Sobol analysis ran and noise is below :data:`NOISE_LIMIT` of the variance, the
  drivers are ranked by total index ``ST``;
* otherwise they are ranked by the size of the tornado swing (net at high - net at low, whose
  paired interval shows whether it stands out from the noise: ``swing_excludes_zero``).

The ``drivers`` table says which ranking it used (``ranked_by``).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

#: Above this share of replication noise in the Sobol variance, rank by the tornado instead.
NOISE_LIMIT = 0.5


def drivers_table(tornado: pd.DataFrame, sobol: pd.DataFrame, top: int = 3) -> pd.DataFrame:
    """Per payer whose net result moves, the ``top`` parameters that move it most (measure
    ``net``), with both methods' figures side by side where both ran."""
    tor = tornado[tornado.measure == "net"] if len(tornado) else None
    sob = sobol[sobol.measure == "net"] if len(sobol) else None
    payers = list(dict.fromkeys([*(sob.payer if sob is not None else []),
                                 *(tor.payer if tor is not None else [])]))
    rows = []
    for payer in payers:
        ranked, how = _ranking(payer, tor, sob)
        if ranked is None:
            continue
        for k, parameter in enumerate(ranked[:top], 1):
            rows.append({"payer": payer, "rank": k, "parameter": parameter, "ranked_by": how,
                         **_figures(payer, parameter, tor, sob)})
    return pd.DataFrame(rows)


def _ranking(payer: str, tor: pd.DataFrame | None, sob: pd.DataFrame | None):
    """The parameters that move ``payer`` in order, and by which method."""
    s = sob[sob.payer == payer] if sob is not None else None
    t = tor[tor.payer == payer] if tor is not None else None
    noisy = s is None or s.empty or not s.noise_share.iloc[0] < NOISE_LIMIT
    if t is not None and not t.empty and (noisy or s is None):
        t = t[t.swing_eur != 0]
        order = t.assign(a=t.swing_eur.abs()).sort_values("a", ascending=False, kind="stable")
        return (list(order.parameter), "tornado") if len(order) else (None, "")
    if s is not None and not s.empty:
        s = s[s.ST.abs() > 0]
        return list(s.sort_values("rank").parameter), "sobol"
    return None, ""


def _figures(payer: str, parameter: str, tor: pd.DataFrame | None,
             sob: pd.DataFrame | None) -> dict:
    out: dict = {}
    if sob is not None:
        r = sob[(sob.payer == payer) & (sob.parameter == parameter)]
        if len(r):
            r = r.iloc[0]
            out.update(ST=r.ST, ST_conf=r.ST_conf, S1=r.S1, S1_conf=r.S1_conf,
                       noise_share=r.get("noise_share", np.nan))
    if tor is not None:
        r = tor[(tor.payer == payer) & (tor.parameter == parameter)]
        if len(r):
            r = r.iloc[0]
            out.update(swing_eur=r.swing_eur, swing_ci_low_eur=r.swing_ci_low_eur,
                       swing_ci_high_eur=r.swing_ci_high_eur,
                       swing_excludes_zero=bool(r.swing_ci_low_eur > 0 or r.swing_ci_high_eur < 0
                                                or r.swing_ci_low_eur == r.swing_ci_high_eur))
    return out
