"""Repeat a run from its ``metadata.json`` and say whether every table came out the same.

The metadata holds the resolved scenario (every value, after ``extends`` and overrides), the
seed and the number of replications, so a run can be repeated without its scenario file. The
repeat is written to a new run folder, never over the original, and each table is compared
row by row: identical numbers mean the run is reproducible with this code and these library
versions; a difference names the tables and their first differing rows.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from simulate.results.store import OutputError, check_writable, next_free, read_metadata, save
from simulate.results.tables import TABLES
from simulate.scenario import from_dict, scenario_hash

#: Rows shown per differing table.
SHOW_ROWS = 3


@dataclass(frozen=True)
class RerunReport:
    """The outcome of :func:`rerun`: where the repeat went and how each table compares."""
    original: Path
    repeat: Path
    #: table name -> what differs ('' for none); tables in neither folder are left out
    tables: dict[str, str] = field(default_factory=dict)
    #: differences in how the run was made (versions, scenario hash), for the reader
    notes: tuple[str, ...] = ()

    @property
    def identical(self) -> bool:
        """True when every table is identical."""
        return not any(self.tables.values())

    def __str__(self) -> str:
        head = f"rerun of {self.original} written to {self.repeat}"
        if self.identical:
            lines = [head, f"identical: every table ({', '.join(self.tables)})"]
        else:
            lines = [head, "DIFFERENT:"] + [f"  {k}: {v}" for k, v in self.tables.items() if v]
            lines += [f"  same: {k}" for k, v in self.tables.items() if not v]
        return "\n".join(lines + [f"note: {n}" for n in self.notes])


def rerun(run_dir: str | Path, out: str | Path | None = None, jobs: int | None = None,
          progress: bool = False) -> RerunReport:
    """Run again what ``run_dir`` ran (its resolved scenario, seed, replications) into a new
    folder (default: ``<run_dir>-rerun``, numbered if taken) and compare every table.

    Raises :class:`~simulate.store.OutputError` if ``run_dir`` is not a run folder or ``out``
    exists, and :class:`~simulate.ScenarioError` if its scenario is not valid for this version.
    """
    from simulate.experiments.runner import run
    original = Path(run_dir)
    meta = read_metadata(original)
    _require(meta, original)
    scenario = from_dict(meta.get("scenario") or {}, file=str(original / "metadata.json"))
    out = Path(out) if out else _next_free(original)
    check_writable(out)
    results = run(scenario, seed=meta.get("seed"), jobs=jobs or int(meta.get("jobs", 1) or 1),
                  progress=progress, **_how_many(meta))
    if meta.get("price_year") is not None:   # shown at another price level (--price-year)
        from simulate.results.prices import reprice
        results = reprice(results, int(meta["price_year"]))
    keep = {k: meta[k] for k in ("scenario_file", "overrides") if k in meta}
    save(results, out, extra={**keep, "rerun_of": str(original)})
    notes = _notes(meta, read_metadata(out), scenario_hash(scenario))
    return RerunReport(original, out, compare_runs(original, out), notes)


def _how_many(meta: dict) -> dict:
    """How the run chose its replications: by its stopping rule (the same rule stops at the
    same count), else the count it ran; and whether it split the spread."""
    how: dict = {"decompose": "spread" in meta}
    rule = meta.get("stopping")
    if isinstance(rule, dict):
        from simulate.experiments.stopping import StopRule
        how["rule"] = StopRule(block=int(rule["block"]), min_reps=int(rule["min_reps"]),
                               max_reps=int(rule["max_reps"]), relative=rule["relative_se"],
                               p_gain_se=rule["p_gain_se"], materiality=rule["materiality"])
    else:
        how["reps"] = meta.get("replications")
    return how


def _require(meta: dict, run_dir: Path) -> None:
    """The metadata must say what was run: a scenario, a seed and a number of replications."""
    for key, kind in (("scenario", dict), ("seed", int), ("replications", int)):
        if not isinstance(meta.get(key), kind) or isinstance(meta.get(key), bool):
            raise OutputError(f"{run_dir / 'metadata.json'}: '{key}' is missing or not "
                              f"{'a table' if kind is dict else 'a whole number'}; "
                              "the run cannot be repeated")


def _next_free(run_dir: Path) -> Path:
    return next_free(run_dir.with_name(f"{run_dir.name}-rerun"))


def _notes(old: dict, new: dict, new_hash: str) -> tuple[str, ...]:
    notes = []
    if old.get("scenario_hash") not in (None, new_hash):
        notes.append(f"the scenario hash changed ({old.get('scenario_hash')} -> {new_hash}): "
                     "this version reads the stored scenario differently")
    before, after = old.get("environment", {}), new.get("environment", {})
    for k in sorted(set(before) | set(after)):
        if k != "platform" and before.get(k) != after.get(k):
            notes.append(f"{k}: {before.get(k)} then, {after.get(k)} now")
    return tuple(notes)


def compare_runs(a: str | Path, b: str | Path, rtol: float = 0.0) -> dict[str, str]:
    """Table name -> '' if the CSV tables of two run folders are equal (within ``rtol``),
    else a description with the first differing rows."""
    out = {}
    for name in TABLES:
        fa, fb = Path(a) / f"{name}.csv", Path(b) / f"{name}.csv"
        if not fa.exists() and not fb.exists():
            continue
        if not (fa.exists() and fb.exists()):
            out[name] = f"only in {fa.parent if fa.exists() else fb.parent}"
            continue
        out[name] = compare_tables(pd.read_csv(fa), pd.read_csv(fb), rtol)
    return out


def compare_tables(a: pd.DataFrame, b: pd.DataFrame, rtol: float = 0.0) -> str:
    """'' if equal, else what differs: columns, number of rows, or the first differing rows
    (numbers equal within ``rtol``; NaN equals NaN)."""
    if list(a.columns) != list(b.columns):
        return f"columns differ: {list(a.columns)} vs {list(b.columns)}"
    if len(a) != len(b):
        return f"{len(a)} rows vs {len(b)} rows"
    same = pd.Series(True, index=a.index)
    for col in a.columns:
        x, y = a[col], b[col]
        if pd.api.types.is_numeric_dtype(x) and pd.api.types.is_numeric_dtype(y):
            xf, yf = x.astype(float), y.astype(float)
            ok = (xf - yf).abs() <= rtol * yf.abs()
            same &= ok | (xf.isna() & yf.isna())
        else:
            # text columns may hold missing values (an empty cell): missing equals missing
            same &= (x.astype(str) == y.astype(str)).fillna(False).astype(bool) | (
                x.isna() & y.isna())
    if same.all():
        return ""
    bad = same.index[~same]
    rows = [f"row {i}: {a.loc[i].to_dict()} vs {b.loc[i].to_dict()}" for i in bad[:SHOW_ROWS]]
    return f"{len(bad)} of {len(a)} rows differ; " + "; ".join(rows)
