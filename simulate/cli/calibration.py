"""The ``simulate calibrate`` and ``simulate validate-model`` commands (issue 7): fit a scenario
to public figures, and compare a run with figures the fit never saw.

Thin, like :mod:`simulate.cli.main`: parse, call :mod:`simulate.calibration` or
:func:`simulate.calibration.validation.validate_model`, print. Exit status: 0 done, 2 bad input.
"""
from __future__ import annotations

from pathlib import Path

import click

from simulate.experiments.executors import available_cpus
from simulate.results.store import OutputError, check_writable
from simulate.scenario import find_scenario, load_scenario, parse_overrides


@click.command()
@click.argument("scenario", required=False)
@click.option("--targets", default="targets", show_default=True,
              help="Targets CSV, or 'targets' for simulate/data/targets.csv.")
@click.option("--param", "params", multiple=True, metavar="KEY",
              help="A dotted key to fit (repeatable); KEY.* scales a whole table; "
                   "TABLE.x+y gives the entries x and y one value. "
                   "Default: the care ladder's hazards (docs/validation.md).")
@click.option("--set", "sets", multiple=True, metavar="KEY=VALUE", help="Override before fitting.")
@click.option("--reps", type=click.IntRange(min=1), default=5, show_default=True,
              help="Replications per evaluation (common random numbers), advanced together "
                   "as one batch.")
@click.option("--seed", type=click.IntRange(min=0), help="Seed (default: the scenario's).")
@click.option("--burn-in", "burn_in", type=click.IntRange(min=0), default=15, show_default=True,
              help="Years run before measuring.")
@click.option("--window", type=click.IntRange(min=1), default=5, show_default=True,
              help="Years measured after the burn-in.")
@click.option("--maxiter", type=click.IntRange(min=1), default=300, show_default=True,
              help="Cap on model evaluations.")
@click.option("--jobs", type=click.IntRange(min=1), default=available_cpus,
              help="Local processes (default: every CPU; 1 runs serially); the numbers do "
                   "not depend on it.")
@click.option("--out", type=click.Path(path_type=Path),
              help="New scenario file (must not exist). Default: <scenario>-calibrated.toml.")
def calibrate(scenario: str | None, targets: str, params: tuple[str, ...],
              sets: tuple[str, ...], reps: int, seed: int | None, burn_in: int, window: int,
              maxiter: int, jobs: int, out: Path | None) -> None:
    """Fit SCENARIO's parameters to TARGETS; write a new scenario file that extends it."""
    from simulate.calibration import format_comparison, load_targets
    from simulate.calibration.fit import DEFAULT_PARAMETERS
    from simulate.calibration.fit import calibrate as fit
    from simulate.calibration.output import write_calibrated
    source = find_scenario(scenario)
    sc = load_scenario(source, parse_overrides(sets))
    tg = load_targets(targets)
    if out is not None and Path(out).exists():
        raise OutputError(f"{out} already exists; calibration never overwrites a file")
    result = fit(sc, tg, params or DEFAULT_PARAMETERS, reps=reps, seed=seed,
                 burn_in_years=burn_in, window_years=window, maxiter=maxiter, jobs=jobs,
                 progress=_fit_progress)
    path = write_calibrated(result, source, out, targets, parse_overrides(sets))
    click.echo(result.parameters.to_string(index=False, float_format=lambda x: f"{x:.4g}"))
    click.echo("\n" + format_comparison(result.fit))
    state = "converged" if result.converged else "DID NOT CONVERGE"
    click.echo(f"\n{state}: {result.message}; {result.evaluations} evaluations; objective "
               f"{result.objective_start:.4g} -> {result.objective:.4g}")
    click.echo(f"calibrated scenario: {path}")


def _fit_progress(evaluations: int, objective: float) -> None:
    """Show the optimiser's progress on stderr every 10 model evaluations."""
    if evaluations % 10 == 0:
        click.echo(f"  {evaluations} evaluations, objective {objective:.4g}", err=True)


@click.command("validate-model")
@click.argument("scenario", required=False)
@click.option("--targets", default="validation", show_default=True,
              help="Targets CSV, or 'validation' for simulate/data/validation_targets.csv.")
@click.option("--set", "sets", multiple=True, metavar="KEY=VALUE", help="Override a value.")
@click.option("--reps", type=click.IntRange(min=1), help="Replications (default: the scenario's).")
@click.option("--seed", type=click.IntRange(min=0), help="Root seed (default: the scenario's).")
@click.option("--years", type=click.IntRange(min=1), default=5, show_default=True,
              help="Years measured from the start of the run.")
@click.option("--jobs", type=click.IntRange(min=1), default=available_cpus,
              help="Local processes (default: every CPU; 1 runs serially); the numbers do "
                   "not depend on it.")
@click.option("--run", "run_dir", type=click.Path(path_type=Path),
              help="Recompute from an existing run folder instead of running SCENARIO.")
@click.option("--out", type=click.Path(path_type=Path),
              help="Also save the run and validation.csv in this new run folder.")
@click.option("--projection", is_flag=True,
              help="Compare the status quo's 20-year trajectory with published forecasts "
                   "(data/projection_targets.csv; docs/validation.md) instead.")
def validate_model(scenario: str | None, targets: str, sets: tuple[str, ...],
                   reps: int | None, seed: int | None, years: int, jobs: int,
                   run_dir: Path | None, out: Path | None, projection: bool) -> None:
    """Compare a run of SCENARIO with public figures not used in calibration."""
    from simulate.calibration.validation import validate_model as validate
    from simulate.results.store import load_results, save
    if projection:
        from simulate.calibration.projection import validate_projection
        res = load_results(run_dir) if run_dir is not None else None
        if res is not None and scenario is None:  # the run's own scenario, as it was run
            from simulate.scenario.validate import build_scenario
            sc, problems = build_scenario(dict(res.metadata["scenario"]), str(run_dir))
            if sc is None:
                raise click.ClickException(f"{run_dir}: its scenario no longer loads: "
                                           + "; ".join(str(p) for p in problems))
        else:
            sc = load_scenario(scenario, parse_overrides(sets))
        preport = validate_projection(sc, reps=reps, seed=seed, jobs=jobs, results=res)
        if out is not None:
            check_writable(out)
            preport.results.tables["projection"] = preport.table
            click.echo(f"run folder: {save(preport.results, out)}")
        click.echo(str(preport))
        return
    if run_dir is not None:
        from simulate.results.prices import at_price_level
        res = load_results(run_dir)   # validation compares at the scenario's price level
        res = at_price_level(res, int(res.metadata["scenario"]["price_year"]))
        report = validate(targets=targets, years=years, results=res)
    else:
        sc = load_scenario(scenario, parse_overrides(sets))
        if out is not None:
            check_writable(out)
        report = validate(sc, targets=targets, reps=reps, seed=seed, years=years, jobs=jobs)
        if out is not None:
            report.results.tables["validation"] = report.table
            click.echo(f"run folder: {save(report.results, out)}")
    click.echo(str(report))


COMMANDS = (calibrate, validate_model)
