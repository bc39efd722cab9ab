"""Value of information: which unknown parameter would change a payer's decision if we knew it?

Each payer faces one decision: do the scenario (fund or host its initiatives) or keep the
status quo. Its net benefit of the scenario in replication ``i`` is its net result
``NB_i`` (savings - investment + transfers, EUR over the horizon, or its present value);
that of the status quo is 0. From a probabilistic sensitivity analysis (each replication
drew one parameter set, :mod:`simulate.experiments.psa`):

* **EVPPI** of a parameter (or a group of them) ``x``, by the regression method of Strong,
  Oakley and Brennan (2014, Med Decis Making 34:311-326): fit ``g(x) = E[NB | x]`` by a smooth
  regression of ``NB_i`` on ``x_i``, then ``EVPPI = mean_i max(g(x_i), 0) - max(mean_i NB_i, 0)``:
  what the payer would expect to gain by learning ``x`` before deciding. The regression
  averages out the village's own randomness and the other parameters, which no research can
  remove.
* The fit is a polynomial in the (standardised) parameter(s), additive over a group's
  members, of the degree 0-3 with the smallest Bayesian information criterion (BIC, which
  penalises each coefficient by ``log n``; stricter than cross-validation on tens of
  replications): a parameter whose signal the replications cannot tell from noise gets
  degree 0, and EVPPI 0, instead of a value fitted to noise. With few replications (tens, not the thousands the
  method is best with) the numbers are rough and biased upward: rank the parameters, do not
  quote the euros to the last digit.
* ``all parameters`` is the same on every parameter at once (the EVPI of the parameters),
  and at least the largest EVPPI of a part: the additive fit on all parameters may drop a
  signal that one parameter's own fit keeps, but knowing everything is never worth less.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from simulate.analysis.kokers import koker_replications
from simulate.results.tables import Results, require_results

MEASURES: tuple[str, ...] = ("net", "npv")
MAX_DEGREE = 3
ALL = "all parameters"
VOI_COLUMNS: list[str] = ["payer", "measure", "parameter", "kind", "evppi_eur", "share_of_evpi",
                          "net_mean_eur", "decision", "degree", "r2", "replications", "rank"]


def _basis(x: np.ndarray, degree: int) -> np.ndarray:
    """Intercept plus, per column of ``x`` (standardised), its powers 1..degree."""
    n = x.shape[0]
    cols = [np.ones(n)]
    sd = x.std(axis=0)
    z = (x - x.mean(axis=0)) / np.where(sd > 0, sd, 1.0)
    for j in range(z.shape[1]):
        if sd[j] > 0:
            cols += [z[:, j] ** d for d in range(1, degree + 1)]
    return np.column_stack(cols)


def _bic(rss: float, n: int, p: int) -> float:
    """Bayesian information criterion of a least-squares fit with ``p`` coefficients."""
    return n * np.log(max(rss, 1e-300) / n) + p * np.log(n)


def smooth_fit(y: np.ndarray, x: np.ndarray, max_degree: int = MAX_DEGREE
               ) -> tuple[np.ndarray, int, float]:
    """Fitted values of ``y`` on ``x`` ``[n, k]`` by the polynomial (additive over columns)
    with the smallest BIC, its degree and R^2. Degree 0 is the mean."""
    y = np.asarray(y, dtype=float)
    x = np.asarray(x, dtype=float).reshape(len(y), -1)
    n = len(y)
    tss = float(((y - y.mean()) ** 2).sum())
    if tss == 0:
        return np.full(n, y.mean()), 0, 0.0
    best = (np.full(n, y.mean()), 0, _bic(tss, n, 1))
    for d in range(1, max_degree + 1):
        b = _basis(x, d)
        p = b.shape[1]
        if p >= n - 1:
            break
        coef, *_ = np.linalg.lstsq(b, y, rcond=None)
        fit = b @ coef
        score = _bic(float(((y - fit) ** 2).sum()), n, p)
        if score < best[2]:
            best = (fit, d, score)
    fit, degree = best[0], best[1]
    return fit, degree, 1 - float(((y - fit) ** 2).sum()) / tss


def evppi(net: np.ndarray, x: np.ndarray, max_degree: int = MAX_DEGREE
          ) -> tuple[float, int, float]:
    """EVPPI of ``x`` for the decision "scenario (net benefit ``net``) or status quo (0)":
    ``mean max(g, 0) - max(mean g, 0)`` with ``g`` the smooth fit; its degree and R^2."""
    g, degree, r2 = smooth_fit(net, x, max_degree)
    value = float(np.maximum(g, 0).mean() - max(float(g.mean()), 0.0))
    return max(value, 0.0), degree, r2


def parameter_matrix(results: Results) -> pd.DataFrame:
    """The drawn parameters, one row per replication and one column per parameter."""
    p = results.parameters
    return p.pivot(index="replication", columns="parameter", values="value").sort_index()


def subsets(results: Results) -> list[tuple[str, str, list[str]]]:
    """(name, kind, parameters) of every EVPPI: each parameter, each group, all together."""
    p = results.parameters
    names = list(dict.fromkeys(p.parameter))
    out = [(k, "parameter", [k]) for k in names]
    groups = p.drop_duplicates("parameter").groupby("group", sort=False).parameter.apply(list)
    out += [(g, "group", list(ks)) for g, ks in groups.items() if g and len(ks) > 1]
    if len(names) > 1:
        out.append((ALL, "all", names))
    return out


def voi_table(results: Results, discount_rate: float | None = None,
              measures: tuple[str, ...] = MEASURES) -> pd.DataFrame:
    """Per payer (and ``total``, all payers together), measure and parameter or group: the
    EVPPI in EUR, its share of the EVPI of all parameters, the payer's mean net, the decision
    it would take now, the fit's degree and R^2; ranked by EVPPI within payer and measure.

    Needs a run that drew its parameters (``results.parameters``)."""
    require_results(results, "voi_table", ("costs", "parameters"))
    x = parameter_matrix(results)
    per_rep = koker_replications(results, discount_rate)
    total = per_rep.groupby("replication", as_index=False)[list(measures)].sum()
    per_rep = pd.concat([per_rep, total.assign(payer="total")], ignore_index=True)
    rows = []
    sets = subsets(results)
    for (payer, measure), g in _by_payer(per_rep, measures):
        y = g.reindex(x.index).fillna(0.0).to_numpy()
        values = {}
        for name, kind, keys in sets:
            v, degree, r2 = evppi(y, x[keys].to_numpy())
            values[name] = v
            rows.append({"payer": payer, "measure": measure, "parameter": name, "kind": kind,
                         "evppi_eur": v, "net_mean_eur": float(y.mean()),
                         "decision": "scenario" if y.mean() > 0 else "status quo",
                         "degree": degree, "r2": r2, "replications": len(y)})
        evpi = max(values.values(), default=0.0)   # knowing all is worth at least any part
        for r in rows[len(rows) - len(sets):]:
            if r["kind"] == "all":
                r["evppi_eur"] = evpi
            r["share_of_evpi"] = r["evppi_eur"] / evpi if evpi > 0 else np.nan
    df = pd.DataFrame(rows, columns=[c for c in VOI_COLUMNS if c != "rank"])
    single = df.kind == "parameter"
    df["rank"] = (df.evppi_eur.where(single).groupby([df.payer, df.measure])
                  .rank(ascending=False, method="first"))
    return df


def _by_payer(per_rep: pd.DataFrame, measures: tuple[str, ...]):
    for payer, g in per_rep.groupby("payer", sort=False):
        for m in measures:
            yield (payer, m), g.set_index("replication")[m]


def acceptability(results: Results) -> pd.DataFrame:
    """The acceptability view of a run, per initiative: ``p_survives``, the share of
    replications in which it still runs with funding in the last month (its ``scale`` > 0),
    and ``p_total_cost_falls``, the share in which all payers together pay less with the
    scenario. With parameters drawn these are probabilities given what we know; a financing
    regime's comparison (``simulate regimes``) can put them side by side."""
    require_results(results, "acceptability", ("costs", "series"))
    s = results.series
    s = s[(s.arm == "scenario") & s.series.str.startswith("scale.")]
    last = s[s.month == s.month.max()]
    tot = results.totals("payer").groupby("replication")[["counterfactual", "scenario"]].sum()
    falls = float((tot.scenario < tot.counterfactual - 0.5).mean()) if len(tot) else np.nan
    n = int(results.costs.replication.nunique())
    rows = [{"initiative": name.split(".", 1)[1],
             "p_survives": float((g.value > 0).sum()) / max(n, 1),
             "p_total_cost_falls": falls, "replications": n}
            for name, g in last.groupby("series")]
    return pd.DataFrame(rows, columns=["initiative", "p_survives", "p_total_cost_falls",
                                       "replications"])


def top_parameters(voi: pd.DataFrame, payer: str, n: int = 3, measure: str = "net"
                   ) -> pd.DataFrame:
    """The ``n`` single parameters of highest EVPPI for ``payer``."""
    rows = voi[(voi.payer == payer) & (voi.measure == measure) & (voi.kind == "parameter")]
    return rows.sort_values("evppi_eur", ascending=False).head(n).reset_index(drop=True)


__all__ = ["voi_table", "evppi", "acceptability", "smooth_fit", "top_parameters", "parameter_matrix", "ALL",
           "VOI_COLUMNS"]
