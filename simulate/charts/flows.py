"""Money flows from payers (kokers) to services and initiatives, as a two-column Sankey
(alluvial) diagram drawn with plain matplotlib patches.

Each ribbon's height is proportional to the euros that payer spent on that service over the
horizon (mean over replications); node heights are the sums of their ribbons, so the picture
is the ledger's double entry: what every payer paid equals what every service cost.

Transfers between payers under a financing regime (capitation to a budget holder, shared
savings, repayments) are *not* drawn: they are not a service, nothing is bought with them, and
the ledger records each payer's net transfer per month, not who paid whom, so ribbons between
payers would have to be invented. The chart shows the bills as they are paid; the subtitle
lists each payer's net transfers over the horizon, and :func:`~simulate.charts.transfers` and
:func:`~simulate.charts.who_pays` show them.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import PathPatch, Rectangle
from matplotlib.path import Path

from simulate.analysis.kokers import initiative_names
from simulate.charts.data import fmt_years, horizon_years, price_year, replications
from simulate.charts.style import PAYER_COLOURS, chart, finish, new_figure
from simulate.model.financing.ledger import TRANSFERS
from simulate.results.tables import Results
from simulate.scenario import PAYERS
from simulate.text import titles
from simulate.text.labels import payer_name, service_name, text
from simulate.text.numbers import fmt_eur

OTHER = "other"
GAP = 0.012      # vertical gap between nodes, as a share of the drawing height
X_LEFT, X_RIGHT, NODE_W = 0.0, 1.0, 0.035


def flow_table(results: Results, arm: str = "scenario", min_share: float = 0.01) -> pd.DataFrame:
    """Mean EUR per (payer, service) over the horizon in ``arm``; services whose total is below
    ``min_share`` of all spending are pooled into one node ``other`` (not initiatives).
    Transfers between payers are left out (see the module docstring)."""
    c = results.costs[(results.costs.arm == arm) & (results.costs.service != TRANSFERS)]
    flows = c.groupby(["payer", "service"], as_index=False).eur.sum()
    flows["eur"] /= len(replications(results))
    flows = flows[flows.eur > 0]
    per_service = flows.groupby("service").eur.sum()
    inits = set(initiative_names(results))
    small = [s for s, v in per_service.items()
             if v < min_share * per_service.sum() and s not in inits]
    if len(small) > 1:
        flows["service"] = flows.service.where(~flows.service.isin(small), OTHER)
        flows = flows.groupby(["payer", "service"], as_index=False).eur.sum()
    return flows.reset_index(drop=True)


def net_transfers(results: Results, arm: str = "scenario") -> pd.Series:
    """Mean net EUR each payer paid out (+) or received (−) as transfers over the horizon in
    ``arm``; payers without transfers are left out."""
    c = results.costs[(results.costs.arm == arm) & (results.costs.service == TRANSFERS)]
    per = c.groupby("payer").eur.sum() / len(replications(results))
    per = per[per.abs() > 1.0]
    order = {p: i for i, p in enumerate(PAYERS)}
    return per.sort_index(key=lambda s: s.map(lambda p: order.get(p, 99)))


def _transfer_note(results: Results, arm: str, lang: str) -> str:
    """'regime transfers ... not drawn: Wmo pays €903k, budget holder receives €557k'."""
    per = net_transfers(results, arm)
    if per.empty:
        return ""
    words = {"en": ("pays", "receives"), "nl": ("betaalt", "ontvangt")}[lang]
    items = ", ".join(f"{payer_name(p, lang)} {words[0] if v > 0 else words[1]} "
                      f"{fmt_eur(abs(v), lang)}" for p, v in per.items())
    return text("flows_no_transfers", lang, items=items)


def _order(flows: pd.DataFrame, inits: set[str]) -> tuple[list[str], list[str]]:
    """Left nodes in the fixed payer order; right nodes grouped by their main payer, biggest
    first, initiatives and 'other' last."""
    payers = [p for p in PAYERS if p in set(flows.payer)]
    main = flows.sort_values("eur").groupby("service").payer.last()
    size = flows.groupby("service").eur.sum()
    rank = {p: i for i, p in enumerate(payers)}

    def key(s: str) -> tuple:
        return (s in inits, s == OTHER, rank.get(main[s], 99), -size[s])
    return payers, sorted(size.index, key=key)


def _stack(nodes: list[str], totals: pd.Series, scale: float) -> dict[str, float]:
    """Top y of each node, stacked downward from 1 with gaps."""
    top, out = 1.0, {}
    for n in nodes:
        out[n] = top
        top -= totals[n] * scale + GAP
    return out


def _spread(ys: list[float], gap: float) -> list[float]:
    """Label positions (top to bottom) moved apart so that no two are closer than ``gap``."""
    out = list(ys)
    for i in range(1, len(out)):
        out[i] = min(out[i], out[i - 1] - gap)
    shift = max(0.0, -0.01 - out[-1]) if out else 0.0
    return [y + shift for y in out]


#: Node labels are centred at most this high, the column headers sit above HEADER_Y (axes
#: data units, the nodes fill 0..1), so that the top label never runs into its header.
TOP_LABEL = 0.975
HEADER_Y = 1.04


def _ribbon(x0: float, y0: float, x1: float, y1: float, h: float) -> Path:
    """A band of height ``h`` from (x0, y0 top) to (x1, y1 top) with S-shaped edges."""
    xm = (x0 + x1) / 2
    verts = [(x0, y0), (xm, y0), (xm, y1), (x1, y1), (x1, y1 - h), (xm, y1 - h), (xm, y0 - h),
             (x0, y0 - h), (x0, y0)]
    codes = [Path.MOVETO, Path.CURVE4, Path.CURVE4, Path.CURVE4, Path.LINETO, Path.CURVE4,
             Path.CURVE4, Path.CURVE4, Path.CLOSEPOLY]
    return Path(verts, codes)


@chart
def money_flows(results: Results, lang: str = "en", arm: str = "scenario",
                min_share: float = 0.01) -> Figure:
    """Sankey diagram: payers (left) -> services and initiatives (right), in ``arm``."""
    flows = flow_table(results, arm, min_share)
    inits = set(initiative_names(results))
    payers, services = _order(flows, inits)
    out_tot = flows.groupby("payer").eur.sum()
    in_tot = flows.groupby("service").eur.sum()
    total = float(flows.eur.sum())
    n = max(len(payers), len(services))
    scale = (1.0 - GAP * (n - 1)) / total if total > 0 else 0.0
    left, right = _stack(payers, out_tot, scale), _stack(services, in_tot, scale)
    fig, ax = new_figure(8.0, 5.2)
    ax.set_axis_off()
    ax.set_xlim(-0.45, 1.75)
    ax.set_ylim(-0.02, 1.02)
    l_off, r_off = dict(left), dict(right)
    for s in services:                       # ribbons in right-node order keep them untangled
        for p in payers:
            row = flows[(flows.payer == p) & (flows.service == s)]
            if row.empty:
                continue
            h = float(row.eur.iloc[0]) * scale
            patch = PathPatch(_ribbon(X_LEFT + NODE_W, l_off[p], X_RIGHT, r_off[s], h),
                              facecolor=PAYER_COLOURS.get(p, "#999999"), alpha=0.45,
                              edgecolor="none", gid=f"flow:{p}:{s}")
            ax.add_patch(patch)
            l_off[p] -= h
            r_off[s] -= h
    label_y = _spread([min(TOP_LABEL, left[p] - out_tot[p] * scale / 2) for p in payers], 0.045)
    for p, ly in zip(payers, label_y):
        h = out_tot[p] * scale
        ax.add_patch(Rectangle((X_LEFT, left[p] - h), NODE_W, h, color=PAYER_COLOURS.get(p),
                               gid=f"node:payer:{p}"))
        ax.text(X_LEFT - 0.01, ly, f"{payer_name(p, lang)}  {fmt_eur(out_tot[p], lang)}",
                ha="right", va="center", fontsize=8)
    label_y = _spread([min(TOP_LABEL, right[s] - in_tot[s] * scale / 2) for s in services],
                      0.032)
    for s, ly in zip(services, label_y):
        h = in_tot[s] * scale
        colour = "#333333" if s in inits else "#888888"
        ax.add_patch(Rectangle((X_RIGHT, right[s] - h), NODE_W, h, color=colour,
                               gid=f"node:service:{s}"))
        name = text("initiative", lang) + ": " + service_name(s, lang) if s in inits else (
            {"en": "other services", "nl": "overige diensten"}[lang] if s == OTHER
            else service_name(s, lang))
        ax.text(X_RIGHT + NODE_W + 0.01, ly, f"{name}  {fmt_eur(in_tot[s], lang)}",
                ha="left", va="center", fontsize=7, fontweight="bold" if s in inits else None)
    ax.text(X_LEFT, HEADER_Y, text("paid_by", lang), fontsize=8, fontweight="bold",
            va="bottom", gid="header:paid_by")
    ax.text(X_RIGHT, HEADER_Y, text("spent_on", lang), fontsize=8, fontweight="bold",
            va="bottom", gid="header:spent_on")
    top = out_tot.idxmax() if len(out_tot) else "wmo"
    years = fmt_years(horizon_years(results))
    title = titles.flows(total, top, float(out_tot.max() / total) if total else 0.0, years, lang)
    sub = text("flows_sub", lang, reps=len(replications(results)), years=years,
               unit=text("eur", lang, price_year=price_year(results)))
    note = _transfer_note(results, arm, lang)
    sub += "\n" + note if note else ""
    return finish(fig, title, sub, results.metadata, lang)


def ribbon_heights(fig: Figure) -> dict[tuple[str, str], float]:
    """Heights of the drawn ribbons per (payer, service), read back from the figure (for tests
    and for checking a saved chart against its table)."""
    out = {}
    for patch in fig.axes[0].patches:
        gid = patch.get_gid() or ""
        if gid.startswith("flow:"):
            _, p, s = gid.split(":", 2)
            v = np.asarray(patch.get_path().vertices)
            out[(p, s)] = float(v[0, 1] - v[7, 1])
    return out


__all__ = ["money_flows", "flow_table", "net_transfers", "ribbon_heights"]
