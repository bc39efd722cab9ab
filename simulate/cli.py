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
from .scenario import ScenarioError, find_scenario, load_scenario, parse_override
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
@click.option("--report", "with_report", is_flag=True,
              help="Also write report.html into the run folder.")
@click.option("--lang", type=click.Choice(["en", "nl"]), default="en", show_default=True,
              help="Language of the report.")
def run(scenario: str | None, sets: tuple[str, ...], reps: int | None, seed: int | None,
        jobs: int, out: Path | None, quiet: bool, with_report: bool = False,
        lang: str = "en") -> None:
    """Run SCENARIO (default: scenarios/village.toml) against its counterfactual."""
    from .experiment import run as run_experiment
    from .store import save
    sc = load_scenario(scenario, _overrides(sets))
    out = out or new_run_dir(sc.name)
    check_writable(out)
    results = run_experiment(sc, reps=reps, seed=seed, jobs=jobs, progress=not quiet)
    path = save(results, out, extra={"scenario_file": str(find_scenario(scenario).resolve())})
    if not quiet:
        m = results.metadata
        click.echo(f"{sc.name}: {m['replications']} replications, seed {m['seed']}, "
                   f"{sc.horizon_years:g} years from {sc.start_year}; EUR totals over the "
                   f"horizon (price level {sc.price_year}), mean over replications\n")
        click.echo(format_summary(results.summary))
        click.echo("\ndifference = scenario - counterfactual: negative means the payer saves.")
    click.echo(f"run folder: {path}")
    if with_report:
        from .report import write_report
        click.echo(f"report: {write_report(path, lang=lang)}")


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
@click.argument("run_dir", type=click.Path(path_type=Path))
@click.option("--lang", type=click.Choice(["en", "nl"]), default="en", show_default=True)
@click.option("--figures", is_flag=True, help="Also write figures/ (PNG 300 dpi, SVG, PDF).")
@click.option("--compare", multiple=True, type=click.Path(path_type=Path), metavar="RUN_DIR",
              help="Another run folder to compare with, per koker (repeatable).")
@click.option("--force", is_flag=True, help="Replace an existing report.html (and figures/).")
def report(run_dir: Path, lang: str, figures: bool, compare: tuple[Path, ...],
           force: bool) -> None:
    """Write a self-contained report.html (and figures/) into RUN_DIR."""
    from .report import write_report
    click.echo(f"report: {write_report(run_dir, lang, force, figures, compare)}")


@cli.command()
@click.argument("run_dir", type=click.Path(path_type=Path))
@click.option("--xlsx", is_flag=True, help="An Excel workbook, one sheet per table.")
@click.option("--out", type=click.Path(path_type=Path), help="Default: RUN_DIR/tables.xlsx.")
@click.option("--force", is_flag=True, help="Replace an existing file.")
def export(run_dir: Path, xlsx: bool, out: Path | None, force: bool) -> None:
    """Export the tables of RUN_DIR (--xlsx)."""
    if not xlsx:
        _fail("export: choose a format, e.g. simulate export RUN_DIR --xlsx")
    from .report import export_xlsx
    click.echo(f"workbook: {export_xlsx(run_dir, out, force)}")


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
    except KeyboardInterrupt:
        _fail("interrupted", 130)


if __name__ == "__main__":
    main()
