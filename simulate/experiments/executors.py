"""Where the work runs: serially, on local processes, or on a Dask cluster.

An executor maps a *module-level* function over a sequence of argument tuples and yields
``(index, result)`` as each task finishes. Tasks are pure functions of their arguments
(scenario, seed, replication), so the executor decides only where and when they run, never
what they return: callers put results back in task order before doing arithmetic, and the
numbers are identical on every executor and any number of workers.

Only functions of this package are shipped to workers, never a user's callback, so the API
works from a Jupyter notebook (where functions defined in the notebook cannot be pickled by
reference for other processes). Progress callbacks run in the calling process.

* :class:`SerialExecutor`: in this process, one task after another.
* :class:`ProcessExecutor`: ``jobs`` local processes (``concurrent.futures``).
* :class:`DaskExecutor`: a Dask ``distributed`` scheduler (``tcp://host:port``), a new
  ``LocalCluster`` (``"local"``), or a ``distributed.Client`` you already have. Needs the
  ``cluster`` extra: ``pip install 'simulate[cluster]'``; remote workers need ``simulate``
  installed at the same version.
"""
from __future__ import annotations

import logging
import os
import signal
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

log = logging.getLogger(__name__)

Task = tuple
Results = Iterator[tuple[int, Any]]


class WorkerLost(RuntimeError):
    """A worker process died (killed, out of memory); finished work is kept where saved."""


class ExecutorError(RuntimeError):
    """The executor cannot start: Dask is not installed, or the scheduler cannot be reached."""


def _ignore_sigint() -> None:
    """Workers leave Ctrl-C to the main process, which stops them (no tracebacks from each),
    and die at once on SIGTERM (the command line's own SIGTERM handler is not for them)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def available_cpus() -> int:
    """CPUs this process may use (respects affinity masks and containers)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


class Executor:
    """Runs ``fn(*task)`` for every task; subclasses decide where."""

    name = "executor"
    workers = 1

    def imap_unordered(self, fn: Callable[..., Any], tasks: Iterable[Task]) -> Results:
        """Yield ``(index, fn(*task))`` as tasks finish, in any order."""
        raise NotImplementedError

    def map(self, fn: Callable[..., Any], tasks: Iterable[Task],
            on_result: Callable[[int, Any], None] | None = None) -> list[Any]:
        """``[fn(*task) for task in tasks]`` in task order; ``on_result(i, r)`` as each ends."""
        out: dict[int, Any] = {}
        for i, r in self.imap_unordered(fn, tasks):
            out[i] = r
            if on_result:
                on_result(i, r)
        return [out[i] for i in range(len(out))]

    def close(self) -> None:
        """Release workers (a cluster this executor started is shut down)."""

    def describe(self) -> str:
        return f"{self.name} ({self.workers} worker{'s' if self.workers != 1 else ''})"

    def __enter__(self) -> Executor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class SerialExecutor(Executor):
    """Every task in this process, in order: simplest to debug and profile."""

    name = "serial"

    def imap_unordered(self, fn: Callable[..., Any], tasks: Iterable[Task]) -> Results:
        for i, task in enumerate(tasks):
            yield i, fn(*task)


class ProcessExecutor(Executor):
    """Tasks on ``jobs`` local processes; at most a few tasks per worker are queued at once,
    so large sweeps do not hold every task in memory."""

    name = "processes"

    def __init__(self, jobs: int | None = None):
        self.workers = max(1, int(jobs or available_cpus()))
        self._pool: ProcessPoolExecutor | None = None

    def _get_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=self.workers,
                                             initializer=_ignore_sigint)
        return self._pool

    def imap_unordered(self, fn: Callable[..., Any], tasks: Iterable[Task]) -> Results:
        pool = self._get_pool()
        todo = iter(enumerate(tasks))
        running: dict[Future, int] = {}
        try:
            _top_up(running, todo, lambda t: pool.submit(fn, *t), 2 * self.workers)
            while running:
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for fut in sorted(done, key=running.__getitem__):
                    i = running.pop(fut)
                    yield i, fut.result()
                _top_up(running, todo, lambda t: pool.submit(fn, *t), 2 * self.workers)
        except BrokenProcessPool as exc:
            self._abort()
            raise WorkerLost("a worker process died (killed or out of memory)") from exc
        except BaseException:  # Ctrl-C, or the caller stopped early: stop the workers now
            self._abort()
            raise

    def _abort(self) -> None:
        """Stop the workers at once, abandoning running tasks."""
        if self._pool is None:
            return
        for proc in list(getattr(self._pool, "_processes", {}).values()):
            if proc.is_alive():
                proc.terminate()
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = None

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def _top_up(running: dict, todo: Iterator[tuple[int, Task]], submit: Callable[[Task], Any],
            limit: int) -> None:
    while len(running) < limit:
        nxt = next(todo, None)
        if nxt is None:
            return
        i, task = nxt
        running[submit(task)] = i


class DaskExecutor(Executor):
    """Tasks on a Dask ``distributed`` cluster.

    ``scheduler`` is ``"local"`` (start a ``LocalCluster`` with ``jobs`` single-threaded
    workers; ``processes=False`` keeps them as threads in this process, handy in tests), an
    address such as ``"tcp://10.0.0.5:8786"``, or an existing ``distributed.Client``.
    Dask re-runs a task whose worker died on another worker; if it gives up, the run stops
    with :class:`WorkerLost`.
    """

    name = "dask"

    def __init__(self, scheduler: Any = "local", jobs: int | None = None,
                 processes: bool = True, timeout: str | None = None):
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:  # pragma: no cover - exercised without the extra
            raise ExecutorError("the Dask executor needs the 'cluster' extra: "
                                "pip install 'simulate[cluster]'") from exc
        self._own_client = self._cluster = None
        if isinstance(scheduler, Client):
            self.client = scheduler
        elif scheduler in (None, "local"):
            self._cluster = LocalCluster(n_workers=max(1, int(jobs or available_cpus())),
                                         threads_per_worker=1, processes=processes,
                                         dashboard_address=None)
            self.client = self._own_client = Client(self._cluster)
        else:
            try:
                kw = {} if timeout is None else {"timeout": timeout}  # else Dask's config
                self.client = self._own_client = Client(scheduler, **kw)
            except (OSError, TimeoutError, ValueError) as exc:
                raise ExecutorError(f"cannot reach the Dask scheduler at {scheduler}: {exc}"
                                    ) from exc
        self.workers = max(1, sum(self.client.nthreads().values()))

    def describe(self) -> str:
        return f"dask at {self.client.scheduler.address} ({self.workers} worker threads)"

    def imap_unordered(self, fn: Callable[..., Any], tasks: Iterable[Task]) -> Results:
        from distributed import KilledWorker, as_completed
        todo = iter(enumerate(tasks))
        running: dict[Any, int] = {}

        def submit(task: Task) -> Any:
            return self.client.submit(fn, *task, pure=False)

        _top_up(running, todo, submit, 2 * self.workers)
        stream = as_completed(list(running))
        try:
            for fut in stream:
                i = running.pop(fut)
                yield i, fut.result()
                before = set(running)
                _top_up(running, todo, submit, 2 * self.workers)
                for new in set(running) - before:
                    stream.add(new)
        except KilledWorker as exc:
            raise WorkerLost(f"Dask gave up on a task after its workers died: {exc}") from exc
        finally:
            if running:
                self.client.cancel(list(running))

    def close(self) -> None:
        if self._own_client is not None:
            self._own_client.close()
        if self._cluster is not None:
            self._cluster.close()


def make_executor(jobs: int | None = None, scheduler: Any = None,
                  processes: bool = True) -> Executor:
    """The executor for ``jobs`` and ``scheduler``: Dask if a scheduler is given, else serial
    for one job, else local processes (``jobs=None``: every available CPU)."""
    if scheduler is not None:
        return DaskExecutor(scheduler, jobs=jobs, processes=processes)
    jobs = available_cpus() if jobs is None else int(jobs)
    return SerialExecutor() if jobs <= 1 else ProcessExecutor(jobs)


__all__ = ["Executor", "SerialExecutor", "ProcessExecutor", "DaskExecutor", "WorkerLost",
           "ExecutorError",
           "make_executor", "available_cpus"]
