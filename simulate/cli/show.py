"""``simulate show``: the resolved scenario, each value with where it comes from and its
source; and the lines ``simulate run`` prints about the actors' decisions.

Where a value comes from is recorded by the loader (:mod:`simulate.scenario.provenance`): a
file of the ``extends`` chain, an initiative type's default, the schema's default, or a
``--set`` override; its source is the ``sources.KEY`` its file wrote next to it.
"""
from __future__ import annotations

import math
import textwrap

import click
import pandas as pd

from simulate.scenario import find_scenario, load_scenario, parse_overrides
from simulate.scenario.loader import read_chain
from simulate.scenario.provenance import Row, rows
from simulate.text.labels import both

#: Width of the source column before it is cut (``--full`` prints every source whole).
SOURCE_WIDTH = 60


def parameter_name(key: str, lang: str = "en") -> str:
    """How a parameter is named on screen: its key path (what a reader edits), then its label
    for people (:func:`simulate.text.parameters.parameter_label`) when the schema has one:
    'initiatives.dorpsondersteuner.caseload_per_fte (dorpsondersteuner: participants per
    FTE)'."""
    from simulate.text.parameters import parameter_label
    label = parameter_label(key, lang)
    return key if label == key else f"{key} ({label})"


def _value(v: object) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return f"{v:g}"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{k} = {_value(x)}" for k, x in v.items()) + " }"
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_value(x) for x in v) + "]"
    return f'"{v}"' if isinstance(v, str) else str(v)


def format_rows(items: list[Row], full: bool = False, lang: str = "en") -> str:
    """The rows as a table: key, value, set by, source (cut to a column unless ``full``)."""
    table = [(parameter_name(r.key, lang), _value(r.value), r.origin_text,
              r.source.text if r.source else "-") for r in items]
    widths = [max([len(h)] + [len(t[i]) for t in table])
              for i, h in enumerate(("key", "value", "set by"))]
    widths = [min(w, cap) for w, cap in zip(widths, (60, 40, 48))]
    out = ["  ".join(h.ljust(w) for h, w in zip(("key", "value", "set by"), widths)) + "  source"]
    for key, value, origin, source in table:
        cells = [c if len(c) <= w else c[:w - 3] + "..." for c, w in
                 zip((key, value, origin), widths)]
        line = "  ".join(c.ljust(w) for c, w in zip(cells, widths))
        if full and len(source) > SOURCE_WIDTH:
            pad = " " * (sum(widths) + 6)
            wrapped = textwrap.wrap(source, SOURCE_WIDTH)
            out.append(line + "  " + wrapped[0])
            out += [pad + w for w in wrapped[1:]]
        else:
            cut = source if len(source) <= SOURCE_WIDTH else source[:SOURCE_WIDTH - 3] + "..."
            out.append(line + "  " + cut)
    return "\n".join(out)


@click.command()
@click.argument("scenario", required=False)
@click.argument("keys", nargs=-1)
@click.option("--set", "sets", multiple=True, metavar="KEY=VALUE",
              help="Override a scenario value, as in `simulate run` (repeatable).")
@click.option("--no-defaults", is_flag=True,
              help="Leave out the values the schema supplies by default.")
@click.option("--full", is_flag=True, help="Print each source whole, not cut to a column.")
def show(scenario: str | None, keys: tuple[str, ...], sets: tuple[str, ...],
         no_defaults: bool, full: bool) -> None:
    """Show SCENARIO fully resolved: every value, where it comes from and its source.

    KEYS limit the list to key paths that start with them (e.g. payers.wmo initiatives).
    """
    sc = load_scenario(scenario, parse_overrides(sets))
    chain, _ = read_chain(find_scenario(scenario))
    items = [r for r in rows(sc) if not keys or any(
        r.key == k or r.key.startswith(k.rstrip(".") + ".") for k in keys)]
    if no_defaults:
        items = [r for r in items if r.origin]
    names = " <- ".join(Row("", None, f, None).origin_text for f, _, _ in reversed(chain))
    click.echo(f"{sc.name}: {names}" + (" (extends, last file first)" if len(chain) > 1 else ""))
    click.echo("Each value with where it comes from (a file of the chain, an initiative type's "
               "default, the schema default, --set) and the source its file gives.\n")
    if not items:
        click.echo("no values match " + " ".join(keys))
        return
    click.echo(format_rows(items, full))
    unsourced = [r for r in items if r.origin and r.source is None]
    if unsourced:
        click.echo(f"\n{len(unsourced)} of the values set by a file or --set have no source "
                   "next to them.")


def format_decisions(table: pd.DataFrame, lang: str = "en") -> str:
    """One line per initiative and payer that reviewed it, and per initiative that collapsed:
    in how many replications it was continued, grew, stopped (median year), collapsed and
    restarted. Empty when nobody reviewed anything."""
    lines = []
    for r in table.itertuples(index=False):
        n = int(r.replications)
        name = both(lang, "every initiative", "elk initiatief") if r.initiative == "*" \
            else r.initiative                    # the scenario's own names, as in the tables
        payer = r.payer
        other = f"; {r.other}" if r.other else ""
        median = _median(r.stop_year_median, lang)
        if r.payer != "-" and r.reviewed:
            parts = both(lang, f"kept paying in {int(r.continued)}, grew it in {int(r.grew)}, "
                               f"stopped in {int(r.stopped)}{median}",
                         f"bleef betalen in {int(r.continued)}, breidde uit in {int(r.grew)}, "
                         f"stopte in {int(r.stopped)}{median}")
            lines.append(both(lang, f"{name}, reviewed by {payer} in {int(r.reviewed)} of {n} "
                                    f"replications: ",
                              f"{name}, getoetst door {payer} in {int(r.reviewed)} van {n} "
                              f"replicaties: ") + parts + other)
        elif r.payer != "-":
            lines.append(both(lang, f"{name}, {payer} (of {n} replications): {r.other}",
                              f"{name}, {payer} (van {n} replicaties): {r.other}"))
        else:
            collapsed, restarted = int(r.collapsed), int(r.restarted)
            unfunded = int(r.unfunded) if r.unfunded == r.unfunded else 0
            when = _median(r.collapse_year_median, lang)
            ended = both(lang, f"; ended after its funding stopped in {unfunded}",
                         f"; stopte na het einde van de financiering in {unfunded}"
                         ) if unfunded else ""
            if collapsed:
                lines.append(both(lang, f"{name}: collapsed in {collapsed} of {n} replications"
                                        f"{when}, restarted in {restarted}{ended}{other}",
                                  f"{name}: viel weg in {collapsed} van {n} replicaties{when}, "
                                  f"startte opnieuw in {restarted}{ended}{other}"))
            else:
                lines.append(both(lang, f"{name}: never collapsed while funded; ended after "
                                        f"its funding stopped in {unfunded} of {n} "
                                        f"replications{other}",
                                  f"{name}: viel nooit weg zolang het gefinancierd was; stopte "
                                  f"na het einde van de financiering in {unfunded} van {n} "
                                  f"replicaties{other}"))
    if not lines:
        return ""
    head = both(lang, "Decisions (scenario arm; counts of replications):",
                "Besluiten (scenario-arm; aantallen replicaties):")
    return head + "\n" + "\n".join("  " + line for line in lines)


def _median(year: float, lang: str = "en") -> str:
    if year is None or (isinstance(year, float) and math.isnan(year)):
        return ""
    return both(lang, f" (median year {int(year)})", f" (mediaan jaar {int(year)})")


COMMANDS = [show]
