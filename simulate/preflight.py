"""Checks before a run starts: will it fit in memory, and will its results fit on disk?

A run that cannot finish should be refused in its first second with a reason, not after hours
of work. The estimates are deliberately generous upper bounds measured on the model (see the
constants); they refuse only runs that clearly cannot fit, never ordinary ones.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from .scenario import Scenario

#: Peak memory per resident slot of one arm, bytes. Measured: peak RSS of one arm grows by
#: 174 bytes per resident (1 M residents 305 MB, 3 M 653 MB, 0 residents 131 MB; 2 months,
#: default village); rounded up for headroom.
BYTES_PER_RESIDENT = 250
#: Memory of the interpreter, numpy, pandas and scipy in one process, bytes (measured 131 MB).
BYTES_PER_PROCESS = 150 * 2**20
#: Upper bound of the run folder per replication-year (both arms), bytes: every cell of the
#: events (11 x 20 x 2 x 6) and population (20 x 2 x 6) tables filled, about 55 bytes a CSV row.
BYTES_PER_REP_YEAR = 2 * (11 * 240 + 240) * 55
#: Pandas holds the tables in memory at about this many times their CSV size.
TABLE_MEMORY_FACTOR = 3
#: Disk space kept free besides the estimate.
DISK_MARGIN = 50 * 2**20


class ResourceError(RuntimeError):
    """The run cannot fit in this machine's memory or on its disk."""


def estimate_memory(scenario: Scenario, reps: int, jobs: int = 1) -> int:
    """Peak bytes of a run: each of ``jobs`` processes holds one arm's residents (slots grow
    with births and newcomers, about 1.25 x the start), plus the tables in the main process."""
    slots = int(scenario.population.size * 1.25) + 64
    per_process = BYTES_PER_PROCESS + BYTES_PER_RESIDENT * slots
    workers = jobs if jobs > 1 else 0
    return per_process * (1 + workers) + TABLE_MEMORY_FACTOR * estimate_disk(scenario, reps)


def estimate_disk(scenario: Scenario, reps: int) -> int:
    """Upper bound of the run folder's size in bytes."""
    years = -(-scenario.months // 12)
    return BYTES_PER_REP_YEAR * years * reps + 2**20


def available_memory() -> int | None:
    """Bytes of memory available to new work (Linux ``MemAvailable``), or None if unknown."""
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None


def check_resources(scenario: Scenario, reps: int, jobs: int = 1,
                    out: str | Path | None = None) -> None:
    """Raise :class:`ResourceError` if the run clearly needs more memory than is available,
    or (with ``out``) more disk than is free where its folder will be written."""
    need, have = estimate_memory(scenario, reps, jobs), available_memory()
    if have is not None and need > have:
        raise ResourceError(
            f"this run needs about {_mb(need)} of memory and {_mb(have)} is available "
            f"({scenario.population.size:,} residents, {reps} replications, {jobs} jobs); "
            "use fewer residents, replications or --jobs")
    if out is not None:
        parent = _existing_parent(Path(out))
        free = shutil.disk_usage(parent).free
        disk = estimate_disk(scenario, reps)
        if disk + DISK_MARGIN > free:
            raise ResourceError(f"the results may need up to {_mb(disk)} and only {_mb(free)} "
                                f"is free in {parent}; free some space or choose another --out")


def _existing_parent(path: Path) -> Path:
    path = path.absolute()
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def _mb(n: int) -> str:
    return f"{n / 2**30:.1f} GB" if n >= 2**30 else f"{n / 2**20:.0f} MB"
