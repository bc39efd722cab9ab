"""One self-contained HTML report per run: question, scenario, findings, tables, charts,
assumptions with sources, and how to reproduce the run.

Charts are embedded as base64 PNG, styles are inline, and there is no script and no link to
anything outside the file: the report opens offline, can be mailed as one file, and shows the
same thing in every browser. Every report compares the status quo with the scenario per koker
(plus other runs given with ``compare``) and has a sensitivity section: the analysis in
``RUN_DIR/sensitivity`` (written by ``simulate run --report``), or why there is none.
"""
from __future__ import annotations

import html
from collections.abc import Iterable
from pathlib import Path

from matplotlib.figure import Figure

from simulate import charts
from simulate.analysis.bands import price_year
from simulate.charts.save import png_base64
from simulate.charts.style import figure_title, provenance
from simulate.report import assumptions, findings, scenario_text, sensitivity_section
from simulate.report.reproduce import recipe
from simulate.report.sensitivity import read_analysis
from simulate.report.tables import Table, report_tables
from simulate.results.tables import Results
from simulate.text.labels import both, text

PNG_DPI = 110

CSS = """
body{font-family:"DejaVu Sans",Arial,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;
color:#222;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px
solid #ccc}.prov{color:#666;font-size:.8rem}figure{margin:1.5rem 0}img{max-width:100%;
height:auto;border:1px solid #eee}figcaption{font-size:.85rem;color:#444}table{border-collapse:
collapse;font-size:.85rem;margin:.5rem 0}th,td{border-bottom:1px solid #ddd;padding:.25rem .5rem;
text-align:right}th:first-child,td:first-child{text-align:left}.note{font-size:.8rem;color:#555}
code,pre{background:#f4f4f4;padding:.1rem .3rem}pre{padding:.6rem;overflow-x:auto}
.changed{color:#D55E00;font-weight:bold}.warning{border-left:4px solid #D55E00;background:#fff4ec;
padding:.5rem .8rem;font-weight:bold}.assumptions td,.assumptions th{text-align:left;
vertical-align:top}
"""

def _w(key: str, lang: str) -> str:
    return text(f"report_{key}", lang)


def _e(s: object) -> str:
    return html.escape(str(s))


def table_html(t: Table) -> str:
    """A :class:`Table` as an HTML table with its title and note."""
    head = "".join(f"<th>{_e(h)}</th>" for h in t.headers)
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in t.rows)
    note = f'<p class="note">{_e(t.note)}</p>' if t.note else ""
    return f"<h3>{_e(t.title)}</h3><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{note}"


def figure_html(name: str, fig: Figure) -> str:
    """A figure embedded as a base64 PNG, its finding as alt text and caption."""
    title = figure_title(fig)
    return (f'<figure id="fig-{_e(name)}"><img class="chart" alt="{_e(title)}" '
            f'src="data:image/png;base64,{png_base64(fig, PNG_DPI)}">'
            f"<figcaption>{_e(title)}</figcaption></figure>")


def sensitivity_figures(run_dir: Path | None, results: Results, lang: str,
                        sensitivity_dir: Path | None = None) -> dict[str, Figure]:
    """Tornado and Sobol charts of the analysis in ``sensitivity_dir``, else
    ``RUN_DIR/sensitivity``, else the run folder (:mod:`simulate.report.sensitivity_section`),
    for the koker that invests most."""
    folder = sensitivity_section.find_folder(run_dir, sensitivity_dir)
    analysis = read_analysis(folder, results.metadata) if folder is not None else None
    return sensitivity_section.figures(folder, results, lang, analysis)


def comparison_figures(results: Results, others: list[Results], lang: str) -> dict[str, Figure]:
    """Spending per koker in the status quo, with the scenario and with the other runs'
    scenarios; with other runs also their net result per koker side by side."""
    out = {"compare_spending": charts.compare_spending(results, others, lang=lang)}
    if others:
        out["compare"] = charts.compare_scenarios([results, *others], lang=lang)
    return out


def extra_figures(results: Results, lang: str, run_dir: Path | None = None,
                  compare: Iterable[Results] = (),
                  sensitivity_dir: Path | None = None) -> dict[str, Figure]:
    """The figures of the report beyond the run charts: comparison and sensitivity."""
    return {**comparison_figures(results, list(compare), lang),
            **sensitivity_figures(run_dir, results, lang, sensitivity_dir)}


def assumptions_html(results: Results, lang: str) -> str:
    """The assumptions table, or the scenario's ``source`` fields if the file is not found."""
    rows = assumptions.assumptions(results.metadata)
    if not rows:
        items = "".join(f"<li><code>{_e(k)}</code>: {_e(v)}</li>"
                        for k, v in scenario_text.sources(results.metadata.get("scenario", {})))
        return f"<p>{_e(_w('no_file', lang))}</p><ul>{items}</ul>"
    path = scenario_text.scenario_file(results.metadata)
    body = "".join(
        f'<tr><td><code>{_e(a.key)}</code></td><td class="{"changed" if a.changed else ""}">'
        f"{_e(a.value)}</td><td>{_e(a.origin)}</td><td>{_e(a.note)}</td></tr>" for a in rows)
    return (f"<p>{_e(_w('assumptions_text', lang))} (<code>{_e(path)}</code>)</p>"
            f"<table class='assumptions'><thead><tr><th>{_e(_w('key', lang))}</th><th>{_e(_w('value', lang))}</th>"
            f"<th>{_e(_w('origin', lang))}</th><th>{_e(_w('source', lang))}</th></tr></thead><tbody>{body}</tbody></table>")


def reproduce_html(results: Results, lang: str) -> str:
    """The command and the API call that repeat the run, and what identifies it."""
    m = results.metadata
    r = recipe(m)
    env = m.get("environment", {})
    check = (both(lang, "Checked: this command gives the run's scenario hash.",
                 "Gecontroleerd: dit commando geeft de scenariohash van de run.") if r.verified
             else both(lang, "Not checked: the scenario file was not found or has changed.",
                      "Niet gecontroleerd: het scenariobestand is niet gevonden of gewijzigd."))
    facts = [f"scenario hash: {m.get('scenario_hash', '?')}",
             f"simulate {env.get('simulate', '?')}, git commit {env.get('git_commit', '?')}",
             f"python {env.get('python', '?')}, numpy {env.get('numpy', '?')}, "
             f"pandas {env.get('pandas', '?')}"]
    if m.get("command"):
        facts.append(both(lang, "original command: ", "oorspronkelijk commando: ") + m["command"])
    return (f"<p>{_e(_w('reproduce_text', lang))}</p><pre>{_e(r.command)}</pre>"
            f"<p class='note'>{_e(check)}</p><pre>{_e(r.python)}</pre><ul>"
            + "".join(f"<li>{_e(f)}</li>" for f in facts) + "</ul>")


def build_report(results: Results, lang: str = "en", run_dir: Path | None = None,
                 compare: Iterable[Results] = (), figures: dict[str, Figure] | None = None,
                 sensitivity_dir: Path | None = None,
                 extra: dict[str, Figure] | None = None,
                 sections: Iterable[str] = ()) -> str:
    """The whole report as one HTML string (nothing is written). ``figures``: the run charts
    and ``extra``: the comparison and sensitivity charts, if already drawn; ``sections``:
    further sections as HTML (e.g. the regimes side by side), placed before the
    assumptions."""
    m = results.metadata
    figs = figures if figures is not None else charts.run_charts(results, lang=lang)
    others = list(compare)
    more = extra if extra is not None else extra_figures(results, lang, run_dir, others,
                                                         sensitivity_dir)
    info = m.get("scenario", {})
    parts = [f"<h1>{_e(_w('title', lang))}</h1>",
             f'<p class="prov">{_e(provenance(m, lang))}</p>',
             f"<h2>{_e(_w('question', lang))}</h2><p>{_e(_w('question_text', lang))}</p>",
             f"<p><em>{_e(info.get('description', ''))}</em></p>",
             f"<h2>{_e(_w('scenario', lang))}</h2>"]
    shown = {**info, "price_year": price_year(results)}  # the run folder's own price level
    parts += [f"<p>{_e(p)}</p>" for p in scenario_text.describe(
        shown, int(m.get("replications", 0)), m.get("seed"), lang)]
    folder = sensitivity_section.find_folder(run_dir, sensitivity_dir)
    found = (findings.key_findings(results, lang)
             + sensitivity_section.flip_findings(results, lang, folder))
    parts.append(f"<h2>{_e(_w('findings', lang))}</h2><ul class='findings'>" + "".join(
        f"<li>{_e(s)}</li>" for s in found) + "</ul>")
    parts.append(f"<h2>{_e(_w('tables', lang))}</h2>")
    parts += [table_html(t) for t in report_tables(results, lang)]
    parts.append(f"<h2>{_e(_w('charts', lang))}</h2>")
    parts += [figure_html(n, f) for n, f in figs.items()]
    parts.append(f"<h2>{_e(_w('comparison', lang))}</h2><p>{_e(_w('comparison_text', lang))}</p>")
    parts += [figure_html(n, more[n]) for n in ("compare_spending", "compare") if n in more]
    parts.append(f"<h2>{_e(_w('sensitivity', lang))}</h2>")
    paragraphs, tables = sensitivity_section.section(results, lang, run_dir, folder)
    warning = sensitivity_section.warning_text(
        read_analysis(folder, m) if folder is not None else None, lang)
    parts += [f"<p class='{'warning' if p == warning else 'note'}'>{_e(p)}</p>"
              for p in paragraphs]
    parts += [table_html(t) for t in tables]
    parts += [figure_html(n, more[n]) for n in ("tornado", "sobol") if n in more]
    parts += list(sections)
    parts.append(f"<h2>{_e(_w('assumptions', lang))}</h2>" + assumptions_html(results, lang))
    parts.append(f"<h2>{_e(_w('reproduce', lang))}</h2>" + reproduce_html(results, lang))
    title = f"{_w('title', lang)}: {m.get('scenario_name', '')}"
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{_e(title)}</title><style>{CSS}</style></head><body>"
            + "\n".join(parts) + "</body></html>\n")
