"""Adding a file to a run folder atomically, without overwriting.

Run folders are never overwritten (:mod:`simulate.results.store`); a report or a workbook is an
*addition* to one. It is written to a hidden temporary file in the same folder and then put in
place in one step: with a hard link, which fails if the name already exists (so two writers
cannot both win), or, with ``force``, with an atomic replace. A reader sees the old file or the
new one, never half of one.
"""
from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from simulate.results.store import OutputError


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_new(path: str | Path, write: Callable[[Path], object], force: bool = False) -> Path:
    """Call ``write(tmp_path)`` and move the result to ``path``; refuse an existing ``path``
    unless ``force``. Raises :class:`~simulate.store.OutputError` with a suggestion."""
    path = Path(path)
    if not path.parent.is_dir():
        raise OutputError(f"{path.parent} is not a folder")
    if path.exists() and not force:
        raise OutputError(f"{path} already exists; a report or export never overwrites "
                          "(use --force to replace it)")
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        write(tmp)
        os.chmod(tmp, 0o666 & ~_umask())   # mkstemp makes 0600; a report is an ordinary file
        if force:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise OutputError(f"{path} appeared while writing; not overwritten") from None
            except OSError:            # a file system without hard links
                if path.exists():
                    raise OutputError(f"{path} already exists") from None
                os.replace(tmp, path)
    except PermissionError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror}") from exc
    finally:
        tmp.unlink(missing_ok=True)
    return path
