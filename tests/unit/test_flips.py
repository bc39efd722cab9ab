"""Does the conclusion flip inside the sensitivity ranges (issue 13 point 3)? Decided from a
tornado table alone (no model runs): a hand-made table where the total's sign flips at one
end of one range and one where it does not, and the noise rule of simulate.analysis.questions."""
from __future__ import annotations

import pandas as pd

from simulate.analysis.flips import flipped, running_changes, sign, verdicts
from simulate.text.flips import key_sentence, running_sentence, verdict_sentence

STOP = "payers.wmo.stop_after"
REVIEW = "payers.wmo.first_review_years"


def _row(payer: str, parameter: str, base: float, low: float, high: float,
         lo_ci: tuple[float, float], hi_ci: tuple[float, float],
         base_ci: tuple[float, float] = (0.0, 0.0), inputs=(1, 3, 2)) -> dict:
    return {"payer": payer, "measure": "net", "parameter": parameter, "base": base,
            "low_value": low, "high_value": high, "low_input": inputs[0],
            "high_input": inputs[1], "base_input": inputs[2],
            "base_ci_low_eur": base_ci[0], "base_ci_high_eur": base_ci[1],
            "low_ci_low_eur": lo_ci[0], "low_ci_high_eur": lo_ci[1],
            "high_ci_low_eur": hi_ci[0], "high_ci_high_eur": hi_ci[1]}


def _table(total_low: float, low_ci: tuple[float, float]) -> pd.DataFrame:
    """The total gains 50k at base; stop_after at its low end gives ``total_low``. The Wmo
    loses at base and everywhere; the Wlz has no effect at all."""
    rows = [_row("total", STOP, 5e4, total_low, 8e4, low_ci, (6e4, 1e5), (3e4, 7e4)),
            _row("total", REVIEW, 5e4, 4e4, 6e4, (2e4, 6e4), (4e4, 8e4), (3e4, 7e4)),
            _row("wmo", STOP, -2e4, -3e4, -1e4, (-4e4, -2e4), (-2e4, -1), (-3e4, -1e4)),
            _row("wmo", REVIEW, -2e4, -2.5e4, -1.5e4, (-3e4, -2e4), (-2e4, -1e4), (-3e4, -1e4)),
            _row("wlz", STOP, 0.0, 0.3, -0.2, (0, 0), (0, 0)),
            _row("wlz", REVIEW, 0.0, 0.0, 0.0, (0, 0), (0, 0))]
    return pd.DataFrame(rows)


def test_sign_uses_the_negligible_rule():
    assert (sign(5.0), sign(-5.0), sign(0.5), sign(-1.0)) == (1, -1, 0, 0)


def test_a_clear_flip_is_found_and_named():
    vs = {v.payer: v for v in verdicts(_table(-3e4, (-5e4, -1e4)))}
    total = vs["total"]
    assert total.sign == 1 and total.base_noise is False
    assert [(f.parameter, f.end, f.value) for f in total.flips] == [(STOP, "low", -3e4)]
    assert total.flips[0].noise is False, "the interval at the low end excludes zero"
    assert vs["wmo"].flips == () and vs["wlz"].flips == (), "no sign flip; wlz has no sign"
    assert [v.payer for v in flipped(list(vs.values()))] == ["total"]
    en = verdict_sentence(total, "en")
    assert "they lose instead" in en and "All kokers: gain at" in en
    assert "Wmo: failed reviews before stopping, low end (1)" in en
    assert "within the noise" not in en
    nl = verdict_sentence(total, "nl")
    assert "ze verliezen juist" in nl and "Alle kokers: winnen" in nl
    assert "Wmo: mislukte toetsen tot stoppen" in nl
    key = key_sentence(list(vs.values()), "en")
    assert key is not None and "flips for all kokers together" in key and "holds for the Wmo" in key
    assert "Wlz" not in key, "a payer without a net effect has no conclusion to flip"


def test_a_flip_whose_interval_includes_zero_is_within_the_noise():
    vs = {v.payer: v for v in verdicts(_table(-3e3, (-2e4, 1e4)))}
    assert vs["total"].flips[0].noise is True
    assert "within the noise" in verdict_sentence(vs["total"], "en")
    assert "binnen de ruis" in key_sentence(list(vs.values()), "nl")


def test_no_flip_when_the_low_end_only_shrinks_the_gain():
    vs = verdicts(_table(1e4, (5e3, 2e4)))
    assert flipped(vs) == []
    total = next(v for v in vs if v.payer == "total")
    assert "does not flip" in verdict_sentence(total, "en")
    assert "niet om" in key_sentence(vs, "nl")


def test_a_tornado_without_intervals_still_answers_without_noise_words():
    t = _table(-3e4, (-5e4, -1e4)).drop(columns=[c for c in _table(0, (0, 0)).columns
                                                 if c.endswith("_ci_low_eur")
                                                 or c.endswith("_ci_high_eur")])
    total = next(v for v in verdicts(t) if v.payer == "total")
    assert len(total.flips) == 1 and total.flips[0].noise is None
    assert "noise" not in verdict_sentence(total, "en")


def _running_table(low: float, high: float, ci: tuple[float, float]) -> pd.DataFrame:
    t = _table(1e4, (5e3, 2e4))
    return t.assign(**{"running.base.dorpsondersteuner": 0.5,
                       "running.low.dorpsondersteuner": low,
                       "running.high.dorpsondersteuner": high,
                       "running.ci_low.dorpsondersteuner": ci[0],
                       "running.ci_high.dorpsondersteuner": ci[1]})


def test_running_share_that_moves_beyond_the_noise_is_named():
    rs = running_changes(_running_table(0.0, 1.0, (0.6, 1.0)))
    assert {r.parameter for r in rs} == {STOP, REVIEW} and all(r.changes for r in rs)
    en = running_sentence(rs, "en")
    assert "50% at the scenario's values" in en and "more than the noise" in en
    assert "0% (1) → 100% (3)" in en
    assert "meer dan de ruis" in running_sentence(rs, "nl")


def test_running_share_within_the_noise_is_not_a_change():
    rs = running_changes(_running_table(0.3, 0.7, (-0.2, 1.0)))
    assert rs and not any(r.changes for r in rs)
    assert "no more than the noise" in running_sentence(rs, "en")
    assert running_changes(_table(1e4, (5e3, 2e4))) == [], "a tornado without the columns"
