"""The ``simulate`` command line: a thin layer over the Python API.

Exit status: 0 success, 2 bad input (scenario errors, unusable output folder), 1 a failure
inside the model (a bug: please report it with the run's metadata), 130 interrupted; see
:mod:`simulate.cli.guard`.
"""
from __future__ import annotations

import dataclasses
import logging
import sys
from pathlib import Path

import click

from simulate.analysis.analysed import analyse
from simulate.cli.calibration import COMMANDS as CALIBRATION_COMMANDS
from simulate.cli.experiments import COMMANDS, executor_options, format_precision
from simulate.cli.format import (
    format_attribution,
    format_comparison,
    format_kokers,
    format_summary,
    kokers_heading,
    sign_rule,
    summary_heading,
    total_interval,
)
from simulate.cli.guard import GuardedGroup, terminate_like_interrupt
from simulate.cli.regimes import COMMANDS as REGIME_COMMANDS
from simulate.cli.show import COMMANDS as SHOW_COMMANDS
from simulate.cli.show import format_decisions
from simulate.cli.uncertainty import COMMANDS as UNCERTAINTY_COMMANDS
from simulate.experiments.checkpoint import checkpoint_dir, discard, finished
from simulate.experiments.executors import available_cpus
from simulate.results.prices import reprice
from simulate.results.store import check_writable, new_run_dir
from simulate.scenario import ScenarioError, find_scenario, load_scenario, parse_overrides
from simulate.text.labels import text
from simulate.text.replications import replications_sentence, spread_line, spread_sentence
from simulate.text.uncertainty import parameter_count, scope_of, scope_sentence
from simulate.version import __version__


def _fail(message: str, code: int = 2) -> None:
    click.echo(message, err=True)
    sys.exit(code)


@click.group(cls=GuardedGroup, context_settings={"help_option_names": ["-h", "--help"]})
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
@click.option("--reps", type=click.IntRange(min=1),
              help="Replications (default: chosen by the stopping rule, in blocks until each "
                   "payer's mean net and p(gain) are known well; see docs/uncertainty.md).")
@click.option("--seed", type=click.IntRange(min=0), help="Root seed (default: the scenario's).")
@executor_options
@click.option("--batch", type=click.IntRange(min=1), metavar="N",
              help="Replications one worker advances together in one struct of arrays "
                   "(default: as many as keep every job busy, at most 20 and 100,000 "
                   "residents). Speed and memory only: the numbers do not depend on it.")
@click.option("--decompose/--no-decompose", default=True, show_default=True,
              help="With parameters drawn, also run up to 64 replications with them fixed, "
                   "to split each payer's spread into its simulation and parameter parts.")
@click.option("--precision", type=click.FloatRange(0, 1, min_open=True, max_open=True),
              help="Add replications until each payer's difference and the total are known "
                   "to this relative half-width (e.g. 0.05); --reps is the first batch.")
@click.option("--max-reps", type=click.IntRange(min=2),
              help="Cap on replications with --precision (default 200), or of the "
                   "stopping rule (default 160).")
@click.option("--out", type=click.Path(path_type=Path),
              help="Run folder to create (must not exist). Default: results/<time>-<name>.")
@click.option("--quiet", is_flag=True, help="No progress bar and no table.")
@click.option("--report", "with_report", is_flag=True,
              help="Also write report.html into the run folder.")
@click.option("--lang", type=click.Choice(["en", "nl"]), default="en", show_default=True,
              help="Language of the terminal tables and of the report.")
@click.option("--sensitivity", "with_sensitivity", is_flag=True,
              help="Run the full sensitivity analysis (the scenario's [sensitivity] sizes; "
                   "slow: see `simulate sensitivity`) into RUN_DIR/sensitivity. Without it, "
                   "--report runs a quick one (about half a minute for the village).")
@click.option("--no-sensitivity", "no_sensitivity", is_flag=True,
              help="With --report: no sensitivity analysis (the report says so).")
@click.option("--price-year", "price_year", type=int,
              help="Show euros at this year's prices (CBS CPI); the model computes at the "
                   "scenario's price_year.")
def run(scenario: str | None, sets: tuple[str, ...], reps: int | None, seed: int | None,
        jobs: int | None, scheduler: str | None, precision: float | None,
        max_reps: int | None, out: Path | None, quiet: bool, with_report: bool = False,
        lang: str = "en", with_sensitivity: bool = False, no_sensitivity: bool = False,
        price_year: int | None = None, decompose: bool = True,
        batch: int | None = None) -> None:
    """Run SCENARIO (default: scenarios/village.toml) against its counterfactual."""
    if with_sensitivity and no_sensitivity:
        raise click.BadParameter("give --sensitivity or --no-sensitivity, not both",
                                 param_hint="--no-sensitivity")
    from simulate.experiments.preflight import check_price_year, check_resources
    from simulate.experiments.runner import run as run_experiment
    from simulate.results.store import save
    overrides = parse_overrides(sets)
    sc = load_scenario(scenario, overrides)
    check_price_year(sc, price_year)  # an unknown year is refused before any work (exit 2)
    explicit_out = out is not None
    out = out or new_run_dir(sc.name)
    check_writable(out)
    from simulate.experiments.stopping import DEFAULT_RULE
    rule = DEFAULT_RULE if reps is None and precision is None else None
    if rule is not None and max_reps is not None:      # the rule's cap, at least its minimum
        rule = dataclasses.replace(rule, max_reps=max_reps,
                                   min_reps=min(rule.min_reps, max_reps))
    first = (sc.run.replications if reps is None else reps) if rule is None else rule.max_reps
    if precision and max_reps is not None and max_reps < first:
        raise click.BadParameter(f"{max_reps} is below the first batch of {first} "
                                 "replications (--reps)", param_hint="--max-reps")
    check_resources(sc, max_reps if precision and max_reps else first, jobs or 1, out)
    # with an explicit --out, finished replications are kept so the same command resumes
    ckpt = checkpoint_dir(out, sc, sc.run.seed if seed is None else seed) if explicit_out else None
    if ckpt is not None:
        ckpt.mkdir(parents=True, exist_ok=True)
        done = finished(ckpt)
        if done and not quiet:
            click.echo(text("cli_resuming", lang, n=len(done)), err=True)
    results = run_experiment(sc, reps=reps, seed=seed, jobs=jobs, progress=not quiet,
                             scheduler=scheduler, precision=precision, max_reps=max_reps,
                             checkpoint=ckpt, rule=rule, decompose=decompose, batch=batch)
    if price_year is not None:
        results = reprice(results, price_year)
    path = save(results, out, extra={"scenario_file": str(find_scenario(scenario).resolve()),
                                     "overrides": overrides})
    if ckpt is not None:
        discard(ckpt)
    if not quiet:
        m = results.metadata
        click.echo(summary_heading(sc.name, m["replications"], m["seed"], sc.horizon_years,
                                   sc.start_year, price_year or sc.price_year, lang))
        click.echo(scope_sentence(scope_of(m), lang, parameters=parameter_count(m)))
        click.echo(replications_sentence(m, lang) + "\n")
        click.echo(format_summary(results.summary, total_interval(results), lang))
        if sc.initiatives:
            k = analyse(results).kokers
            click.echo("\n" + kokers_heading(k, lang) + "\n")
            click.echo(format_kokers(k, lang))
            click.echo(text("cli_p_gain_note", lang) + (text("cli_p_gain_drawn", lang)
                                                       if parameter_count(m) else ""))
            from simulate.analysis.decisions import decision_summary
            decided = format_decisions(decision_summary(results), lang)
            if decided:
                click.echo("\n" + decided)
        if "spread" in results.tables:
            click.echo("\n" + spread_line(results.spread, lang))
            click.echo(spread_sentence(results.spread, _widest(results.spread), lang))
        click.echo("\n" + sign_rule(lang))
        if "precision" in results.tables:
            click.echo("\n" + format_precision(results.precision, m["precision"]))
    click.echo(text("cli_run_folder", lang, path=path))
    mode = ("full" if with_sensitivity else
            "quick" if with_report and not no_sensitivity else "none")
    if mode != "none":   # quick by default with --report (simulate/report/sensitivity.py)
        from simulate.report import run_sensitivity
        analysis = run_sensitivity(sc, path, mode, seed=results.metadata["seed"], jobs=jobs,
                                   scheduler=scheduler, progress=not quiet)
        click.echo(text("cli_sensitivity", lang, mode=mode, path=analysis.folder) if analysis
                   else text("cli_no_sensitivity", lang))
    if with_report:
        from simulate.report import write_report
        report = write_report(path, lang=lang, progress=not quiet)
        click.echo(text("cli_report", lang, path=report))


def _widest(spread) -> str:
    """The payer whose net spreads most (the one an advisor asks about first)."""
    payers = spread[spread.quantity != "total"]
    return str(payers.loc[payers.sd_total_eur.idxmax(), "quantity"]) if len(payers) else "total"


@cli.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--set", "sets", multiple=True, metavar="KEY=VALUE", help="Overrides to check too.")
def validate(files: tuple[str, ...], sets: tuple[str, ...]) -> None:
    """Check scenario FILES without running them (exit 0 valid, 2 with the errors)."""
    problems = []
    for f in files:
        try:
            load_scenario(f, parse_overrides(sets))
            click.echo(f"{f}: valid")
        except ScenarioError as exc:
            problems.append(str(exc))
    if problems:
        _fail("\n".join(problems))


@cli.command()
@click.argument("scenarios", nargs=-1, required=True)
@click.option("--set", "sets", multiple=True, metavar="KEY=VALUE",
              help="Override a value in every scenario, e.g. --set horizon_years=5 "
                   "(repeatable).")
@click.option("--reps", type=click.IntRange(min=1), help="Replications (default: each scenario's).")
@click.option("--seed", type=click.IntRange(min=0), help="Root seed (default: each scenario's).")
@click.option("--jobs", type=click.IntRange(min=1), default=available_cpus,
              help="Local processes (default: every CPU; 1 runs serially). "
                   "The numbers do not depend on it.")
@click.option("--out", type=click.Path(path_type=Path), help="Folder for comparison.csv.")
@click.option("--lang", type=click.Choice(["en", "nl"]), default="en", show_default=True,
              help="Language of the table.")
def compare(scenarios: tuple[str, ...], sets: tuple[str, ...], reps: int | None,
            seed: int | None, jobs: int, out: Path | None, lang: str = "en") -> None:
    """Run several SCENARIOS and put their net result per koker side by side."""
    from simulate.experiments.compare import compare_scenarios, unique_names
    loaded = [load_scenario(s, parse_overrides(sets)) for s in scenarios]
    out = out or new_run_dir("compare")
    check_writable(out)
    table, path = compare_scenarios(loaded, reps=reps, seed=seed, jobs=jobs, out=out)
    click.echo(_compare_heading(loaded, unique_names([s.name for s in loaded]), reps, seed,
                                lang))
    click.echo(format_comparison(table.attrs["tidy"], list(table.columns[1:]), lang))
    click.echo("\n" + sign_rule(lang))
    click.echo("\n" + text("cli_run_folder", lang, path=path))


def _compare_heading(loaded: list, names: list[str], reps: int | None, seed: int | None,
                     lang: str = "en") -> str:
    """What each compared scenario ran: replications, seed, horizon, price level."""
    lines = [text("cli_reps_line", lang, name=n, reps=reps or s.run.replications,
                  seed=s.run.seed if seed is None else seed, years=f"{s.horizon_years:g}",
                  start=s.start_year) for n, s in zip(names, loaded)]
    return "\n".join(lines) + "\n\n" + text("cli_compare_head", lang,
                                             price=loaded[0].price_year) + "\n"


@cli.command()
@click.argument("scenario", required=False)
@click.option("--set", "sets", multiple=True, metavar="KEY=VALUE",
              help="Override a scenario value, e.g. --set population.size=5000 (repeatable).")
@click.option("--reps", type=click.IntRange(min=1), default=5, show_default=True,
              help="Replications per subset of initiatives.")
@click.option("--seed", type=click.IntRange(min=0), help="Root seed (default: the scenario's).")
@click.option("--jobs", type=click.IntRange(min=1), default=available_cpus,
              help="Local processes (default: every CPU; 1 runs serially). "
                   "The numbers do not depend on it.")
def attribute(scenario: str | None, sets: tuple[str, ...], reps: int, seed: int | None,
              jobs: int) -> None:
    """Attribute each payer's savings to the initiatives (Shapley values over subsets)."""
    from simulate.experiments.attribution import shapley
    sc = load_scenario(scenario, parse_overrides(sets))
    table = shapley(sc, reps=reps, seed=seed, jobs=jobs)
    click.echo(f"{sc.name}: {reps} replications per subset, seed "
               f"{sc.run.seed if seed is None else seed}, {sc.horizon_years:g} years from "
               f"{sc.start_year}, price level {sc.price_year}\n")
    click.echo("Savings per payer attributed to each initiative (EUR over the horizon, "
               "Shapley values; positive: the initiative saves that payer money, negative: "
               "it costs that payer more care; a payer's column adds up to its savings):\n")
    click.echo(format_attribution(table))


@cli.command()
@click.argument("run_dir", type=click.Path(path_type=Path))
@click.option("--lang", type=click.Choice(["en", "nl"]), default="en", show_default=True)
@click.option("--figures", is_flag=True, help="Also write figures/ (PNG 300 dpi, SVG, PDF).")
@click.option("--compare", multiple=True, type=click.Path(path_type=Path), metavar="RUN_DIR",
              help="Another run folder to compare with, per koker (repeatable).")
@click.option("--force", is_flag=True, help="Replace an existing report.html (and figures/).")
@click.option("--sensitivity", "sens_dir", type=click.Path(path_type=Path, exists=True),
              help="A folder of `simulate sensitivity --out` to chart (tornado, Sobol).")
@click.option("--regimes", "regimes_dir", type=click.Path(path_type=Path, exists=True),
              help="A folder of `simulate regimes --out` to add as a section.")
def report(run_dir: Path, lang: str, figures: bool, compare: tuple[Path, ...],
           force: bool, sens_dir: Path | None, regimes_dir: Path | None) -> None:
    """Write a self-contained report.html (and figures/) into RUN_DIR."""
    from simulate.report import write_report
    path = write_report(run_dir, lang, force, figures, compare, sens_dir, regimes_dir,
                        progress=True)
    click.echo(f"report: {path}")


@cli.command()
@click.argument("run_dir", type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(path_type=Path),
              help="Folder for the repeat (must not exist). Default: RUN_DIR-rerun.")
@click.option("--jobs", type=click.IntRange(min=1), help="Local processes (default: as run).")
def rerun(run_dir: Path, out: Path | None, jobs: int | None) -> None:
    """Repeat the run in RUN_DIR from its metadata.json into a new folder and compare every
    table (exit 0 identical, 1 different)."""
    from simulate.experiments.reproduce import rerun as rerun_run
    report = rerun_run(run_dir, out=out, jobs=jobs, progress=True)
    click.echo(str(report))
    if not report.identical:
        raise click.exceptions.Exit(1)


@cli.command()
@click.argument("run_dir", type=click.Path(path_type=Path))
@click.option("--xlsx", is_flag=True, help="An Excel workbook, one sheet per table.")
@click.option("--out", type=click.Path(path_type=Path), help="Default: RUN_DIR/tables.xlsx.")
@click.option("--force", is_flag=True, help="Replace an existing file.")
def export(run_dir: Path, xlsx: bool, out: Path | None, force: bool) -> None:
    """Export the tables of RUN_DIR (--xlsx)."""
    if not xlsx:
        _fail("export: choose a format, e.g. simulate export RUN_DIR --xlsx")
    from simulate.report import export_xlsx
    click.echo(f"workbook: {export_xlsx(run_dir, out, force)}")


for _command in (*COMMANDS, *CALIBRATION_COMMANDS, *REGIME_COMMANDS, *SHOW_COMMANDS,
                 *UNCERTAINTY_COMMANDS):
    cli.add_command(_command)


def main() -> None:
    """Entry point: bad input becomes a clear message and exit status 2, never a traceback
    (the translation is done by :class:`simulate.cli.guard.GuardedGroup`)."""
    terminate_like_interrupt()
    cli.main(prog_name="simulate")


if __name__ == "__main__":
    main()
