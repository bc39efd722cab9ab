"""The run's tables as one Excel workbook: one sheet per table, units in the headers.

Analysts live in Excel. Each sheet is a tidy table as in the run folder, plus the per-koker
analysis and the wrong-pocket matrix; a column header names its unit ("eur (EUR, price level
2022)"), and a first sheet ``about`` says what the run was (provenance). The workbook is
written atomically and never overwrites an existing file unless ``force``.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..analysis.kokers import koker_summary, wrong_pocket
from ..charts.data import price_year
from ..charts.style import provenance
from ..results import Results
from ..store import load_results
from .atomic import write_new

XLSX_NAME = "tables.xlsx"


def units(results: Results) -> dict[str, str]:
    """Column name -> header with its unit."""
    eur = f"EUR, price level {price_year(results)}"
    out = {"eur": f"eur ({eur})", "residents": "residents (persons on 1 January)",
           "count": "count (events per year)", "hours": "hours (hours per year, unpaid)",
           "value": "value (per month: persons, or beds for 'beds')", "year": "year (calendar)",
           "month": "month (months since the start)", "replication": "replication (number)",
           "replications": "replications (number)", "roi": "roi (ratio)",
           "payback_year": "payback_year (calendar year, median)",
           "share_paid_back": "share_paid_back (share of replications)"}
    for col in ("counterfactual_eur", "scenario_eur", "difference_eur", "ci_low_eur",
                "ci_high_eur", "investment", "savings", "net", "npv"):
        out[col] = f"{col} ({eur})"
    for base in ("investment", "savings", "net", "npv"):
        out[f"{base}_low"] = f"{base}_low ({eur}, 95% interval)"
        out[f"{base}_high"] = f"{base}_high ({eur}, 95% interval)"
    out["roi_low"], out["roi_high"] = "roi_low (ratio, 95% interval)", "roi_high (ratio, 95% interval)"
    return out


def workbook_sheets(results: Results) -> dict[str, pd.DataFrame]:
    """Sheet name -> table with unit headers, in workbook order."""
    u = units(results)
    m = results.metadata
    about = pd.DataFrame({"item": ["provenance", "scenario", "seed", "replications",
                                   "scenario_hash", "created", "units"],
                          "value": [provenance(m), m.get("scenario_name"), m.get("seed"),
                                    m.get("replications"), m.get("scenario_hash"),
                                    m.get("created"), u["eur"]]})
    sheets = {"about": about}
    for name, df in results.tables.items():
        sheets[name] = df.rename(columns=u)
    sheets["kokers"] = koker_summary(results).rename(columns=u)
    wp = wrong_pocket(results)
    sheets["wrong_pocket"] = wp.reset_index().rename(
        columns={"invests": f"invests \\ saves ({u['eur'].split('(')[1].rstrip(')')})"})
    return sheets


def export_xlsx(run_dir: str | Path, out: str | Path | None = None, force: bool = False) -> Path:
    """Write the run's tables to ``out`` (default ``RUN_DIR/tables.xlsx``); return the path."""
    run_dir = Path(run_dir)
    results = load_results(run_dir)
    out = Path(out) if out else run_dir / XLSX_NAME
    sheets = workbook_sheets(results)

    def write(tmp: Path) -> None:
        with pd.ExcelWriter(tmp, engine="openpyxl") as xl:
            for name, df in sheets.items():
                df.to_excel(xl, sheet_name=name[:31], index=False)
                xl.sheets[name[:31]].freeze_panes = "A2"
    return write_new(out, write, force=force)
