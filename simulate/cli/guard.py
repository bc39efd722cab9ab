"""How the command line fails: a short message and an exit status, never a traceback for
bad input.

Exit statuses (also in the README):

* 0: done (for ``rerun``: every table identical);
* 1: a failure inside the model, a worker process that died, or (``rerun``) tables that
  differ; a traceback here is a bug, please report it;
* 2: bad input: scenario errors, an unusable output folder, a run that cannot fit in memory
  or on disk, a folder that is not a run; nothing was run or written;
* 130: interrupted with Ctrl-C (143: stopped with SIGTERM); no partial run folder is left.

:class:`GuardedGroup` does the translation inside click, so the installed ``simulate``
command, ``python -m simulate`` and click's ``CliRunner`` in the tests behave the same.
"""
from __future__ import annotations

import signal
from concurrent.futures.process import BrokenProcessPool
from typing import Any

import click

from simulate.experiments.executors import ExecutorError, WorkerLost
from simulate.experiments.preflight import ResourceError
from simulate.results.prices import PriceYearError
from simulate.results.store import OutputError
from simulate.scenario import ScenarioError

EXIT_FAILED, EXIT_BAD_INPUT, EXIT_INTERRUPTED, EXIT_TERMINATED = 1, 2, 130, 143
EXIT_WORKER_LOST = 75  # EX_TEMPFAIL: a worker died; the same command resumes or repeats


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C so that a half-written run folder is cleaned up."""


def fail(message: str, code: int) -> None:
    """Print ``message`` on stderr and leave with exit status ``code``."""
    click.echo(message, err=True)
    raise click.exceptions.Exit(code)


class GuardedGroup(click.Group):
    """A click group whose commands turn known failures into a message and an exit status."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ScenarioError as exc:
            fail(str(exc), EXIT_BAD_INPUT)
        except (OutputError, ResourceError) as exc:
            fail(f"{'output' if isinstance(exc, OutputError) else 'refused'}: {exc}",
                 EXIT_BAD_INPUT)
        except Terminated:
            fail("stopped (SIGTERM); no partial run folder was left", EXIT_TERMINATED)
        except KeyboardInterrupt:
            fail("interrupted; no partial run folder was left", EXIT_INTERRUPTED)
        except PriceYearError as exc:
            fail(f"--price-year: {exc}", EXIT_BAD_INPUT)
        except ExecutorError as exc:
            fail(f"executor: {exc}", EXIT_BAD_INPUT)
        except WorkerLost as exc:
            fail(f"{exc}; run the command again", EXIT_WORKER_LOST)
        except BrokenProcessPool:
            fail("a worker process stopped unexpectedly (killed, or out of memory?); nothing "
                 "was saved. Try again with fewer --jobs or residents.", EXIT_FAILED)


def terminate_like_interrupt() -> None:
    """Make SIGTERM unwind like Ctrl-C (only for the command line, never on import)."""
    def handler(signum: int, frame: Any) -> None:
        raise Terminated()
    try:
        signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread
        pass
