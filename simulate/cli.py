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
from .prices import PriceYearError, cpi, reprice
from .store import OutputError, check_writable, new_run_dir


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
@click.option("--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Local processes for replications; the numbers do not depend on it.")
@click.option("--out", type=click.Path(path_type=Path),
              help="Run folder to create (must not exist). Default: results/<time>-<name>.")
@click.option("--quiet", is_flag=True, help="No progress bar and no table.")
@click.option("--price-year", "price_year", type=int,
              help="Show euros at this year's prices (CBS CPI); the model computes at the "
                   "scenario's price_year.")
def run(scenario: str | None, sets: tuple[str, ...], reps: int | None, seed: int | None,
        jobs: int, out: Path | None, quiet: bool, price_year: int | None) -> None:
    """Run SCENARIO (default: scenarios/village.toml) against its counterfactual."""
    from .experiment import run as run_experiment
    from .store import save
    sc = load_scenario(scenario, _overrides(sets))
    if price_year is not None:
        cpi(price_year)  # an unknown year is refused before any work (exit 2)
    out = out or new_run_dir(sc.name)
    check_writable(out)
    results = run_experiment(sc, reps=reps, seed=seed, jobs=jobs, progress=not quiet)
    if price_year is not None:
        results = reprice(results, price_year)
    path = save(results, out)
    if not quiet:
        m = results.metadata
        click.echo(f"{sc.name}: {m['replications']} replications, seed {m['seed']}, "
                   f"{sc.horizon_years:g} years from {sc.start_year}; EUR totals over the "
                   f"horizon (price level {price_year or sc.price_year}), mean over "
                   "replications\n")
        click.echo(format_summary(results.summary))
        click.echo("\ndifference = scenario - counterfactual: negative means the payer saves.")
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


@cli.command()
@click.argument("scenario", required=False)
@click.option("--targets", default="targets", show_default=True,
              help="Targets CSV, or 'targets' for simulate/data/targets.csv.")
@click.option("--param", "params", multiple=True, metavar="KEY",
              help="A dotted key to fit (repeatable); KEY.* scales a whole table. "
                   "Default: the care ladder's hazards (docs/validation.md).")
@click.option("--set", "sets", multiple=True, metavar="KEY=VALUE", help="Override before fitting.")
@click.option("--reps", type=click.IntRange(min=1), default=4, show_default=True,
              help="Replications per evaluation (common random numbers).")
@click.option("--seed", type=click.IntRange(min=0), help="Seed (default: the scenario's).")
@click.option("--burn-in", "burn_in", type=click.IntRange(min=0), default=15, show_default=True,
              help="Years run before measuring.")
@click.option("--window", type=click.IntRange(min=1), default=5, show_default=True,
              help="Years measured after the burn-in.")
@click.option("--maxiter", type=click.IntRange(min=1), default=300, show_default=True,
              help="Cap on model evaluations.")
@click.option("--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Local processes; the numbers do not depend on it.")
@click.option("--out", type=click.Path(path_type=Path),
              help="New scenario file (must not exist). Default: <scenario>-calibrated.toml.")
def calibrate(scenario: str | None, targets: str, params: tuple[str, ...],
              sets: tuple[str, ...], reps: int, seed: int | None, burn_in: int, window: int,
              maxiter: int, jobs: int, out: Path | None) -> None:
    """Fit SCENARIO's parameters to TARGETS; write a new scenario file that extends it."""
    from .calibration import format_comparison, load_targets
    from .calibration.fit import DEFAULT_PARAMETERS, calibrate as fit
    from .calibration.output import write_calibrated
    from .scenario import find_scenario
    source = find_scenario(scenario)
    sc = load_scenario(source, _overrides(sets))
    tg = load_targets(targets)
    if out is not None and Path(out).exists():
        raise OutputError(f"{out} already exists; calibration never overwrites a file")
    result = fit(sc, tg, params or DEFAULT_PARAMETERS, reps=reps, seed=seed,
                 burn_in_years=burn_in, window_years=window, maxiter=maxiter, jobs=jobs,
                 progress=_fit_progress)
    path = write_calibrated(result, source, out, targets, _overrides(sets))
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


@cli.command("validate-model")
@click.argument("scenario", required=False)
@click.option("--targets", default="validation", show_default=True,
              help="Targets CSV, or 'validation' for simulate/data/validation_targets.csv.")
@click.option("--set", "sets", multiple=True, metavar="KEY=VALUE", help="Override a value.")
@click.option("--reps", type=click.IntRange(min=1), help="Replications (default: the scenario's).")
@click.option("--seed", type=click.IntRange(min=0), help="Root seed (default: the scenario's).")
@click.option("--years", type=click.IntRange(min=1), default=5, show_default=True,
              help="Years measured from the start of the run.")
@click.option("--jobs", type=click.IntRange(min=1), default=1, show_default=True)
@click.option("--run", "run_dir", type=click.Path(path_type=Path),
              help="Recompute from an existing run folder instead of running SCENARIO.")
@click.option("--out", type=click.Path(path_type=Path),
              help="Also save the run and validation.csv in this new run folder.")
def validate_model(scenario: str | None, targets: str, sets: tuple[str, ...],
                   reps: int | None, seed: int | None, years: int, jobs: int,
                   run_dir: Path | None, out: Path | None) -> None:
    """Compare a run of SCENARIO with public figures not used in calibration."""
    from .store import load_results, save
    from .validation import validate_model as validate
    if run_dir is not None:
        report = validate(targets=targets, years=years, results=load_results(run_dir))
    else:
        sc = load_scenario(scenario, _overrides(sets))
        if out is not None:
            check_writable(out)
        report = validate(sc, targets=targets, reps=reps, seed=seed, years=years, jobs=jobs)
        if out is not None:
            report.results.tables["validation"] = report.table
            click.echo(f"run folder: {save(report.results, out)}")
    click.echo(str(report))


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
    except PriceYearError as exc:
        _fail(f"--price-year: {exc}")
    except KeyboardInterrupt:
        _fail("interrupted", 130)


if __name__ == "__main__":
    main()
