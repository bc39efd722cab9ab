"""The tables the command line prints: amounts that add up, signs, zero, intervals."""
from __future__ import annotations

import numpy as np
import pandas as pd

from simulate.cli.format import (
    eur,
    format_attribution,
    format_comparison,
    format_kokers,
    format_summary,
    interval,
    kokers_heading,
    sign_rule,
)


def kokers(transfers: list[float]) -> pd.DataFrame:
    inv, sav = np.array([0.0, 40e3]), np.array([1e3, 0.0])
    tr = np.array(transfers)
    net = sav - inv + tr
    return pd.DataFrame({"payer": ["wmo", "funds"], "investment": inv, "savings": sav,
                         "transfers": tr, "net": net, "net_low": net - 5e3,
                         "net_high": net + 5e3, "payback_year": [2025.0, np.nan]})


def test_care_effect_and_transfers_make_the_koker_table_add_up():
    k = kokers([26e3, -18e3])
    text = format_kokers(k)
    header = text.splitlines()[0]
    assert "transfers" in header.split() and "care effect" in header, "both parts of net"
    assert "EUR +26k" in text and "EUR +27k" in text, "1k savings + 26k transfers = 27k net"
    assert "EUR -40k" in text and "EUR -58k" in text, "funds: -40k care effect - 18k = -58k"
    assert "care effect + transfers" in kokers_heading(k), "the heading names what net adds up"


def test_the_split_is_shown_without_a_regime_too():
    """Without a regime the transfers are zero, shown as such: a reader never has to guess
    whether a net includes money moved between payers."""
    text = format_kokers(kokers([0.0, 0.0]))
    assert "transfers" in text.splitlines()[0]
    import re
    cells = re.split(r"\s{2,}", text.splitlines()[2].strip())
    assert cells[:6] == ["Wmo", "EUR 0k", "EUR +1k", "EUR +1k", "EUR 0k", "EUR +1k"], cells


def test_summary_splits_the_difference():
    s = pd.DataFrame({"payer": ["wmo", "budget_holder"], "counterfactual_eur": [1e5, 0.0],
                      "scenario_eur": [1.2e5, -1e4], "care_effect_eur": [5e4, 0.0],
                      "transfers_eur": [-3e4, -1e4], "difference_eur": [2e4, -1e4],
                      "ci_low_eur": [1e4, -2e4], "ci_high_eur": [3e4, 0.0]})
    text = format_summary(s, (-9e4, 1e4))
    assert "care effect" in text.splitlines()[0] and "transfers" in text.splitlines()[0]
    wmo = text.splitlines()[2]
    # one sign convention (+ the payer gains): 50k more care cost is -50k, 30k of transfers
    # received is +30k, together a net of -20k
    assert "EUR -50k" in wmo and "EUR +30k" in wmo and "EUR -20k" in wmo


def test_amounts_that_round_to_zero_print_without_a_sign():
    assert eur(300, sign=True) == "EUR 0k" and eur(-300, sign=True) == "EUR 0k"
    assert eur(0.0) == "EUR 0k"
    assert eur(23_400, sign=True) == "EUR +23k" and eur(-1_234_000, sign=True) == "EUR -1,234k"
    assert interval(-12e3, 30e3) == "EUR -12k .. EUR +30k", "intervals are signed like differences"
    assert eur(float("nan")) == "n/a"


def test_summary_total_row_has_an_interval():
    s = pd.DataFrame({"payer": ["wmo", "zvw"], "counterfactual_eur": [1e5, 2e5],
                      "scenario_eur": [1.2e5, 1.5e5], "difference_eur": [2e4, -5e4],
                      "ci_low_eur": [1e4, -8e4], "ci_high_eur": [3e4, -2e4]})
    last = format_summary(s, (-9e4, 1e4)).splitlines()[-1]
    # net for the payers = counterfactual - scenario (+ they gain); the difference's interval
    # (-90k .. +10k) turned round with it
    assert last.startswith("total") and "EUR +30k" in last and "EUR -10k .. EUR +90k" in last


def test_one_sign_convention_in_both_terminal_tables():
    """A payer that spends 50k less has net +50k in the summary table, as in the koker table
    (savings positive): the two tables no longer use opposite signs."""
    s = pd.DataFrame({"payer": ["zvw"], "counterfactual_eur": [2e5], "scenario_eur": [1.5e5],
                      "difference_eur": [-5e4], "ci_low_eur": [-8e4], "ci_high_eur": [-2e4]})
    row = format_summary(s).splitlines()[2]
    assert "EUR +50k" in row and "EUR +20k .. EUR +80k" in row
    assert "+ the payer gains" in sign_rule("en") and "+ de betaler wint" in sign_rule("nl")


def test_dutch_terminal_tables():
    s = pd.DataFrame({"payer": ["wmo", "residents"], "counterfactual_eur": [1_234_000.0, 1e5],
                      "scenario_eur": [1.2e5, 1.5e5], "difference_eur": [-1_114_000.0, 5e4],
                      "ci_low_eur": [-1.2e6, 1e4], "ci_high_eur": [-1e6, 9e4]})
    out = format_summary(s, lang="nl")
    head = out.splitlines()[0].split()
    assert head[:3] == ["betaler", "status", "quo"] and "saldo" in head
    assert "bewoners" in out and "Wmo" in out and "residents" not in out
    assert "EUR 1.234k" in out and "EUR +1.114k" in out, "Dutch separators"
    assert "totaal" in out.splitlines()[-1]
    k = kokers([26e3, -18e3])
    assert format_kokers(k, "nl").splitlines()[0].split()[:5] == [
        "betaler", "investering", "besparing", "zorgeffect", "overdrachten"]
    assert "overdrachten" in kokers_heading(k, "nl")


def test_comparison_in_payer_order_with_dash_for_missing_payers():
    tidy = pd.DataFrame({"scenario": ["b", "b", "a"], "payer": ["zvw", "wmo", "budget_holder"],
                         "net_eur": [1e4, 2e4, 3e4], "net_low_eur": [0.0, 1e4, 2e4],
                         "net_high_eur": [2e4, 3e4, 4e4]})
    lines = format_comparison(tidy, ["a", "b"]).splitlines()
    assert [line[:14].strip() for line in lines[2:]] == ["Wmo", "Zvw", "budget holder"], \
        "rows in the order of PAYERS, as in `simulate run`"
    assert "NaN" not in "\n".join(lines) and lines[2].split()[1] == "-", "a lacks wmo: '-'"


def test_attribution_is_formatted_in_eur():
    t = pd.DataFrame({"initiative": ["meeting_place"], "zvw": [474370.0], "wmo": [-300.0]})
    text = format_attribution(t)
    assert "EUR +474k" in text and "474370" not in text and "EUR 0k" in text
