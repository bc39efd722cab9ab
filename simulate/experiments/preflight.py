"""Checks before a run starts: will it fit in memory, and will its results fit on disk?

A run that cannot finish should be refused in its first second with a reason, not after hours
of work. The estimates are deliberately generous upper bounds measured on the model (see the
constants); they refuse only runs that clearly cannot fit, never ordinary ones.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from simulate.model.population.residents import initial_capacity
from simulate.scenario import Scenario

#: Peak memory per resident slot of one arm, bytes. Measured: peak RSS of one arm grows by
#: 174 bytes per resident (1 M residents 305 MB, 3 M 653 MB, 0 residents 131 MB; 2 months,
#: default village); rounded up for headroom.
BYTES_PER_RESIDENT = 250
#: Memory of the interpreter, numpy, pandas and scipy in one process, bytes (measured 131 MB).
BYTES_PER_PROCESS = 150 * 2**20
#: Bytes per CSV row of the tables (measured: 50 for events.csv, 41 for population.csv).
BYTES_PER_ROW = 55
#: Cells per arm and year of the events (11 events x 20 age bands x 2 sexes x 6 states) and
#: population (20 x 2 x 6) tables; only cells that are not zero are written.
EVENT_CELLS, POPULATION_CELLS = 11 * 240, 240
#: A resident fills at most one population cell and, in a year, rarely more than this many
#: event cells [assumption: deaths, falls, ED visits and admissions are each rarer than 1 a
#: year]; this bounds the tables of small villages well below the full grid.
EVENT_CELLS_PER_RESIDENT = 4
#: Pandas holds the tables in memory at about this many times their CSV size.
TABLE_MEMORY_FACTOR = 3
#: Disk space kept free besides the estimate.
DISK_MARGIN = 50 * 2**20


class ResourceError(RuntimeError):
    """The run cannot fit in this machine's memory or on its disk."""


def estimate_memory(scenario: Scenario, reps: int, jobs: int = 1) -> int:
    """Peak bytes of a run: each of ``jobs`` processes holds one arm's residents (slots grow
    with births and newcomers, about 1.25 x the start), plus the tables in the main process."""
    slots = initial_capacity(scenario.population.size)
    per_process = BYTES_PER_PROCESS + BYTES_PER_RESIDENT * slots
    workers = jobs if jobs > 1 else 0
    return per_process * (1 + workers) + TABLE_MEMORY_FACTOR * estimate_disk(scenario, reps)


def estimate_disk(scenario: Scenario, reps: int) -> int:
    """Generous estimate of the run folder's size in bytes (events and population tables,
    which dominate, plus 1 MB for the rest)."""
    years = -(-scenario.months // 12)
    people = initial_capacity(scenario.population.size)
    rows = (min(EVENT_CELLS, EVENT_CELLS_PER_RESIDENT * people)
            + min(POPULATION_CELLS, people))
    return 2 * rows * BYTES_PER_ROW * years * reps + 2**20


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


def check_price_year(scenario: Scenario, to_year: int | None) -> None:
    """With ``--price-year``: both the requested year and the scenario's ``price_year`` must be
    in the price index, checked before any work (not after the whole simulation).
    Raises :class:`~simulate.prices.PriceYearError`."""
    if to_year is None:
        return
    from simulate.results.prices import PriceYearError, cpi
    cpi(to_year)
    try:
        cpi(scenario.price_year)
    except PriceYearError as exc:
        raise PriceYearError(f"the scenario's price_year {scenario.price_year} cannot be "
                             f"converted to {to_year} prices: {exc}; leave out --price-year "
                             "or give the scenario a price_year in the table") from exc
