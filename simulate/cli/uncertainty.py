"""The ``simulate voi`` command: a probabilistic sensitivity analysis and the value of
information of each uncertain parameter, per payer.

Thin like the other commands: run the scenario with its parameters drawn per replication
(:func:`simulate.run`; without ``--reps`` the stopping rule of ``simulate run`` chooses how
many, starting from no fewer than ``uncertainty.replications``, so the EVPPI regression has
draws enough and the same seed gives the same replications as ``simulate run``), compute
:func:`simulate.analysis.voi.voi_table`, and save a run folder with ``voi.csv`` and the chart
``voi.png`` (and .svg, .pdf) beside the usual tables.
"""
from __future__ import annotations

import dataclasses
from pathlib import Path

import click
import pandas as pd

from simulate.cli.experiments import executor_options
from simulate.cli.format import table
from simulate.experiments.stopping import DEFAULT_RULE, StopRule
from simulate.results.store import check_writable, new_run_dir
from simulate.scenario import Problem, ScenarioError, find_scenario, load_scenario, parse_overrides
from simulate.text.replications import replications_sentence


def format_voi(voi: pd.DataFrame, measure: str = "net", top: int = 3) -> str:
    """Per payer whose decision is uncertain at all, its ``top`` parameters by EVPPI, and the
    EVPI of all parameters together."""
    rows = [["payer", "decision now", "p. gain", "parameter", "EVPPI"]]
    v = voi[voi.measure == measure]
    for payer, g in v.groupby("payer", sort=False):
        single = g[g.kind == "parameter"].sort_values("evppi_eur", ascending=False).head(top)
        evpi = g[g.kind == "all"].evppi_eur
        first = [payer, g.decision.iloc[0], f"{g.p_gain.iloc[0]:.0%}" if "p_gain" in g else ""]
        if float(g.evppi_eur.max()) < 0.5:
            rows.append(first + ["(no parameter would change it)", _eur(0.0)])
            continue
        for i, r in enumerate(single.itertuples()):
            rows.append((first if i == 0 else ["", "", ""]) + [_short(r.parameter),
                                                               _eur(r.evppi_eur)])
        if len(evpi):
            rows.append(["", "", "", "all parameters together (EVPI)", _eur(float(evpi.iloc[0]))])
    return table(rows)


def _eur(x: float) -> str:
    """EVPPI in whole euros (small values matter here: thousands would round them away)."""
    return f"EUR {x:,.0f}"


def _short(path: str) -> str:
    """A parameter's last three keys (``dorpsondersteuner.effects.progression_multiplier``)."""
    return ".".join(path.split(".")[-3:])


@click.command()
@click.argument("scenario", required=False)
@click.option("--set", "sets", multiple=True, metavar="KEY=VALUE",
              help="Override a scenario value, e.g. --set population.size=500 (repeatable).")
@click.option("--reps", type=click.IntRange(min=4),
              help="Replications, each with its own parameter set (default: the stopping "
                   "rule of simulate run, from at least uncertainty.replications).")
@click.option("--seed", type=click.IntRange(min=0), help="Root seed (default: the scenario's).")
@executor_options
@click.option("--measure", type=click.Choice(["net", "npv"]), default="net", show_default=True,
              help="The payer's net over the horizon, or its present value.")
@click.option("--lang", type=click.Choice(["en", "nl"]), default="en", show_default=True)
@click.option("--out", type=click.Path(path_type=Path),
              help="Run folder to create (must not exist). Default: results/<time>-<name>-voi.")
def voi(scenario: str | None, sets: tuple[str, ...], reps: int | None, seed: int | None,
        jobs: int | None, scheduler: str | None, measure: str, lang: str,
        out: Path | None) -> None:
    """Value of information: which unknown parameter would change each payer's decision?"""
    from simulate.analysis.kokers import koker_summary
    from simulate.analysis.voi import voi_table
    from simulate.charts import save_figure
    from simulate.charts import voi as voi_chart
    from simulate.experiments.runner import run as run_experiment
    from simulate.results.store import save
    from simulate.scenario.distributions import fitted_parameters
    overrides = parse_overrides(sets)
    sc = load_scenario(scenario, overrides)
    if not fitted_parameters(sc):
        raise ScenarioError([Problem(sc.name, "sensitivity.ranges", "no uncertain parameters",
                                     "add [sensitivity.ranges] or [uncertainty.ranges]")])
    if not sc.uncertainty.parameters:
        click.echo("voi: uncertainty.parameters is false; drawing the parameters anyway",
                   err=True)
        sc = dataclasses.replace(sc, uncertainty=dataclasses.replace(sc.uncertainty,
                                                                     parameters=True))
    out = out or new_run_dir(f"{sc.name}-voi")
    check_writable(out)
    results = run_experiment(sc, reps=reps, seed=seed, jobs=jobs, scheduler=scheduler,
                             progress=True, rule=None if reps is not None else voi_rule(sc))
    table_ = voi_table(results)
    gains = koker_summary(results).set_index("payer").p_gain
    table_["p_gain"] = table_.payer.map(gains)
    table_.loc[table_.payer == "total", "p_gain"] = _total_gain(results)
    results.tables["voi"] = table_
    path = save(results, out, extra={"scenario_file": str(find_scenario(scenario).resolve()),
                                     "overrides": overrides, "kind": "voi"})
    fig = voi_chart(table_, payer="total", measure=measure, lang=lang,
                    metadata=results.metadata, price_year=sc.price_year)
    save_figure(fig, path / "voi")
    m = results.metadata
    click.echo(f"{sc.name}: {m['replications']} replications, each with its own draw of "
               f"{len(m.get('uncertain_parameters', []))} parameters (both arms alike), seed "
               f"{m['seed']}; EVPPI = what knowing a parameter before deciding is worth to a "
               f"payer's decision (do the scenario or not), EUR {measure} over the horizon, "
               f"price level {sc.price_year}\n")
    click.echo(replications_sentence(m, lang) + "\n")
    click.echo(format_voi(table_, measure))
    click.echo(f"\nrun folder: {path}\nvoi: {path / 'voi.csv'}, chart: {path / 'voi.png'}")


def voi_rule(sc) -> StopRule:
    """The stopping rule of ``simulate run``, starting from at least the scenario's
    ``uncertainty.replications`` (the regression behind the EVPPI needs more draws than a
    mean does)."""
    first = max(DEFAULT_RULE.min_reps, int(sc.uncertainty.replications))
    return dataclasses.replace(DEFAULT_RULE, min_reps=first,
                               max_reps=max(DEFAULT_RULE.max_reps, first))


def _total_gain(results) -> float:
    from simulate.analysis.kokers import koker_replications
    from simulate.results.tables import p_gain
    per = koker_replications(results).groupby("replication").net.sum()
    return p_gain(per.to_numpy())


COMMANDS = (voi,)
