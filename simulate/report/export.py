"""The run's tables as one Excel workbook: one sheet per table, units in the headers.

Analysts live in Excel. Each sheet is a tidy table as in the run folder, plus the per-koker
analysis, the wrong-pocket matrix and, when the run has one (``RUN_DIR/sensitivity``), the
sensitivity analysis's tornado, Sobol and drivers tables; a column header names its unit ("eur (EUR, price level
2022)"), and a first sheet ``about`` says what the run was (provenance). The workbook is
written atomically and never overwrites an existing file unless ``force``.
"""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from simulate.analysis.analysed import analyse
from simulate.analysis.bands import price_year
from simulate.analysis.kokers import wrong_pocket
from simulate.charts.style import provenance
from simulate.report.xlsx import write_xlsx
from simulate.results.atomic import write_new
from simulate.results.store import load_results
from simulate.results.tables import Results
from simulate.text.labels import text
from simulate.text.replications import replications_sentence
from simulate.text.uncertainty import parameter_count, scope_of, scope_sentence, scope_short

XLSX_NAME = "tables.xlsx"
#: Rows of data per sheet: Excel's limit (1,048,576) less the header. Longer tables continue
#: on sheets named ``<table>_2``, ``<table>_3`` ...
MAX_ROWS = 1_048_575


def units(results: Results) -> dict[str, str]:
    """Column name -> header with its unit."""
    eur = f"EUR, price level {price_year(results)}"
    scope = scope_short(scope_of(results.metadata))     # what the intervals include
    out = {"eur": f"eur ({eur})", "residents": "residents (persons on 1 January)",
           "count": "count (events per year)", "hours": "hours (hours per year, unpaid)",
           "value": "value (per month: persons, or beds for 'beds')", "year": "year (calendar)",
           "month": "month (months since the start)", "replication": "replication (number)",
           "replications": "replications (number)", "roi": "roi (ratio)",
           "payback_year": "payback_year (calendar year, of the mean cumulative net)",
           "share_paid_back": "share_paid_back (share of replications)"}
    for col in ("counterfactual_eur", "scenario_eur", "difference_eur", "ci_low_eur",
                "ci_high_eur", "investment", "savings", "transfers", "net", "npv",
                "care_effect_eur", "transfers_eur", "care_effect"):
        out[col] = f"{col} ({eur})"
    for col in ("difference_eur", "ci_low_eur", "ci_high_eur"):   # spending, not a gain
        out[col] = f"{col} ({eur}; spending, scenario - counterfactual: - the payer gains)"
    out["benefit_cost_ratio"] = "benefit_cost_ratio (payer's expected savings / cost)"
    for base in ("investment", "savings", "care_effect", "transfers", "net", "npv"):
        out[f"{base}_low"] = f"{base}_low ({eur}, 95% interval; {scope})"
        out[f"{base}_high"] = f"{base}_high ({eur}, 95% interval; {scope})"
    out["roi_low"] = f"roi_low (ratio, 95% interval; {scope})"
    out["roi_high"] = f"roi_high (ratio, 95% interval; {scope})"
    for col in ("ci_low_eur", "ci_high_eur"):
        out[col] = f"{col} ({eur}, 95% t-interval; {scope})"
    for col in ("boot_low_eur", "boot_high_eur"):
        out[col] = f"{col} ({eur}, 95% bootstrap interval; {scope})"
    row = "in the row's unit"                                 # the intervals table
    out.update({"mean": f"mean ({row})", "t_low": f"t_low ({row}, 95% t-interval; {scope})",
                "t_high": f"t_high ({row}, 95% t-interval; {scope})",
                "boot_low": f"boot_low ({row}, 95% bootstrap interval; {scope})",
                "boot_high": f"boot_high ({row}, 95% bootstrap interval; {scope})",
                "p_gain": "p_gain (share of replications in which the payer gains)",
                "evppi_eur": f"evppi_eur ({eur}, value of partial perfect information)",
                "net_mean_eur": f"net_mean_eur ({eur})"})
    out.update({  # the stopping rule and the split of the spread
        "se_eur": f"se_eur ({eur}, Monte Carlo standard error of the mean net)",
        "target_se_eur": f"target_se_eur ({eur}, the stopping rule's target for se_eur)",
        "p_gain_se": "p_gain_se (standard error of p_gain)",
        "sd_total_eur": f"sd_total_eur ({eur}, sd of the net, parameters drawn)",
        "sd_simulation_eur": f"sd_simulation_eur ({eur}, sd of the net, parameters fixed)",
        "parameter_share": "parameter_share (share of the variance from the parameters, 0-1)",
        "share_low": "share_low (parameter_share, 95% interval)",
        "share_high": "share_high (parameter_share, 95% interval)",
        "fit_share": "fit_share (adjusted R² of a linear fit on the parameters, 0-1)"})
    return out


def sensitivity_units(eur: str) -> dict[str, str]:
    """Headers with units of the sensitivity tables (tornado, sobol, drivers)."""
    out = {c: f"{c} ({eur}, net = savings - investment)" for c in (
        "base", "low_value", "high_value", "net_mean_eur", "net_sd_eur")}
    out.update({c: f"{c} ({eur})" for c in ("swing_eur", "swing_ci_low_eur",
                                            "swing_ci_high_eur")})
    out.update({f"{end}_ci_{side}_eur": f"{end}_ci_{side}_eur ({eur}, 95% interval of the net)"
                for end in ("base", "low", "high") for side in ("low", "high")})
    running = "share of replications in which the initiative still runs at the end, 0-1"
    out.update({c: f"{c} ({running})" for c in ("running.base", "running.low", "running.high")})
    out.update({c: f"{c} (95% interval of the paired change high - low in that share)"
                for c in ("running.ci_low", "running.ci_high")})
    share = "share of variance, 0-1"
    out.update({"S1": f"S1 ({share})", "ST": f"ST ({share})",
                "S1_conf": f"S1_conf ({share}, 95% half-width)",
                "ST_conf": f"ST_conf ({share}, 95% half-width)",
                "noise_share": "noise_share (share of variance, upper bound)",
                "base_input": "base_input (parameter's unit)",
                "low_input": "low_input (parameter's unit)",
                "high_input": "high_input (parameter's unit)", "rank": "rank (1 = first)"})
    return out


def workbook_sheets(results: Results, sensitivity: Path | None = None
                    ) -> dict[str, pd.DataFrame]:
    """Sheet name -> table with unit headers, in workbook order; with ``sensitivity`` (a
    folder of the sensitivity analysis) also its tornado, sobol and drivers tables."""
    u = units(results)
    m = results.metadata
    about = pd.DataFrame({"item": ["provenance", "scenario", "seed", "replications",
                                   "scenario_hash", "created", "units", "signs",
                                   "intervals include", "how many replications"],
                          "value": [provenance(m), m.get("scenario_name"), m.get("seed"),
                                    m.get("replications"), m.get("scenario_hash"),
                                    m.get("created"), u["eur"], text("sign_rule", "en"),
                                    scope_sentence(scope_of(m), "en", parameter_count(m)),
                                    replications_sentence(m, "en")]})
    sheets = {"about": about}
    for name, df in results.tables.items():
        sheets[name] = df.rename(columns=u)
    sheets["kokers"] = analyse(results).kokers.rename(columns=u)
    wp = wrong_pocket(results) + 0.0   # + 0.0 turns -0.0 into 0.0 (no "-0" cells in Excel)
    sheets["wrong_pocket"] = wp.reset_index().rename(
        columns={"invests": f"invests \\ saves ({u['eur'].split('(')[1].rstrip(')')})"})
    if sensitivity is not None:
        su = sensitivity_units(f"EUR, price level {_sensitivity_price_year(sensitivity, results)}")
        for name in ("tornado", "sobol", "drivers"):
            path = Path(sensitivity) / f"{name}.csv"
            if path.is_file():
                df = pd.read_csv(path)
                sheets[name] = df.rename(columns={c: _unit(c, su) for c in df.columns})
    return sheets


def _unit(column: str, units: dict[str, str]) -> str:
    """A column's header with its unit; ``running.low.NAME`` takes that of ``running.low``."""
    if column in units:
        return units[column]
    head, _, name = column.rpartition(".")
    return units[head].replace(head, column, 1) if head in units else column


def _sensitivity_price_year(folder: Path, results: Results) -> int:
    """The price level of the analysis's euros: its scenario's (a run shown at another
    year's prices with --price-year is repriced, its sensitivity analysis is not)."""
    path = Path(folder) / "sensitivity.json"
    if path.is_file():
        year = (json.loads(path.read_text(encoding="utf-8")).get("scenario") or {}).get(
            "price_year")
        if year:
            return int(year)
    return price_year(results)


def _sheet_parts(name: str, df: pd.DataFrame, max_rows: int) -> list[tuple[str, pd.DataFrame]]:
    """A table as one or more sheets of at most ``max_rows`` rows each."""
    if len(df) <= max_rows:
        return [(name[:31], df)]
    return [(name[:27] if k == 0 else f"{name[:27]}_{k + 1}", df.iloc[i:i + max_rows])
            for k, i in enumerate(range(0, len(df), max_rows))]


def write_workbook(sheets: dict[str, pd.DataFrame], path: Path, max_rows: int = MAX_ROWS) -> None:
    """Write the sheets with :func:`simulate.report.xlsx.write_xlsx`, a table longer than
    ``max_rows`` continuing on further sheets (``events``, ``events_2``, ...)."""
    parts: dict[str, pd.DataFrame] = {}
    for name, df in sheets.items():
        parts.update(_sheet_parts(name, df, max_rows))
    write_xlsx(parts, path)


def export_xlsx(run_dir: str | Path, out: str | Path | None = None, force: bool = False) -> Path:
    """Write the run's tables to ``out`` (default ``RUN_DIR/tables.xlsx``); return the path."""
    run_dir = Path(run_dir)
    results = load_results(run_dir)
    out = Path(out) if out else run_dir / XLSX_NAME
    if out.exists() and not force:       # refuse before the (slow) writing starts
        write_new(out, lambda tmp: None, force=False)
    sens = run_dir / "sensitivity"
    sheets = workbook_sheets(results, sens if sens.is_dir() else None)
    return write_new(out, lambda tmp: write_workbook(sheets, tmp), force=force)
