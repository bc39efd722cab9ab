"""Small things a reader notices: the Sobol axis beyond 0..1, footnotes that wrap, the Sankey's
top label clear of its header, no English in the Dutch report, counts without false decimals."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402

from simulate import charts  # noqa: E402
from simulate.charts.style import FOOTER_CHARS_PER_INCH  # noqa: E402
from simulate.report.findings import fmt_count, key_findings, waiting_sentence  # noqa: E402
from simulate.report.scenario_text import describe  # noqa: E402
from simulate.text import titles  # noqa: E402

ROUGH = pd.DataFrame({"parameter": ["effect", "price"], "payer": "wmo", "S1": [0.9, 0.1],
                      "S1_conf": [0.8, 0.1], "ST": [1.84, 0.2], "ST_conf": [0.9, 0.1]})
PRECISE = ROUGH.assign(S1=[0.5, 0.1], S1_conf=[0.05, 0.02], ST=[0.6, 0.2], ST_conf=[0.05, 0.02])


def test_sobol_axis_says_when_indices_can_exceed_one():
    rough = charts.sobol(ROUGH)
    assert "can exceed 1" in rough.axes[0].get_xlabel(), rough.axes[0].get_xlabel()
    assert any(line.get_gid() == "share_limit" for line in rough.axes[0].lines), \
        "the end of the share scale is marked"
    precise = charts.sobol(PRECISE)
    assert precise.axes[0].get_xlabel() == "share of output variance (0–1)"


def test_long_footnotes_wrap_to_the_figure_width():
    note = "the village's own randomness may be up to 40% of this variance; " * 4
    fig = charts.sobol(PRECISE, note=note)
    raw = fig._supxlabel.get_text()
    width = int(fig.get_figwidth() * FOOTER_CHARS_PER_INCH)
    lines = raw.split("\n")[:-1]          # the last line is the provenance
    assert len(lines) > 1 and all(len(line) <= width for line in lines), lines
    FigureCanvasAgg(fig).draw()
    box = fig._supxlabel.get_window_extent()
    assert box.x1 <= fig.bbox.x1 + 1, "the footnote fits in the figure"


def test_sankey_labels_stay_clear_of_their_headers():
    import simulate  # the default village: its largest service's label ran into the header
    fig = charts.money_flows(simulate.run(simulate.load_scenario("village"), reps=1, seed=1))
    FigureCanvasAgg(fig).draw()
    ax = fig.axes[0]
    headers = {t.get_gid(): t.get_window_extent() for t in ax.texts
               if (t.get_gid() or "").startswith("header:")}
    assert set(headers) == {"header:paid_by", "header:spent_on"}
    labels = [t.get_window_extent() for t in ax.texts if not t.get_gid()]
    assert labels
    for h in headers.values():
        assert not any(b.overlaps(h) for b in labels), "a node label runs into a header"


def test_the_dutch_report_speaks_dutch(small_results):
    nl = " ".join(key_findings(small_results, "nl")
                  + describe(small_results.metadata["scenario"], 3, 7, "nl"))
    for english in ("meeting place", "volunteer transport", "progression", "siloed",
                    "loneliness"):
        assert english not in nl, f"English in the Dutch report: {english!r}"
    assert "ontmoetingsplek" in nl and "vrijwilligersvervoer" in nl


def test_counts_have_no_false_decimals_and_nobody_waits():
    assert fmt_count(153.0, "en") == "153" and fmt_count(160.4, "en") == "160"
    assert fmt_count(3.5, "nl") == "3,5"
    assert waiting_sentence(0.0, 0.01, "en") == \
        "Nobody waits for a nursing-home bed, with or without the scenario."
    assert "0.0" not in waiting_sentence(0.0, 2.4, "en")
    assert titles.waiting(0.0, 0.0, "en").startswith("Nobody waits")
