"""Saving figures: PNG at 300 dpi, SVG and PDF, written atomically and never overwriting.

A set of figures is written to a hidden temporary folder next to its destination and renamed
into place in one step, like a run folder (:mod:`simulate.results.store`): an interrupted save leaves
the complete folder or nothing. An existing folder is replaced only with ``force=True``.
"""
from __future__ import annotations

import base64
import io
import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

from matplotlib.figure import Figure

from simulate.results.store import OutputError

FORMATS: tuple[str, ...] = ("png", "svg", "pdf")
PNG_DPI = 300


def save_figure(fig: Figure, stem: str | Path, formats: Iterable[str] = FORMATS,
                dpi: int = PNG_DPI) -> list[Path]:
    """Write ``fig`` as ``stem.png`` (``dpi``), ``stem.svg`` and ``stem.pdf``; return paths."""
    stem = Path(stem)
    paths = []
    for fmt in formats:
        if fmt not in FORMATS:
            raise ValueError(f"format must be one of {', '.join(FORMATS)} (got {fmt!r})")
        path = stem.with_name(f"{stem.name}.{fmt}")
        fig.savefig(path, format=fmt, dpi=dpi if fmt == "png" else None,
                    metadata={"Creator": "simulate"} if fmt != "png" else None)
        paths.append(path)
    return paths


def save_figures(figures: Mapping[str, Figure], folder: str | Path, force: bool = False,
                 formats: Iterable[str] = FORMATS, dpi: int = PNG_DPI) -> Path:
    """Write every figure (by name) into ``folder`` atomically; refuse an existing folder
    unless ``force``."""
    folder = Path(folder)
    if folder.exists() and not force:
        raise OutputError(f"{folder} already exists (use --force to replace it)")
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    try:
        for name, fig in figures.items():
            save_figure(fig, tmp / name, formats, dpi)
        if folder.exists():
            old = folder.with_name(f".{folder.name}.old-{os.getpid()}")
            os.rename(folder, old)
            os.rename(tmp, folder)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(tmp, folder)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return folder


def png_base64(fig: Figure, dpi: int = 150) -> str:
    """The figure as a base64 PNG, for embedding in HTML (``data:image/png;base64,...``)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    return base64.b64encode(buf.getvalue()).decode("ascii")
