"""The ``simulate`` command line: a thin layer over the Python API.

Exit status: 0 success, 2 bad input (scenario errors, unusable output folder), 1 a failure
inside the model (a bug: please report it with the run's metadata).
"""
from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from . import __version__
from .scenario import ScenarioError, load_scenario, parse_override
from .store import OutputError, check_writable, new_run_dir
from .cli_experiments import (COMMANDS, EXIT_WORKER_LOST, executor_options,
                              format_precision)
from .executors import ExecutorError, WorkerLost


def _overrides(sets: tuple[str, ...]) -> dict:
    return dict(parse_override(s) for s in sets)


def _fail(message: str, code: int = 2) -> None:
    click.echo(message, err=True)
    sys.exit(code)


def format_summary(summary, lang: str = "en") -> str:
    """The per-payer table printed after a run: EUR totals over the horizon, with intervals."""
    head = ["payer", "counterfactual", "scenario", "difference", "95% interval"]
    rows = []
    for _, r in summary.iterrows():
        ci = ("n/a" if r.ci_low_eur != r.ci_low_eur
              else f"{_eur(r.ci_low_eur)} .. {_eur(r.ci_high_eur)}")
        rows.append([r.payer, _eur(r.counterfactual_eur), _eur(r.scenario_eur),
                     _eur(r.difference_eur, sign=True), ci])
    total = summary[["counterfactual_eur", "scenario_eur", "difference_eur"]].sum()
    rows.append(["total", _eur(total.counterfactual_eur), _eur(total.scenario_eur),
                 _eur(total.difference_eur, sign=True), ""])
    widths = [max(len(str(x)) for x in col) for col in zip(head, *rows)]
    line = lambda cells: "  ".join(  # noqa: E731
        str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))
    out = [line(head), line(["-" * w for w in widths])] + [line(r) for r in rows]
    return "\n".join(out)


def _eur(x: float, sign: bool = False) -> str:
    s = f"{x / 1000:+,.0f}k" if sign else f"{x / 1000:,.0f}k"
    return "EUR " + s


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="simulate")
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
def cli(verbose: int) -> None:
    """Where the costs and benefits of community care land, per koker (funding stream)."""
    logging.basicConfig(level=[logging.WARNING, logging.INFO, logging.DEBUG][min(verbose, 2)],
                        format="%(levelname)s %(name)s: %(message)s")


@cli.command()
@click.argument("scenario", required=False)
@click.option("--set", "sets", multiple=True, metavar="KEY=VALUE",
              help="Override a scenario value, e.g. --set population.size=5000 (repeatable).")
@click.option("--reps", type=click.IntRange(min=1), help="Replications (default: the scenario's).")
@click.option("--seed", type=click.IntRange(min=0), help="Root seed (default: the scenario's).")
@executor_options
@click.option("--precision", type=click.FloatRange(0, 1, min_open=True, max_open=True),
              help="Add replications until each payer's difference and the total are known "
                   "to this relative half-width (e.g. 0.05); --reps is the first batch.")
@click.option("--max-reps", type=click.IntRange(min=2),
              help="Cap on replications with --precision (default 200).")
@click.option("--out", type=click.Path(path_type=Path),
              help="Run folder to create (must not exist). Default: results/<time>-<name>.")
@click.option("--quiet", is_flag=True, help="No progress bar and no table.")
def run(scenario: str | None, sets: tuple[str, ...], reps: int | None, seed: int | None,
        jobs: int, scheduler: str | None, precision: float | None,
        max_reps: int | None, out: Path | None, quiet: bool) -> None:
    """Run SCENARIO (default: scenarios/village.toml) against its counterfactual."""
    from .experiment import run as run_experiment
    from .store import save
    sc = load_scenario(scenario, _overrides(sets))
    out = out or new_run_dir(sc.name)
    check_writable(out)
    first = sc.run.replications if reps is None else reps
    if precision and max_reps is not None and max_reps < first:
        raise click.BadParameter(f"{max_reps} is below the first batch of {first} "
                                 "replications (--reps)", param_hint="--max-reps")
    results = run_experiment(sc, reps=reps, seed=seed, jobs=jobs, progress=not quiet,
                             scheduler=scheduler, precision=precision, max_reps=max_reps)
    path = save(results, out)
    if not quiet:
        m = results.metadata
        click.echo(f"{sc.name}: {m['replications']} replications, seed {m['seed']}, "
                   f"{sc.horizon_years:g} years from {sc.start_year}; EUR totals over the "
                   f"horizon (price level {sc.price_year}), mean over replications\n")
        click.echo(format_summary(results.summary))
        click.echo("\ndifference = scenario - counterfactual: negative means the payer saves.")
        if "precision" in results.tables:
            click.echo("\n" + format_precision(results.precision, m["precision"]))
    click.echo(f"run folder: {path}")


@cli.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--set", "sets", multiple=True, metavar="KEY=VALUE", help="Overrides to check too.")
def validate(files: tuple[str, ...], sets: tuple[str, ...]) -> None:
    """Check scenario FILES without running them (exit 0 valid, 2 with the errors)."""
    problems = []
    for f in files:
        try:
            load_scenario(f, _overrides(sets))
            click.echo(f"{f}: valid")
        except ScenarioError as exc:
            problems.append(str(exc))
    if problems:
        _fail("\n".join(problems))


for _command in COMMANDS:  # sweep, sensitivity (simulate/cli_experiments.py)
    cli.add_command(_command)


def main() -> None:
    """Entry point: bad input becomes a clear message and exit status 2, never a traceback."""
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        _fail("interrupted", 130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2 if exc.exit_code in (1, 2) else exc.exit_code)
    except ScenarioError as exc:
        _fail(str(exc))
    except OutputError as exc:
        _fail(f"output: {exc}")
    except ExecutorError as exc:
        _fail(f"executor: {exc}")
    except WorkerLost as exc:
        _fail(f"{exc}; run the command again", EXIT_WORKER_LOST)
    except KeyboardInterrupt:
        _fail("interrupted", 130)


if __name__ == "__main__":
    main()
