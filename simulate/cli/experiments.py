"""The ``simulate sweep`` and ``simulate sensitivity`` commands, and the options and printing
they share with ``simulate run`` (where the work runs, the precision report).

Thin, like :mod:`simulate.cli.main`: parse, call :func:`simulate.experiments.sweep.sweep` or
:func:`simulate.experiments.sensitivity.sensitivity`, print. Exit status: 0 done, 2 bad input, 75 a worker
died (run the same command again: a sweep with the same ``--out`` resumes), 130 interrupted.
"""
from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import pandas as pd

from simulate.experiments.executors import WorkerLost, available_cpus
from simulate.results.store import new_run_dir
from simulate.scenario import PAYERS, load_scenario, parse_overrides

EXIT_WORKER_LOST = 75  # EX_TEMPFAIL: try again


def executor_options(f: Callable) -> Callable:
    """``--jobs`` and ``--scheduler``: where replications, points and samples run."""
    f = click.option("--scheduler", metavar="ADDRESS",
                     help="Run on Dask: 'local' starts a LocalCluster of --jobs workers, "
                          "tcp://host:port uses a running scheduler. Same numbers.")(f)
    f = click.option("--jobs", type=click.IntRange(min=1), default=available_cpus,
                     help="Local processes (default: every CPU; 1 runs serially). "
                          "The numbers do not depend on it.")(f)
    return f


def batch_option(f: Callable) -> Callable:
    """``--batch N``: arms of several points and replications one worker advances together."""
    return click.option(
        "--batch", type=click.IntRange(min=1), metavar="N",
        help="Arms one worker advances together: several points and replications as groups "
             "of one batch (default: as many as keep every job busy, at most 20). Speed, "
             "memory and how often finished points are saved: the numbers do not depend "
             "on it.")(f)


def _k(x: float, sign: bool = True) -> str:
    if x != x:
        return "n/a"
    digits = 1 if 0 < abs(x) < 10_000 else 0
    if round(x / 1000, digits) == 0:      # never "-0.0k" or "+0.0k"
        return f"{0:.{digits}f}k"
    return f"{x / 1000:+,.{digits}f}k" if sign else f"{x / 1000:,.{digits}f}k"


def _run_resumable(out: Path, what: str, fn: Callable[[], Any]) -> Any:
    """Run ``fn``; on Ctrl-C or a lost worker, say how to resume and exit."""
    try:
        return fn()
    except KeyboardInterrupt:
        click.echo(f"interrupted; finished {what} are saved in {out}: run the same command "
                   f"with --out {out} to resume", err=True)
        sys.exit(130)
    except WorkerLost as exc:
        click.echo(f"{exc}; finished {what} are saved in {out}: run the same command with "
                   f"--out {out} to resume", err=True)
        sys.exit(EXIT_WORKER_LOST)


# -- printing -------------------------------------------------------------------------
def format_precision(status: pd.DataFrame, meta: dict) -> str:
    """What the precision target reached, in words, after the summary table."""
    n, target, floor = meta["replications"], meta["target"], meta["materiality"]
    head = (f"precision: 95% interval half-width within {target:.0%} of each difference, or of "
            f"{floor:.0%} of the payer's spend for smaller (immaterial) differences: ")
    head += (f"reached with {n} replications" if meta["reached"] else
             f"NOT reached with {n} replications (cap --max-reps {meta['max_reps']})")
    lines = [head]
    for _, r in status.iterrows():
        if r.rule == "exact":
            continue
        kind = " (immaterial)" if r.rule == "materiality floor" else ""
        note = ("reached" if r.reached else
                f"not reached, needs about {r.replications_needed:,.0f} replications")
        lines.append(f"  {r.quantity:<10} {_k(r.difference_eur):>8} +-{_k(r.half_width_eur, False)}"
                     f", target +-{_k(r.target_eur, False)}{kind}: {note}")
    return "\n".join(lines)


def format_sweep(table: pd.DataFrame, params: list[str]) -> str:
    """Per point: the parameters and each moving payer's difference +- half-width (EUR k);
    when a discount rate is varied also the present value of each difference (``PV``), which
    is what the rate changes (the undiscounted differences are the same at every rate)."""
    payers = [p for p in list(PAYERS) + ["total"]
              if (table[f"{p}_difference_eur"] != 0).any()]
    view = table[["point"] + params].copy()
    view.columns = ["point"] + [p.split(".")[-1] for p in params]
    with_pv = any(p.split(".")[-1] == "discount_rate" for p in params)
    for p in payers:
        half = (table[f"{p}_ci_high_eur"] - table[f"{p}_ci_low_eur"]) / 2
        view[p] = [f"{_k(d)} +-{_k(h, False)}" for d, h in zip(table[f"{p}_difference_eur"], half)]
        if with_pv and f"{p}_pv_difference_eur" in table:
            view[f"{p} PV"] = [_k(v) for v in table[f"{p}_pv_difference_eur"]]
    return view.to_string(index=False)


def format_drivers(drivers: pd.DataFrame) -> str:
    """Per payer: the parameters that drive its net result, and how they were ranked."""
    if drivers.empty:
        return "no payer's net result depends on the ranges"
    lines = ["(Sobol ST +- 95% half-width; tornado swing = net at high - net at low, "
             "[95% interval])"]
    for payer, g in drivers.groupby("payer", sort=False):
        how = g.ranked_by.iloc[0]
        noise = g.noise_share.iloc[0] if "noise_share" in g else float("nan")
        note = (f", ranked by tornado swing (replication noise may be up to {noise:.0%} of "
                "the Sobol variance)" if how == "tornado" and noise == noise
                else f", ranked by {how}")
        lines.append(f"{payer}{note}:")
        for _, r in g.iterrows():
            bits = []
            if "ST" in r and r.ST == r.ST:
                bits.append(f"Sobol ST {r.ST:.2f} +-{r.ST_conf:.2f}")
            if "swing_eur" in r and r.swing_eur == r.swing_eur:
                bits.append(f"swing {_k(r.swing_eur)} [{_k(r.swing_ci_low_eur)}, "
                            f"{_k(r.swing_ci_high_eur)}]")
            lines.append(f"  {int(r['rank'])}. {r.parameter}  ({', '.join(bits)})")
    return "\n".join(lines)


# -- commands -------------------------------------------------------------------------
@click.command()
@click.argument("scenario", required=False)
@click.option("--vary", "vary", multiple=True, required=True, metavar="KEY=VALUES",
              help="A parameter and its values: a list (fte=0.5,1,2) or lo:hi:n points "
                   "(discount_rate=0:0.06:4); with --samples a range lo:hi. Repeatable.")
@click.option("--samples", type=click.IntRange(min=1),
              help="A Latin hypercube of N points instead of the full grid.")
@click.option("--set", "sets", multiple=True, metavar="KEY=VALUE",
              help="Override a scenario value for every point (repeatable).")
@click.option("--reps", type=click.IntRange(min=1),
              help="Paired replications per point (default: the scenario's).")
@click.option("--seed", type=click.IntRange(min=0), help="Root seed (default: the scenario's).")
@executor_options
@batch_option
@click.option("--out", type=click.Path(path_type=Path),
              help="Sweep folder; run again with the same --out to resume. "
                   "Default: results/<time>-<name>-sweep.")
@click.option("--quiet", is_flag=True, help="No progress bar and no table.")
def sweep(scenario: str | None, vary: tuple[str, ...], samples: int | None,
          sets: tuple[str, ...], reps: int | None, seed: int | None, jobs: int,
          scheduler: str | None, out: Path | None, quiet: bool,
          batch: int | None = None) -> None:
    """Run SCENARIO at every point of a grid (or Latin hypercube); per-koker results."""
    from simulate.experiments.sweep import sweep as run_sweep
    sc = load_scenario(scenario, parse_overrides(sets))
    out = out or new_run_dir(f"{sc.name}-sweep")
    if not quiet:
        click.echo(f"sweep folder: {out}", err=True)
    res = _run_resumable(out, "points", lambda: run_sweep(
        sc, vary, samples=samples, reps=reps, seed=seed, out=out, jobs=jobs,
        scheduler=scheduler, progress=not quiet, batch=batch))
    if not quiet:
        m = res.metadata
        click.echo(f"{sc.name}: {len(res.points)} points x {m['reps']} replications, seed "
                   f"{m['seed']}{' (resumed)' if m['resumed'] else ''}; difference = scenario "
                   f"- counterfactual over {sc.horizon_years:g} years, EUR k, +- 95% interval"
                   "; PV: the difference discounted to the first year at the point's "
                   "financing.discount_rate (in sweep.csv for every sweep)\n")
        click.echo(format_sweep(res.table, [d["path"] for d in m["design"]["vary"]]))
    click.echo(f"sweep folder: {out} (sweep.csv, sweep_long.csv)")


@click.command()
@click.argument("scenario", required=False)
@click.option("--method", type=click.Choice(["oat", "sobol", "both"]), default="both",
              show_default=True, help="One-at-a-time (tornado), Sobol indices, or both.")
@click.option("--samples", type=click.IntRange(min=2),
              help="Sobol base samples N, a power of 2 (default: [sensitivity] samples).")
@click.option("--reps", type=click.IntRange(min=1),
              help="Replications per Sobol point (default: [sensitivity] replications).")
@click.option("--oat-reps", type=click.IntRange(min=1),
              help="Replications per tornado point (default: [sensitivity] oat_replications).")
@click.option("--set", "sets", multiple=True, metavar="KEY=VALUE",
              help="Override a scenario value (repeatable).")
@click.option("--seed", type=click.IntRange(min=0), help="Root seed (default: the scenario's).")
@executor_options
@batch_option
@click.option("--out", type=click.Path(path_type=Path),
              help="Result folder; run again with the same --out to resume. "
                   "Default: results/<time>-<name>-sensitivity.")
@click.option("--quiet", is_flag=True, help="No progress bar and no table.")
def sensitivity(scenario: str | None, method: str, samples: int | None, reps: int | None,
                oat_reps: int | None, sets: tuple[str, ...], seed: int | None,
                jobs: int, scheduler: str | None, out: Path | None,
                quiet: bool, batch: int | None = None) -> None:
    """Which parameters of SCENARIO's [sensitivity.ranges] drive each koker's net result."""
    from simulate.experiments.sensitivity import sensitivity as run_sensitivity
    sc = load_scenario(scenario, parse_overrides(sets))
    if samples is not None and samples & (samples - 1):
        raise click.BadParameter(f"{samples} is not a power of 2", param_hint="--samples")
    out = out or new_run_dir(f"{sc.name}-sensitivity")
    if not quiet:
        click.echo(f"sensitivity folder: {out}", err=True)
    res = _run_resumable(out, "points", lambda: run_sensitivity(
        sc, method=method, samples=samples, reps=reps, oat_reps=oat_reps, seed=seed,
        out=out, jobs=jobs, scheduler=scheduler, progress=not quiet, batch=batch))
    if not quiet:
        m = res.metadata
        runs = []
        if "oat" in m:
            runs.append(f"tornado {m['oat']['points']} points x {m['oat']['replications']} reps")
        if "sobol" in m:
            runs.append(f"Sobol {m['sobol']['points']} points (N={m['sobol']['samples']}) x "
                        f"{m['sobol']['replications']} reps")
        click.echo(f"{sc.name}: {', '.join(runs)}; net = counterfactual - scenario over "
                   f"{sc.horizon_years:g} years (positive: the payer gains)\n")
        click.echo("what drives each koker's net result:")
        click.echo(format_drivers(res.drivers))
    tables = ", ".join(sorted(p.name for p in Path(out).glob("*.csv")))
    click.echo(f"sensitivity folder: {out} ({tables})")


COMMANDS = (sweep, sensitivity)
