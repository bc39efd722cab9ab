"""Tables from the API display euros without scientific notation and never "-0.0"; progress
bars say what they count (issue 14, point 9)."""
from __future__ import annotations

import pandas as pd

import simulate  # noqa: F401  (importing sets the display format)
from simulate.cli.experiments import _k
from simulate.results.display import display_number, show_numbers


def test_euros_display_without_scientific_notation_and_data_keep_their_digits():
    df = pd.DataFrame({"payer": ["wmo", "zvw"], "difference_eur": [-12_345_678.9, -0.0],
                       "share": [0.00031, 1.5]})
    shown = repr(df) + df._repr_html_()
    assert "e+" not in shown and "-12345679" in shown, shown
    assert "-0" not in shown.replace("-12345679", ""), "no minus zero"
    assert df.difference_eur.iloc[0] == -12_345_678.9, "a display format, not rounded data"
    assert display_number(0.00031) == "0.00031" and display_number(2031.0) == "2031"


def test_a_format_the_user_chose_is_kept():
    show_numbers(False)
    try:
        assert pd.get_option("display.float_format") is None
        mine = "{:.3f}".format
        pd.set_option("display.float_format", mine)
        show_numbers()
        assert pd.get_option("display.float_format") is mine
    finally:
        pd.reset_option("display.float_format")
        show_numbers()


def test_terminal_thousands_never_show_minus_zero():
    assert _k(-20.0) == "0.0k" and _k(20.0) == "0.0k"
    assert _k(-1_500.0) == "-1.5k" and _k(-25_000.0) == "-25k"


def test_progress_bars_name_what_they_count(monkeypatch):
    import simulate.experiments.progress as progress
    seen = {}

    class Bar:
        def __init__(self, **kw):
            seen.update(kw)
            self.n = 0

        def update(self, k):
            self.n += k

        def close(self):
            pass

    monkeypatch.setattr(progress, "_interactive", lambda: True)
    monkeypatch.setattr(progress, "_tqdm", lambda: Bar)
    sc = simulate.load_scenario("village", {"population.size": 200, "horizon_years": 1})
    simulate.run(sc, reps=1, seed=1, progress=True)
    assert seen["desc"] == "village: replications" and seen["unit"] == "rep"


def test_writing_the_report_reports_progress_per_figure(small_results, tmp_path):
    from simulate import charts
    from simulate.report import write_report
    folder = simulate.save(small_results, tmp_path / "run")
    calls: list[tuple[int, int]] = []
    write_report(folder, progress=lambda done, total: calls.append((done, total)))
    n = len(charts.chart_names(small_results))
    assert calls == [(k, n) for k in range(1, n + 1)], "one call per figure, counting up"
