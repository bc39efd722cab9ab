"""Chart titles say no more than the numbers (issue 14, point 4): a difference whose interval
includes zero names no winner, and who_pays' title agrees with its bars."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402

from simulate.charts.style import finish, new_figure  # noqa: E402
from simulate.text import titles  # noqa: E402


def test_spending_within_the_noise_names_no_direction():
    noisy = titles.spending("pilot", -900.0 * 1000, "20", True, None, "en")
    assert "cannot be told apart" in noisy and "less than" not in noisy, noisy
    assert "niet van elkaar te onderscheiden" in titles.spending("pilot", -9e5, "20", True,
                                                                 None, "nl")
    firm = titles.spending("pilot", -9e5, "20", False, None, "en")
    assert firm.startswith("With pilot the kokers together spend €900k less than in the "
                           "status quo") and "told apart" not in firm


def test_cheapest_within_the_noise_is_not_named_the_winner():
    t = titles.cheapest("a", 1e6, "20", "en", noise=True, runner_up="b")
    assert t.startswith("No option clearly costs the kokers least") and "cannot be told apart" in t
    assert titles.cheapest("a", 1e6, "20", "en", noise=False).startswith("a costs the kokers")


def _summary(net: list[float], low: list[float], high: list[float]) -> pd.DataFrame:
    return pd.DataFrame({"payer": ["wmo", "zvw", "budget_holder"],
                         "investment": [1e5, 0.0, 0.0], "savings": [2e4, 9e4, 0.0],
                         "savings_low": [1e4, 5e4, 0.0], "savings_high": [3e4, 1.3e5, 0.0],
                         "transfers": [4e4, -6e4, 2e4], "net": net, "net_low": low,
                         "net_high": high})


def test_who_pays_title_takes_the_interval_into_account():
    firm = titles.who_pays(_summary([-4e4, 3e4, 2e4], [-5e4, 1e4, 1e4], [-3e4, 5e4, 3e4]), "en")
    assert firm == "The Wmo pays, the Zvw saves most; after transfers the Zvw gains most"
    noisy = titles.who_pays(_summary([-4e4, 3e4, 2e4], [-5e4, -1e4, 1e4], [-3e4, 7e4, 3e4]),
                            "en")
    assert noisy.endswith("after transfers the Zvw gains most, within the noise"), noisy
    none = titles.who_pays(_summary([-4e4, -3e4, -2e4], [-5e4] * 3, [-1e4] * 3), "nl")
    assert none.endswith("na overdrachten wint geen koker"), \
        "no koker gains when every net is below zero: the title must not say one does"


def test_a_footnote_keeps_its_sentences_on_their_own_lines():
    fig, _ = new_figure(5, 3)
    finish(fig, "title", "first sentence (EUR)\nsecond sentence", None, "en")
    lines = fig._supxlabel.get_text().splitlines()
    assert lines[0] == "first sentence (EUR)" and lines[1] == "second sentence"
