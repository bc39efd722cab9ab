"""Write a calibration as a new scenario file that ``extends`` the original (never overwrites).

The file holds only the fitted values, grouped by their tables, and a header that records how
they were made (targets, seed, replications, burn-in, convergence) and the fit per target, so
the file is its own provenance. It is created with exclusive mode: an existing file is never
replaced.
"""
from __future__ import annotations

import json
import os
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

from simulate.calibration.fit import CalibrationResult
from simulate.results.store import OutputError, next_free
from simulate.version import __version__


def default_path(source: Path) -> Path:
    """``<stem>-calibrated.toml`` beside ``source``, with -2, -3 ... if that name is taken."""
    return next_free(source.with_name(f"{source.stem}-calibrated.toml"), suffix=".toml")


def toml_value(value) -> str:
    """A Python value as TOML (numbers, text, booleans, lists of them)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return json.dumps(str(value))


def toml_text(result: CalibrationResult, source: Path, out: Path, targets: str,
              overrides: dict | None = None) -> str:
    """The scenario file's text: provenance header, ``extends``, the fitted values."""
    st = result.settings
    rel = os.path.relpath(Path(source).resolve(), Path(out).resolve().parent)
    lines = [f"# Calibrated by `simulate calibrate` (simulate {__version__}) on "
             f"{datetime.now(UTC):%Y-%m-%d}.",
             f"# Base: {Path(source).name}; targets: {targets}.",
             f"# Counterfactual arm, seed {st.seed}, {st.reps} replications, {st.burn_in_years} "
             f"burn-in years, measured over the next {st.window_years} years.",
             f"# Optimiser: Nelder-Mead on log-parameters, {result.evaluations} model evaluations "
             f"(cap {st.maxiter}); converged: {'yes' if result.converged else 'NO'} "
             f"({result.message}).",
             f"# Objective (weighted squared relative errors): {result.objective_start:.4g} -> "
             f"{result.objective:.4g}.", "#", "# Fit per target (model, target, relative error):"]
    for _, r in result.fit.iterrows():
        lines.append(f"#   {r.id:<16} {r.model:10.4g} {r.target:10.4g} {r.relative_error:+7.1%}"
                     f"{'' if r.within else '  outside tolerance'}")
    if overrides:
        lines.append("# Fitted with these values set on top of the base (--set): "
                     + ", ".join(f"{k}={toml_value(v)}" for k, v in overrides.items()))
    lines += ["", f'extends = "{rel}"', ""]
    groups: dict[str, list[tuple[str, object]]] = defaultdict(list)
    for key, value in sorted({**(overrides or {}), **result.values}.items()):
        table, _, name = key.rpartition(".")
        groups[table].append((name, value))
    fitted = (f"calibrated by simulate calibrate on {datetime.now(UTC):%Y-%m-%d} to the "
              f"targets {targets} (fit in this file's header)")

    def entry(table: str, name: str, value: object) -> list[str]:
        """A value and its source next to it (sources.KEY, read by the loader)."""
        key = f"{table}.{name}" if table else name
        why = fitted if key in result.values else "set on top of the base for the fit (--set)"
        return [f"{name} = {toml_value(value)}", f"sources.{name} = {toml_value(why)}"]

    for name, value in groups.pop("", []):
        lines += entry("", name, value)
    for table in sorted(groups, key=lambda t: (t.count("."), t)):
        lines.append(f"[{table}]")
        for name, value in groups[table]:
            lines += entry(table, name, value)
        lines.append("")
    return "\n".join(lines)


def write_calibrated(result: CalibrationResult, source: Path, out: Path | None = None,
                     targets: str = "targets", overrides: dict | None = None) -> Path:
    """Create the calibrated scenario file; refuse if ``out`` exists.

    ``overrides`` (the ``--set`` values the fit ran with) are written too, so the file gives
    back the scenario that was fitted.
    """
    out = Path(out) if out else default_path(Path(source))
    text = toml_text(result, Path(source), out, targets, overrides)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with open(out, "x", encoding="utf-8") as f:
            f.write(text)
    except FileExistsError:
        raise OutputError(f"{out} already exists; calibration never overwrites a file "
                          "(choose a new --out or leave it out)") from None
    except OSError as exc:
        raise OutputError(f"cannot write {out}: {exc.strerror or exc}") from exc
    return out
