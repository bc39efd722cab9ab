"""Progress bars for long work, quiet when nobody is watching.

``progress`` arguments of the public API accept ``True`` (a tqdm bar on stderr when stderr is
a terminal, or a notebook widget in Jupyter), ``False`` (silent), or a callable
``progress(done, total)`` that is called in the calling process after each finished task.
"""
from __future__ import annotations

import sys
from collections.abc import Callable

ProgressArg = bool | Callable[[int, int], None] | None


class Progress:
    """Reports ``done`` out of ``total`` tasks; call it after each task, close at the end."""

    def __init__(self, progress: ProgressArg, total: int, unit: str = "task", desc: str = ""):
        self.total = total
        self._callback = progress if callable(progress) else None
        self._bar = None
        if progress is True and total > 0 and _interactive():
            self._bar = _tqdm()(total=total, unit=unit, desc=desc or None, leave=False,
                                file=sys.stderr, dynamic_ncols=True)

    def __call__(self, done: int, total: int | None = None) -> None:
        if self._callback is not None:
            self._callback(done, self.total if total is None else total)
        if self._bar is not None:
            self._bar.update(done - self._bar.n)

    def set_total(self, total: int) -> None:
        """The total grew (more replications are needed for the precision)."""
        self.total = total
        if self._bar is not None:
            self._bar.total = total
            self._bar.refresh()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _in_notebook() -> bool:
    return "ipykernel" in sys.modules


def _interactive() -> bool:
    return _in_notebook() or (hasattr(sys.stderr, "isatty") and sys.stderr.isatty())


def _tqdm():
    if _in_notebook():
        from tqdm.auto import tqdm
    else:
        from tqdm import tqdm
    return tqdm
