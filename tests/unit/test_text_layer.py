"""One text layer (issue 12): one catalogue of words in both languages, one way to write a
sentence in both, findings as records rendered to a title or a sentence, and no English in the
Dutch words (or Dutch in the English ones)."""
from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from simulate.report.findings import key_findings
from simulate.text import findings
from simulate.text.catalogue import TEXT
from simulate.text.labels import both, text

PACKAGE = Path(__file__).resolve().parents[2] / "simulate"


def test_no_private_translation_helpers_left():
    """Every module uses the text layer; none keeps its own en/nl switch."""
    for path in PACKAGE.rglob("*.py"):
        src = path.read_text()
        assert not re.search(r"def _en\(|\bWORDS\s*=\s*\{", src), path
        if path.parent.name != "text":      # words and number formats live in text/
            assert not re.search(r'if lang == "(en|nl)" else', src), path


def test_every_catalogue_entry_has_both_languages_with_the_same_fields():
    fields = lambda s: {f for _, f, _, _ in string.Formatter().parse(s) if f}  # noqa: E731
    for key, words in TEXT.items():
        assert set(words) == {"en", "nl"}, key
        assert words["en"].strip() and words["nl"].strip(), key
        assert fields(words["en"]) == fields(words["nl"]), f"{key}: same placeholders"


def test_an_unknown_language_is_an_error_not_silently_dutch():
    assert both("nl", "yes", "ja") == "ja" and both("en", "yes", "ja") == "yes"
    with pytest.raises(ValueError, match="lang"):
        both("de", "yes", "ja")
    with pytest.raises(ValueError, match="lang"):
        text("year", "EN")


def test_a_finding_is_one_record_with_a_title_and_a_sentence():
    f = findings.waiting(0.0, 2.4)
    assert f.sentence("en") == f.title("en") + "."
    assert f.title("en").startswith("Nobody waits for a nursing-home bed with the scenario")
    assert f.title("nl").startswith("Met het scenario wacht niemand")
    noisy = findings.informal_care(0.012, noise=True)
    assert noisy.title("en").endswith("(within the noise)")
    assert "(within the noise)" in noisy.sentence("en"), "the report says so too, as the chart"
    assert noisy.sentence("nl").endswith("los van de euro's.")
    firm = findings.informal_care(0.012, noise=False)
    assert "noise" not in firm.sentence("en") and "ruis" not in firm.sentence("nl")


def test_savings_elsewhere_title_and_sentence_share_one_number():
    import pandas as pd
    ks = pd.DataFrame({"payer": ["wmo", "zvw", "wlz"], "investment": [1e5, 0.0, 0.0],
                       "savings": [2e4, 6e4, 2e4]})
    f = findings.savings_elsewhere_of(ks)
    assert "80%" in f.title("en") and "80%" in f.sentence("en")
    assert "the Zvw and the Wlz" in f.sentence("en") and "de Zvw en de Wlz" in f.sentence("nl")
    assert findings.savings_elsewhere_of(ks.assign(investment=0.0)) is None


ENGLISH = re.compile(r"\b(the|with|without|and|years|replications|savings)\b")
DUTCH = re.compile(r"\b(het|zonder|en|van|jaar|replicaties|besparing|wacht|geven)\b")


def test_key_findings_in_both_languages(small_results):
    en, nl = key_findings(small_results, "en"), key_findings(small_results, "nl")
    assert len(en) == len(nl) > 3
    for e, n in zip(en, nl):
        assert e != n
        # names of kokers and initiatives are the field's own words in both languages
        assert not DUTCH.search(e.replace("dorpsondersteuner", "")), e
        assert not ENGLISH.search(n), n


def test_the_sign_convention_is_stated_in_the_report_and_the_workbook(small_results):
    from simulate.report.export import workbook_sheets
    from simulate.report.tables import koker_table
    about = workbook_sheets(small_results)["about"].set_index("item").value
    assert about["signs"] == text("sign_rule", "en")
    for lang in ("en", "nl"):
        assert koker_table(small_results, lang).note.endswith(text("sign_rule", lang))


def test_transfers_are_one_record_and_never_claim_a_gain_that_is_not_there():
    import pandas as pd
    ks = pd.DataFrame({"payer": ["wmo", "zvw", "budget_holder"], "transfers": [-9e4, 3e4, 6e4],
                       "net": [-2e4, -1e4, -5e3]})
    f = findings.transfers_of(ks, "20", "populatiebekostiging")
    assert f.title("en") == ("The Wmo pays €90k net in transfers over 20 years; the budget "
                             "holder receives most (€60k)")
    s = f.sentence("en")
    assert s.startswith("Under populatiebekostiging, money moves between payers over 20 years")
    assert "the Wmo pays €90k" in s and s.endswith("no koker gains (highest net −€5,000).")
    assert "wint geen koker" in f.sentence("nl")
    gain = findings.transfers_of(ks.assign(net=[-2e4, 4e4, 1e4]), "20", "x")
    assert gain.sentence("en").endswith("the Zvw gains most: net €40k.")
    assert findings.transfers_of(ks.assign(transfers=0.0), "20") is None
