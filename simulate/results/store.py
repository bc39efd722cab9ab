"""Run folders on disk: ``metadata.json`` and tidy CSV tables, written atomically.

A run is first written to a hidden temporary folder beside its destination and then renamed
in one step, so a run killed at any moment leaves either a complete folder or nothing. An
existing run folder is never overwritten.
"""
from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from simulate.results.tables import TABLES, Results

DEFAULT_ROOT = Path("results")


class OutputError(OSError):
    """The run folder cannot be written (exists already, read-only, no space)."""


def next_free(base: Path, suffix: str = "") -> Path:
    """``base`` if it does not exist yet, else ``base`` with -2, -3 ... inserted before
    ``suffix`` (e.g. ".toml"): outputs never overwrite each other."""
    stem = base.name[: len(base.name) - len(suffix)] if suffix else base.name
    path, k = base, 1
    while path.exists():
        k += 1
        path = base.with_name(f"{stem}-{k}{suffix}")
    return path


def new_run_dir(scenario_name: str, root: Path = DEFAULT_ROOT) -> Path:
    """``results/<timestamp>-<scenario>`` with a suffix if that name is taken."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return next_free(Path(root) / f"{stamp}-{scenario_name}")


def check_writable(out: Path) -> None:
    """Fail before any work is done if ``out`` exists or its parent cannot be written."""
    out = Path(out)
    if out.exists():
        raise OutputError(f"{out} already exists; a run never overwrites another "
                          "(choose a new --out or leave it out)")
    parent = out.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=parent, prefix=".write-test-"):
            pass
    except OSError as exc:
        raise OutputError(f"cannot write to {parent}: {exc.strerror or exc}") from exc
    free = shutil.disk_usage(parent).free
    if free < 50 * 2**20:
        raise OutputError(f"only {free / 2**20:.0f} MB free in {parent}; a run needs more")


def environment() -> dict[str, str]:
    """Versions of Python and the libraries that shape the numbers, and the git commit."""
    import numpy  # noqa: E401
    import pandas
    import scipy
    import simpy

    from simulate.version import __version__
    env = {"simulate": __version__, "python": platform.python_version(),
           "numpy": numpy.__version__, "scipy": scipy.__version__,
           "simpy": simpy.__version__, "pandas": pandas.__version__,
           "platform": platform.platform()}
    try:
        here = Path(__file__).resolve().parent
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=here, capture_output=True,
                                text=True, timeout=5)
        if commit.returncode == 0:
            env["git_commit"] = commit.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    return env


def save(results: Results, out: Path | None = None, root: Path = DEFAULT_ROOT,
         extra: dict | None = None) -> Path:
    """Write a run folder atomically and return its path."""
    out = Path(out) if out else new_run_dir(results.metadata.get("scenario_name", "run"), root)
    check_writable(out)
    tmp = None
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.partial-", dir=out.parent))
        for name, df in results.tables.items():
            df.to_csv(tmp / f"{name}.csv", index=False)
        meta = {**results.metadata, **(extra or {}), "created": datetime.now(UTC)
                .isoformat(timespec="seconds"), "environment": environment(),
                "command": " ".join(sys.argv)}
        (tmp / "metadata.json").write_text(json.dumps(meta, indent=2, default=str))
        if out.exists():  # appeared while we wrote: never replace it (rename would, if empty)
            raise FileExistsError(17, "it appeared while the run was being written")
        os.rename(tmp, out)  # atomic on one file system
    except OSError as exc:
        _remove(tmp)
        raise OutputError(f"could not write {out}: {exc.strerror or exc}; nothing was kept"
                          ) from exc
    except BaseException:
        _remove(tmp)
        raise
    return out


def _remove(tmp: Path | None) -> None:
    """Remove a partly written temporary folder (hidden: its name starts with a dot)."""
    if tmp is not None:
        shutil.rmtree(tmp, ignore_errors=True)


def load_results(run_dir: str | Path) -> Results:
    """Read a run folder written by :func:`save` back into :class:`Results`."""
    run_dir = Path(run_dir)
    meta = read_metadata(run_dir)
    require_run_tables(run_dir)
    tables = {name: pd.read_csv(run_dir / f"{name}.csv") for name in TABLES
              if (run_dir / f"{name}.csv").exists()}
    return Results(tables=tables, metadata=meta)


#: Tables every ``simulate run`` folder has; their absence means another kind of folder.
RUN_TABLES: tuple[str, ...] = ("costs", "summary")
#: Files that name the command which wrote a folder that is not a run folder.
OTHER_FOLDERS: dict[str, str] = {"comparison.csv": "simulate compare",
                                 "sweep.csv": "simulate sweep",
                                 "sensitivity.json": "simulate sensitivity",
                 "regime_care.csv": "simulate regimes"}


def require_run_tables(run_dir: str | Path) -> None:
    """:class:`OutputError` unless ``run_dir`` holds the tables of a ``simulate run`` folder
    (a compare, sweep or sensitivity folder has metadata.json but not these tables)."""
    run_dir = Path(run_dir)
    missing = [f"{t}.csv" for t in RUN_TABLES if not (run_dir / f"{t}.csv").is_file()]
    if not missing:
        return
    made_by = next((cmd for f, cmd in OTHER_FOLDERS.items() if (run_dir / f).is_file()), None)
    what = (f"a `{made_by}` folder" if made_by else f"missing {', '.join(missing)}")
    raise OutputError(f"{run_dir} is not a `simulate run` folder ({what}); reports, exports "
                      "and validation read the folder of one `simulate run`")


def read_metadata(run_dir: str | Path) -> dict:
    """The ``metadata.json`` of a run folder; :class:`OutputError` if there is none usable."""
    meta_file = Path(run_dir) / "metadata.json"
    if not meta_file.is_file():
        raise OutputError(f"{run_dir} is not a run folder (no metadata.json)")
    try:
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise OutputError(f"{meta_file} cannot be read: {exc}") from exc
    if not isinstance(meta, dict):
        raise OutputError(f"{meta_file} does not hold a run's metadata")
    return meta
