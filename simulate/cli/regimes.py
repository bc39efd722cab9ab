"""The ``simulate regimes`` command: one village under every applicable financing regime.

Thin: parse, call :func:`simulate.experiments.regimes.compare_regimes`, print the tables and,
with ``--out``, save them with the chart and the report section.
"""
from __future__ import annotations

from pathlib import Path

import click

from simulate.analysis.regimes import RegimeComparison
from simulate.cli.format import eur, interval, table
from simulate.experiments.executors import available_cpus
from simulate.scenario import load_scenario, parse_overrides
from simulate.scenario.distributions import draws_parameters
from simulate.scenario.fields import REGIMES


def _pct(x: float) -> str:
    return "n/a" if x != x else f"{x:.0%}"


def format_running(cmp: RegimeComparison) -> str:
    """Per initiative, rows regimes and columns years: share of replications running."""
    out = []
    r = cmp.running
    for name in dict.fromkeys(r.initiative):
        g = r[r.initiative == name]
        years = sorted(g.year.unique())
        rows = [["regime", *[str(y) for y in years], f"{years[-1]} 95% interval"]]
        for regime in cmp.regimes:
            h = g[g.regime == regime].set_index("year").reindex(years)
            rows.append([regime, *[_pct(v) for v in h.share],
                         f"{_pct(h.low.iloc[-1])} .. {_pct(h.high.iloc[-1])}"])
        out.append(f"{name}: share of replications in which it runs at the end of each year\n"
                   + table(rows))
    return "\n\n".join(out)


def format_care(cmp: RegimeComparison) -> str:
    rows = [["regime", "counterfactual", "scenario", "difference", "95% interval"]]
    for r in cmp.care.itertuples():
        rows.append([r.regime, eur(r.counterfactual_eur), eur(r.scenario_eur),
                     eur(r.difference_eur, sign=True), interval(r.low_eur, r.high_eur)])
    return table(rows)


def format_net(cmp: RegimeComparison) -> str:
    rows = [["regime", "payer", "care effect", "transfers", "net", "95% interval (net)"]]
    for r in cmp.net.itertuples():
        if max(abs(r.net), abs(r.care_effect), abs(r.transfers)) <= 1.0:
            continue
        rows.append([r.regime, r.payer, eur(r.care_effect, sign=True),
                     eur(r.transfers, sign=True), eur(r.net, sign=True),
                     interval(r.net_low, r.net_high)])
    return table(rows)


def format_gain(cmp: RegimeComparison) -> str:
    """Per regime: the probability that each initiative survives and that the total care cost
    of all kokers falls, each with its Wilson interval."""
    g = cmp.gain
    if g.empty:
        return "(no initiatives)"
    names = list(dict.fromkeys(g.initiative))
    rows = [["regime", *[f"{n} survives" for n in names], "total care cost falls"]]
    for regime in cmp.regimes:
        h = g[g.regime == regime].set_index("initiative")
        if h.empty:
            continue
        cells = [f"{_pct(h.loc[n, 'p_survives'])} ({_pct(h.loc[n, 'survives_low'])}.."
                 f"{_pct(h.loc[n, 'survives_high'])})" if n in h.index else "-" for n in names]
        r = h.iloc[0]
        rows.append([regime, *cells, f"{_pct(r.p_total_cost_falls)} ({_pct(r.falls_low)}.."
                                     f"{_pct(r.falls_high)})"])
    return table(rows)


def format_outcomes(cmp: RegimeComparison) -> str:
    o = cmp.outcomes
    names = list(dict.fromkeys(o.outcome))
    rows = [["regime", *names]]
    for regime in cmp.regimes:
        cells = [regime]
        for n in names:
            r = o[(o.regime == regime) & (o.outcome == n)].iloc[0]
            cells.append(f"{r.difference:+,.1f} ({r.low:+,.1f}..{r.high:+,.1f})"
                         if r.low == r.low else f"{r.difference:+,.1f}")
        rows.append(cells)
    units = "; ".join(f"{n}: {u}" for n, u in dict.fromkeys(zip(o.outcome, o.unit)))
    return table(rows) + f"\n({units})"


@click.command()
@click.argument("scenario", required=False)
@click.option("--set", "sets", multiple=True, metavar="KEY=VALUE",
              help="Override a scenario value, e.g. --set population.size=500 (repeatable).")
@click.option("--regime", "regimes", multiple=True, type=click.Choice(REGIMES),
              help="Compare only these regimes (repeatable; default: every applicable one).")
@click.option("--reps", type=click.IntRange(min=1), help="Replications (default: the scenario's).")
@click.option("--seed", type=click.IntRange(min=0), help="Root seed (default: the scenario's).")
@click.option("--jobs", type=click.IntRange(min=1), default=available_cpus,
              help="Local processes (default: every CPU; 1 runs serially). "
                   "The numbers do not depend on it.")
@click.option("--out", type=click.Path(path_type=Path),
              help="Save the tables, the chart (regimes.png) and regimes.html here "
                   "(must not exist).")
@click.option("--lang", type=click.Choice(["en", "nl"]), default="en", show_default=True)
def regimes(scenario: str | None, sets: tuple[str, ...], regimes: tuple[str, ...],
            reps: int | None, seed: int | None, jobs: int, out: Path | None, lang: str) -> None:
    """Run SCENARIO's village under every applicable financing regime, side by side."""
    from simulate.experiments.regimes import compare_regimes, save_comparison
    sc = load_scenario(scenario, parse_overrides(sets))
    if out is not None:
        from simulate.results.store import check_writable
        check_writable(out)
    cmp = compare_regimes(sc, reps=reps, seed=seed, jobs=jobs,
                          regimes=list(regimes) or None)
    m = cmp.metadata
    click.echo(f"{sc.name} under {len(cmp.regimes)} regimes: {m['replications']} replications "
               f"each, seed {m['seed']} (the same random numbers for every regime), "
               f"{sc.horizon_years:g} years from {sc.start_year}, price level "
               f"{sc.price_year}; intervals 95%\n")
    click.echo(format_running(cmp))
    click.echo("\nCare cost of all kokers together, transfers left out (EUR over the horizon; "
               "negative: the village's care costs less):\n")
    click.echo(format_care(cmp))
    click.echo("\nNet per koker (care effect = savings - investment; net = care effect + "
               "transfers; positive: the koker gains):\n")
    click.echo(format_net(cmp))
    click.echo("\nProbability of gain: the share of replications in which each initiative "
               "survives (runs with funding in the last month) and in which the total care "
               "cost of all kokers falls, with 95% Wilson intervals"
               + (", each replication with its own draw of the uncertain parameters"
                  if draws_parameters(sc) else "") + ":\n")
    click.echo(format_gain(cmp))
    click.echo("\nOutcomes, with minus without the scenario (difference and 95% interval):\n")
    click.echo(format_outcomes(cmp))
    if out is not None:
        from simulate.charts.regimes import regime_comparison
        from simulate.charts.save import save_figure
        from simulate.report.regimes_section import write_section
        path = save_comparison(cmp, out)
        save_figure(regime_comparison(cmp, lang=lang), path / "regimes", formats=("png",))
        write_section(cmp, path, lang)
        click.echo(f"\nregimes folder: {path} (tables, regimes.png, regimes.html)")


COMMANDS = (regimes,)
