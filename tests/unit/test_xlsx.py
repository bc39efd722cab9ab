"""The workbook writer: what pandas and openpyxl read back is what was written (numbers as
numbers, text as text, empty cells for NaN), with a bold frozen header and valid sheet names."""
from __future__ import annotations

import xml.dom.minidom
import zipfile

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from simulate.report.xlsx import column_letter, sheet_name, write_xlsx


def test_column_letters_follow_excel():
    assert [column_letter(i) for i in (0, 25, 26, 51, 52, 701, 702)] == \
        ["A", "Z", "AA", "AZ", "BA", "ZZ", "AAA"], "Excel's column names"


def test_sheet_names_are_valid_and_unique():
    taken: set[str] = set()
    names = [sheet_name(n, taken) for n in ("costs", "Costs", "a/b[c]:d*e?", "x" * 40)]
    assert names[0] == "costs" and names[1] != "costs" and names[1].lower() != "costs", \
        "names are unique ignoring case"
    assert names[2] == "a_b_c__d_e_", "characters Excel forbids are replaced"
    assert len(names[3]) == 31, "at most 31 characters"


def test_values_round_trip_with_their_types(tmp_path):
    df = pd.DataFrame({
        "year": np.array([2025, 2026, 2027], dtype=np.int64),
        "eur (EUR)": [1.5, float("nan"), -1e-7],
        "ratio": [float("inf"), 0.1 + 0.2, 123456789.125],
        "payer": ["wmo", None, "zvw"],
        "text": ["a & b < c", "  spaced ", "bell\x07ring"],
        "flag": [True, False, True],
        "mixed": [1, "two", 3.5],
    })
    path = write_xlsx({"t": df, "empty": df.iloc[:0]}, tmp_path / "b.xlsx")
    ws = load_workbook(path)["t"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == tuple(df.columns), "the header row"
    assert [r[0] for r in rows[1:]] == [2025, 2026, 2027]
    assert all(isinstance(r[0], int) for r in rows[1:]), "integers stay integers"
    assert rows[1][1] == 1.5 and rows[2][1] is None and rows[3][1] == -1e-7, \
        "floats exactly; NaN as an empty cell"
    assert rows[1][2] is None and rows[2][2] == 0.1 + 0.2 and rows[3][2] == 123456789.125, \
        "infinity as an empty cell; the shortest repr keeps every digit"
    assert [r[3] for r in rows[1:]] == ["wmo", None, "zvw"], "missing text: an empty cell"
    assert [r[4] for r in rows[1:]] == ["a & b < c", "  spaced ", "bellring"], \
        "XML characters escaped, spaces kept, forbidden control characters dropped"
    assert [r[5] for r in rows[1:]] == [True, False, True], "booleans"
    assert [r[6] for r in rows[1:]] == [1, "two", 3.5], "a mixed column keeps each type"
    assert ws["A1"].font.b and not ws["A2"].font.b, "a bold header"
    assert ws.freeze_panes == "A2", "the header stays in view"
    assert list(load_workbook(path)["empty"].iter_rows(values_only=True)) == \
        [tuple(df.columns)], "an empty table is its header"
    back = pd.read_excel(path, sheet_name="t")
    assert list(back.columns) == list(df.columns) and len(back) == 3


def test_every_part_is_well_formed_xml(tmp_path):
    df = pd.DataFrame({"a": range(5), "b": list("vwxyz")})
    path = write_xlsx({"one": df, "two": df}, tmp_path / "b.xlsx")
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        assert {"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/styles.xml",
                "xl/sharedStrings.xml", "xl/_rels/workbook.xml.rels",
                "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"} <= names
        for name in names:
            xml.dom.minidom.parseString(z.read(name))   # raises if not well formed
    assert load_workbook(path).sheetnames == ["one", "two"]


@pytest.mark.parametrize("rows", [0, 1, 120_001])
def test_long_tables_are_written_in_blocks(tmp_path, rows):
    df = pd.DataFrame({"i": np.arange(rows), "arm": np.where(np.arange(rows) % 2, "a", "b")})
    path = write_xlsx({"t": df}, tmp_path / "b.xlsx")
    back = pd.read_excel(path, sheet_name="t")
    assert len(back) == rows and (back.i.to_numpy() == np.arange(rows)).all(), \
        "every row once, in order, across the blocks"
