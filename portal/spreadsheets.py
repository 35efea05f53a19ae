"""Cells for CSV and spreadsheet exports that a spreadsheet will not run as formulas.

Text typed by people (names, e-mail addresses, organisation names) can start
like a formula (``=HYPERLINK(...)``). A CSV file has no cell types, so every
CSV export passes its rows through :func:`csv_row`, which puts a leading
apostrophe before such text (:func:`neutralise` does it for one value). An Excel workbook does have them: :func:`xlsx`
stores such text as a text cell, which Excel shows as typed and never runs,
with no apostrophe added.
"""

import io
from itertools import chain, islice

from flask_babel import format_percent
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PERCENT_FORMAT = "0%"
MAX_WIDTH = 60
WIDTH_SAMPLE = 500


class Percent(float):
    """A share (0.25 is 25 %): a number with a percentage format in Excel, formatted text in CSV."""


def neutralise(value):
    """Text starting like a formula gets a leading apostrophe; other values pass through."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_row(row):
    """The cells of ``row`` as a CSV writer should get them: formula-like text neutralised
    (as :func:`neutralise`), :class:`Percent` shares as percentages in the page's language.

    One pass over the row with no call per cell: an organisation export writes about a
    million cells, and a function call for each was a third of its time. ``None`` needs
    nothing: the csv module writes it as an empty cell.
    """
    return [
        ("'" + value if value.startswith(FORMULA_STARTS) else value) if isinstance(value, str)
        else format_percent(value) if isinstance(value, Percent) else value
        for value in row
    ]


def _width(value):
    if value is None:
        return 0
    if isinstance(value, Percent):
        return 6
    return len(str(value))


def xlsx(table, title, file=None, header_row=0):
    """``table`` (rows of cells, any iterable) as one Excel sheet called ``title``.

    Written to the binary ``file`` (returns None), or returned as bytes. In
    write-only mode, so rows stream out and memory stays flat whatever their
    number. Numbers stay numbers, :class:`Percent` cells get a percentage
    format, text is always a text cell (so "+44 Trading" reads "+44 Trading"
    and is never a formula), the header row at ``header_row`` is bold, frozen
    and filtered, and every column is as wide as its longest value among the
    first rows (up to a limit).
    """
    rows = iter(table)
    # Column widths must be written before the rows: measured on a sample, not the whole table.
    head = list(islice(rows, WIDTH_SAMPLE))
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    widths = {}
    for row in head:
        for index, value in enumerate(row, start=1):
            widths[index] = max(widths.get(index, 0), _width(value))
    for index, width in widths.items():
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 8), MAX_WIDTH)
    header = head[header_row] if len(head) > header_row else []
    if header:
        sheet.freeze_panes = f"A{header_row + 2}"
    bold = Font(bold=True)
    count = 0
    for number, row in enumerate(chain(head, rows)):
        heading = number == header_row
        cells = []
        for value in row:
            if value == "":
                # No cell at all, as for None: it reads the same, and an organisation export
                # has a hundred thousand of them (no intermediary, no outcome chosen).
                cells.append(None)
                continue
            formula_like = isinstance(value, str) and value.startswith(FORMULA_STARTS)
            if not (heading or formula_like or isinstance(value, Percent)):
                # Plain numbers, dates and text: openpyxl makes the cell itself (a cell
                # made here as well would double the work of a 50,000-row export).
                cells.append(value)
                continue
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                # A text cell, whatever it starts with: Excel shows it as typed and never runs it.
                cell.data_type = "s"
            elif isinstance(value, Percent):
                cell.number_format = PERCENT_FORMAT
            if heading:
                cell.font = bold
            cells.append(cell)
        sheet.append(cells)
        count += 1
    if header:
        # Written after the rows in write-only mode, so the full extent is known here.
        sheet.auto_filter.ref = f"A{header_row + 1}:{get_column_letter(len(header))}{count}"
    target = file if file is not None else io.BytesIO()
    workbook.save(target)
    return None if file is not None else target.getvalue()
