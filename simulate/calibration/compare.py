"""Model against targets: the table that calibration and validation both report.

:func:`compare` takes a run's tidy tables (as in a run folder) and a list of targets and gives
one row per target: the model's mean over replications with a 95% t-interval, the target, the
relative error and whether it is within the target's tolerance.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from simulate.calibration.metrics import model_values
from simulate.calibration.targets import Target
from simulate.results.tables import t_interval

COLUMNS = ["id", "unit", "ages", "model", "ci_low", "ci_high", "target", "relative_error",
           "tolerance", "within", "year", "tag", "source"]


def compare(tables: dict[str, pd.DataFrame], targets: Sequence[Target], years: Sequence[int],
            arm: str | None = "counterfactual", price_year: int | None = None) -> pd.DataFrame:
    """Per target: model mean and 95% interval over replications, target, relative error."""
    vals = model_values(tables, targets, years, arm, price_year)
    rows = []
    for t in targets:
        x = vals.loc[vals["id"] == t.id, "model"].to_numpy()
        x = x[np.isfinite(x)]
        mean, lo, hi = t_interval(x) if len(x) else (float("nan"),) * 3
        unit = t.unit + (f" (prices {t.price_year})" if t.price_year else "")
        rows.append({"id": t.id, "unit": unit, "ages": t.ages, "model": mean, "ci_low": lo,
                     "ci_high": hi, "target": t.value,
                     "relative_error": (mean - t.value) / t.value if t.value else float("nan"),
                     "tolerance": t.tolerance, "within": bool(t.within(mean)) if len(x) else False,
                     "year": t.year, "tag": t.tag, "source": t.source})
    return pd.DataFrame(rows, columns=COLUMNS)


def format_comparison(table: pd.DataFrame, sources: bool = True, width: int = 60) -> str:
    """The comparison as aligned text: quantity, model [interval], target, error, verdict."""
    head = ["quantity", "ages", "model [95% interval]", "target", "error", "tol", "ok", "source"]
    rows = []
    for _, r in table.iterrows():
        ci = "" if np.isnan(r.ci_low) else f" [{_num(r.ci_low)}, {_num(r.ci_high)}]"
        src = f"{r.source[:width]}{'...' if len(r.source) > width else ''} ({r.year}) [{r.tag}]"
        rows.append([f"{r.id}: {r.unit}", r.ages, _num(r.model) + ci, _num(r.target),
                     f"{r.relative_error:+.0%}", f"{r.tolerance:.0%}",
                     "yes" if r.within else "NO", src if sources else ""])
    widths = [max(len(str(x)) for x in col) for col in zip(head, *rows)]
    line = lambda cells: "  ".join(str(c).ljust(w) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
    ok = int(table["within"].sum())
    return "\n".join([line(head), line(["-" * w for w in widths])] + [line(r) for r in rows]
                     + [f"\n{ok} of {len(table)} within tolerance"])


def _num(x: float) -> str:
    if x != x:
        return "n/a"
    a = abs(x)
    return f"{x:,.0f}" if a >= 100 else f"{x:.1f}" if a >= 10 else f"{x:.3g}"
