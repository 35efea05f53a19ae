"""The streamed Excel writer: what it stores for each kind of value."""

import io

from openpyxl import load_workbook

from portal.spreadsheets import xlsx


def test_empty_text_is_no_cell_and_other_values_keep_their_types():
    workbook = load_workbook(io.BytesIO(xlsx([["Name", "Intermediary", "Employees"],
                                               ["Becws Bach", "", 12],
                                               ["=SUM(A1)", None, 0]], "Organisations")))
    sheet = workbook.active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows == [["Name", "Intermediary", "Employees"], ["Becws Bach", None, 12], ["=SUM(A1)", None, 0]]
    assert sheet["A3"].data_type == "s", "text that looks like a formula stays text"
    # Nothing is stored where the text was empty: the sheet's XML has no cell B2.
    assert sheet["B2"].data_type == "n"
    assert sheet["B2"].value is None
