"""One style for every figure: a colour-blind-safe palette, fonts, and a provenance line.

Colours are the Okabe-Ito palette (Okabe & Ito 2008, "Color Universal Design"), which stays
distinguishable with the common forms of colour blindness. Each payer (koker) keeps its colour
in every chart. Figures are made with :class:`matplotlib.figure.Figure` directly, not pyplot,
so that building charts changes no global state and leaks no open figures; the style is applied
with :func:`matplotlib.rc_context` while a chart is drawn.
"""
from __future__ import annotations

import functools
import inspect
import textwrap
from collections.abc import Callable
from datetime import date
from typing import Any

import matplotlib as mpl
from cycler import cycler
from matplotlib.figure import Figure

from simulate.text.labels import check_lang, text
from simulate.text.uncertainty import scope_short

OKABE_ITO: dict[str, str] = {
    "black": "#000000", "orange": "#E69F00", "sky_blue": "#56B4E9",
    "bluish_green": "#009E73", "yellow": "#F0E442", "blue": "#0072B2",
    "vermillion": "#D55E00", "reddish_purple": "#CC79A7", "grey": "#999999",
}
PAYER_COLOURS: dict[str, str] = {
    "wmo": OKABE_ITO["orange"], "zvw": OKABE_ITO["sky_blue"], "wlz": OKABE_ITO["bluish_green"],
    "wpg": OKABE_ITO["yellow"], "residents": OKABE_ITO["blue"], "funds": OKABE_ITO["vermillion"],
    "investor": OKABE_ITO["reddish_purple"], "budget_holder": OKABE_ITO["grey"],
    "total": OKABE_ITO["black"],
}
STATE_COLOURS: dict[str, str] = {
    "vital": OKABE_ITO["bluish_green"], "prefrail": OKABE_ITO["yellow"],
    "frail": OKABE_ITO["orange"], "homecare": OKABE_ITO["sky_blue"],
    "wlz_home": OKABE_ITO["blue"], "nursing_home": OKABE_ITO["reddish_purple"],
}
ARM_COLOURS: dict[str, str] = {"counterfactual": OKABE_ITO["grey"],
                               "scenario": OKABE_ITO["blue"]}
#: A sequence for anything else (scenarios side by side, initiatives).
CYCLE: tuple[str, ...] = tuple(OKABE_ITO[k] for k in (
    "blue", "orange", "bluish_green", "vermillion", "sky_blue", "reddish_purple", "yellow",
    "black"))
#: Diverging colour map for signed amounts (purple-orange stays readable with colour blindness).
DIVERGING = "PuOr_r"

RC: dict[str, Any] = {
    "font.family": "DejaVu Sans", "font.size": 9, "axes.titlesize": 10,
    "axes.titleweight": "bold", "axes.labelsize": 9, "xtick.labelsize": 8,
    "ytick.labelsize": 8, "legend.fontsize": 8, "legend.frameon": False,
    "axes.spines.top": False, "axes.spines.right": False, "axes.grid": True,
    "grid.color": "#dddddd", "grid.linewidth": 0.6, "axes.axisbelow": True,
    "axes.prop_cycle": cycler(color=CYCLE), "figure.dpi": 100,
    "svg.fonttype": "none", "pdf.fonttype": 42,
}
PROVENANCE_GID = "provenance"
TITLE_GID = "finding"


def new_figure(width: float = 7.5, height: float = 4.5, **subplots: Any) -> tuple[Figure, Any]:
    """A figure in the house style with ``subplots(**subplots)`` axes (constrained layout)."""
    fig = Figure(figsize=(width, height), layout="constrained")
    axes = fig.subplots(**subplots) if subplots else fig.add_subplot()
    return fig, axes


def provenance(metadata: dict | None, lang: str = "en") -> str:
    """'village · simulate 0.1.0 · seed 7 · 3 replications · intervals: simulation and
    parameters · 2025-11-23' from run metadata."""
    from simulate.version import __version__
    m = metadata or {}
    version = m.get("environment", {}).get("simulate", __version__)
    created = str(m.get("created", ""))[:10] or date.today().isoformat()
    parts = ([str(m["scenario_name"])] if "scenario_name" in m else []) + [f"simulate {version}"]
    if "seed" in m:
        parts.append(f"{text('seed', lang)} {m['seed']}")
    if "replications" in m:
        parts.append(f"{m['replications']} {text('replications', lang)}")
    if "interval_includes" in m:   # what the chart's intervals cover (issue 16)
        parts.append(scope_short(m["interval_includes"], lang))
    parts.append(created)
    return " · ".join(parts)


#: Characters of an 11-point bold title per inch of figure width, for wrapping long findings.
TITLE_CHARS_PER_INCH = 10.5
#: Characters of the 6.5 pt footer that fit on one inch of figure width (footnotes wrap).
FOOTER_CHARS_PER_INCH = 17


def finish(fig: Figure, title: str, subtitle: str, metadata: dict | None, lang: str) -> Figure:
    """Put the finding as the title (wrapped to the figure's width), a subtitle, and the
    provenance line on ``fig``."""
    width = max(20, int(fig.get_figwidth() * TITLE_CHARS_PER_INCH))
    wrapped = textwrap.fill(title, width, break_on_hyphens=False)
    fig.suptitle(wrapped, x=0.01, ha="left", fontsize=11,
                 fontweight="bold", gid=TITLE_GID)
    foot_width = max(40, int(fig.get_figwidth() * FOOTER_CHARS_PER_INCH))
    sub = "\n".join(textwrap.fill(part, foot_width, break_on_hyphens=False)   # one line
                     for part in subtitle.split("\n")) if subtitle else ""  # per sentence
    footer = (sub + "\n" if sub else "") + provenance(metadata, lang)
    fig.supxlabel(footer, x=0.01, ha="left", fontsize=6.5, color="#555555", gid=PROVENANCE_GID,
                  linespacing=1.4)
    return fig


def check_first_argument(name: str, wants: str, given: Any) -> None:
    """A clear TypeError when a chart that draws a run gets a table, or one that draws a table
    (tornado, sobol) gets a run: the two slips students make most."""
    from simulate.results.tables import Results, require_results
    if wants == "Results":
        require_results(given, name)
    elif wants == "pd.DataFrame" and isinstance(given, Results):
        raise TypeError(f"{name}() takes a table, not a Results: pass the {name} table of "
                        f"simulate.sensitivity(scenario), e.g. sens.{name}, or a DataFrame "
                        "with the same columns")


def chart(func: Callable[..., Figure]) -> Callable[..., Figure]:
    """Decorator for chart functions: checks ``lang`` and draws inside the house style."""
    first = next(iter(inspect.signature(func).parameters.values()), None)
    wants = str(first.annotation) if first is not None else ""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Figure:
        check_lang(kwargs.get("lang", "en"))
        if args:
            check_first_argument(func.__name__, wants, args[0])
        with mpl.rc_context(RC):  # type: ignore[arg-type]
            return func(*args, **kwargs)
    return wrapper


def year_axis(ax) -> None:
    """Whole calendar years on the x axis (no 2027.5), without thousands separators."""
    from matplotlib.ticker import MaxNLocator, StrMethodFormatter
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.xaxis.set_major_formatter(StrMethodFormatter("{x:.0f}"))


def figure_title(fig: Figure) -> str:
    """The finding a figure states (its suptitle, on one line)."""
    title = getattr(fig, "_suptitle", None)
    return title.get_text().replace("\n", " ") if title is not None else ""


def figure_provenance(fig: Figure) -> str:
    """The footer text of a figure (subtitle and provenance), wrapped lines joined by spaces."""
    footer = getattr(fig, "_supxlabel", None)
    return footer.get_text().replace("\n", " ") if footer is not None else ""
