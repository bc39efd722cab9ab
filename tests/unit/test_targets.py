"""Target tables: sourced, well-formed, calibration and validation kept apart."""
from __future__ import annotations

import pytest

from simulate.calibration import TargetsError, load_targets
from simulate.calibration.targets import COLUMNS, age_bands

REQUIRED_VALIDATION = {  # issue 7: what the default village must reproduce
    "deaths per 1000 by age band": {"deaths_0_64", "deaths_65_79", "deaths_80p"},
    "Wlz institutional care by age band": {"nh_65_79", "nh_80p"},
    "Wmo clients per 1000": {"wmo_per_1000"},
    "wijkverpleging clients per 1000": {"wv_per_1000"},
    "spend per resident": {"wmo_spend", "zvw_wv_spend", "wlz_nh_spend"},
    "where people die": {"death_in_nh", "death_in_nh_80p"},
    "flow from Wmo into Wlz": {"wmo_flow_per_1000"},
}


@pytest.mark.parametrize("name", ["targets", "validation"])
def test_packaged_tables_are_sourced(name):
    targets = load_targets(name)
    assert len(targets) >= 10
    for t in targets:
        assert len(t.source) > 20, f"{t.id}: a source, not a placeholder"
        assert t.tag in {"A", "B", "C", "E"}, f"{t.id}: quality tag of dutch_statistics.md"
        assert t.year and t.unit and t.population, f"{t.id}: year, unit and population"
        assert 0 < t.tolerance < 1, f"{t.id}: a relative tolerance"


def test_calibration_and_validation_are_kept_apart():
    cal, val = load_targets("targets"), load_targets("validation")
    assert not {t.id for t in cal} & {t.id for t in val}, "no target in both tables"
    same = {(t.metric, t.what, t.ages, t.value) for t in cal} & {
        (t.metric, t.what, t.ages, t.value) for t in val}
    assert not same, f"the same figure is used to fit and to validate: {same}"


def test_validation_covers_what_the_issue_asks():
    ids = {t.id for t in load_targets("validation")}
    for what, needed in REQUIRED_VALIDATION.items():
        assert needed <= ids, f"missing validation of {what}: {needed - ids}"


def test_age_ranges_map_to_bands():
    assert age_bands("65-74") == ("65-69", "70-74")
    assert age_bands("85+") == ("85-89", "90-94", "95+")
    assert len(age_bands("all")) == 20
    with pytest.raises(ValueError):
        age_bands("old")


def test_bad_targets_file_lists_every_problem(tmp_path):
    good = (tmp_path / "t.csv")
    good.write_text(",".join(COLUMNS) + "\n"
                    "a,prevalence,frial|all,65+,0.1,1,share,2020,,NL,src,A,0.2,1\n"
                    "b,incidence,x,65+,0.1,1,share,2020,,NL,src,A,0.2,1\n"
                    "c,event_rate,death|all,old,abc,1,share,2020,,NL,src,A,0.2,1\n"
                    "d,spend,gross:wmo,all,300,1,EUR,2023,,NL,src,A,0.2,1\n")
    with pytest.raises(TargetsError) as exc:
        load_targets(good)
    text = str(exc.value)
    for words in ("unknown state 'frial'", "'incidence' is not a metric",
                  "cannot read the ages 'old'", "expected a number, got 'abc'",
                  "needs the price year", "in the targets table"):
        assert words in text, f"expected {words!r} in {text}"
    assert str(good) in text, "the message names the file"
