"""A resumable folder of design points: one result file per finished point.

Sweeps and sensitivity analyses write to a folder like this::

    manifest.json          what is being run: scenario, design points, seed, replications
    points/p000003.json    the per-replication totals of point 3, written when it finishes
    sweep.csv, ...         the final tables, written when every point has finished
    .lock                  present while a process writes here

Every file is written to a temporary name and renamed in one step, so a run killed at any
moment leaves whole files only. Running the same design with the same folder again skips the
points whose files exist; a folder that holds a different design (or scenario, seed,
replications) is refused rather than mixed or overwritten.
"""
from __future__ import annotations

import json
import logging
import os
import socket
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd

from simulate.results.store import OutputError, check_writable

log = logging.getLogger(__name__)
MANIFEST = "manifest.json"


def _normal(x: Any) -> Any:
    """JSON-normal form (tuples become lists, keys sorted) for comparing designs."""
    return json.loads(json.dumps(x, sort_keys=True, default=str))


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` via a temporary file in the same folder and a rename."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class PointStore:
    """The folder of one design; use as a context manager (it holds a lock while open)."""

    def __init__(self, folder: str | Path, identity: dict[str, Any],
                 extra: dict[str, Any] | None = None):
        self.folder = Path(folder)
        self.identity = _normal(identity)
        self.resumed = False
        self._open(extra or {})
        self._lock()

    # -- opening ------------------------------------------------------------------
    def _open(self, extra: dict[str, Any]) -> None:
        manifest = self.folder / MANIFEST
        if manifest.exists():
            try:
                old = json.loads(manifest.read_text())
            except (OSError, ValueError) as exc:
                raise OutputError(f"{manifest} cannot be read ({exc}); choose a new --out") from exc
            if _normal(old.get("identity")) != self.identity:
                raise OutputError(f"{self.folder} holds a different design (scenario, points, "
                                  "seed or replications); choose a new --out to start a new one")
            self.resumed = True
            return
        if self.folder.exists() and any(p for p in self.folder.iterdir()
                                        if not p.name.startswith(".")):
            raise OutputError(f"{self.folder} exists and is not a sweep folder; choose a new --out")
        if not self.folder.exists():
            check_writable(self.folder)
        (self.folder / "points").mkdir(parents=True, exist_ok=True)
        write_atomic(manifest, json.dumps({"identity": self.identity, **extra}, indent=1,
                                          default=str))

    def _lock(self) -> None:
        lock = self.folder / ".lock"
        me = f"{socket.gethostname()}:{os.getpid()}"
        for _ in range(2):
            try:
                fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
                with os.fdopen(fd, "w") as f:
                    f.write(me)
                self._lockfile: Path | None = lock
                return
            except FileExistsError:
                owner = lock.read_text().strip() if lock.exists() else ""
                if not _stale(owner):
                    raise OutputError(f"{self.folder} is in use by {owner} (another sweep?); "
                                      f"if it is not running, delete {lock}") from None
                log.info("removing a stale lock of %s", owner)
                lock.unlink(missing_ok=True)
        raise OutputError(f"cannot lock {self.folder}")  # pragma: no cover - a race lost twice

    def close(self) -> None:
        """Release the lock."""
        lock = getattr(self, "_lockfile", None)
        if lock is not None:
            lock.unlink(missing_ok=True)
            self._lockfile = None

    def __enter__(self) -> PointStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- points -------------------------------------------------------------------
    def _path(self, i: int) -> Path:
        return self.folder / "points" / f"p{i:06d}.json"

    def done(self) -> set[int]:
        """Indices of the points whose result file exists and can be read."""
        out = set()
        for p in (self.folder / "points").glob("p*.json"):
            try:
                i = int(p.stem[1:])
                json.loads(p.read_text())["point"]
            except (ValueError, KeyError, OSError):
                log.warning("ignoring unreadable point file %s; the point is run again", p)
                continue
            out.add(i)
        return out

    def save(self, i: int, payload: dict[str, Any]) -> None:
        """Write the result of point ``i`` (atomically; a point is saved once)."""
        write_atomic(self._path(i), json.dumps({"point": i, **payload}))

    def load(self, i: int) -> dict[str, Any]:
        """The saved result of point ``i``."""
        return json.loads(self._path(i).read_text())

    def write_table(self, name: str, df: pd.DataFrame) -> Path:
        """Write a final table ``<name>.csv`` atomically."""
        path = self.folder / f"{name}.csv"
        write_atomic(path, df.to_csv(index=False))
        return path


def _stale(owner: str) -> bool:
    """A lock is stale if it was taken by a process of this host that no longer runs."""
    host, _, pid = owner.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return not owner  # an empty lock file is stale; another host's lock is not
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False
