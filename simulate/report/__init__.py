"""Reports and exports of a run folder: ``report.html`` (self-contained), ``figures/`` (PNG at
300 dpi, SVG, PDF) and an Excel workbook of the tables.

All of them are *additions* to a run folder, written atomically; none overwrites an existing
file unless asked to (``force``).
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from simulate import charts
from simulate.experiments.progress import Progress, ProgressArg
from simulate.report.export import export_xlsx
from simulate.report.findings import key_findings
from simulate.report.html import build_report, extra_figures
from simulate.report.sensitivity import FOLDER as SENSITIVITY_DIR
from simulate.report.sensitivity import run_for_report as run_sensitivity
from simulate.results.atomic import write_new
from simulate.results.store import load_results

REPORT_NAME = "report.html"
FIGURES_DIR = "figures"


def write_report(run_dir: str | Path, lang: str = "en", force: bool = False,
                 figures: bool = False, compare: Iterable[str | Path] = (),
                 sensitivity: str | Path | None = None,
                 regimes: str | Path | None = None, progress: ProgressArg = False) -> Path:
    """Write ``report.html`` into a run folder (and ``figures/`` if asked); return its path.

    Refuses an existing report or figures folder unless ``force``; checks that before any
    chart is drawn. ``sensitivity``: a folder written by ``simulate sensitivity --out`` whose
    tornado and Sobol tables the report charts (default: ``RUN_DIR/sensitivity`` if there).
    With ``figures`` the comparison, sensitivity and value-of-information charts are saved
    too. The section on uncertainty (:mod:`simulate.report.uncertainty_section`) is always
    there. ``regimes``: a
    folder written by ``simulate regimes --out`` whose comparison becomes a section.
    ``progress``: a bar over the report's figures (True) or a callable ``progress(done,
    total)``.
    """
    run_dir = Path(run_dir)
    results = load_results(run_dir)
    target = run_dir / REPORT_NAME
    fig_dir = run_dir / FIGURES_DIR
    for path in (target, *([fig_dir] if figures else [])):
        if path.exists() and not force:
            from simulate.results.store import OutputError
            raise OutputError(f"{path} already exists; a report never overwrites "
                              "(use --force to replace it)")
    from simulate.results.prices import (  # one price level for all runs
        at_price_level,
        run_price_year,
    )
    others = [at_price_level(load_results(p), run_price_year(results.metadata))
              for p in compare]
    sens = None if sensitivity is None else Path(sensitivity)
    with Progress(progress, len(charts.chart_names(results)), unit="figure",
                  desc="report: figures") as bar:
        figs = charts.run_charts(results, lang=lang, progress=bar)
    extra = extra_figures(results, lang, run_dir, others, sens)
    from simulate.report.uncertainty_section import section as uncertainty_section
    unc_html, unc_figs = uncertainty_section(results, lang)
    extra = {**extra, **unc_figs}
    sections = [unc_html]
    if regimes is not None:
        from simulate.experiments.regimes import load_comparison
        from simulate.report.regimes_section import section_html
        sections.append(section_html(load_comparison(regimes), lang))
    page = build_report(results, lang=lang, run_dir=run_dir, compare=others, figures=figs,
                        sensitivity_dir=sens, extra=extra, sections=sections)
    write_new(target, lambda tmp: tmp.write_text(page, encoding="utf-8"), force=force)
    if figures:
        charts.save_figures({**figs, **extra}, fig_dir, force=force)
    return target


__all__ = ["write_report", "build_report", "export_xlsx", "key_findings", "run_sensitivity",
           "REPORT_NAME", "SENSITIVITY_DIR"]
